"""Judging one mixed-type fuzz program against CPython (see tests/fuzz/fuzz_mixed.py): refusals
drop their unit, loud stops drop the unit that was running, silent differences are findings."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.fuzz_frontend import _normalize, run_compiler
from tests.fuzz.mixed_units import Unit
from tests.programs.harness import Outcome, exit_status

MODULE = "mixed"
#: A mypy message ends with its error code; pyrage's own diagnostics do not.
MYPY_CODE = re.compile(r"\s\[[a-z-]+\]$")
#: A loud stop: the runtime names the line (exit status 134).
FATAL = re.compile(r"^(\S+?):(\d+): fatal: (.*)$", re.M)
TAG = re.compile(r"^(u\d+)(?:\.\d+)? ")
#: The other str hash seeds CPython runs with (the oracle's own is 0): a unit whose output
#: changes with the seed (or with addresses, in id-based hashes) is not compared.
HASH_SEEDS = ("1", "2", "3", "4", "5", "6")


@dataclass
class Program:
    header: str  # imports, classes, generics, boom()
    units: list[Unit]

    def source(self, units: list[Unit] | None = None) -> tuple[str, list[str]]:
        """The program's text, and the owner of each line ("" for the prelude, else a unit)."""
        units = self.units if units is None else units
        text, owners = self.header + "\n\n", [""] * (self.header.count("\n") + 2)
        for u in units:
            chunk = u.source() + "\n\n"
            text += chunk
            owners += [u.name] * chunk.count("\n")
        text += "def main() -> None:\n    pass\n"
        owners += ["", ""]
        for u in units:
            chunk = f"    try:\n        {u.name}({', '.join(u.args)})\n" \
                    f"    except Exception as e:\n" \
                    f'        print("{u.name}", "!!", type(e).__name__, e)\n'
            text += chunk
            owners += [u.name] * chunk.count("\n")
        return text + "\n\nmain()\n", owners + ["", "", ""]


@dataclass
class Finding:
    kind: str  # output-diff, status-diff, signal, hang, unlocated, INTERNAL, TIMEOUT
    unit: str
    detail: str
    source: str  # the prelude and this unit alone (or the whole file)
    index: int = -1


@dataclass
class Report:
    index: int = -1
    units: int = 0
    compiles: int = 0
    lines: int = 0  # tagged output lines that matched CPython's
    clean_units: int = 0  # units that ran to their end and matched
    nondeterministic: int = 0
    prelude_refused: int = 0
    refusals: Counter[str] = field(default_factory=Counter)
    stops: Counter[str] = field(default_factory=Counter)
    generator: Counter[str] = field(default_factory=Counter)  # mypy rejected generated code
    examples: dict[str, str] = field(default_factory=dict)  # message -> a line it refused
    findings: list[Finding] = field(default_factory=list)
    fuzzer_errors: list[str] = field(default_factory=list)

    def merge(self, other: Report) -> None:
        for name in ("units", "compiles", "lines", "clean_units", "nondeterministic",
                     "prelude_refused"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.refusals.update(other.refusals)
        self.stops.update(other.stops)
        self.generator.update(other.generator)
        for k, v in other.examples.items():
            self.examples.setdefault(k, v)
        for f in other.findings:
            f.index = other.index
        self.findings += other.findings
        self.fuzzer_errors += other.fuzzer_errors

    def line(self) -> str:
        return (f"{self.units} units, {self.compiles} compiles, {self.lines} lines compared, "
                f"{self.clean_units} units clean, {sum(self.refusals.values())} refused, "
                f"{sum(self.stops.values())} stopped, {sum(self.generator.values())} mypy, "
                f"{self.nondeterministic} nondeterministic, {len(self.findings)} findings")


def records(stdout: str) -> list[tuple[str, str]]:
    """(unit, text) of each tagged output line; untagged lines continue the previous one."""
    out: list[tuple[str, str]] = []
    for text in stdout.splitlines():
        m = TAG.match(text)
        if m is not None or not out:
            out.append((m.group(1) if m else "", text))
        else:
            out[-1] = (out[-1][0], out[-1][1] + "\n" + text)
    return out


def run(argv: list[str], cwd: Path, timeout: float, hash_seed: str | None) -> Outcome:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = hash_seed
    proc = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=timeout)
    return Outcome(proc.stdout.decode(errors="replace"), exit_status(proc.returncode),
                   proc.stderr.decode(errors="replace"))


@dataclass
class Compiled:
    outcome: str  # ok, diagnostic, INTERNAL, TIMEOUT
    detail: str
    errors: list[tuple[int, str]]  # (line in the program, 0 when elsewhere; message)


