"""examples/pipeline end to end on every target: concurrent tasks (a producer, two workers, a
heartbeat) interleave the same way hosted, as a unix process and under QEMU."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ALL_TARGETS, copy_example, run_pyrage

TARGETS = ALL_TARGETS
pytestmark = pytest.mark.slow

EXPECTED = """\
producer: job 1 queued (1 waiting)
worker A: job 1 done, 1² = 1
producer: job 2 queued (1 waiting)
worker B: job 2 done, 2² = 4
heartbeat 1
producer: job 3 queued (1 waiting)
worker A: job 3 done, 3² = 9
producer: job 4 queued (1 waiting)
worker B: job 4 done, 4² = 16
producer: job 5 queued (1 waiting)
heartbeat 2
worker A: job 5 done, 5² = 25
producer: job 6 queued (1 waiting)
worker B: job 6 done, 6² = 36
heartbeat stopped after 2 beats
all 6 jobs done: worker A did 3, worker B did 3
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example("pipeline", tmp_path_factory)


@pytest.mark.parametrize("target", TARGETS)
def test_tasks_interleave_identically(app: Path, target: str) -> None:
    result = run_pyrage("run", str(app), "-t", target)
    assert result.stdout == EXPECTED, result.stderr
    assert result.returncode == 0


@pytest.mark.parametrize("target", ["hosted", "unix"])
def test_three_workers(app: Path, target: str) -> None:
    result = run_pyrage("run", str(app), "-t", target, "--", "--workers=3", "--jobs=4",
                        "--heartbeat-ms=1000")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == \
        "all 4 jobs done: worker A did 2, worker B did 1, worker C did 1"
