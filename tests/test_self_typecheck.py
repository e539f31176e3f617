"""pyrage's own code, its examples and its tests are mypy --strict clean: the stdlib and the
impls are compiled, so they must be, and the rest keeps the same bar."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

#: hello is checked with pyrage and tests (tests/typecheck applies its functor); the others
#: each in a run of their own, since every example has its own unikernel and config modules.
EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir()
                  if (p / "config.py").exists() and p.name != "hello")


def mypy(*paths: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mypy", *paths], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def test_mypy_strict_is_clean() -> None:
    # tests/programs holds many separate programs (several main.py files): each is checked on
    # its own when the differential tests compile it.
    result = mypy("--exclude", "tests/programs/", "pyrage", "tests", "examples/hello/unikernel.py",
                  "examples/hello/config.py")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_is_mypy_strict_clean(example: str) -> None:
    result = mypy(f"examples/{example}/unikernel.py", f"examples/{example}/config.py")
    assert result.returncode == 0, result.stdout + result.stderr
