"""Differential tests: every program directly in tests/programs/ (not pending/) is run under
CPython, the oracle, and compiled for the unix target; stdout and the exit status must match.

Programs are `NNN_name.py` files, or `NNN_name/` directories whose entry is main.py. New
programs start in pending/; `python tests/programs/triage.py --promote` moves the ones that
pass here.

A sample (every 10th program, starting with the first) is also booted under QEMU (TCG) as a
virtio image. The virtio console carries stdout and stderr together, so the oracle runs with
stderr merged into stdout, and the console must show that output up to any uncaught
exception's traceback (pyrage prints a shorter traceback than CPython).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import qemu_available
from tests.programs.harness import (
    HERE, Program, compile_program, console_prefix, discover, first_difference, run_cpython,
    run_image, run_qemu)

PROGRAMS = discover(HERE)
VIRTIO_SAMPLE = PROGRAMS[::10]


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.name)
def test_compiled_matches_cpython(program: Program, tmp_path: Path) -> None:
    expected = run_cpython(program)
    image = compile_program(program, tmp_path)
    got = run_image(image, program)
    assert got.stdout == expected.stdout, first_difference(expected.stdout, got.stdout)
    assert got.status == expected.status, got.stderr


@pytest.mark.slow
@pytest.mark.qemu
@pytest.mark.skipif(not qemu_available(), reason="qemu-system-x86_64 is not installed")
@pytest.mark.parametrize("program", VIRTIO_SAMPLE, ids=lambda p: p.name)
def test_virtio_matches_cpython(program: Program, tmp_path: Path) -> None:
    expected = run_cpython(program, merge_stderr=True)
    image = compile_program(program, tmp_path, target="virtio")
    got = run_qemu(image)
    prefix = console_prefix(expected)
    if prefix == expected.stdout:
        assert got.stdout == expected.stdout, first_difference(expected.stdout, got.stdout)
    else:
        assert got.stdout.startswith(prefix), first_difference(prefix, got.stdout)
    assert got.status == expected.status, got.stdout[-2000:] + got.stderr
