"""`pyrage new DIR`: a new app folder, ready to run and to open in an editor.

    DIR/unikernel.py      the functor: Main over a CONSOLE and a TIME
    DIR/config.py         its application to the devices and boot arguments
    DIR/pyrightconfig.json  pyright and Pylance: pyrage's venv and source, strict mode
    DIR/mypy.ini          mypy (an editor's, or on the command line): strict, as `pyrage check`
    DIR/README.md         how to run and check it
    DIR/.gitignore        _build/ and dist/

The two editor configs name this machine's paths (the venv pyrage runs from, and the folder its
package is in), so that an editor resolves `import pyrage` with no setup whatever way pyrage was
installed: `pyrage new --editor DIR` writes them again, for an app that was moved or cloned.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from pyrage.errors import PyrageError, UsageError

#: The job's name, which names the image: as config.py's job() accepts it.
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

UNIKERNEL = '''\
"""{name}: a unikernel generic over a CONSOLE and a TIME (pyrage/signatures/).

config.py says which devices it gets; pyrage specializes Main for them.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures import CONSOLE, TIME

C = TypeVar("C", bound=CONSOLE)
T = TypeVar("T", bound=TIME)


class Main(Generic[C, T]):
    def __init__(self, console: C, time: T, greeting: str, count: int,
                 interval_ms: int) -> None:
        self.console = console
        self.time = time
        self.greeting = greeting
        self.count = count
        self.interval_ns = interval_ms * 1_000_000

    async def start(self) -> None:
        for i in range(self.count):
            if i > 0:
                await self.time.sleep_ns(self.interval_ns)
            await self.console.log(f"{{self.greeting}} ({{i + 1}}/{{self.count}})")
'''

CONFIG = '''\
"""{name}'s device graph: Main applied to a console, a clock and three boot arguments."""

import unikernel
from pyrage.config import arg, console, job, time

job(
    "{name}",
    unikernel.Main,
    console=console(),
    time=time(),
    greeting=arg("hello from {name}", "the line to print"),
    count=arg(3, "how many times to print it"),
    interval_ms=arg(500, "milliseconds between two lines"),
)
'''

README = '''\
# {name}

A pyrage unikernel: `unikernel.py` is the functor, `config.py` applies it to its devices.

```sh
pyrage run -t hosted                    # under CPython, for development
pyrage run -- --count=5 --greeting=hi   # a native Linux executable (dist/{name}); boot arguments after --
pyrage run -t virtio                    # a PVH image under QEMU (dist/{name}.virtio)
pyrage check                            # mypy --strict and the compiled subset, without building
```

## Editor

`pyrightconfig.json` (pyright, Pylance) and `mypy.ini` (mypy) point the type checkers at pyrage
and the venv it runs from on this machine: open this folder in the editor. A device that lacks a
member of its signature is shown at its line of `config.py`, a misuse of a signature at its line
of `unikernel.py`. After moving or cloning the app, `pyrage new --editor .` writes them again.
'''

GITIGNORE = '''\
# pyrage's outputs: the generated composition roots and the images
_build/
dist/
'''


def new_app(folder: Path, *, editor_only: bool = False) -> list[Path]:
    """Create the app `folder` (which must not exist, or be empty), or with `editor_only` write
    the editor configs of an existing app; returns the files written."""
    name = folder.resolve().name
    if editor_only:
        if not (folder / "config.py").is_file():
            raise PyrageError(f"{folder}: no config.py here: `pyrage new --editor` writes the "
                              "editor config of an existing app")
        return _write(folder, editor_configs())
    if not _NAME.match(name):
        raise UsageError(f"pyrage new {folder}: the folder's name names the unikernel and its "
                         "image: lower-case letters, digits, - and _, such as my-app")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PyrageError(f"{folder} already exists and is not empty (`pyrage new --editor "
                          f"{folder}` writes only the editor config of an app)")
    folder.mkdir(parents=True, exist_ok=True)
    files = {"unikernel.py": UNIKERNEL, "config.py": CONFIG, "README.md": README,
             ".gitignore": GITIGNORE}
    return _write(folder, {k: v.format(name=name) for k, v in files.items()}
                  | editor_configs())


def _write(folder: Path, files: dict[str, str]) -> list[Path]:
    written = []
    for file, text in files.items():
        (folder / file).write_text(text)
        written.append(folder / file)
    return written


def editor_configs() -> dict[str, str]:
    """pyrightconfig.json and mypy.ini for an app checked with this pyrage: the folder that holds
    the `pyrage` package (an editable install's import hook is invisible to static checkers,
    so it is named outright) and the venv pyrage runs in (for the packages pyrage imports)."""
    source = str(Path(__file__).resolve().parent.parent)
    venv = Path(sys.prefix) if sys.prefix != sys.base_prefix else None
    pyright: dict[str, object] = {}
    if venv is not None:
        pyright |= {"venvPath": str(venv.parent), "venv": venv.name}
    pyright |= {
        "extraPaths": [source],
        "pythonVersion": f"{sys.version_info.major}.{sys.version_info.minor}",
        "typeCheckingMode": "strict",
        "exclude": ["_build", "dist", "**/__pycache__", "**/.*"],
    }
    header = ("pyright and Pylance for this app, as `pyrage check` sees it: written by `pyrage "
              "new` with this machine's paths (`pyrage new --editor .` writes it again)")
    python = (venv / "bin" / "python") if venv is not None else Path(sys.executable)
    mypy = "\n".join([
        "# mypy for this app (strict, as `pyrage check`): written by `pyrage new` with this",
        "# machine's paths (`pyrage new --editor .` writes it again)",
        "[mypy]",
        "strict = True",
        f"python_version = {sys.version_info.major}.{sys.version_info.minor}",
        f"python_executable = {python}",
        f"mypy_path = {source}",
        "exclude = (^|/)(_build|dist)/",
        "",
    ])
    return {"pyrightconfig.json": f"// {header}\n{json.dumps(pyright, indent=2)}\n",
            "mypy.ini": mypy}
