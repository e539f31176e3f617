"""The scheduler's interleaving cases (tests/compiler/cases/async.test) on the third target:
each is compiled for virtio and booted under QEMU (TCG); the console must show exactly the
output CPython (hosted) and the unix image print (test_cases.py checks those two).

Cases that print to stderr are left out: virtio has one console, which carries both streams.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compiler.casefile import Case, parse
from tests.conftest import compile_program, qemu_available
from tests.programs.harness import run_qemu

CASES = [c for c in parse(Path(__file__).parents[1] / "compiler" / "cases" / "async.test")
         if c.out is not None and c.exit == 0 and not c.stderr]

pytestmark = [pytest.mark.slow, pytest.mark.qemu,
              pytest.mark.skipif(not qemu_available(), reason="qemu-system-x86_64 is not installed")]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_interleaving_on_virtio(case: Case, tmp_path: Path) -> None:
    source = tmp_path / "main.py"
    source.write_text(case.program)
    image = compile_program(source, target="virtio")
    got = run_qemu(image)
    assert got.stdout == case.out
    assert got.status == 0, got.stderr
