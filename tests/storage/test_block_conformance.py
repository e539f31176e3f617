"""The BLOCK conformance checks (tests/storage/block_app/unikernel.py) on every block device:
hosted on an emulated disk and on a file, and compiled for unix (a file) and virtio
(virtio-blk), with 512-byte sectors."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pyrage.impls.block import Block
from pyrage.impls.hosted import block as hosted_block
from pyrage.impls.hosted import net
from pyrage.impls.hosted.block import Disk, EmulatedDisk, FileDisk
from tests.conftest import requires_qemu
from tests.storage.block_app.unikernel import BlockChecks
from tests.storage.harness import run

APP = Path(__file__).parent / "block_app"
PYRAGE = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "pyrage"
SECTORS = 256


def hosted(disk: Disk) -> BlockChecks[Block]:
    net.reset()
    hosted_block.attach("disk", disk)
    checks = BlockChecks(Block("disk"))
    run(checks.run())
    return checks


def test_on_an_emulated_disk() -> None:
    checks = hosted(EmulatedDisk(SECTORS))
    assert checks.failures == [] and checks.passed > 15


def test_on_a_file(tmp_path: Path) -> None:
    image = tmp_path / "disk.img"
    image.write_bytes(bytes(SECTORS * 512))
    checks = hosted(FileDisk(str(image)))
    assert checks.failures == []


@pytest.mark.parametrize("target", [
    "unix", pytest.param("virtio", marks=[pytest.mark.qemu, requires_qemu])])
def test_compiled(target: str, tmp_path: Path) -> None:
    app = tmp_path / "block_app"
    shutil.copytree(APP, app, ignore=shutil.ignore_patterns("_build", "dist"))
    image = tmp_path / "disk.img"
    image.write_bytes(bytes(SECTORS * 512))
    out = subprocess.run([str(PYRAGE), "run", str(app), "-t", target, "--block",
                          f"disk={image}"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = out.stdout.splitlines()
    assert [line for line in lines if line.startswith("FAIL")] == []
    summary = [line for line in lines if line.startswith("checks: ")]
    assert summary and summary[-1].endswith(" 0 failed"), out.stdout[-2000:]
    # and the host sees what the unikernel wrote
    data = image.read_bytes()
    assert data[40 * 512:40 * 512 + 8] != bytes(8)
