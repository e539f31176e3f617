"""Hosted is a faithful rehearsal of the native targets (issue #14, item 2).

- A 64-bit overflow, or a wrong typing.cast, stops `pyrage run -t hosted` at the same line,
  with the same message and exit status as the unix image (every case of overflow_program.py,
  against the image).
- The runner that does it (pyrage/launch/hosted.py) adds nothing else: a program's traceback
  is CPython's own, frame for frame and line for line (every case of the crash corpus).
- `pyrage run -t hosted` and `pyrage check -t hosted` refuse what the native compile refuses,
  at the user's line; a program that passed unchanged is not checked again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import compile_program, run_pyrage

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OVERFLOW = HERE / "overflow_program.py"
CRASH = ROOT / "tests" / "compiler" / "crash_program.py"


def case_count(program: Path) -> int:
    result = subprocess.run([sys.executable, str(program)], capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT)}, check=True, timeout=60)
    return int(result.stdout)


@pytest.fixture(scope="module")
def overflow(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The program in a folder of its own, and its unix image."""
    source = tmp_path_factory.mktemp("overflow") / OVERFLOW.name
    shutil.copy(OVERFLOW, source)
    return source, compile_program(source, "unix")


@pytest.mark.parametrize("case", range(case_count(OVERFLOW)))
def test_overflow_stops_hosted_as_it_stops_the_image(overflow: tuple[Path, Path],
                                                     case: int) -> None:
    source, image = overflow
    native = subprocess.run([str(image), str(case)], capture_output=True, text=True, timeout=60)
    hosted = run_pyrage("run", "-t", "hosted", str(source), "--", str(case))
    assert (hosted.stdout, hosted.stderr, hosted.returncode) == \
        (native.stdout, native.stderr, native.returncode)
    assert native.returncode in (0, -6)  # -6: SIGABRT, the image's pyrage_abort()
    if native.returncode:
        assert native.stderr.startswith(f"{source}:")
        assert ": fatal: integer overflow (pyrage ints are 64-bit)\n" in native.stderr or \
            ": fatal: cast() to " in native.stderr


def test_the_corpus_overflows_where_cpython_does_not() -> None:
    """The cases are real differences: plain CPython grows the int and goes on."""
    plain = subprocess.run([sys.executable, str(OVERFLOW), "0"], capture_output=True, text=True,
                           env={"PYTHONPATH": str(ROOT)}, timeout=60)
    assert (plain.returncode, plain.stdout) == (0, f"adding\n{2**63}\n")


@pytest.mark.parametrize("case", range(case_count(CRASH)))
def test_a_traceback_under_the_runner_is_cpythons(case: int) -> None:
    env = {"PYTHONPATH": str(ROOT)}
    plain = subprocess.run([sys.executable, str(CRASH), str(case)], capture_output=True,
                           text=True, env=env, timeout=60)
    runner = subprocess.run([sys.executable, "-m", "pyrage.launch.hosted", str(CRASH),
                             str(case)], capture_output=True, text=True, env=env, timeout=60)
    assert plain.returncode != 0
    assert (runner.stdout, runner.stderr, runner.returncode) == \
        (plain.stdout, plain.stderr, plain.returncode)


REFUSED = '''\
from typing import Protocol


class Sink(Protocol):
    def put(self, n: int) -> None: ...


class Printer:
    def put(self, n: int) -> None:
        print(n)


def drive(sink: Sink) -> None:
    sink.put(1)


drive(Printer())
'''


@pytest.mark.parametrize("command", ["run", "check"])
def test_hosted_refuses_what_the_native_compile_refuses(tmp_path: Path, command: str) -> None:
    program = tmp_path / "refused.py"
    program.write_text(REFUSED)
    result = run_pyrage(command, "-t", "hosted", str(program))
    assert result.returncode == 1
    assert result.stdout == ""  # refused before it ran
    assert f"{program}:13:" in result.stderr and "error:" in result.stderr
    native = run_pyrage("check", "-t", "unix", str(program))
    assert native.returncode == 1 and native.stderr == result.stderr


def test_an_unchanged_program_is_not_checked_again(tmp_path: Path) -> None:
    program = tmp_path / "fine.py"
    program.write_text("print(6 * 7)\n")
    first = run_pyrage("run", "-t", "hosted", "--timings", str(program))
    assert (first.returncode, first.stdout) == (0, "42\n")
    stamp = tmp_path / "_build" / "hosted" / "checked.stamp"
    assert stamp.is_file()
    stamp.write_text("stale")  # as if the sources had changed: checked again, stamp renewed
    again = run_pyrage("run", "-t", "hosted", str(program))
    assert (again.returncode, again.stdout) == (0, "42\n")
    assert stamp.read_text() != "stale"
    program.write_text("print(6 * 7 +)\n")  # a change is seen: the syntax error is reported
    broken = run_pyrage("run", "-t", "hosted", str(program))
    assert broken.returncode == 1 and f"{program}:1:" in broken.stderr
