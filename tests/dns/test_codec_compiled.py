"""The codec compiles and behaves compiled as under CPython: codec_program.py (dnspython's
messages parsed, printed and emitted again, emit_within at several limits, broken messages
with their FormatErrors, records from text, a seeded fuzz of 3000 mutations) compiled for
unix prints exactly what CPython prints. And compiled, a typical query parses and a typical
answer emits in a few microseconds (the timing is printed, and bounded loosely)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import compile_program

PROGRAM = Path(__file__).resolve().parent / "codec_program.py"
pytestmark = pytest.mark.slow


def run(argv: list[str], cwd: Path) -> str:
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("dns_codec")
    source = work / PROGRAM.name  # (a copy: the build directory goes beside it)
    shutil.copy(PROGRAM, source)
    return compile_program(source)


def test_codec_compiled_matches_cpython(image: Path) -> None:
    expected = run([sys.executable, str(image.with_suffix(".py"))], image.parent)
    assert "== vectors" in expected and "FormatError" in expected and "== fuzz" in expected
    assert "same bytes" in expected and "emitted" not in expected
    assert run([str(image)], image.parent) == expected


def test_compiled_speed(image: Path) -> None:
    out = run([str(image), "200000"], image.parent)
    print(out)
    parse, emit, both = (int(x) for x in re.findall(r"(\d+) ns", out))
    # a few hundred ns each on a 2020s x86 core; the bound only catches a gross regression
    assert parse < 5000 and emit < 10000 and both < 20000
