"""unix clocks through the vDSO (runtime/unix/vdso.c): no clock_gettime system call is made,
and the readings are right (monotonic, advancing across a sleep, the wall clock the host's)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import compile_program

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("clock") / "clock_program.py"
    shutil.copy(HERE / "clock_program.py", source)
    return compile_program(source, "unix")


def fields(stdout: str) -> dict[str, str]:
    return dict(line.split(" ", 1) for line in stdout.splitlines())


def test_clock_readings(image: Path) -> None:
    before = time.time_ns()
    run = subprocess.run([str(image)], capture_output=True, text=True, timeout=60)
    after = time.time_ns()
    assert run.returncode == 0, run.stderr
    out = fields(run.stdout)
    assert out["backwards"] == "0"
    assert out["slept_at_least_20ms"] == "True"
    assert before <= int(out["wall"]) <= after


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_no_clock_system_calls(image: Path, tmp_path: Path) -> None:
    """100,000 monotonic readings and a wall one, all from the vDSO's page."""
    log = tmp_path / "strace.log"
    run = subprocess.run(["strace", "-f", "-o", str(log), "-e", "trace=clock_gettime",
                          str(image)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert fields(run.stdout)["backwards"] == "0"
    calls = [line for line in log.read_text().splitlines() if "clock_gettime(" in line]
    assert calls == []
