"""The KV_RW conformance checks (tests/storage/kv_app/unikernel.py) on every store and target:
hosted on an emulated disk and on a file, and compiled for unix and virtio over their block
devices."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pyrage.impls.hosted.block import EmulatedDisk, FileDisk
from tests.conftest import requires_qemu
from tests.storage.harness import Store, mount, run
from tests.storage.kv_app.unikernel import Checks

APP = Path(__file__).parent / "kv_app"
PYRAGE = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "pyrage"
DISK_BYTES = 2 * 1024 * 1024


def hosted_checks(disk: EmulatedDisk | FileDisk) -> Checks[Store]:
    async def go() -> Checks[Store]:
        checks = Checks(await mount(disk))
        await checks.run()
        return checks

    return run(go())


def test_on_an_emulated_disk() -> None:
    checks = hosted_checks(EmulatedDisk(DISK_BYTES // 512))
    assert checks.failures == []
    assert checks.passed > 50


def test_on_a_file(tmp_path: Path) -> None:
    image = tmp_path / "disk.img"
    image.write_bytes(bytes(DISK_BYTES))
    checks = hosted_checks(FileDisk(str(image)))
    assert checks.failures == []


@pytest.mark.parametrize("target", [
    "unix", pytest.param("virtio", marks=[pytest.mark.qemu, requires_qemu])])
def test_compiled(target: str, tmp_path: Path) -> None:
    app = tmp_path / "kv_app"
    shutil.copytree(APP, app, ignore=shutil.ignore_patterns("_build", "dist"))
    image = tmp_path / "disk.img"
    image.write_bytes(bytes(DISK_BYTES))
    out = subprocess.run([str(PYRAGE), "run", str(app), "-t", target, "--block",
                          f"disk={image}"], capture_output=True, text=True, timeout=600)
    lines = out.stdout.splitlines()
    assert out.returncode == 0, out.stderr[-3000:]
    assert [line for line in lines if line.startswith("FAIL")] == []
    summary = [line for line in lines if line.startswith("checks: ")]
    assert summary and summary[-1].endswith(" 0 failed"), out.stdout[-2000:]
