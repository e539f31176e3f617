"""Mutation fuzzing of pyrage against CPython: the "one semantics" promise, checked on mutants.

Every case is a mutant of a corpus program (tests/programs/*.py, tests/programs/pending/*.py)
or of an example app's unikernel.py (examples/*/, compiled with its config.py), after one to
three mutations. A share of the cases (--run-share) are *run* cases: mutations that mostly keep
the program well typed (tests/fuzz/ast_mutations.py, well_typed), then the whole pipeline in
process, and when the mutant compiles, its image runs for the unix target beside CPython (for an
app, beside `pyrage run -t hosted`). The others are *check* cases: any mutation, at the AST level
or at the text level (the mutations of tests/fuzz/fuzz_frontend.py), then `pyrage check`'s work
in-process (front end + IR build).

The outcome of a case:

    diagnostic      refused with located diagnostics (file:line:col: error: ...)
    ok              compiled (not run)
    same            ran: the same stdout and exit status as CPython
    trap            ran: stopped with a documented loud trap (TRAPS) after a prefix of
                    CPython's stdout
    skipped         ran, but cannot be compared: CPython timed out, or its output changes
                    with the str hash seed, or the program reads input, time or randomness
  findings:
    INTERNAL        a Python exception escaped the compiler, a diagnostic says "internal
                    error", an error without a line, or a toolchain failure
    TIMEOUT         the compiler ran longer than --timeout seconds
    output-diff     stdout differs from CPython's
    status-diff     the same stdout, another exit status
    exception-diff  the same stdout and status, another uncaught exception type
    signal          the image died by a signal other than a documented trap (SIGSEGV...)
    hang            the image ran much longer than CPython
    fuzzer-error    the fuzzer itself failed on the case (a bug here, or in its oracle)

A finding is given a class (FINDING_CLASSES: "unbound-local", "systemexit", ...) when it
matches a known cause, else "new". tests/fuzz/test_mutants.py fails on any class it does not
list as known; each known one is in tests/fuzz/FINDINGS.md with a minimal repro.

Usage:

    python tests/fuzz/fuzz_mutants.py --count 2000 --seed 7 --jobs 2      # a campaign
    python tests/fuzz/fuzz_mutants.py --seed 7 --only 17 --show           # one case
    python tests/fuzz/fuzz_mutants.py --seed 7 --only 17 --minimize       # ... made small
    python tests/fuzz/fuzz_mutants.py --file saved.py --minimize          # a saved program

Case i of seed s is the same mutant on every run (for the same corpus). The exit status is 1
when any case is a finding.
"""

from __future__ import annotations

import argparse
import ast
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `pyrage` and `tests` importable
    sys.path.insert(0, str(ROOT))

from tests.fuzz.ast_mutations import AstMutator  # noqa: E402
from tests.fuzz.fuzz_frontend import MODULE, Mutator, _normalize, corpus, run_compiler  # noqa: E402
from tests.programs.harness import Outcome, exit_status, first_difference  # noqa: E402

EXAMPLES = ROOT / "examples"
#: Boot arguments for an example app: fast, yet deterministic (pipeline's timing is its logic).
EXAMPLE_ARGS: dict[str, tuple[str, ...]] = {"hello": ("--interval-ms=1",)}
#: Example apps that never end by themselves (servers): checked, never run.
CHECK_ONLY_EXAMPLES = {"udp-echo"}
EXAMPLE_SHARE = 0.05  # of the cases
TEXT_SHARE = 0.25  # of a check case's mutations: text-level ones (fuzz_frontend.Mutator)

OUTCOMES = ("diagnostic", "ok", "same", "trap", "skipped", "INTERNAL", "TIMEOUT", "output-diff",
            "status-diff", "exception-diff", "signal", "hang", "fuzzer-error")
FINDINGS = OUTCOMES[OUTCOMES.index("INTERNAL"):]

