"""Compiler cases on the third target: each case of the files below is compiled for virtio
and booted under QEMU (TCG). test_cases.py checks CPython and the unix image; here the console
must show the same output and the run must end with the same exit status (the guest's own, as
`pyrage run` decodes it).

virtio has one console, which carries both streams in the order they were written: the
case's stdout lines must appear in order, and its expected stderr text among the other lines. The files are the ones whose promises concern every target: the scheduler's
interleavings, and soundness (unassigned names, exit statuses).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compiler.casefile import Case, parse
from tests.conftest import compile_program, qemu_available
from tests.programs.harness import run_qemu

CASES_DIR = Path(__file__).parent / "cases"
CASES = [c for name in ("async.test", "soundness.test") for c in parse(CASES_DIR / name)
         if c.out is not None and c.error is None and not c.pyrage_only]

pytestmark = [pytest.mark.slow, pytest.mark.qemu,
              pytest.mark.skipif(not qemu_available(), reason="qemu-system-x86_64 is not installed")]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.file.stem}::{c.name}")
def test_case_on_virtio(case: Case, tmp_path: Path) -> None:
    assert case.out is not None
    source = tmp_path / "main.py"
    source.write_text(case.program)
    image = compile_program(source, target="virtio")
    got = run_qemu(image)
    assert got.status == case.exit, got.stdout + got.stderr
    if not case.stderr:
        assert got.stdout == case.out
        return
    wanted = case.out.splitlines(keepends=True)
    others: list[str] = []
    for line in got.stdout.splitlines(keepends=True):
        if wanted and line == wanted[0]:
            wanted.pop(0)
        else:
            others.append(line)
    assert not wanted, f"stdout lines missing from the console: {wanted!r}\n{got.stdout}"
    errors = "".join(others).replace(str(source), "main.py")
    for expected in case.stderr:
        assert expected in errors
