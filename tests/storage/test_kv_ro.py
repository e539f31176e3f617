"""KV_RO compiled into the image (kv_ro("files")): what the unikernel in tests/storage/kvro_app
reads back on every target is the directory's files, their digests, and the typed errors."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from pyrage.config.app import load_app
from pyrage.config.generate import embed_directory
from pyrage.errors import ConfigError
from tests.conftest import ALL_TARGETS

APP = Path(__file__).parent / "kvro_app"
PYRAGE = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "pyrage"


def digest(root: Path, rel: str = "") -> bytes:
    """kvlog.py's and crunch.py's digest of a file or a directory."""
    path = root / rel
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).digest()
    text = b""
    for child in sorted(path.iterdir(), key=lambda p: p.name):
        kind = b"dictionary" if child.is_dir() else b"value"
        name = f"{rel}/{child.name}" if rel else child.name
        text += child.name.encode() + b"\x00" + kind + b"\x00" + digest(root, name)
    return hashlib.sha256(text).digest()


def expected(files: Path) -> list[str]:
    out: list[str] = []

    def walk(rel: str) -> None:
        for child in sorted((files / rel).iterdir(), key=lambda p: p.name):
            name = f"{rel}/{child.name}" if rel else child.name
            if child.is_dir():
                size = sum(p.stat().st_size for p in child.rglob("*") if p.is_file())
                out.append(f"dir {name} size {size}")
                walk(name)
            else:
                data = child.read_bytes()
                out.append(f"file {name} {len(data)} {data.hex()} {digest(files, name).hex()} "
                           f"{data[1:4].hex()}")

    walk("")
    out.append(f"root digest {digest(files).hex()}")
    return out + ["missing: KeyNotFound", "sub: ValueExpected"]


@pytest.mark.parametrize("target", ALL_TARGETS)
def test_the_embedded_files_on_every_target(target: str, tmp_path: Path) -> None:
    app = tmp_path / "kvro_app"
    shutil.copytree(APP, app, ignore=shutil.ignore_patterns("_build", "dist"))
    out = subprocess.run([str(PYRAGE), "run", str(app), "-t", target], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = [line for line in out.stdout.splitlines()
             if line.startswith(("file ", "dir ", "root ", "missing", "sub"))]
    assert lines == expected(app / "files")


def test_a_file_name_that_cannot_be_a_key_is_a_config_error(tmp_path: Path) -> None:
    app = tmp_path / "kvro_app"
    shutil.copytree(APP, app, ignore=shutil.ignore_patterns("_build", "dist"))
    (app / "files" / "bad name.txt").write_text("x")
    with pytest.raises(ConfigError, match=r"config.py:6: kv_ro\('files'\): the file 'bad "
                                          r"name.txt' cannot be a key"):
        loaded = load_app(app)
        embed_directory(loaded, loaded.job.devices["kv"])