#: The loud stops a compiled program may end with where CPython goes on (or fails otherwise),
#: having printed a prefix of CPython's stdout. Documented in docs/language.md ("Deliberate
#: differences from CPython": the 64-bit overflow trap, OverflowError in conversions, printing
#: an unprintable object) and docs/architecture.md (an allocation that fails is fatal).
TRAPS: list[tuple[str, re.Pattern[str]]] = [
    ("integer overflow", re.compile(r"^\S+:\d+: fatal: integer overflow", re.M)),
    ("OverflowError", re.compile(r"^OverflowError: ", re.M)),
    ("unprintable object", re.compile(
        r"^pyrage: fatal: (str\(\) of an object whose class pyrage cannot print|unprintable)",
        re.M)),
    ("out of memory", re.compile(r"^pyrage: fatal: out of memory", re.M)),
]

#: What makes a program's output depend on more than its source: not compared.
NONDETERMINISTIC = re.compile(r"(?<![\w.])(input\(|sys\.stdin|import (time|random|os|datetime)|"
                              r"from (time|random|os|datetime) |id\()")


# --- cases --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Subject:
    """What gets mutated: a corpus program, or an example app's unikernel.py."""

    name: str  # "040_try_flow.py", "examples/hello"
    source: str
    config: str | None = None  # an app's config.py
    boot_args: tuple[str, ...] = ()


@dataclass
class Case:
    index: int
    subject: Subject
    origin: str  # "040_try_flow.py: unbound-path, literal-limit"
    source: str
    run: bool  # well-typed mutations, the whole pipeline, and run beside CPython


def load_subjects() -> list[Subject]:
    subjects = [Subject(p.name, p.read_text()) for p in corpus()]
    for app in sorted(EXAMPLES.iterdir()) if EXAMPLES.is_dir() else []:
        if (app / "config.py").is_file() and (app / "unikernel.py").is_file():
            subjects.append(Subject(f"examples/{app.name}", (app / "unikernel.py").read_text(),
                                    (app / "config.py").read_text(),
                                    EXAMPLE_ARGS.get(app.name, ())))
    return subjects


def make_case(index: int, seed: int, subjects: list[Subject], run_share: float) -> Case:
    rng = random.Random(f"mutants:{seed}:{index}")
    apps = [s for s in subjects if s.config is not None]
    programs = [s for s in subjects if s.config is None]
    subject = rng.choice(apps if apps and rng.random() < EXAMPLE_SHARE else programs)
    run = rng.random() < run_share and subject.name.removeprefix("examples/") \
        not in CHECK_ONLY_EXAMPLES
    texts = Mutator(rng, {s.name: s.source for s in programs})
    trees = AstMutator(rng, well_typed=run)
    source, applied = subject.source, []
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        for _attempt in range(5):
            if not run and rng.random() < TEXT_SHARE:
                name, op = rng.choice(texts.ops)
                out = op(source)
            else:
                mutated = trees.mutate(source)
                name, out = (mutated[1], mutated[0]) if mutated else ("", None)
            if out is not None and out != source:
                source = out
                applied.append(name)
                break
    return Case(index, subject, f"{subject.name}: {', '.join(applied) or 'unchanged'}", source,
                run)


# --- one case -----------------------------------------------------------------------------------

@dataclass
class Verdict:
    outcome: str  # one of OUTCOMES
    detail: str = ""
    finding: str = ""  # a finding's class (FINDING_CLASSES), or "new"
    signature: str = ""  # groups the findings that look like the same bug
    cpython: Outcome | None = None
    pyrage: Outcome | None = None


