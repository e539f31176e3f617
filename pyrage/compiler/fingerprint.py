"""Whether an image is up to date: a hash of everything that goes into it.

Inputs: every .py under the program's search paths (the app directory), the entry file, all of
pyrage (compiler, stdlib, impls, runtime sources), the target, the device manifest and the
Python version. A match with the stamp written by the last build means the image can be reused
as it is.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pyrage

SKIP_DIRS = {"_build", "dist", ".venv", "__pycache__", ".git", ".mypy_cache", ".pytest_cache"}
PYRAGE_ROOT = Path(pyrage.__file__).resolve().parent


def _files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        if path.suffix in suffixes and not SKIP_DIRS.intersection(path.relative_to(root).parts):
            found.append(path)
    return sorted(found)


def fingerprint(entry: Path, search_paths: list[Path], target: str, manifest: bytes = b"") -> str:
    """`manifest`: the image's device manifest (pyrage/manifest.py's encoding)."""
    h = hashlib.sha256(f"{target}\0{sys.version}\0".encode() + manifest + b"\0")
    files = [entry, *(f for root in search_paths for f in _files(root, (".py",)))]
    files += _files(PYRAGE_ROOT, (".py", ".c", ".h", ".S", ".ld"))
    for path in files:
        h.update(str(path).encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def is_up_to_date(stamp: Path, image: Path, digest: str) -> bool:
    return image.exists() and stamp.exists() and stamp.read_text() == digest
