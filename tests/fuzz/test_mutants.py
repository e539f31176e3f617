"""Mutants of the corpus and of the examples behave as under CPython (tests/fuzz/fuzz_mutants.py).

The slow test runs a fixed-seed slice of the mutation fuzzer on two worker processes: every
mutant must compile or be refused with located diagnostics, and the ones that run must print
what CPython prints and exit with its status (or stop with a documented trap). It fails on any
finding whose class is not listed in KNOWN_OPEN below. For a longer campaign:

    .venv/bin/python tests/fuzz/fuzz_mutants.py --count 2000 --seed 7 --jobs 2

Each known class is an entry of tests/fuzz/FINDINGS.md with a minimal repro; the repros are
checked below, as strict xfails while the finding is open (they report XPASS once it is
fixed: then move the repro to FIXED and drop the class from KNOWN_OPEN), and as plain tests
once fixed.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from tests.fuzz.fuzz_mutants import (FINDINGS, Case, Settings, Subject, Verdict, campaign,
                                     classify, evaluate, load_subjects, make_case)
from tests.programs.harness import Outcome

SEED = 2025
COUNT = int(os.environ.get("PYRAGE_MUTANTS_COUNT", "70"))  # about 2.5 minutes on 2 cores
JOBS = 2

#: The finding classes (fuzz_mutants.FINDING_CLASSES) still open, tolerated in the slice.
KNOWN_OPEN = {"type-level-name": "F40"}


@pytest.mark.slow
def test_mutants_behave_as_under_cpython() -> None:
    stats = campaign(COUNT, Settings(SEED, run_share=0.6, timeout=60, run_timeout=10), jobs=JOBS)
    print(stats.summary())
    assert stats.tried == COUNT
    assert stats.counts["same"] > 0, "no mutant ran the same as under CPython: fuzzer broken?"
    unexpected = [(case, v) for case, v in stats.findings if v.finding not in KNOWN_OPEN]
    assert not unexpected, "\n".join(
        f"case {case.index} ({case.origin}): {v.outcome} [{v.finding}] {v.detail}\n"
        f"reproduce: python tests/fuzz/fuzz_mutants.py --seed {SEED} --run-share 0.6 --only {case.index} --show"
        for case, v in unexpected)


def test_cases_are_deterministic_and_parse() -> None:
    subjects = load_subjects()
    for index in range(40):
        case = make_case(index, SEED, subjects, run_share=0.6)
        again = make_case(index, SEED, subjects, run_share=0.6)
        assert (case.source, case.origin, case.run) == (again.source, again.origin, again.run)
        if case.run:  # run cases get AST mutations only: always valid syntax
            ast.parse(case.source)


def verdict_of(source: str, tmp_path: Path) -> Verdict:
    case = Case(0, Subject("repro.py", source), "repro", source, run=True)
    return evaluate(case, tmp_path, timeout=60, run_timeout=10)


#: Minimal repros of the open findings (tests/fuzz/FINDINGS.md).
REPROS: dict[str, str] = {
    "F40 type-level-name bound only on a path that never runs": (
        'from typing import TypeVar\n\nfor _ in range(1):\n    break\n    T = TypeVar("T")\n\n\n'
        "def f(x: T) -> T:\n    return x\n\n\nprint(f(1))\n"),
}

#: Findings fixed since the fuzzer found them (at b420ecf): each must now behave as under
#: CPython.
FIXED: dict[str, str] = {
    "F29 unbound-local in a function": (
        "def f(c: bool) -> int:\n    if c:\n        x = 1\n    return x\n\n\nprint(f(False))\n"),
    "F29 unbound-local after a raise in try": (
        "def f() -> str:\n    try:\n        int('x')\n        s = 'set'\n    except ValueError:\n"
        "        pass\n    return s\n\n\nprint(f())\n"),
    "F30 raise SystemExit(n)": "print('hi')\nraise SystemExit(4)\n",
    "F30 sys.exit(n)": "import sys\n\nprint('hi')\nsys.exit(3)\n",
    "F32 unreachable return after narrowing": (
        "from typing import Optional\n\n\nclass Node:\n    pass\n\n\n"
        "def f(n: Optional[Node]) -> Node:\n    if n is None:\n        return Node()\n"
        "    return n\n    return n\n\n\nprint(type(f(None)).__name__)\n"),
    "F33 format-message": (
        "def f(v: int, spec: str) -> None:\n    try:\n        print(format(v, spec))\n"
        "    except ValueError as e:\n        print(e)\n\n\n"
        "for spec in ['s', '%%', ',_', '..', '.1s', '0=10,']:\n    f(65, spec)\n"),
    "F38 a key lambda's lambda captures its parameter": (
        "def f(xs: list[int]) -> list[int]:\n"
        "    return sorted(xs, key=lambda r: (lambda: -r)())\n\n\nprint(f([1, 3, 2]))\n"),
    "F35 free-variable": (
        "def f(c: bool) -> list[int]:\n    if c:\n        n = 1\n"
        "    return [x + n for x in [1, 2]]\n\n\n"
        "try:\n    print(f(False))\nexcept UnboundLocalError as e:\n"
        "    print('UnboundLocalError', e)\nexcept NameError as e:\n    print('NameError', e)\n"),
}


#: Findings closed by a located refusal: CPython raises NameError where pyrage would run on
#: (F36), a generic class as a value (F37), a mypy message quoting a newline (F34, which
#: lost its location).
REFUSED: dict[str, str] = {
    "F39 a generic instance mypy typed with Never": (
        'from typing import Generic, TypeVar\n\nT = TypeVar("T")\n\n\n'
        "class Stack(Generic[T]):\n    def __init__(self) -> None:\n"
        "        self.items: list[T] = []\n\n\n"
        "nums: Stack[float] = (lambda s: s)(Stack())\nprint(len(nums.items))\n"),
    "F34 mypy-multiline": 'from typing import TypeVar\n\nT = TypeVar("\\n")\n',
    "F36 type-level-name": (
        "def make() -> Point:\n    return Point()\n\n\nclass Point:\n    pass\n\n\n"
        "print(type(make()).__name__)\n"),
    "F37 generic-class-value": (
        'from typing import Generic, TypeVar\n\nT = TypeVar("T")\n\n\n'
        "class Box(Generic[T]):\n    def __init__(self) -> None:\n"
        "        self.items: list[T] = []\n\n\n"
        "b: Box[int] = (lambda: Box)()()\nprint(len(b.items))\n"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(
        strict=True, raises=AssertionError,
        reason=f"{name.split()[0]} in tests/fuzz/FINDINGS.md")) for name in REPROS])
def test_open_finding_repro(name: str, tmp_path: Path) -> None:
    verdict = verdict_of(REPROS[name], tmp_path)
    assert verdict.outcome not in FINDINGS, f"{verdict.outcome} [{verdict.finding}] " \
                                            f"{verdict.detail}"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FIXED))
def test_fixed_finding_stays_fixed(name: str, tmp_path: Path) -> None:
    verdict = verdict_of(FIXED[name], tmp_path)
    assert verdict.outcome in ("same", "trap"), f"{verdict.outcome} [{verdict.finding}] " \
                                                f"{verdict.detail}"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_finding_is_a_located_error(name: str, tmp_path: Path) -> None:
    verdict = verdict_of(REFUSED[name], tmp_path)
    assert verdict.outcome == "diagnostic", f"{verdict.outcome} [{verdict.finding}] " \
                                            f"{verdict.detail}"
    assert "repro.py:" in verdict.detail or "fuzzcase.py:" in verdict.detail, verdict.detail


def fake(outcome: str, source: str, cpython: Outcome, pyrage: Outcome | None = None,
         detail: str = "") -> str:
    case = Case(0, Subject("x.py", source), "x", source, run=True)
    return classify(case, Verdict(outcome, detail, cpython=cpython, pyrage=pyrage))


TRACEBACK = "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n"


@pytest.mark.parametrize("expected, outcome, source, cpython, pyrage", [
    ("unbound-local", "output-diff", "x = 1",
     Outcome("", 1, TRACEBACK + "UnboundLocalError: cannot access local variable 'x'"),
     Outcome("0\n", 0, "")),
    ("systemexit", "status-diff", "raise SystemExit(4)", Outcome("", 4, ""),
     Outcome("", 0, "4\n")),
    ("format-spec", "output-diff", "f(1)",
     Outcome("Unknown format code 's' for object of type 'int'\n", 0, ""), Outcome("1\n", 0, "")),
    ("format-message", "output-diff", "f(1)",
     Outcome("Unknown format code 's' for object of type 'int'\n", 0, ""),
     Outcome("Unknown format code for object of type 'int'\n", 0, "")),
    ("free-variable", "output-diff", "f()",
     Outcome("NameError cannot access free variable 'n'\n", 0, ""),
     Outcome("UnboundLocalError cannot access local variable 'n'\n", 0, "")),
    ("type-level-name", "output-diff", "print(1)",
     Outcome("", 1, TRACEBACK + "    def make() -> Point:\nNameError: name 'Point' is not defined"),
     Outcome("Point\n", 0, "")),
    ("new", "signal", "print(1)", Outcome("1\n", 0, ""), Outcome("", 139, "")),
])
def test_findings_are_classified(expected: str, outcome: str, source: str, cpython: Outcome,
                                 pyrage: Outcome) -> None:
    assert fake(outcome, source, cpython, pyrage) == expected