def evaluate(case: Case, work: Path, *, timeout: float = 60, run_timeout: float = 10) -> Verdict:
    """Check (or compile, and run beside CPython) one mutant, and classify the outcome."""
    from pyrage.compiler import driver

    app = work / "app"
    image = work / "image"
    if case.subject.config is not None:
        app.mkdir(parents=True, exist_ok=True)
        (app / "config.py").write_text(case.subject.config)
        (app / "unikernel.py").write_text(case.source)
    else:
        work.mkdir(parents=True, exist_ok=True)
        (work / f"{MODULE}.py").write_text(case.source)

    def compile_it() -> None:
        if case.subject.config is not None:
            from pyrage.cli import resolve

            unit = resolve(str(app), "unix")
            entry, module, paths, build = unit.entry, unit.module, unit.search_paths, unit.work_dir
        else:
            entry, module, paths, build = work / f"{MODULE}.py", MODULE, [work], work / "_build"
        if case.run:
            driver.compile_to_image(entry, module, paths, "unix", image, work_dir=build)
        else:
            driver.build_ir(driver.front_end(entry, module, paths))

    result = run_compiler(compile_it, work, timeout=timeout)
    if result.outcome == "TIMEOUT":  # once more, longer: a busy machine is not a hang
        result = run_compiler(compile_it, work, timeout=2 * timeout)
    verdict = Verdict(result.outcome, result.detail, signature=result.signature)
    if result.outcome == "ok" and case.run:
        verdict = run_beside_cpython(case, work, image, run_timeout)
    if verdict.outcome in FINDINGS:
        verdict.finding = classify(case, verdict)
        if verdict.outcome not in ("INTERNAL", "TIMEOUT") or not verdict.signature:
            verdict.signature = verdict.finding + (
                f": {verdict.outcome}: {_normalize(verdict.detail)[:70]}"
                if verdict.finding == "new" else f": {verdict.outcome}")
    return verdict


def run_beside_cpython(case: Case, work: Path, image: Path, timeout: float) -> Verdict:
    if NONDETERMINISTIC.search(case.source):
        return Verdict("skipped", "reads input, time or randomness")
    if case.subject.config is not None:  # as a user runs it on CPython
        argv = [sys.executable, "-c", "import sys; from pyrage.cli import main; sys.exit(main())",
                "run", "-t", "hosted", "--no-check", str(work / "app"), "--",
                *case.subject.boot_args]
    else:
        argv = [sys.executable, f"{MODULE}.py"]
    outcomes = []
    t0 = time.perf_counter()
    for hash_seed in ("0", "1"):  # the output must not depend on str hashing
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED=hash_seed,
                   PYTHONPATH=str(ROOT))
        try:
            outcomes.append(run(argv, work, timeout, env))
        except subprocess.TimeoutExpired:
            return Verdict("skipped", f"CPython ran longer than {timeout} s")
    cpython_seconds = (time.perf_counter() - t0) / 2
    want = outcomes[0]
    if want.stderr.startswith("pyrage: "):
        return Verdict("skipped", f"the hosted run failed: {want.stderr.splitlines()[0][:150]}")
    if outcomes[1] != want:
        return Verdict("skipped", "CPython's output changes from run to run (str hash seed?)")
    limit = 3 * cpython_seconds + 5
    try:
        got = run([str(image), *case.subject.boot_args], work, limit, None)
    except subprocess.TimeoutExpired:
        return Verdict("hang", f"the image ran longer than {limit:.0f} s "
                               f"(CPython took {cpython_seconds:.1f} s)", cpython=want)
    return compare(want, got)


def run(argv: list[str], cwd: Path, timeout: float, env: dict[str, str] | None) -> Outcome:
    proc = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=timeout)
    return Outcome(proc.stdout.decode(errors="replace"), exit_status(proc.returncode),
                   proc.stderr.decode(errors="replace"))


def compare(want: Outcome, got: Outcome) -> Verdict:
    def verdict(outcome: str, detail: str = "") -> Verdict:
        return Verdict(outcome, detail, cpython=want, pyrage=got)

    if got.stdout == want.stdout and got.status == want.status:
        a, b = uncaught(want.stderr), uncaught(got.stderr)
        if want.status == 1 and a and b and a.split(".")[-1] != b.split(".")[-1]:
            return verdict("exception-diff", f"uncaught {b} (CPython {a})")
        return verdict("same")
    trap = next((name for name, pattern in TRAPS if pattern.search(got.stderr)), None)
    if trap is not None and got.status in (1, 134) and want.stdout.startswith(got.stdout):
        return verdict("trap", trap)
    tail = got.stderr.strip().splitlines()[-1][:120] if got.stderr.strip() else ""
    if got.status > 128:
        name = signal.Signals(got.status - 128).name if got.status - 128 in \
            signal.valid_signals() else f"signal {got.status - 128}"
        return verdict("signal", f"killed by {name} (CPython status {want.status}); {tail!r}")
    if got.stdout != want.stdout:
        return verdict("output-diff", first_difference(want.stdout, got.stdout))
    return verdict("status-diff", f"status {got.status} (CPython {want.status}); stderr {tail!r}")


