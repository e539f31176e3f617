"""Loading an app directory: config.py (run in CPython) and where its build outputs go."""

from __future__ import annotations

import runpy
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from pyrage.config.dsl import REGISTRY, Job
from pyrage.errors import ConfigError


@dataclass
class App:
    root: Path
    job: Job

    @property
    def config(self) -> Path:
        return self.root / "config.py"

    def build_dir(self, target: str, net: str = "direct") -> Path:
        """_build/TARGET, or _build/TARGET-socket for the socket stack (`--net socket`)."""
        return self.root / "_build" / (target if net == "direct" else f"{target}-{net}")

    def image(self, target: str, net: str = "direct") -> Path:
        suffix = ".virtio" if target == "virtio" else ""
        variant = "" if net == "direct" else f"-{net}"
        return self.root / "dist" / f"{self.job.name}{variant}{suffix}"


def load_app(root: Path) -> App:
    """Run root/config.py and return the job it registers. Errors name the config line (or
    the line of the app's module that config.py imports, such as unikernel.py)."""
    root = root.resolve()
    config = root / "config.py"
    if not config.is_file():
        raise ConfigError(f"{root}: no config.py here (an app directory holds config.py and "
                          "unikernel.py); for a single-file program use `pyrage run FILE.py`")
    REGISTRY.jobs.clear()
    try:
        with _importing_from(root):
            runpy.run_path(str(config), run_name="__config__")
    except ConfigError:
        raise
    except SyntaxError as e:
        raise ConfigError(f"{e.filename or config}:{e.lineno}:{e.offset or 0}: error: {e.msg}"
                          ) from None
    except Exception as e:
        frames = [f for f in traceback.extract_tb(e.__traceback__)
                  if Path(f.filename).parent == root]
        at = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else f"{config}:0"
        raise ConfigError(f"{at}: error: {type(e).__name__}: {e}") from None
    if not REGISTRY.jobs:
        raise ConfigError(f"{config}: error: config.py does not call job(...)")
    return App(root, REGISTRY.jobs[0])


class _importing_from:
    """config.py imports the app's modules (`import unikernel`): from its folder, first, and
    forgotten afterwards, so that the next app loaded in this process gets its own."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __enter__(self) -> None:
        self.before = set(sys.modules)
        sys.path.insert(0, str(self.root))

    def __exit__(self, *exc: object) -> None:
        sys.path.remove(str(self.root))
        for name in set(sys.modules) - self.before:
            file = getattr(sys.modules[name], "__file__", None)
            if file is not None and Path(file).resolve().is_relative_to(self.root):
                del sys.modules[name]
