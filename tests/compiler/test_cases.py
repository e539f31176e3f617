"""Runs tests/compiler/cases/*.test: every program under CPython (the oracle) and compiled for the
unix target; both must print the expected output and exit with the expected status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pyrage.compiler import driver
from pyrage.compiler.ir.pprint import format_func
from pyrage.errors import CompileError
from tests.compiler.casefile import Case, parse, update_out
from tests.conftest import compile_program

CASES_DIR = Path(__file__).parent / "cases"
ALL_CASES = [case for path in sorted(CASES_DIR.glob("*.test")) for case in parse(path)]


def exit_status(returncode: int) -> int:
    """As a shell reports it: a signal N is 128 + N."""
    return 128 - returncode if returncode < 0 else returncode


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: f"{c.file.stem}::{c.name}")
def test_case(case: Case, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    source = tmp_path / "main.py"
    source.write_text(case.program)

    if case.error is not None:
        with pytest.raises(CompileError) as info:
            compile_program(source)
        got = [str(d).replace(str(source), "main.py") for d in info.value.diagnostics]
        assert got == case.error
        return

    if case.ir is not None:
        program = driver.build_ir(driver.front_end(source, "main", [tmp_path]))
        by_name = {fn.name: fn for fn in program.functions}
        wanted = [line.split("(")[0][4:] for line in case.ir.splitlines()
                  if line.startswith("def ")]
        got_ir = "\n\n".join(format_func(by_name[name]) for name in wanted) + "\n"
        assert got_ir.replace("\n\n", "\n") == case.ir.replace("\n\n", "\n")

    if case.out is None:
        return

    if not case.pyrage_only:
        cpython = run([sys.executable, str(source)])
        if request.config.getoption("--update-data") and cpython.stdout != case.out:
            update_out(case.file, case.name, cpython.stdout)
            case.out = cpython.stdout
        assert cpython.stdout == case.out, "CPython disagrees with [out]"
        assert cpython.returncode == case.exit, cpython.stderr

    image = compile_program(source)
    native = run([str(image)])
    assert native.stdout == case.out
    assert exit_status(native.returncode) == case.exit, native.stderr
    stderr = native.stderr.replace(str(source), "main.py")
    for expected in case.stderr:
        assert expected in stderr
