"""examples/hello end to end, through the CLI as a user runs it, on every target.

The same lines and exit status everywhere is the point; the timing checks are lower bounds
(TIME.sleep_ns's contract: never return early), not performance assertions.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import ALL_TARGETS, copy_example, run_pyrage

TARGETS = ALL_TARGETS
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example("hello", tmp_path_factory)


@pytest.mark.parametrize("target", TARGETS)
def test_prints_hello_four_times_a_second_apart(app: Path, target: str) -> None:
    start = time.monotonic()
    result = run_pyrage("run", str(app), "-t", target)
    elapsed = time.monotonic() - start
    assert result.stdout == "hello\n" * 4, result.stderr
    assert result.returncode == 0, result.stderr
    assert elapsed >= 3.0  # three one-second sleeps between the four lines


@pytest.mark.parametrize("target", TARGETS)
def test_boot_arguments_reach_the_job(app: Path, target: str) -> None:
    result = run_pyrage("run", str(app), "-t", target, "--", "--count", "3",
                        "--interval-ms=0", '--hello=say "hi" \\ there')
    assert result.stdout == 'say "hi" \\ there\n' * 3, result.stderr
    assert result.returncode == 0


@pytest.mark.parametrize("target", TARGETS)
def test_bad_boot_argument_is_named(app: Path, target: str) -> None:
    # virtio has one console: diagnostics share the serial port (abi.h allows it).
    result = run_pyrage("run", str(app), "-t", target, "--", "--colour=red")
    assert result.returncode == 2
    errors = result.stdout + result.stderr if target == "virtio" else result.stderr
    assert errors == "hello: unknown boot argument --colour (see --help)\n"
    bad_int = run_pyrage("run", str(app), "-t", target, "--", "--count=four")
    assert bad_int.returncode == 2
    errors = bad_int.stdout + bad_int.stderr if target == "virtio" else bad_int.stderr
    assert errors == "hello: --count needs an integer, not 'four'\n"
    too_big = run_pyrage("run", str(app), "-t", target, "--", "--count=9223372036854775808")
    assert too_big.returncode == 2  # not an overflow trap inside int()
    errors = too_big.stdout + too_big.stderr if target == "virtio" else too_big.stderr
    assert errors == ("hello: --count: 9223372036854775808 is out of range (boot integers are "
                      "64-bit: -9223372036854775808 to 9223372036854775807)\n")
    underscore = run_pyrage("run", str(app), "-t", target, "--", "--interval_ms=5")
    assert underscore.returncode == 2
    errors = underscore.stdout + underscore.stderr if target == "virtio" else underscore.stderr
    assert errors == "hello: unknown boot argument --interval_ms (did you mean --interval-ms?)\n"


@pytest.mark.parametrize("target", TARGETS)
def test_the_extremes_of_the_int_range_are_accepted(app: Path, target: str) -> None:
    result = run_pyrage("run", str(app), "-t", target, "--", "--count=-9223372036854775808",
                        "--interval-ms=0")
    assert (result.returncode, result.stdout) == (0, ""), result.stderr


@pytest.mark.parametrize("target", TARGETS)
def test_help_lists_the_boot_arguments(app: Path, target: str) -> None:
    result = run_pyrage("run", str(app), "-t", target, "--", "--help")
    assert result.returncode == 0
    for line in ("--hello=STR", "--count=INT", "--interval-ms=INT", "--help"):
        assert line in result.stdout


def test_images_land_in_dist(app: Path) -> None:
    for target, name in (("unix", "hello"), ("virtio", "hello.virtio")):
        result = run_pyrage("compile", str(app), "-t", target)
        assert result.returncode == 0, result.stderr
        image = app / "dist" / name
        assert image.is_file() and image.stat().st_size < 64 * 1024
