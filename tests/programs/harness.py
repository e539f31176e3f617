"""The differential harness shared by test_differential.py and triage.py.

A program is a file `NNN_name.py`, or a directory `NNN_name/` whose entry is `main.py` (with
modules and packages beside it). CPython is the oracle: it runs the entry with the program's
directory as the working directory, and the compiled image must print the same stdout and exit
with the same status. Signals count as 128 + N, as a shell reports them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PENDING = HERE / "pending"

_PROGRAM_NAME = re.compile(r"^[0-9]{3}_[A-Za-z0-9_]+$")

#: The oracle must not leave __pycache__ directories in the corpus.
_CPYTHON_ENV = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")


@dataclass(frozen=True)
class Program:
    name: str  # "042_builtin_exceptions": the file stem or the directory name
    entry: Path  # the file CPython runs and pyrage compiles

    @property
    def is_package(self) -> bool:
        return self.entry.name == "main.py" and self.entry.parent.name == self.name

    @property
    def module(self) -> str:
        """The entry's module name: "main" in a directory, else the file's stem."""
        return self.entry.stem

    @property
    def cwd(self) -> Path:
        return self.entry.parent

    @property
    def path(self) -> Path:
        """The file or directory that is the program (what --promote moves)."""
        return self.entry.parent if self.is_package else self.entry


@dataclass(frozen=True)
class Outcome:
    stdout: str
    status: int
    stderr: str


def discover(root: Path) -> list[Program]:
    """The programs directly in root, in name order: NNN_*.py files and NNN_*/main.py."""
    if not root.is_dir():
        return []
    found: list[Program] = []
    for path in sorted(root.iterdir()):
        if path.is_file() and path.suffix == ".py" and _PROGRAM_NAME.match(path.stem):
            found.append(Program(path.stem, path))
        elif path.is_dir() and _PROGRAM_NAME.match(path.name) and (path / "main.py").is_file():
            found.append(Program(path.name, path / "main.py"))
    return found


def exit_status(returncode: int) -> int:
    """As a shell reports it: a signal N is 128 + N."""
    return 128 - returncode if returncode < 0 else returncode


def run_cpython(program: Program, *, merge_stderr: bool = False, timeout: float = 60) -> Outcome:
    """The oracle. merge_stderr runs unbuffered with stderr on stdout, in program order, as a
    virtio console shows them."""
    argv = [sys.executable, *(["-u"] if merge_stderr else []), program.entry.name]
    proc = subprocess.run(argv, cwd=program.cwd, env=_CPYTHON_ENV, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE,
                          text=True, timeout=timeout)
    return Outcome(proc.stdout, exit_status(proc.returncode), proc.stderr or "")


def compile_program(program: Program, out_dir: Path, target: str = "unix") -> Path:
    """Compile in-process (what `pyrage compile <entry> -t TARGET` does); returns the image.

    Raises pyrage.errors.CompileError when the program is outside the compiled language.
    """
    from pyrage.compiler import driver

    out_dir.mkdir(parents=True, exist_ok=True)
    image = out_dir / ("prog" if target == "unix" else "prog.virtio")
    driver.compile_to_image(program.entry, program.module, [program.cwd], target, image,
                            work_dir=out_dir / "work")
    return image


def run_image(image: Path, program: Program, timeout: float = 60) -> Outcome:
    proc = subprocess.run([str(image)], cwd=program.cwd, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, errors="replace", timeout=timeout)
    return Outcome(proc.stdout, exit_status(proc.returncode), proc.stderr)


def run_qemu(image: Path, timeout: float = 120) -> Outcome:
    """Boot a virtio image under QEMU (TCG). The serial console carries stdout and stderr."""
    from pyrage.launch.qemu import decode_exit_status, qemu_command

    proc = subprocess.run(qemu_command(image, accel="tcg"), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, errors="replace", timeout=timeout)
    return Outcome(proc.stdout, decode_exit_status(proc.returncode), proc.stderr)


TRACEBACK = "Traceback (most recent call last):\n"


def console_prefix(merged: Outcome) -> str:
    """What a console must start with: the merged output up to an uncaught exception's
    traceback (pyrage's traceback is deliberately shorter than CPython's)."""
    if merged.status != 0 and TRACEBACK in merged.stdout:
        return merged.stdout[:merged.stdout.rindex(TRACEBACK)]
    return merged.stdout


def first_difference(expected: str, got: str) -> str:
    """A one-line description of where two outputs first differ."""
    want, have = expected.splitlines(), got.splitlines()
    for i, (a, b) in enumerate(zip(want, have), start=1):
        if a != b:
            return f"line {i}: expected {a[:60]!r}, got {b[:60]!r}"
    if len(want) != len(have):
        return f"expected {len(want)} lines, got {len(have)}"
    return "line endings differ"
