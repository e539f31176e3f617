"""Triage the pending corpus: which programs compile, which pass, and what blocks the rest.

    python tests/programs/triage.py [--promote] [-j N] [--dir DIR] [NAME ...]

Each program in tests/programs/pending/ (or DIR) is compiled for the unix target; if that
works, it is run and compared with CPython (stdout and exit status). One line per program:

    PASS           compiled output and status match CPython's
    COMPILE-ERROR  pyrage refused the program; the first diagnostic is shown
    MISMATCH       it compiled and ran, but stdout or the exit status differs
    CRASH          the compiler failed with an internal error, or the program died from a
                   signal/abort or timed out where CPython did not

The summary counts programs per first diagnostic (which missing feature blocks the most
programs), then per diagnostic anywhere in a program. With --promote, passing programs move
from pending/ to tests/programs/ (shutil.move: nothing is staged in git).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.programs.harness import (  # noqa: E402
    HERE, PENDING, Program, compile_program, discover, first_difference, run_cpython, run_image)

VERDICTS = ("PASS", "COMPILE-ERROR", "MISMATCH", "CRASH")


@dataclass
class Result:
    name: str
    verdict: str
    detail: str = ""
    first: str = ""  # the first diagnostic's message (COMPILE-ERROR) or the crash kind
    messages: list[str] = field(default_factory=list)  # every distinct diagnostic message


def _relative(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return path


def triage_one(program: Program) -> Result:
    from pyrage.errors import CompileError

    with tempfile.TemporaryDirectory(prefix="pyrage-triage-") as tmp:
        try:
            image = compile_program(program, Path(tmp))
        except CompileError as e:
            diags = e.diagnostics
            if not diags:
                return Result(program.name, "COMPILE-ERROR", "(no diagnostics)", "(no diagnostics)")
            d = diags[0]
            where = f"{_relative(d.path)}:{d.line}" + (f":{d.column}" if d.column else "")
            messages = sorted({x.message for x in diags})
            more = f" (+{len(diags) - 1} more)" if len(diags) > 1 else ""
            return Result(program.name, "COMPILE-ERROR", f"{where}: {d.message}{more}",
                          d.message, messages)
        except Exception as e:  # an internal compiler error: report it, keep triaging
            frames = traceback.extract_tb(e.__traceback__)
            ours = [f for f in frames if f"{os.sep}pyrage{os.sep}" in f.filename]
            last = (ours or frames)[-1]
            where = f"{_relative(last.filename)}:{last.lineno}"
            text = str(e).splitlines()[0] if str(e) else ""
            kind = f"compiler: {type(e).__name__} at {where}"
            return Result(program.name, "CRASH", f"{kind}: {text[:100]}", kind)
        expected = run_cpython(program)
        try:
            got = run_image(image, program, timeout=30)
        except subprocess.TimeoutExpired:
            return Result(program.name, "CRASH", "program timed out after 30 s", "program: timeout")
        except Exception as e:
            return Result(program.name, "CRASH", f"program: {e}", "program: could not run")
    if got.stdout == expected.stdout and got.status == expected.status:
        return Result(program.name, "PASS")
    last_err = got.stderr.strip().splitlines()[-1][:100] if got.stderr.strip() else ""
    if got.status >= 128 and got.status != expected.status:
        return Result(program.name, "CRASH", f"program: status {got.status} (CPython "
                      f"{expected.status}) {last_err}", f"program: status {got.status}")
    if got.status != expected.status:
        return Result(program.name, "MISMATCH", f"status {got.status}, CPython "
                      f"{expected.status}; {last_err}", "exit status")
    return Result(program.name, "MISMATCH", first_difference(expected.stdout, got.stdout),
                  "stdout")


def _safe_triage(program: Program) -> Result:
    try:
        return triage_one(program)
    except Exception as e:  # the harness itself failed (e.g. CPython timed out)
        return Result(program.name, "CRASH", f"harness: {type(e).__name__}: {e}", "harness")


def _normalize(message: str) -> str:
    """Group messages that differ only in the program they name (`042_foo.Bar` -> `Bar`)."""
    return re.sub(r"\b[0-9]{3}_[A-Za-z0-9_]+\.", "", message)


def summarize(results: list[Result]) -> str:
    lines: list[str] = []
    counts = Counter(r.verdict for r in results)
    lines.append(f"== {len(results)} programs: " + ", ".join(
        f"{counts[v]} {v}" for v in VERDICTS))
    first = Counter(_normalize(r.first) for r in results if r.verdict == "COMPILE-ERROR")
    if first:
        lines.append("== blocking first diagnostic (programs blocked)")
        lines += [f"  {n:>4}  {msg}" for msg, n in first.most_common()]
    anywhere = Counter(m for r in results for m in {_normalize(x) for x in r.messages})
    if anywhere:
        lines.append("== diagnostics anywhere in a program (programs mentioning each)")
        lines += [f"  {n:>4}  {msg}" for msg, n in anywhere.most_common(25)]
    others = Counter(f"{r.verdict}: {r.first}" for r in results
                     if r.verdict in ("MISMATCH", "CRASH"))
    if others:
        lines.append("== mismatches and crashes")
        lines += [f"  {n:>4}  {msg}" for msg, n in others.most_common()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="only programs whose name starts with NAME (e.g. 042 or 17)")
    parser.add_argument("--dir", type=Path, default=PENDING,
                        help="where the programs are (default: tests/programs/pending)")
    parser.add_argument("--promote", action="store_true",
                        help="move passing programs from pending/ to tests/programs/")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help="programs triaged in parallel (default: one per CPU)")
    args = parser.parse_args(argv)

    programs = [p for p in discover(args.dir)
                if not args.names or any(p.name.startswith(n) for n in args.names)]
    if not programs:
        print(f"no programs in {args.dir}", file=sys.stderr)
        return 1
    results: list[Result] = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for program, result in zip(programs, pool.map(_safe_triage, programs)):
            results.append(result)
            detail = f"  {result.detail}" if result.detail else ""
            print(f"{result.verdict:<14}{program.name}{detail}", flush=True)
    print()
    print(summarize(results))

    if args.promote:
        if args.dir.resolve() == HERE:
            print("--promote: the programs are already in tests/programs", file=sys.stderr)
            return 1
        passing = {r.name for r in results if r.verdict == "PASS"}
        moved = []
        for program in programs:
            if program.name in passing:
                target = HERE / program.path.name
                if target.exists():
                    print(f"--promote: {target} exists, not moving {program.name}",
                          file=sys.stderr)
                    continue
                shutil.move(str(program.path), str(target))
                moved.append(program.name)
        print(f"== promoted {len(moved)}: {' '.join(moved) if moved else '(none)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
