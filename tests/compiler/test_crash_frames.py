"""Tracebacks show the frames CPython shows, and only those (issue #14): every case of
tests/compiler/crash_program.py runs under CPython and compiled, and the two tracebacks must
list the same frames (file, line, function), end in the same exception line and exit status,
after the same output. Compiled tracebacks have no source lines; the frames are what count.

Covered: errors raised inside builtins (no frame of pyrage's stdlib implementation), through
constructors (no frame at the `class` line), properties, dunders, closures, lambdas and
function values (the caller's frame, not a wrapper's `def` line), exceptions raised again (the
frames they had are kept), and exceptions in tasks (the frames inside the task are kept when
the scheduler raises them in whoever awaits or joins it). A few cases also boot on virtio.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pyrage.launch.qemu import decode_exit_status, qemu_command
from tests.conftest import compile_program, qemu_available

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PROGRAM = HERE / "crash_program.py"
FRAME = re.compile(r'^  File "([^"]+)", line (\d+), in (.+)$')
Frames = list[list[tuple[str, int, str]]]


def case_count() -> int:
    out = subprocess.run([sys.executable, str(PROGRAM)], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT)}, timeout=60)
    return int(out.stdout)


CASES = range(case_count())
#: A handful booted on virtio as well: a builtin's error, a constructor, a task's.
VIRTIO_CASES = [0, 28, 49]
#: CPython 3.11 frames that compiled code does not have yet: a comprehension's own frame
#: (<listcomp>, <genexpr>; CPython 3.12 inlines them too), a lambda that sorted() applies in
#: place, and the chained traceback printed for an exception raised while handling another.
DIFFERS = {
    "c_sorted_key": "a key lambda applied in place has no <lambda> frame",
    "c_raise_in_except": "no 'During handling of the above exception' traceback",
    "c_raise_from": "no 'The above exception was the direct cause' traceback",
    "c_method_chain": "no <genexpr> frame",
    "c_recursion_of_methods": "no <listcomp> frame",
}


def case_names() -> list[str]:
    source = PROGRAM.read_text()
    listed = source[source.index("CASES: list"):]
    return re.findall(r"\b(c_\w+)", listed)


def tracebacks(stderr: str) -> tuple[Frames, str]:
    """Each traceback's frames (file name, line, function), and the last line that is not
    indented (the exception's)."""
    found: Frames = []
    for line in stderr.splitlines():
        if line.startswith("Traceback (most recent call last):"):
            found.append([])
        match = FRAME.match(line)
        if match and found:
            found[-1].append((Path(match.group(1)).name, int(match.group(2)), match.group(3)))
    last = [line for line in stderr.splitlines() if line and not line.startswith(" ")]
    return found, last[-1] if last else ""


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("crash") / PROGRAM.name
    shutil.copy(PROGRAM, source)
    return compile_program(source, "unix")


def cpython(case: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(PROGRAM), str(case)], capture_output=True,
                          text=True, env={"PYTHONPATH": str(ROOT)}, timeout=60)


def test_there_are_at_least_50_cases() -> None:
    assert len(CASES) >= 50 and len(case_names()) == len(CASES)


def params() -> list[object]:
    """Every case; those in DIFFERS expected to fail (strictly: one that passes is reported)."""
    return [pytest.param(case, id=name, marks=[pytest.mark.xfail(reason=DIFFERS[name],
                                                                 strict=True)]
                         if name in DIFFERS else [])
            for case, name in zip(CASES, case_names())]


@pytest.mark.parametrize("case", params())
def test_frames_match_cpython(image: Path, case: int) -> None:
    want = cpython(case)
    got = subprocess.run([str(image), str(case)], capture_output=True, text=True, timeout=60)
    assert want.returncode != 0, want.stderr  # every case crashes
    assert (got.stdout, got.returncode) == (want.stdout, want.returncode), got.stderr
    assert tracebacks(got.stderr) == tracebacks(want.stderr), got.stderr


@pytest.mark.slow
@pytest.mark.qemu
@pytest.mark.skipif(not qemu_available(), reason="qemu-system-x86_64 is not installed")
@pytest.mark.parametrize("case", VIRTIO_CASES, ids=[case_names()[c] for c in VIRTIO_CASES])
def test_frames_match_cpython_on_virtio(tmp_path: Path, case: int) -> None:
    source = tmp_path / PROGRAM.name
    shutil.copy(PROGRAM, source)
    image = compile_program(source, "virtio")
    proc = subprocess.run(qemu_command(image, accel="tcg", boot_args=[str(case)]),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          errors="replace", timeout=120)
    want = cpython(case)
    assert decode_exit_status(proc.returncode) == want.returncode
    # the serial console carries stdout and stderr together: the traceback follows the output
    console = proc.stdout.replace("\r\n", "\n")
    assert console.startswith(want.stdout)
    assert tracebacks(console[len(want.stdout):]) == tracebacks(want.stderr)
