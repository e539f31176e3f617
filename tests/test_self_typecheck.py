"""pyrage's own code, its examples and its tests are mypy --strict clean: the stdlib and the
impls are compiled, so they must be, and the rest keeps the same bar."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run(
        # tests/programs holds many separate programs (several main.py files): each is checked
        # on its own when the differential tests compile it.
        [sys.executable, "-m", "mypy", "--exclude", "tests/programs/", "pyrage", "tests",
         "examples/hello/unikernel.py", "examples/hello/config.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
