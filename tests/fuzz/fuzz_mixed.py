"""Differential fuzzing of values of mixed static types: pyrage against CPython (issue #13).

Each generated program (tests/fuzz/mixed_*.py) has random class hierarchies with random dunders,
exception classes, Protocol-bound generics, and units: functions whose parameters are typed
`object`, unions, classes, containers or boxes and are passed values of other run-time types,
observed by str/repr/format, ==, `in`, ordering chains, truthiness, isinstance, match, hash,
dunder arithmetic and generics. Every observation prints a line tagged with its unit and block
("u3.1"). CPython is the oracle.

How one program is judged (`judge`): it is compiled for unix in-process. A compile error located
in a unit drops that unit (a pyrage refusal, counted by message; a mypy error is the generator's
fault, counted apart) and the rest is compiled again; an error in the shared prelude, or one not
located in the program, ends the program. The image then runs beside CPython (twice, with two
str hash seeds: a unit whose output depends on the seed is dropped). A loud stop (`FILE:LINE:
fatal: ...`, exit status 134) after a prefix of CPython's output drops the unit that was running;
anything else that differs is a finding, and its unit is dropped so the rest is still compared:

    output-diff     a tagged line differs (or is missing, or extra) with no loud stop
    status-diff     the same stdout, another exit status
    signal          the image died by a signal other than the trap's SIGABRT
    hang            the image ran much longer than CPython
    unlocated       a refusal or a fatal stop that does not name a line of the program
    INTERNAL        the compiler crashed, or a diagnostic says "internal error"
    TIMEOUT         the compiler ran longer than --timeout seconds

Usage:

    python tests/fuzz/fuzz_mixed.py --count 200 --seed 1 --jobs 2     # a campaign
    python tests/fuzz/fuzz_mixed.py --seed 1 --only 17 --show         # one program
    python tests/fuzz/fuzz_mixed.py --seed 1 --only 17 --minimize     # its findings, made small
    python tests/fuzz/fuzz_mixed.py --file saved.py --minimize        # a saved program

Program i of seed s is the same on every run. The exit status is 1 when there is a finding.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `pyrage` and `tests` importable
    sys.path.insert(0, str(ROOT))

from tests.fuzz import mixed_classes  # noqa: E402
from tests.fuzz.mixed_blocks import BlockGen  # noqa: E402
from tests.fuzz.mixed_judge import (  # noqa: E402
    Finding, Program, Report, judge, minimize, silent_difference)
from tests.fuzz.mixed_types import Hierarchy  # noqa: E402
from tests.fuzz.mixed_units import Unit  # noqa: E402

IMPORTS = "from collections.abc import Sized\nfrom typing import Generic, Protocol, TypeVar\n"


def generate(seed: int, index: int, units: int = 12, blocks: int = 5) -> Program:
    rng = random.Random(f"mixed:{seed}:{index}")
    h = Hierarchy()
    excs = mixed_classes.exceptions(rng, h)
    classes = mixed_classes.classes(rng, h, [n for n, _ in excs
                                             if not h.defines(n, "__init__int")] or ["ValueError"])
    parts = [IMPORTS] + [src for _, src in excs + classes] + [mixed_classes.GENERICS,
                                                               mixed_classes.raisers(h)]
    gen = BlockGen(rng, h)
    return Program("\n\n".join(parts), [gen.unit(f"u{i}", rng.randint(1, blocks))
                                        for i in range(units)])


# --- campaigns ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    seed: int
    units: int = 12
    blocks: int = 5
    timeout: float = 90
    run_timeout: float = 20


def _judge_index(job: tuple[int, Settings, str]) -> tuple[int, Report]:
    index, settings, tmp = job
    program = generate(settings.seed, index, settings.units, settings.blocks)
    work = Path(tmp) / str(index)
    try:
        report = judge(program, work, timeout=settings.timeout, run_timeout=settings.run_timeout)
    except Exception as e:  # noqa: BLE001 - one program must not end a campaign
        report = Report()
        report.fuzzer_errors.append(f"{type(e).__name__}: {e}"[:300])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report.index = index
    return index, report


def reports(indices: list[int], settings: Settings, jobs: int = 1) -> Iterator[Report]:
    with tempfile.TemporaryDirectory(prefix="pyrage-mixed-") as tmp:
        work = [(i, settings, tmp) for i in indices]
        if len(work) <= 1:
            for _, report in map(_judge_index, work):
                yield report
            return
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        # worker processes even for one job: in-process compiles keep growing the heap, so each
        # worker is replaced after a few programs
        with context.Pool(max(jobs, 1), maxtasksperchild=6) as pool:
            for _, report in pool.imap(_judge_index, work, chunksize=1):
                yield report


@dataclass
class Campaign:
    seed: int
    total: Report = field(default_factory=Report)
    programs: int = 0
    seconds: float = 0.0

    def summary(self, top: int = 12) -> str:
        t = self.total
        lines = [f"{self.programs} programs (seed {self.seed}) in {self.seconds:.0f} s: "
                 f"{t.units} units, {t.compiles} compiles; {t.lines} tagged lines compared "
                 f"({t.clean_units} units wholly), {t.nondeterministic} units dropped as "
                 f"hash-seed dependent",
                 f"refused (located): {sum(t.refusals.values())} units, "
                 f"{len(t.refusals)} distinct messages; prelude refused: {t.prelude_refused}; "
                 f"loud stops: {sum(t.stops.values())}; generator's mypy errors: "
                 f"{sum(t.generator.values())}; fuzzer errors: {len(t.fuzzer_errors)}",
                 f"findings: {len(t.findings)}"]
        lines += [f"  refused {n:>4} x {m}\n{'':16}e.g. {t.examples.get(m, '')[:110]}"
                  for m, n in t.refusals.most_common(top)]
        lines += [f"  stopped {n:>4} x {m}" for m, n in t.stops.most_common(top)]
        lines += [f"  mypy    {n:>4} x {m}\n{'':16}e.g. {t.examples.get(m, '')[:110]}"
                  for m, n in t.generator.most_common(top)]
        lines += [f"  fuzzer error: {e}" for e in t.fuzzer_errors[:5]]
        for f in t.findings:
            lines.append(f"  FINDING {f.kind} in program {f.index} {f.unit}: {f.detail}")
        return "\n".join(lines)


def campaign(count: int, settings: Settings, *, start: int = 0, jobs: int = 1,
             verbose: bool = False, minutes: float = 0, save: Path | None = None) -> Campaign:
    """Judge programs start.. start+count-1 (or until `minutes` have passed, or ^C); save each
    finding's program in `save`."""
    stats = Campaign(settings.seed)
    t0 = time.perf_counter()
    try:
        for report in reports(list(range(start, start + count)), settings, jobs):
            stats.programs += 1
            stats.total.merge(report)
            if verbose or report.findings:
                print(f"program {report.index}: {report.line()}", flush=True)
            for f in report.findings:
                print(f"  FINDING {f.kind} {f.unit}: {f.detail}\n"
                      f"    reproduce: python tests/fuzz/fuzz_mixed.py --seed {settings.seed} "
                      f"--only {report.index} --show", flush=True)
                if save is not None:
                    save.mkdir(parents=True, exist_ok=True)
                    name = f"mixed_{settings.seed}_{report.index}_{f.unit or 'all'}.py"
                    (save / name).write_text(f"# {f.kind}: {f.detail}\n{f.source}")
            if minutes and time.perf_counter() - t0 > 60 * minutes:
                break
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    stats.seconds = time.perf_counter() - t0
    return stats


