"""pyrage's own code, its examples and its tests are mypy --strict clean: the stdlib and the
impls are compiled, so they must be, and the rest keeps the same bar."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: hello is checked with pyrage and tests (tests/typecheck applies its functor); the other
#: apps (the examples, the tests' and the benchmarks') each in a run of their own, since every
#: app has its own unikernel and config modules (config.py does `import unikernel`).
APPS = sorted(str(p.parent.relative_to(ROOT))
              for p in [*ROOT.glob("examples/*/config.py"), *ROOT.glob("tests/**/config.py"),
                        *ROOT.glob("bench/**/config.py")]
              if p.parent.name != "hello")


def mypy(*paths: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPYPATH": str(ROOT)}  # pyrage itself, from any folder
    return subprocess.run([sys.executable, "-m", "mypy", *paths], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env=env)


def test_mypy_strict_is_clean() -> None:
    # tests/programs holds many separate programs (several main.py files): each is checked on
    # its own when the differential tests compile it.
    result = mypy("--exclude", "tests/programs/|tests/.*_app/", "pyrage", "tests",
                  "examples/hello/unikernel.py", "examples/hello/config.py")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("app", APPS)
def test_app_is_mypy_strict_clean(app: str) -> None:
    # in the app's folder, as an editor runs it: config.py's `import unikernel` is the app's
    result = mypy("--explicit-package-bases", "unikernel.py", "config.py", cwd=ROOT / app)
    assert result.returncode == 0, result.stdout + result.stderr
