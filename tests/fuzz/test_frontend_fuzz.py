"""No input program makes the compiler raise a Python traceback.

A fixed-seed, modest batch of tests/fuzz/fuzz_frontend.py: mutated corpus programs and generated
ones, through the front end and the IR build (every 10th case through compile_to_image too).
No case may end INTERNAL (a Python exception escaping the compiler, or an "internal error"
diagnostic) or TIMEOUT. For a bigger campaign:

    .venv/bin/python tests/fuzz/fuzz_frontend.py --count 300 --seed 1

Known bugs the fuzzer finds are listed in tests/fuzz/FINDINGS.md, each with a minimal repro;
those repros are checked below as strict xfails, so they start failing (to be promoted to
plain tests) when the bug is fixed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fuzz.fuzz_frontend import FAILURES, Result, campaign, run_case

SEED = 2024
COUNT = int(os.environ.get("PYRAGE_FUZZ_COUNT", "30"))  # about a second a case
#: Case indices of this seed that hit an open finding ({index: "Fnn"}), tolerated. None today:
#: the generator and KNOWN_BAD_CORPUS (fuzz_frontend.py) leave out what triggers the open
#: findings. The mutated cases depend on the corpus files, so adding programs changes them.
KNOWN: dict[int, str] = {}


def test_no_internal_errors() -> None:
    stats = campaign(COUNT, SEED, full_every=10, generated_ratio=0.5, timeout=30)
    print(stats.summary())
    assert stats.tried == COUNT
    assert stats.counts["ok"] > 0, "no case reached the IR build: the generator is broken"
    unexpected = [(case, result) for case, result in stats.failures if case.index not in KNOWN]
    assert not unexpected, "\n".join(
        f"case {case.index} ({case.origin}): {result.outcome} {result.detail}\n"
        f"reproduce: python tests/fuzz/fuzz_frontend.py --seed {SEED} --only {case.index} --show"
        for case, result in unexpected)


#: (The open findings' repros are in test_mutants.py, as strict xfails: none of this fuzzer's
#: are open. An empty parametrized test here was a skip in CI's summary.)

#: Findings fixed since: each must now compile, or be refused with a clean diagnostic.
FIXED: dict[str, str] = {
    "F18 match capture in a nested function": (
        "def main() -> None:\n    def inner() -> None:\n        xs: list[int] = [1, 5]\n"
        "        match xs:\n            case [a, b]:\n                print(a + b)\n"
        "    inner()\n\n\nmain()\n"),
    "F19 list of bool | int": (
        "from typing import Union\n\nitems: list[Union[bool, int]] = []\nitems.append(True)\n"
        "print(items)\n"),
    "F20 recursive alias": (
        'from typing import Union\n\nJson = Union[None, int, str, list["Json"]]\n\n'
        "items: list[Json] = []\nprint(len(items))\n"),
    "F23 lambda capturing a comprehension variable": (
        "from collections.abc import Callable\n\n"
        "fs: list[Callable[[], int]] = [lambda: i for i in range(3)]\nprint([f() for f in fs])\n"),
    "F13 sorted key=abs": "xs = [3, -5, 1]\nprint(sorted(xs, key=abs))\n",
    "F13 list.sort key=abs": "xs = [3, -5, 1]\nxs.sort(key=abs)\nprint(xs)\n",
    "F14 unpack a list display": "a, b = [1, 2]\nprint(a, b)\n",
    "F14 starred unpack of a list display": "a, *b = [1, 2, 3]\nprint(a, b)\n",
    "F16 conditional with a constant condition": 'x: int | str = 42 if False else "s"\nprint(x)\n',
    "F16 code after assert False": 'assert False, "no"\nx = [1, 2]\nprint(x)\n',
    "F17 lambda in an unreachable branch": (
        "from collections.abc import Callable\n\n\ndef main() -> None:\n    if True:\n"
        "        pass\n    else:\n        f: Callable[[int], int] = lambda v: v * 2\n"
        "        print(f(1))\n\n\nmain()\n"),
    "F21 long elif chain": (
        "def f(x: int) -> int:\n    if x == 0:\n        return 0\n"
        + "".join(f"    elif x == {i}:\n        return {i}\n" for i in range(1, 450))
        + "    return -1\n\n\nprint(f(7))\n"),
    "F25 recursive alias over list and tuple (hung)": (
        'from typing import Union\n\nData = Union[None, int, list["Data"], tuple["Data", ...]]\n\n'
        "doc: Data = [1, (3, 4)]\nprint(doc is None)\n"),
}


@pytest.mark.parametrize("name", list(FIXED))
def test_fixed_finding_stays_fixed(name: str, tmp_path: Path) -> None:
    result: Result = run_case(FIXED[name], tmp_path, timeout=30)
    assert result.outcome not in FAILURES, f"{result.outcome}: {result.detail}"