# --- the command line ---------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20, help="how many programs (default 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="the first program index")
    parser.add_argument("--only", type=int, help="judge the one program with this index")
    parser.add_argument("--units", type=int, default=12, help="units per program (12)")
    parser.add_argument("--blocks", type=int, default=5, help="at most this many blocks a unit")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--timeout", type=float, default=90, help="compiler timeout (s)")
    parser.add_argument("--show", action="store_true", help="print the program(s) judged")
    parser.add_argument("--minimize", action="store_true",
                        help="with --only or --file: make each finding's program small")
    parser.add_argument("--save", type=Path, help="write each finding's program here")
    parser.add_argument("--file", type=Path, help="judge this program's findings instead")
    parser.add_argument("--minutes", type=float, default=0,
                        help="stop after this many minutes (and print the summary)")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per program")
    args = parser.parse_args(argv)
    settings = Settings(args.seed, args.units, args.blocks, args.timeout)

    if args.file is not None:
        source = args.file.read_text()
        with tempfile.TemporaryDirectory(prefix="pyrage-mixed-") as tmp:
            kind = silent_difference(source, Path(tmp), args.timeout)
        print(f"{args.file}: {kind or 'no silent difference'}")
        if kind is not None and args.minimize:
            print(minimize(Finding(kind, "", "", source), timeout=args.timeout))
        return 1 if kind else 0
    if args.only is not None:
        program = generate(args.seed, args.only, args.units, args.blocks)
        if args.show:
            print(program.source()[0])
        with tempfile.TemporaryDirectory(prefix="pyrage-mixed-") as tmp:
            report = judge(program, Path(tmp), timeout=args.timeout)
        print(report.line())
        for label, counts in (("refused", report.refusals), ("stopped", report.stops),
                              ("mypy", report.generator)):
            for m, n in counts.items():
                print(f"  {label} {n} x {m}")
        for f in report.findings:
            print(f"FINDING {f.kind} {f.unit}: {f.detail}\n--- program ---\n{f.source}")
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"mixed_{args.seed}_{args.only}_{f.unit}.py").write_text(f.source)
            if args.minimize:
                print(f"--- minimized ---\n{minimize(f, timeout=args.timeout)}")
        return 1 if report.findings else 0

    stats = campaign(args.count, settings, start=args.start, jobs=args.jobs,
                     verbose=args.verbose, minutes=args.minutes, save=args.save)
    print(stats.summary(top=40))
    return 1 if stats.total.findings else 0


if __name__ == "__main__":
    sys.exit(main())
