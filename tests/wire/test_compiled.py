"""The codecs and addresses are in the compiled subset, and behave compiled as under CPython:
codec_vectors.py (every codec and address type on real and broken frames, errors printed with
their class and message, the checksum primitive against a plain loop) compiled for unix prints
exactly what CPython prints."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import compile_program

PROGRAM = Path(__file__).resolve().parent / "codec_vectors.py"
pytestmark = pytest.mark.slow


def run(argv: list[str], cwd: Path) -> str:
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_codec_vectors_compiled_match_cpython(tmp_path: Path) -> None:
    source = tmp_path / PROGRAM.name  # (a copy: the build directory goes beside it)
    shutil.copy(PROGRAM, source)
    expected = run([sys.executable, str(source)], tmp_path)
    assert "== broken frames" in expected and "BadChecksum" in expected
    assert "mismatches 0" in expected
    assert run([str(compile_program(source))], tmp_path) == expected