_UNCAUGHT = re.compile(r"^([A-Za-z_][\w.]*)(?::|$)")


def uncaught(stderr: str) -> str:
    """The type of the uncaught exception a traceback ends with, or ""."""
    if "Traceback (most recent call last):" not in stderr:
        return ""
    lines = stderr.strip().splitlines()
    m = _UNCAUGHT.match(lines[-1]) if lines else None
    return m.group(1) if m else ""


# --- finding classes ----------------------------------------------------------------------------

@dataclass(frozen=True)
class FindingClass:
    name: str
    finding_id: str  # in tests/fuzz/FINDINGS.md
    summary: str
    matches: Callable[[Case, Verdict], bool]


FORMAT_ERROR = re.compile(r"Invalid format specifier|Unknown format code|Cannot specify|"
                          r"not allowed (in|with)|Sign not allowed|Alternate form|"
                          r"Format specifier missing precision|Too many decimal digits")


def _cpython_raised(v: Verdict, *names: str) -> bool:
    """CPython ended with one of these exceptions uncaught, or printed one's name (a mutant
    that catches and prints what it caught)."""
    if v.cpython is None:
        return False
    return uncaught(v.cpython.stderr).split(".")[-1] in names or \
        any(re.search(rf"^(fz .*)?\b{n}\b", v.cpython.stdout, re.M) for n in names)


def _raising_line(stderr: str) -> str:
    """The source line CPython quotes under the innermost frame of its traceback."""
    lines = stderr.splitlines()
    frames = [i for i, line in enumerate(lines) if line.startswith('  File "')]
    return lines[frames[-1] + 1].strip() if frames and frames[-1] + 1 < len(lines) else ""


def _is_type_level_name(case: Case, v: Verdict) -> bool:
    """CPython evaluates annotations, class bases (Generic[T]) and type-variable definitions
    (T = TypeVar("T") before `from typing import TypeVar`) at run time: a name not (yet)
    bound there is a NameError; pyrage never evaluates them."""
    if v.cpython is None or uncaught(v.cpython.stderr).split(".")[-1] != "NameError":
        return False
    line = _raising_line(v.cpython.stderr)
    return bool(re.match(r"(async\s+)?def |class |[\w.]+\s*:[^=]|\w+\s*=\s*(typing\.)?"
                         r"(TypeVar|NewType|ParamSpec|TypeVarTuple)\(", line))


def _is_free_variable(case: Case, v: Verdict) -> bool:
    """A comprehension reads an unassigned local of its function: CPython 3.11 raises
    NameError (a free variable), pyrage UnboundLocalError."""
    return v.cpython is not None and v.pyrage is not None and \
        "cannot access free variable" in v.cpython.stdout + v.cpython.stderr and \
        "UnboundLocalError" in v.pyrage.stdout + v.pyrage.stderr


def _is_unbound_local(case: Case, v: Verdict) -> bool:
    return _cpython_raised(v, "UnboundLocalError", "NameError")


def _is_systemexit(case: Case, v: Verdict) -> bool:
    return v.cpython is not None and bool(re.search(r"\bSystemExit\b|\bsys\.exit\(",
                                                    case.source)) \
        and "Traceback (most recent call last)" not in v.cpython.stderr


def _is_format_spec(case: Case, v: Verdict) -> bool:
    if v.cpython is None or v.pyrage is None:
        return False
    return bool(FORMAT_ERROR.search(v.cpython.stdout + v.cpython.stderr)) and \
        not FORMAT_ERROR.search(v.pyrage.stdout + v.pyrage.stderr)


def _is_format_message(case: Case, v: Verdict) -> bool:
    """Both raise ValueError for an invalid format spec, with different messages."""
    if v.cpython is None or v.pyrage is None:
        return False
    want = FORMAT_ERROR.findall(v.cpython.stdout + v.cpython.stderr)
    return bool(want) and bool(FORMAT_ERROR.search(v.pyrage.stdout + v.pyrage.stderr))


