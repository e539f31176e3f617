"""examples/kv-store end to end: its boot history kept on one disk image across boots and across
targets (unix, virtio, hosted), as its README says, and read back on the host by `pyrage kv`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_example, qemu_available, run_pyrage

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example("kv-store", tmp_path_factory)


def boot(app: Path, target: str, image: Path, note: str) -> list[str]:
    out = run_pyrage("run", str(app), "-t", target, "--block", str(image), "--",
                     f"--note={note}", timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    return [line for line in out.stdout.splitlines() if line.startswith(("0", "boot "))]


@pytest.mark.parametrize("target", ["unix", "hosted", pytest.param(
    "virtio", marks=[pytest.mark.qemu, pytest.mark.skipif(not qemu_available(),
                                                          reason="no QEMU")])])
def test_two_boots_on_a_zeroed_image(app: Path, target: str, tmp_path: Path) -> None:
    image = tmp_path / "disk.img"
    with open(image, "wb") as f:
        f.truncate(4 * 1024 * 1024)  # `truncate -s 4M disk.img`
    assert boot(app, target, image, "first") == ["boot 1"]
    assert boot(app, target, image, "second") == ["000001: boot 1 (first)", "boot 2"]
    if target != "hosted":  # the image's device manifest: its one block device
        built = app / "dist" / ("kv-store" + (".virtio" if target == "virtio" else ""))
        shown = run_pyrage("manifest", str(built))
        assert (shown.returncode, shown.stdout) == (0, "block disk\n"), shown.stderr


@pytest.mark.skipif(not qemu_available(), reason="no QEMU")
def test_one_image_across_targets_and_the_host_tool(app: Path, tmp_path: Path) -> None:
    image = tmp_path / "disk.img"
    assert run_pyrage("kv", "create", str(image), "4M").returncode == 0
    assert boot(app, "unix", image, "unix")[-1] == "boot 1"
    assert boot(app, "virtio", image, "vm")[-1] == "boot 2"
    assert boot(app, "hosted", image, "cpython") == [
        "000001: boot 1 (unix)", "000002: boot 2 (vm)", "boot 3"]
    listing = run_pyrage("kv", "ls", str(image), "-r")
    assert listing.stdout.split() == [str(len("boot 1 (unix)")), "boots/000001",
                                      str(len("boot 2 (vm)")), "boots/000002",
                                      str(len("boot 3 (cpython)")), "boots/000003"]
    got = run_pyrage("kv", "get", str(image), "boots/000002")
    assert got.stdout == "boot 2 (vm)"
    assert run_pyrage("kv", "check", str(image)).returncode == 0
