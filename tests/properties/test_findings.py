"""The CPython/compiled differences the property tests found (tests/fuzz/FINDINGS.md), as minimal
repros marked strict xfail: each starts failing (XPASS) when its finding is fixed, which is the
cue to remove the matching exclusion from exprgen.py / KNOWN_DIFFERENCES and promote the repro.

All output repros share one program (one compile): each prints lines tagged with its finding,
and each test compares only its own lines with CPython's.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.properties.test_expressions import by_tag, compile_failure, run

#: finding -> lines of the body of `run(a, b, s, xs)`; each print starts with the finding's tag.
OUTPUT_REPROS: dict[str, str] = {
    "F1": """
        try:
            print("F1", a % b)
        except ZeroDivisionError as e:
            print("F1", e)
    """,
    "F2": """
        try:
            print("F2", ord(s))
        except TypeError as e:
            print("F2", e)
    """,
    "F3": """
        print("F3", "  a b  c ".rsplit(None, 1), " a b  c  ".split(None, 1))
    """,
    "F4": """
        print("F4", repr(format(a, ">05")), repr(format(s, "<06")), repr(f"{a:^08}"),
              repr(f"{-a:=08}"))
    """,
    "F5": """
        print("F5", repr(format(-a, "012_")), repr(f"{a * 99999:015,}"))
    """,
    "F6": """
        try:
            print("F6", repr(format(a + 23, "c")))
        except ValueError as e:
            print("F6", e)
    """,
    "F7": """
        try:
            print("F7", format(a * 12345, ",x"))
        except ValueError as e:
            print("F7", e)
    """,
    "F10": """
        print("F10", "straße".title(), "ΑΣ".lower(), "ǆ".upper(), "ß".swapcase(),
              "ß".casefold())
        print("F10", "١٢٣".isdigit(), "١٢٣".isdecimal(), "²".isdigit(), "Ⅻ".isnumeric())
        try:
            print("F10", int("١٢٣"))
        except ValueError as e:
            print("F10", e)
    """,
    # last: it trapped, which ended the program (the lines above were already printed)
    "F8": """
        print("F8", xs[::9223372036854775807], xs[::-9223372036854775807])
    """,
}

PROGRAM = "def run(a: int, b: int, s: str, xs: list[int]) -> None:\n" + "".join(
    "\n".join("    " + line[8:] if line.strip() else "" for line in body.strip("\n").split("\n"))
    + "\n" for body in OUTPUT_REPROS.values()) + "\n\nrun(42, 0, 'ab', [1, 2, 3])\n"


@pytest.fixture(scope="module")
def outputs() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(CPython's, pyrage's) output lines by tag."""
    with tempfile.TemporaryDirectory(prefix="pyrage-findings-") as tmp:
        work = Path(tmp)
        source = work / "findings_prog.py"
        source.write_text(PROGRAM)
        want = run([sys.executable, source.name], work)
        assert want.returncode == 0, want.stderr
        failure = compile_failure(source, work, full=True)
        assert failure is None, failure
        got = run([str(source.with_suffix(""))], work)
    return by_tag(want.stdout), by_tag(got.stdout)


#: Findings fixed since: their repros must now match CPython (a regression test each).
FIXED_OUTPUT = {"F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F10"}
FIXED_REFUSED = {"F9", "F11", "F12"}


def xfail(finding: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, raises=AssertionError,
                             reason=f"{finding} in tests/fuzz/FINDINGS.md")


@pytest.mark.parametrize("finding", [
    pytest.param(f, marks=() if f in FIXED_OUTPUT else xfail(f)) for f in OUTPUT_REPROS])
def test_output_finding(finding: str,
                        outputs: tuple[dict[str, list[str]], dict[str, list[str]]]) -> None:
    want, got = outputs
    assert finding in want
    assert got.get(finding) == want[finding]


#: Well-typed programs (mypy --strict accepts them, CPython runs them) that pyrage refuses with
#: a clean diagnostic: each should compile.
REFUSED_REPROS: dict[str, str] = {
    "F9": "def f(xs: list[int]) -> None:\n    print(all([x > 0 for x in xs]), any(list(xs)))\n"
          "f([1, 2])\n",
    "F11": "def f(xs: list[int]) -> None:\n    print(xs <= [1], xs >= [2])\nf([1, 2])\n",
    "F12": "def f(a: int, s: str) -> None:\n    print(abs(abs(a) if s else 3), "
           "round(abs(a) if s else 3, -1))\nf(-1234, 'x')\n",
}

#: Programs CPython 3.11 rejects (SyntaxError) that pyrage compiles.
ACCEPTED_REPROS: dict[str, str] = {
    "F15": "s = 'x'\nprint(f'{'{}'!r:^10}|{s + 'y'}')\n",
}


@pytest.mark.parametrize("finding", [
    pytest.param(f, marks=() if f in FIXED_REFUSED else xfail(f)) for f in REFUSED_REPROS])
def test_refused_finding(finding: str, tmp_path: Path) -> None:
    source = tmp_path / "refused_prog.py"
    source.write_text(REFUSED_REPROS[finding])
    assert subprocess.run([sys.executable, str(source)], capture_output=True).returncode == 0
    failure = compile_failure(source, tmp_path, full=False)
    assert failure is None, failure


@pytest.mark.parametrize("finding", [pytest.param(f, marks=xfail(f)) for f in ACCEPTED_REPROS])
def test_accepted_finding(finding: str, tmp_path: Path) -> None:
    source = tmp_path / "accepted_prog.py"
    source.write_text(ACCEPTED_REPROS[finding])
    cpython = subprocess.run([sys.executable, str(source)], capture_output=True, text=True)
    assert "SyntaxError" in cpython.stderr
    failure = compile_failure(source, tmp_path, full=False)
    assert failure is not None and failure.startswith("refused"), "pyrage accepts it"