def _is_mypy_multiline(case: Case, v: Verdict) -> bool:
    """A mypy message with a newline in it (quoting a str) is not parsed: it loses its line."""
    return v.outcome == "INTERNAL" and bool(re.search(
        r"without a line: <mypy>: error: \S+:\d+:(\d+:)? error: ", v.detail))


def _is_generic_class_value(case: Case, v: Verdict) -> bool:
    return v.outcome == "INTERNAL" and "was not substituted" in v.detail


def _has_dead_code(source: str) -> bool:
    """Whether a statement follows a return, raise, break or continue in its block."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return any(isinstance(stmts, list) and any(
        isinstance(s, (ast.Return, ast.Raise, ast.Break, ast.Continue)) for s in stmts[:-1])
        for node in ast.walk(tree) for stmts in (getattr(node, "body", None),
                                                  getattr(node, "orelse", None)))


def _is_unreachable(case: Case, v: Verdict) -> bool:
    if v.outcome != "INTERNAL":
        return False
    return bool(re.search(r"mypy recorded no type|no signature for this function|unreachable",
                          v.detail)) or ("cannot convert" in v.detail
                                         and _has_dead_code(case.source))


#: Known causes of findings, most specific first. A finding that matches none is "new".
FINDING_CLASSES = [
    FindingClass("type-level-name", "F36", "a name unbound where CPython evaluates an annotation "
                 "or a class base: NameError under CPython, pyrage runs on", _is_type_level_name),
    FindingClass("free-variable", "F35", "an unassigned local read in a comprehension: "
                 "UnboundLocalError, CPython 3.11 NameError", _is_free_variable),
    FindingClass("unbound-local", "F29", "a possibly-unassigned local is read: CPython raises "
                 "UnboundLocalError (NameError at module level)", _is_unbound_local),
    FindingClass("systemexit", "F30", "raise SystemExit(n) / sys.exit(n): the exit status",
                 _is_systemexit),
    FindingClass("format-spec", "F31", "an invalid format spec does not raise ValueError",
                 _is_format_spec),
    FindingClass("format-message", "F33", "an invalid format spec's ValueError message differs",
                 _is_format_message),
    FindingClass("mypy-multiline", "F34", "a mypy message with a newline loses its location",
                 _is_mypy_multiline),
    FindingClass("generic-class-value", "F37", "a generic class as a value: internal error "
                 "'type variable T was not substituted'", _is_generic_class_value),
    FindingClass("unreachable", "F32", "internal error on code mypy found unreachable",
                 _is_unreachable),
]


def classify(case: Case, verdict: Verdict) -> str:
    return next((c.name for c in FINDING_CLASSES if c.matches(case, verdict)), "new")


# --- campaigns ----------------------------------------------------------------------------------

@dataclass
class Campaign:
    seed: int
    tried: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    classes: Counter[str] = field(default_factory=Counter)
    findings: list[tuple[Case, Verdict]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, case: Case, verdict: Verdict) -> None:
        self.tried += 1
        self.counts[verdict.outcome] += 1
        if verdict.outcome in FINDINGS:
            self.classes[verdict.finding] += 1
            self.findings.append((case, verdict))

    def summary(self) -> str:
        lines = [f"tried {self.tried} mutants (seed {self.seed}) in {self.seconds:.0f} s:"]
        lines += [f"  {o:<15} {self.counts[o]:>6}" for o in OUTCOMES]
        if self.findings:
            lines.append("findings by class: " + ", ".join(
                f"{name} {n}" for name, n in self.classes.most_common()))
            groups: dict[str, list[tuple[Case, Verdict]]] = {}
            for case, verdict in self.findings:
                groups.setdefault(verdict.signature, []).append((case, verdict))
            lines.append(f"{len(groups)} distinct:")
            for signature, members in sorted(groups.items()):
                case, verdict = members[0]
                cases = " ".join(str(c.index) for c, _ in members[:10])
                lines.append(f"  [{verdict.finding}] {verdict.outcome}: {verdict.detail[:200]}\n"
                             f"      {len(members)} cases: {cases}"
                             f"{' ...' if len(members) > 10 else ''} (first: {case.origin})")
        return "\n".join(lines)


@dataclass(frozen=True)
class Settings:
    seed: int
    run_share: float = 0.5
    timeout: float = 60
    run_timeout: float = 10


_SUBJECTS: list[Subject] = []


def _evaluate_index(job: tuple[int, Settings, str]) -> tuple[Case, Verdict]:
    index, settings, tmp = job
    if not _SUBJECTS:
        _SUBJECTS.extend(load_subjects())
    case = make_case(index, settings.seed, _SUBJECTS, settings.run_share)
    work = Path(tmp) / str(index)
    try:
        verdict = evaluate(case, work, timeout=settings.timeout, run_timeout=settings.run_timeout)
    except Exception as e:  # noqa: BLE001 - one case must not end a campaign
        verdict = Verdict("fuzzer-error", f"{type(e).__name__}: {e}"[:300], finding="fuzzer",
                          signature=f"fuzzer: {type(e).__name__}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return case, verdict


def cases(indices: list[int], settings: Settings, jobs: int = 1) -> Iterator[tuple[Case, Verdict]]:
    """Each case evaluated, in index order; jobs > 1 uses as many worker processes (each
    replaced after a few dozen cases: in-process compiles keep growing the heap)."""
    with tempfile.TemporaryDirectory(prefix="pyrage-mutants-") as tmp:
        work = [(i, settings, tmp) for i in indices]
        if jobs <= 1:
            yield from map(_evaluate_index, work)
            return
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with context.Pool(jobs, maxtasksperchild=25) as pool:
            yield from pool.imap(_evaluate_index, work, chunksize=1)


def campaign(count: int, settings: Settings, *, start: int = 0, jobs: int = 1,
             on_case: Callable[[Case, Verdict], None] | None = None) -> Campaign:
    stats = Campaign(settings.seed)
    t0 = time.perf_counter()
    for case, verdict in cases(list(range(start, start + count)), settings, jobs):
        stats.add(case, verdict)
        if on_case is not None:
            on_case(case, verdict)
    stats.seconds = time.perf_counter() - t0
    return stats


# --- minimizing ---------------------------------------------------------------------------------

def minimize(case: Case, verdict: Verdict, settings: Settings,
             log: Callable[[str], None] = print) -> str:
    """The case's source with as many statements deleted (or compound statements replaced by
    their body) as keep the same finding: greedy, one candidate compile at a time."""
    case = replace(case, run=case.run or verdict.outcome not in ("INTERNAL", "TIMEOUT"))
    with tempfile.TemporaryDirectory(prefix="pyrage-minimize-") as tmp:
        tries = 0

        def same(source: str) -> bool:
            nonlocal tries
            tries += 1
            v = evaluate(replace(case, source=source), Path(tmp) / str(tries),
                         timeout=settings.timeout, run_timeout=settings.run_timeout)
            # the same finding; for a compiler failure, the same message too
            return v.outcome == verdict.outcome and v.finding == verdict.finding and (
                v.signature == verdict.signature or verdict.outcome not in ("INTERNAL",
                                                                            "TIMEOUT"))

        return shrink(case.source, same, lambda best: log(
            f"  {len(best.splitlines())} lines after {tries} compiles"))


def shrink(source: str, same: Callable[[str], bool],
           progress: Callable[[str], None] | None = None) -> str:
    """The smallest source that _smaller's deletions reach, greedily, for which same() still
    holds (progress is told each smaller one)."""
    best = source
    changed = True
    while changed:
        changed = False
        for candidate in _smaller(best):
            if same(candidate):
                best, changed = candidate, True
                if progress is not None:
                    progress(best)
                break
    return best


def _smaller(source: str) -> Iterator[str]:
    """Sources with a chunk of statements deleted (halves of a block, then quarters, then
    single statements), or a compound statement replaced by its body."""

    def statement_lists(tree: ast.AST) -> list[list[ast.stmt]]:
        return [stmts for node in ast.walk(tree) for name in ("body", "orelse", "finalbody")
                if isinstance(stmts := getattr(node, name, None), list) and stmts
                and isinstance(stmts[0], ast.stmt)]

    edits = [(k, i, size) for k, stmts in enumerate(statement_lists(ast.parse(source)))
             for size in sorted({len(stmts) // 2, len(stmts) // 4, 1} - {0}, reverse=True)
             for i in range(0, len(stmts), size)]
    edits.sort(key=lambda edit: -edit[2])
    seen = {source}
    for k, i, size in edits:
        for unwrap in (False, True):
            tree = ast.parse(source)
            stmts = statement_lists(tree)[k]
            if unwrap:
                node = stmts[i]
                if size != 1 or not isinstance(node, (ast.If, ast.For, ast.While, ast.Try,
                                                      ast.With)):
                    continue
                stmts[i:i + 1] = node.body
            else:
                del stmts[i:i + size]
                if not stmts:
                    stmts.append(ast.Pass())
            out = ast.unparse(tree) + "\n"
            if out not in seen:
                seen.add(out)
                yield out


# --- the command line ---------------------------------------------------------------------------

def describe(case: Case, verdict: Verdict, seed: int | None) -> str:
    text = f"case {case.index} [{case.origin}]: {verdict.outcome}"
    if verdict.finding:
        text += f" ({verdict.finding})"
    if verdict.detail:
        text += f" {verdict.detail}"
    if verdict.outcome in FINDINGS and seed is not None:
        text += f"\n    reproduce: python tests/fuzz/fuzz_mutants.py --seed {seed} " \
                f"--only {case.index} --show"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100, help="how many mutants (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="the first case index")
    parser.add_argument("--only", type=int, help="run the one case with this index")
    parser.add_argument("--show", action="store_true",
                        help="print each case's source (and the outputs of a finding)")
    parser.add_argument("--minimize", action="store_true",
                        help="with --only: delete statements while the finding stays")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--run-share", type=float, default=0.5,
                        help="the share of mutants compiled and run beside CPython (0.5)")
    parser.add_argument("--timeout", type=float, default=60, help="compiler timeout (s)")
    parser.add_argument("--run-timeout", type=float, default=10, help="CPython's timeout (s)")
    parser.add_argument("--save", type=Path, help="write each finding's source here")
    parser.add_argument("--file", type=Path,
                        help="evaluate this program (compiled and run) instead of mutants")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per case")
    args = parser.parse_args(argv)
    settings = Settings(args.seed, args.run_share, args.timeout, args.run_timeout)
    if args.only is not None:
        args.start, args.count, args.verbose = args.only, 1, True

    def report(case: Case, verdict: Verdict) -> None:
        if args.show:
            print(f"--- case {case.index} ({case.origin}) ---\n{case.source}")
        if args.verbose or verdict.outcome in FINDINGS:
            print(describe(case, verdict, None if args.file else args.seed), flush=True)
        if args.show and verdict.outcome in FINDINGS:
            for who, out in (("CPython", verdict.cpython), ("pyrage", verdict.pyrage)):
                if out is not None:
                    print(f"--- {who}: status {out.status}\n{out.stdout[-1500:]}"
                          f"--- {who} stderr:\n{out.stderr[-1000:]}")
        if args.save and verdict.outcome in FINDINGS:
            args.save.mkdir(parents=True, exist_ok=True)
            subject = case.subject.name.replace("/", "_").removesuffix(".py")
            name = f"mutant_{args.seed}_{case.index}_{verdict.finding}_{subject}.py"
            (args.save / name).write_text(case.source)
        if args.minimize and verdict.outcome in FINDINGS:
            small = minimize(case, verdict, settings)
            print(f"--- minimized ({verdict.finding}, {verdict.outcome}) ---\n{small}")

    if args.file is not None:
        source = args.file.read_text()
        case = Case(0, Subject(args.file.name, source), args.file.name, source, run=True)
        with tempfile.TemporaryDirectory(prefix="pyrage-mutants-") as tmp:
            verdict = evaluate(case, Path(tmp), timeout=args.timeout,
                               run_timeout=args.run_timeout)
        args.verbose = True
        report(case, verdict)
        return 1 if verdict.outcome in FINDINGS else 0

    stats = campaign(args.count, settings, start=args.start, jobs=args.jobs, on_case=report)
    print(stats.summary())
    return 1 if stats.findings else 0


if __name__ == "__main__":
    sys.exit(main())
