"""The compute kernels of bench/kernels/ at their quick size (SMALL_N): the image pyrage
compiles prints exactly what CPython prints, and so does the C reference (when gcc is there).

Correctness only; bench/kernels/run.py does the timing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, compile_program

KERNELS_DIR = ROOT / "bench" / "kernels"
KERNELS = ["checksum", "nbody", "fannkuch", "binary_trees", "wordcount"]
ENTRY = "    main(N)\n"
pytestmark = pytest.mark.slow


def quick_copy(name: str, directory: Path) -> Path:
    """The kernel with its entry running SMALL_N instead of N."""
    source = (KERNELS_DIR / f"{name}.py").read_text()
    assert source.count(ENTRY) == 1, f"{name}.py must end with `main(N)`"
    path = directory / f"{name}.py"
    path.write_text(source.replace(ENTRY, "    main(SMALL_N)\n"))
    return path


def small_n(source: Path) -> int:
    for line in source.read_text().splitlines():
        if line.startswith("SMALL_N: Final = "):
            return int(line.split("=")[1])
    raise AssertionError(f"{source.name} has no SMALL_N")


def run(argv: list[str], cwd: Path) -> str:
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.mark.parametrize("name", KERNELS)
def test_compiled_kernel_matches_cpython(name: str, tmp_path: Path) -> None:
    source = quick_copy(name, tmp_path)
    expected = run([sys.executable, str(source)], tmp_path)
    assert expected  # every kernel prints its result
    image = compile_program(source)
    assert run([str(image)], tmp_path) == expected


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")
@pytest.mark.parametrize("name", KERNELS)
def test_c_reference_matches_cpython(name: str, tmp_path: Path) -> None:
    source = quick_copy(name, tmp_path)
    expected = run([sys.executable, str(source)], tmp_path)
    image = tmp_path / f"{name}_c"
    subprocess.run(["gcc", "-O2", "-Wall", "-Werror", "-o", str(image),
                    str(KERNELS_DIR / "c" / f"{name}.c"), "-lm"], check=True, timeout=60)
    assert run([str(image), str(small_n(source))], tmp_path) == expected