def compile_source(source: str, work: Path, timeout: float, full: bool = True) -> Compiled:
    from pyrage.compiler import driver
    from pyrage.errors import CompileError

    work.mkdir(parents=True, exist_ok=True)
    path = work / f"{MODULE}.py"
    path.write_text(source)
    errors: list[tuple[int, str]] = []

    def go() -> None:
        try:
            if full:
                driver.compile_to_image(path, MODULE, [work], "unix", work / MODULE,
                                        work_dir=work / "_build")
            else:
                driver.build_ir(driver.front_end(path, MODULE, [work]))
        except CompileError as e:
            errors.extend((d.line if Path(d.path).name == path.name else 0, d.message)
                          for d in e.diagnostics if d.severity == "error")
            raise

    result = run_compiler(go, work, timeout=timeout)
    return Compiled(result.outcome, result.detail, errors)


def fatal_of(stderr: str) -> str | None:
    """The loud stop's message (its location made generic), or None."""
    m = FATAL.search(stderr)
    if m is None:
        # printing an instance without __str__/__repr__ held as object: the class is named,
        # not the line (docs/language.md, "Deliberate differences")
        unprintable = re.search(r"^pyrage: (cannot print a \S+ object)", stderr, re.M)
        return f"<runtime>: {_normalize(unprintable.group(1))}" if unprintable else None
    where = "<program>" if Path(m.group(1)).name == f"{MODULE}.py" else m.group(1)
    return f"{where}: {_normalize(m.group(3))}"


def judge(program: Program, work: Path, *, timeout: float = 90,
          run_timeout: float = 20) -> Report:
    report = Report(units=len(program.units))
    alive = list(program.units)
    by_name = {u.name: u for u in program.units}
    for round_ in range(4 + len(alive)):
        if not alive:
            break
        source, owners = program.source(alive)
        step = work / str(round_)
        compiled = compile_source(source, step, timeout)
        report.compiles += 1

        def alone(name: str) -> str:
            return program.source([by_name[name]])[0]

        def owner(line: int) -> str:
            return owners[line - 1] if 0 < line <= len(owners) else ""

        def drop(name: str) -> None:
            alive[:] = [u for u in alive if u.name != name]

        if compiled.outcome in ("INTERNAL", "TIMEOUT"):
            line = next((ln for ln, _ in compiled.errors if ln > 0), 0)
            name = owner(line) or alive[0].name
            report.findings.append(Finding(compiled.outcome, name, compiled.detail, alone(name)))
            if owner(line):
                drop(name)
            else:
                alive.clear()
            continue
        if compiled.outcome == "diagnostic":
            if any(ln <= 0 for ln, _ in compiled.errors) or not compiled.errors:
                guilty = culprit(program, alive, step / "bisect", timeout)
                report.compiles += 1
                report.findings.append(Finding("unlocated", guilty or "", compiled.detail,
                                               alone(guilty) if guilty else source))
                if guilty is None:
                    break
                drop(guilty)
                continue
            text = source.splitlines()

            def count(line: int, msg: str, prefix: str = "") -> None:
                key = prefix + _normalize(msg)
                (report.generator if MYPY_CODE.search(msg) else report.refusals)[key] += 1
                report.examples.setdefault(key, text[line - 1].strip())

            if any(not owner(ln) for ln, _ in compiled.errors):
                count(*next((ln, m) for ln, m in compiled.errors if not owner(ln)), "prelude: ")
                report.prelude_refused += 1
                break
            for name in sorted({owner(ln) for ln, _ in compiled.errors}):
                count(*next((ln, m) for ln, m in compiled.errors if owner(ln) == name))
                drop(name)
            continue
        image = step / MODULE
        t0 = time.perf_counter()
        want = run([sys.executable, f"{MODULE}.py"], step, run_timeout, "0")
        seconds = time.perf_counter() - t0
        if want.status != 0:
            report.fuzzer_errors.append(f"CPython failed: {want.stderr.strip()[-300:]}")
            break
        a = records(want.stdout)
        unstable: set[str] = set()
        for seed in HASH_SEEDS:  # a set of two strs prints in either order: try a few seeds
            b = records(run([sys.executable, f"{MODULE}.py"], step, run_timeout, seed).stdout)
            unstable |= {x[0] for x, y in zip(a, b) if x != y}
            if len(a) != len(b) and a and b:
                unstable.add(a[min(len(a), len(b)) - 1][0])
        if unstable:
            report.nondeterministic += len(unstable)
            for name in unstable:
                drop(name)
            continue
        try:
            got = run([str(image)], step, 3 * seconds + 10, None)
        except subprocess.TimeoutExpired:
            running = a[0][0] if a else alive[0].name
            report.findings.append(Finding("hang", running, "the image ran past the limit",
                                           alone(running)))
            drop(running)
            continue
        if verdict(report, want, got, alive, alone, drop):
            break
    return report


