"""The virtio-blk driver (runtime/virtio/blk.c; mmio.c's boot arguments; yield.c's pollers and
handles) under QEMU (TCG), driven by tests/runtime/block_app.c on image files made here, with
the QEMU options of pyrage/launch/qemu.py's block_devices; and `pyrage run -t virtio --block`
with a compiled program."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pyrage.launch import qemu
from tests.conftest import run_pyrage
from tests.runtime.blocks import (BOUNDS, SECTOR, build_app, make_image, pattern, sectors_of,
                                  values)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.qemu,
    pytest.mark.skipif(shutil.which(qemu.QEMU) is None, reason=f"{qemu.QEMU} is not installed"),
]

TIMEOUT = 120
SIZE = 1 << 20  # 2048 sectors
SECTORS = SIZE // SECTOR
DEPTH = 85  # QEMU's 256-entry queue, 3 descriptors a request


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_app("virtio", tmp_path_factory.mktemp("vblock"))


@pytest.fixture
def disk(tmp_path: Path) -> Path:
    return make_image(tmp_path / "disk.img", SIZE, seed=5)


def boot(image: Path, tmp_path: Path, *args: str, disks: list[Path] = [],
         devices: list[str] | None = None, legacy: bool = False) -> tuple[int, list[str], str]:
    """(status, console lines, QEMU's stderr) of block_app with `disks` attached as `pyrage
    run` attaches them (--block:NAME=N is for the test to give), or `devices` as they are."""
    if devices is None:
        devices, _ = qemu.block_devices([(f"d{i}", path) for i, path in enumerate(disks)])
    status = tmp_path / "status"
    cmd = qemu.qemu_command(image, accel="tcg", boot_args=list(args), devices=devices,
                            status_path=status)
    if legacy:  # QEMU's default transport: virtio-mmio version 1
        cmd[cmd.index("virtio-mmio.force-legacy=false")] = "virtio-mmio.force-legacy=true"
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=TIMEOUT)
    rc = qemu.decode_exit_status(proc.returncode, proc.stderr, qemu.read_status(status))
    return rc, proc.stdout.splitlines(), proc.stderr


def ok(image: Path, tmp_path: Path, *args: str, disks: list[Path] = [],
       devices: list[str] | None = None, legacy: bool = False) -> dict[str, str]:
    status, out, err = boot(image, tmp_path, *args, disks=disks, devices=devices, legacy=legacy)
    assert (status, err) == (0, ""), out
    return values(out)


def drive(path: Path, index: int, *options: str) -> list[str]:
    """A virtio-blk device as block_devices makes it, with more of QEMU's device options."""
    opts, _ = qemu.block_devices([("x", path)])
    return [opts[0], opts[1].replace("id=b0", f"id=b{index}"), opts[2],
            ",".join([f"virtio-blk-device,drive=b{index}", *options])]


# --- the boot arguments and acquiring -------------------------------------------------------


def test_block_arguments_are_not_seen_by_the_program(image: Path, disk: Path,
                                                     tmp_path: Path) -> None:
    status, out, _ = boot(image, tmp_path, "--block:disk=0", "args", "a", "--block:x=7", "b",
                          disks=[disk])
    assert status == 0
    assert out == ["arg pyrage", "arg args", "arg a", "arg b"]


@pytest.mark.parametrize("args, why", [
    (["--block:disk"], "expected --block:NAME=N, for block device 'disk'"),
    (["--block:disk="], "expected --block:NAME=N, for block device 'disk'"),
    (["--block:disk=disk.img"], "expected --block:NAME=N, for block device 'disk'"),
    (["--block:disk=0", "--block:disk=1"], "a second device for block device 'disk'"),
])
def test_a_malformed_block_argument_fails_the_acquire(image: Path, disk: Path, tmp_path: Path,
                                                      args: list[str], why: str) -> None:
    """As for NICs, boot.c only sets --block entries aside: block_acquire checks them."""
    status, out, _ = boot(image, tmp_path, *args, "acquire", "disk", "other", disks=[disk])
    assert status == 0
    assert out == [f"pyrage: bad argument '{args[-1]}': {why}", "acquire disk -2",
                   "acquire other -1"]


def monitor(sock: Path) -> Callable[..., Any]:
    """A QMP command function on QEMU's monitor socket (once QEMU has made it)."""
    deadline = time.monotonic() + TIMEOUT
    while not sock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    conn = socket.socket(socket.AF_UNIX)
    conn.connect(str(sock))
    stream = conn.makefile("rw")
    stream.readline()  # the greeting

    def command(name: str, **arguments: object) -> Any:
        stream.write(json.dumps({"execute": name, "arguments": arguments}) + "\n")
        stream.flush()
        while True:  # events may come first
            reply = json.loads(stream.readline())
            if "return" in reply or "error" in reply:
                return reply.get("return", reply)

    command("qmp_capabilities")
    return command


@pytest.mark.parametrize("args, status, out", [
    # the entry names a device the manifest does not have: the boot stops at once
    (["--block:disk=1", "--block:stray=0", "acquire", "disk"], 2,
     ["pyrage: bad argument '--block:stray=0': the image's manifest has no such block device"]),
    # no entry for device 0; the program asks for a name the manifest does not have
    (["--block:disk=1", "acquire", "stray", "disk"], 0,
     ["pyrage: block device 'stray' is not in the image's manifest", "acquire stray -2",
      "acquire disk 1", "sectors 8", "read_only 0"]),
])
def test_a_device_the_manifest_does_not_name_is_never_driven(image: Path, tmp_path: Path,
                                                            args: list[str], status: int,
                                                            out: list[str]) -> None:
    """Two virtio-blk devices on QEMU's command line, only the second claimed by a device of the
    manifest (block_app.c's "disk"). The first is never driven: QEMU's monitor shows its status
    register never written (no ACKNOWLEDGE, DRIVER or DRIVER_OK), while the second is live. The
    guest's exit is left to the i8042 reset (no isa-debug-exit), which -no-shutdown turns into
    a stopped VM whose devices the monitor can still read."""
    first, second = make_image(tmp_path / "a.img", 8 * SECTOR), make_image(tmp_path / "b.img",
                                                                           8 * SECTOR)
    sock = tmp_path / "qmp.sock"
    cmd = qemu.qemu_command(image, accel="tcg", boot_args=args,
                            devices=[*drive(first, 0, "id=vd0"), *drive(second, 1, "id=vd1")],
                            status_path=tmp_path / "status")
    exit_device = cmd.index("isa-debug-exit,iobase=0xf4,iosize=4")
    del cmd[exit_device - 1:exit_device + 1]
    cmd += ["-no-shutdown", "-qmp", f"unix:{sock},server=on,wait=off"]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        command = monitor(sock)
        deadline = time.monotonic() + TIMEOUT
        while command("query-status")["status"] == "running" and time.monotonic() < deadline:
            time.sleep(0.1)
        statuses = {d: command("x-query-virtio-status", path=f"/machine/peripheral/{d}")
                    ["status"]["statuses"] for d in ("vd0", "vd1")}
        command("quit")
        console, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert (qemu.status_from_line(qemu.read_status(tmp_path / "status")), err) == (status, "")
    assert console.splitlines() == out
    assert statuses["vd0"] == []
    driven = [s.split(":")[0] for s in statuses["vd1"]]
    assert driven == ([] if status else ["VIRTIO_CONFIG_S_ACKNOWLEDGE", "VIRTIO_CONFIG_S_DRIVER",
                                         "VIRTIO_CONFIG_S_FEATURES_OK",
                                         "VIRTIO_CONFIG_S_DRIVER_OK"])


def test_which_device_is_which(image: Path, tmp_path: Path) -> None:
    """--block:NAME=N is the N-th virtio-blk device in -device order, whatever the names'."""
    small = make_image(tmp_path / "small.img", 8 * SECTOR)
    large = make_image(tmp_path / "large.img", 24 * SECTOR)
    status, out, _ = boot(image, tmp_path, "--block:b=0", "--block:a=1", "--block:c=2",
                          "--block:e=0", "acquire", "a", "b", "a", "c", "e",
                          disks=[small, large])
    assert status == 0
    assert out == ["acquire a 1", "sectors 24", "read_only 0",
                   "acquire b 2", "sectors 8", "read_only 0",
                   "acquire a -1",
                   "pyrage: block device 'c': no virtio-blk device 2 (the VM has 2)",
                   "acquire c -2",
                   "pyrage: block device 'e': virtio-blk device 0 is another block device's",
                   "acquire e -2"]


def test_geometry(image: Path, disk: Path, tmp_path: Path) -> None:
    r = ok(image, tmp_path, "--block:disk=0", "verify", "disk", "5", disks=[disk])
    assert (r["sector_size"], r["sectors"], r["read_only"]) == ("512", str(SECTORS), "0")
    assert (r["max_request"], r["queue_depth"]) == (str(1 << 20), str(DEPTH))


# --- data -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("legacy", [False, True], ids=["modern", "legacy"])
def test_the_hosts_data_is_read_back(image: Path, disk: Path, tmp_path: Path,
                                     legacy: bool) -> None:
    """Every byte of the file, 16 KiB requests, 85 in flight; on both transports."""
    r = ok(image, tmp_path, "--block:disk=0", "verify", "disk", "5", disks=[disk],
           legacy=legacy)
    assert (r["verified"], r["requests"]) == (str(SECTORS), str(SIZE // 16384))


def test_other_data_is_told_apart(image: Path, disk: Path, tmp_path: Path) -> None:
    status, out, _ = boot(image, tmp_path, "--block:disk=0", "verify", "disk", "6", disks=[disk])
    assert status == 3
    # the first request to complete reports it: which one that is, QEMU decides
    assert any(line.startswith("mismatch_at ") for line in out), out


def test_writes_reach_the_file(image: Path, disk: Path, tmp_path: Path) -> None:
    written = [0, 1, 7, 100, SECTORS - 1]
    r = ok(image, tmp_path, "--block:disk=0", "write", "disk", "9", *map(str, written),
           disks=[disk])
    assert r["written"] == str(len(written))
    for s in range(SECTORS):
        seed = 9 if s in written else 5
        assert sectors_of(disk, s) == pattern(s * SECTOR, SECTOR, seed), f"sector {s}"


def test_large_writes_fill_the_file(image: Path, tmp_path: Path) -> None:
    disk = make_image(tmp_path / "big.img", 3 * (1 << 20) + 5 * SECTOR)
    r = ok(image, tmp_path, "--block:disk=0", "fill", "disk", "11", disks=[disk])
    assert (r["filled"], r["requests"]) == (str(disk.stat().st_size // SECTOR), "4")
    assert disk.read_bytes() == pattern(0, disk.stat().st_size, 11)


@pytest.mark.parametrize("legacy", [False, True], ids=["modern", "legacy"])
def test_many_requests_in_flight_complete_in_any_order(image: Path, tmp_path: Path,
                                                       legacy: bool) -> None:
    """85 requests at once, a 64 KiB one every fourth among 4 KiB ones: QEMU's thread pool
    finishes them out of order; each tag comes back once, and the data is where it belongs."""
    reordered = 0
    # Whether QEMU's thread pool reorders a given pass is its scheduling, not ours: most runs
    # here reorder dozens of the 170, but a loaded machine once ran a whole boot in order. So
    # boot again (each boot checked in full) until one does, up to ATTEMPTS boots; the driver
    # must have taken completions from the used ring out of order at least once.
    for attempt in range(ATTEMPTS):
        disk = make_image(tmp_path / f"q{attempt}.img", DEPTH * 65536)
        r = ok(image, tmp_path, "--block:disk=0", "inflight", "disk", "4", disks=[disk],
               legacy=legacy)
        assert r["inflight"] == str(DEPTH)
        assert r["write_past_depth"] == r["read_past_depth"] == "-1"  # AGAIN: the queue is full
        assert r["poll_after_all"] == "-1"
        for t in range(DEPTH):
            size = 65536 if t % 4 == 0 else 4096
            assert sectors_of(disk, t * 128, size // SECTOR) == pattern(t * 65536, size, 4)
        # tags compared with the one before, in each pass
        reordered = int(r["write_reordered"]) + int(r["read_reordered"])
        if reordered:
            break
    assert reordered > 0, f"{ATTEMPTS} boots all completed in submission order"


ATTEMPTS = 6


def test_bad_requests_are_refused(image: Path, disk: Path, tmp_path: Path) -> None:
    r = ok(image, tmp_path, "--block:disk=0", "bounds", "disk", disks=[disk])
    assert {k: r[k] for k in BOUNDS} == BOUNDS
    assert disk.read_bytes() == pattern(0, SIZE, 5)


def test_4096_byte_sectors(image: Path, tmp_path: Path) -> None:
    """A device whose logical block size is 4 KiB: our sectors are too, so every request is
    aligned to it (QEMU fails unaligned ones)."""
    disk = make_image(tmp_path / "k4.img", 2 * SIZE, seed=8)
    devices = drive(disk, 0, "logical_block_size=4096", "physical_block_size=4096")
    r = ok(image, tmp_path, "--block:disk=0", "bounds", "disk", devices=devices)
    assert (r["sector_size"], r["sectors"]) == ("4096", str(2 * SIZE // 4096))
    assert {k: r[k] for k in BOUNDS} == BOUNDS
    r = ok(image, tmp_path, "--block:disk=0", "write", "disk", "3", "0", "5", "511",
           devices=devices)
    assert r["written"] == "3"
    for s in range(512):
        seed = 3 if s in (0, 5, 511) else 8
        assert sectors_of(disk, s, sector=4096) == pattern(s * 4096, 4096, seed), f"sector {s}"


def test_a_read_only_image(image: Path, disk: Path, tmp_path: Path) -> None:
    """chmod 444: block_devices attaches it readonly=on (even for root), and QEMU offers
    VIRTIO_BLK_F_RO."""
    disk.chmod(0o444)
    r = ok(image, tmp_path, "--block:disk=0", "readonly", "disk", disks=[disk])
    assert r["read_only"] == "1"
    assert (r["write"], r["read"], r["read_tag"], r["flush"], r["flush_tag"]) == \
        ("-2", "0", "2", "0", "3")
    assert disk.read_bytes() == pattern(0, SIZE, 5)


def test_a_device_error_is_the_requests_status(image: Path, disk: Path, tmp_path: Path) -> None:
    """QEMU's blkdebug fails every read with EIO: the request completes with status 1."""
    config = tmp_path / "blkdebug.conf"
    config.write_text('[inject-error]\nevent = "read_aio"\nerrno = "5"\n')
    devices = ["-drive", f"file=blkdebug:{config}:{disk},if=none,id=b0,format=raw",
               "-device", "virtio-blk-device,drive=b0"]
    r = ok(image, tmp_path, "--block:disk=0", "fail", "disk", devices=devices)
    assert r["failed_status"] == "1"


def test_a_nic_and_a_block_device(image: Path, disk: Path, tmp_path: Path) -> None:
    """Handles are shared by the drivers, and yield polls both."""
    devices = ["-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0",
               *qemu.block_devices([("disk", disk)])[0]]
    r = ok(image, tmp_path, "--net:service=0", "--block:disk=0", "netblock", "service", "disk",
           "5", devices=devices)
    assert (r["nic"], r["acquire"], r["distinct"], r["verified"]) == \
        ("1", "disk 2", "1", str(SECTORS))


# --- yield -------------------------------------------------------------------------------------


def test_yield_sleeps_without_requests_and_wakes_for_a_completion(image: Path, disk: Path,
                                                                   tmp_path: Path) -> None:
    r = ok(image, tmp_path, "--block:disk=0", "wait", "disk", disks=[disk])
    assert r["idle_ready"] == "0" and 190 <= int(r["idle_slept_ms"]) < 2000
    # woken by the device's interrupt (no busy loop: at most a spurious wakeup or two)
    assert int(r["spurious"]) <= 2 and r["wait_ms_under_10s"] == "1"
    assert r["pending_ready"] == "1" and int(r["pending_yield_ms"]) < 100
    assert (r["tag"], r["taken_ready"]) == ("7", "0")


# --- pyrage run -----------------------------------------------------------------------------------


def test_pyrage_run_attaches_the_file(disk: Path, tmp_path: Path) -> None:
    from tests.runtime.test_unix_block import PROGRAM, expected_run

    program = tmp_path / "blockprog.py"
    program.write_text(PROGRAM)
    result = run_pyrage("run", str(program), "-t", "virtio", "--accel", "tcg", "--block",
                        str(disk), timeout=300)
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    assert result.stdout == expected_run(disk)
    assert sectors_of(disk, 2) == bytes(255 - b for b in pattern(SECTOR, SECTOR, 5))


def test_pyrage_run_dry_run_prints_the_command(disk: Path, tmp_path: Path) -> None:
    from tests.runtime.test_unix_block import PROGRAM

    program = tmp_path / "blockprog.py"
    program.write_text(PROGRAM)
    other = make_image(tmp_path / "a,b.img", SIZE)
    result = run_pyrage("run", str(program), "-t", "virtio", "--accel", "tcg", "--dry-run",
                        "--block", f"second={other}", "--block", f"disk={disk}", "--", "--x=1",
                        timeout=300)
    assert result.returncode == 0, result.stderr
    assert (f" -drive file={tmp_path}/a,,b.img,if=none,id=b0,format=raw,cache=writeback "
            "-device virtio-blk-device,drive=b0 "
            f"-drive file={disk},if=none,id=b1,format=raw,cache=writeback "
            "-device virtio-blk-device,drive=b1 ") in result.stdout
    assert result.stdout.endswith(" -append '--block:second=0 --block:disk=1 --x=1'\n")
