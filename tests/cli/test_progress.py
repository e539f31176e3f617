"""The build's progress line (pyrage/cli.py ProgressLine): on a terminal, one line rewritten
per stage and erased at the end; nothing under -q, nothing into a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_pyrage

STAGES = ["type-checking (mypy)", "building pyrage IR (monomorphizing)",
          "generating code (LLVM)", "linking"]
ERASE = "\r\x1b[K"


def on_a_terminal(*args: str) -> tuple[int, str]:
    """pyrage with its stderr on a pseudo-terminal: the exit status and what the terminal got."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "pyrage.cli", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the last holder of the follower side is gone
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    status = proc.wait(timeout=600)
    return status, b"".join(chunks).decode()


def program(tmp_path: Path) -> Path:
    path = tmp_path / "prog.py"
    path.write_text("print('hi')\n")
    return path


def test_each_stage_on_one_line_erased_at_the_end(tmp_path: Path) -> None:
    status, shown = on_a_terminal("compile", str(program(tmp_path)), "-t", "unix")
    assert status == 0, shown
    lines = [part for part in shown.split(ERASE) if part]
    assert [line.split(": ")[-1] for line in lines] == [f"{stage}..." for stage in STAGES]
    assert all(line.startswith("pyrage: ") and "(unix)" in line for line in lines)
    assert shown.endswith(ERASE)


def test_hosted_shows_the_type_check(tmp_path: Path) -> None:
    status, shown = on_a_terminal("run", str(program(tmp_path)), "-t", "hosted")
    assert status == 0, shown
    assert f"{STAGES[0]}..." in shown and shown.endswith(ERASE)


def test_quiet_and_pipes_get_nothing(tmp_path: Path) -> None:
    status, shown = on_a_terminal("compile", str(program(tmp_path)), "-t", "unix", "--force",
                                  "-q")
    assert (status, shown) == (0, "")
    piped = run_pyrage("compile", str(program(tmp_path)), "-t", "unix", "--force")
    assert piped.returncode == 0 and piped.stderr == ""