def culprit(program: Program, alive: list[Unit], work: Path, timeout: float) -> str | None:
    """The unit whose refusal is not located in the program, by bisection (front end and IR
    build only), or None."""
    tries = 0

    def fails(units: list[Unit]) -> bool:
        nonlocal tries
        tries += 1
        compiled = compile_source(program.source(units)[0], work / str(tries), timeout,
                                  full=False)
        return compiled.outcome == "diagnostic" and any(ln <= 0 for ln, _ in compiled.errors)

    group = list(alive)
    while len(group) > 1:
        half = len(group) // 2
        if fails(group[:half]):
            group = group[:half]
        elif fails(group[half:]):
            group = group[half:]
        else:
            return None
    return group[0].name if group and fails(group) else None


def verdict(report: Report, want: Outcome, got: Outcome, alive: list[Unit],
            alone: Callable[[str], str], drop: Callable[[str], None]) -> bool:
    """Compare one run; True when every live unit has been judged."""
    a, b = records(want.stdout), records(got.stdout)
    same = 0
    while same < min(len(a), len(b)) and a[same] == b[same]:
        same += 1
    report.lines += same
    if got.stdout == want.stdout and got.status == want.status:
        report.clean_units += len(alive)
        return True
    stop = fatal_of(got.stderr) if got.status == 134 else None
    if same == len(b) and stop is not None:  # a prefix, then a loud stop
        running = a[same][0] if same < len(a) else alive[-1].name
        report.stops[stop] += 1
        report.clean_units += len({u for u, _ in a[:same]} - {running})
        drop(running)
        return False
    if same < len(a) or same < len(b):
        unit = (a[same] if same < len(a) else b[same])[0] or alive[-1].name
        want_text = a[same][1] if same < len(a) else "(nothing)"
        got_text = b[same][1] if same < len(b) else "(nothing)"
        kind, why = "output-diff", ""
        if got.status > 128 and got.status != 134:
            kind = "signal"
            why = f" (killed by {signal.Signals(got.status - 128).name})" \
                if got.status - 128 in signal.valid_signals() else f" (status {got.status})"
        elif got.status == 134:
            kind, why = "unlocated", f" (stopped: {got.stderr.strip()[-200:]!r})"
        report.findings.append(Finding(kind, unit, f"CPython {want_text!r}, pyrage "
                                       f"{got_text!r}{why}", alone(unit)))
        report.clean_units += len({u for u, _ in a[:same]} - {unit})
        drop(unit)
        return False
    tail = got.stderr.strip()[-300:]
    report.findings.append(Finding("status-diff", alive[-1].name, f"status {got.status} "
                                   f"(CPython {want.status}); stderr {tail!r}",
                                   alone(alive[-1].name)))
    return True


# --- one file, and minimizing ---------------------------------------------------------------

def silent_difference(source: str, work: Path, timeout: float = 90) -> str | None:
    """The kind of silent difference a whole program shows, or None (same, loud, refused)."""
    compiled = compile_source(source, work, timeout)
    if compiled.outcome in ("INTERNAL", "TIMEOUT"):
        return compiled.outcome
    if compiled.outcome != "ok":
        return "unlocated" if any(ln <= 0 for ln, _ in compiled.errors) else None
    want = run([sys.executable, f"{MODULE}.py"], work, 20, "0")
    if any(run([sys.executable, f"{MODULE}.py"], work, 20, seed) != want for seed in HASH_SEEDS):
        return None  # CPython's output depends on the str hash seed or on addresses
    try:
        got = run([str(work / MODULE)], work, 30, None)
    except subprocess.TimeoutExpired:
        return "hang"
    if got.stdout == want.stdout and got.status == want.status:
        return None
    if got.status == 134 and fatal_of(got.stderr) and want.stdout.startswith(got.stdout):
        return None
    if got.status > 128 and got.status != 134:
        return "signal"
    return "output-diff" if got.stdout != want.stdout else "status-diff"


def minimize(finding: Finding, *, timeout: float = 90) -> str:
    """The finding's program with as many statements deleted as keep the same kind of
    silent difference (greedy, one compile a candidate)."""
    import tempfile

    from tests.fuzz.fuzz_mutants import shrink

    with tempfile.TemporaryDirectory(prefix="pyrage-mixed-min-") as tmp:
        tries = 0

        def same(source: str) -> bool:
            nonlocal tries
            tries += 1
            return silent_difference(source, Path(tmp) / str(tries), timeout) == finding.kind

        if not same(finding.source):
            return finding.source + "# (does not reproduce alone)\n"
        return shrink(finding.source, same)
