"""KV_RO over a tar archive on a block device (pyrage/functors/storage/tar.py): archives made by
Python's tarfile in each format, malformed ones, and the kvro_app unikernel compiled over one."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from pyrage.functors.storage.tar import TarKv
from pyrage.impls.block import Block
from pyrage.impls.hosted import block as hosted_block
from pyrage.impls.hosted import net
from pyrage.impls.hosted.block import EmulatedDisk
from pyrage.stdlib.storage import Corrupt, Key
from tests.conftest import ALL_TARGETS
from tests.storage.harness import run
from tests.storage.test_kv_ro import APP, PYRAGE, expected

FILES = {"index.html": b"<h1>hi</h1>", "css/site.css": b"body{}",
         "deep/er/" + "n" * 120 + ".txt": b"a long name", "empty": b"",
         "big.bin": bytes(range(256)) * 40}


def archive(fmt: int, files: dict[str, bytes] = FILES) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=fmt) as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1_700_000_000
            tar.addfile(info, io.BytesIO(data))
    raw = out.getvalue()
    return raw + bytes(-len(raw) % 512)


def mount(image: bytes) -> TarKv[Block]:
    net.reset()
    hosted_block.attach("disk", EmulatedDisk(len(image) // 512, image=image))
    kv = TarKv(Block("disk"))
    run(kv.connect())
    return kv


@pytest.mark.parametrize("fmt", [tarfile.USTAR_FORMAT, tarfile.GNU_FORMAT, tarfile.PAX_FORMAT])
def test_every_format(fmt: int) -> None:
    files = FILES if fmt != tarfile.USTAR_FORMAT else {
        k: v for k, v in FILES.items() if len(k) < 100}
    kv = mount(archive(fmt, files))
    for name, data in files.items():
        assert run(kv.get(Key(name))) == data
        assert run(kv.last_modified(Key(name))) == 1_700_000_000 * 10**9
    assert run(kv.get_partial(Key("big.bin"), 250, 10)) == bytes([250, 251, 252, 253, 254, 255,
                                                                  0, 1, 2, 3])
    assert run(kv.size(Key.root())) == sum(len(v) for v in files.values())
    names = [e.key.text() for e in run(kv.list(Key.root()))]
    assert names == sorted({n.split("/")[0] for n in files})


def test_a_damaged_header_is_corrupt() -> None:
    image = bytearray(archive(tarfile.USTAR_FORMAT, {"a": b"x"}))
    image[10] ^= 1
    with pytest.raises(Corrupt, match="the header at byte 0 fails its checksum"):
        mount(bytes(image))


def test_a_file_past_the_device_is_corrupt() -> None:
    image = archive(tarfile.USTAR_FORMAT, {"a": bytes(5000)})
    with pytest.raises(Corrupt, match="runs past the end"):
        mount(image[:2048])


def test_a_name_that_cannot_be_a_key_is_corrupt() -> None:
    with pytest.raises(Corrupt, match=r"'\.\.' segment"):
        mount(archive(tarfile.USTAR_FORMAT, {"a/../b": b"x"}))


@pytest.mark.parametrize("target", ALL_TARGETS)
def test_compiled_over_an_archive(target: str, tmp_path: Path) -> None:
    app = tmp_path / "tar_app"
    shutil.copytree(APP, app, ignore=shutil.ignore_patterns("_build", "dist"))
    (app / "config.py").write_text(
        "import unikernel\n"
        "from pyrage.config import block, console, job, tar_ro\n\n"
        "job(\"tar-checks\", unikernel.Main, console=console(), kv=tar_ro(block(\"disk\")))\n")
    image = tmp_path / "files.tar"
    subprocess.run(["tar", "-cf", str(image), "-C", str(app / "files"), "."], check=True)
    out = subprocess.run([str(PYRAGE), "run", str(app), "-t", target, "--block",
                          f"disk={image}"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = [line for line in out.stdout.splitlines()
             if line.startswith(("file ", "dir ", "root ", "missing", "sub"))]
    assert lines == expected(app / "files")
