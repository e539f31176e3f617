"""Block devices on the unix target (runtime/unix/block.c, args.c, yield.c; core/platform.c's
rt_block_*), driven by tests/runtime/block_app.c on image files made here, and `pyrage run
--block` with a compiled program."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_pyrage
from tests.runtime.blocks import (BOUNDS, SECTOR, build_app, make_image, pattern, sectors_of,
                                  values)

pytestmark = pytest.mark.slow

TIMEOUT = 30
SIZE = 1 << 20  # 2048 sectors
SECTORS = SIZE // SECTOR


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_app("unix", tmp_path_factory.mktemp("block"))


@pytest.fixture
def disk(tmp_path: Path) -> Path:
    return make_image(tmp_path / "disk.img", SIZE, seed=5)


def run(app: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(app), *args], capture_output=True, text=True, timeout=TIMEOUT)


def ok(app: Path, *args: str) -> dict[str, str]:
    proc = run(app, *args)
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stdout
    return values(proc.stdout.splitlines())


# --- the boot arguments ------------------------------------------------------------------------


def test_block_arguments_are_not_seen_by_the_program(app: Path, disk: Path) -> None:
    proc = run(app, f"--block:disk={disk}", "args", "a", "--block:x=/nowhere", "b",
               "--net:service=tap9")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"arg {app}", "arg args", "arg a", "arg b"]


@pytest.mark.parametrize("arg, why", [
    ("--block:disk", "expected --block:NAME=PATH"),
    ("--block:=disk.img", "expected --block:NAME=PATH"),
    ("--block:disk=", "expected --block:NAME=PATH"),
])
def test_a_malformed_block_argument_stops_the_boot(app: Path, arg: str, why: str) -> None:
    proc = run(app, "args", arg)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"pyrage: bad argument '{arg}': {why}\n"


def test_one_file_per_block_device(app: Path) -> None:
    proc = run(app, "args", "--block:a=x.img", "--block:a=y.img")
    assert proc.returncode == 2
    assert proc.stderr == ("pyrage: bad argument '--block:a=y.img': a second file for the same "
                           "block device\n")


def test_a_nic_and_a_block_device_may_share_a_name(app: Path, disk: Path) -> None:
    assert ok(app, "--net:disk=tap9", f"--block:disk={disk}", "acquire", "disk")["sectors"] == \
        str(SECTORS)


def test_at_most_16_devices(app: Path) -> None:
    args = [f"--block:d{i}=x" for i in range(16)]
    assert run(app, "args", *args).returncode == 0
    proc = run(app, "args", *args, "--net:n=tap0")
    assert proc.returncode == 2
    assert proc.stderr == "pyrage: bad argument '--net:n=tap0': more than 16 devices\n"


# --- acquiring -------------------------------------------------------------------------------


def test_acquire_results(app: Path, disk: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd.img"
    odd.write_bytes(bytes(1000))
    empty = make_image(tmp_path / "empty.img", 0)
    long = "n" * 100
    proc = run(app, f"--block:disk={disk}", f"--block:odd={odd}", f"--block:gone={tmp_path}/x",
               f"--block:dir={tmp_path}", f"--block:empty={empty}",
               "acquire", "disk", "disk", "odd", "gone", "dir", "empty", "other", "stray", "",
               long)
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        "acquire disk 1", f"sectors {SECTORS}", "read_only 0",
        "acquire disk -1",  # a name is acquired once
        "acquire odd -2", "acquire gone -2", "acquire dir -2",
        "acquire empty 2", "sectors 0", "read_only 0",
        "acquire other -1",  # in the manifest, not attached
        "acquire stray -2", "acquire  -2",  # not in the manifest
        f"acquire {long} -1",  # longer than rt_block_acquire takes: no such device
    ]
    assert proc.stderr.splitlines() == [
        f"pyrage: cannot open '{odd}' for block device 'odd': its size is not a multiple of 512 "
        "bytes (the sector size)",
        f"pyrage: cannot open '{tmp_path}/x' for block device 'gone': no such file or directory",
        f"pyrage: cannot open '{tmp_path}' for block device 'dir': a directory, not a file or "
        "a block device",
        "pyrage: block device 'stray' is not in the image's manifest",
        "pyrage: block device '' is not in the image's manifest",
    ]


@pytest.mark.parametrize("arg, why", [
    ("--block:stray=x.img", "the image's manifest has no such block device"),
    ("--net:stray=tap0", "the image's manifest has no such NIC"),
    ("--net:x=tap0", "the image's manifest has no such NIC"),  # a block device's name
    (f"--block:{'n' * 100}=x.img", "the image's manifest has no such block device"),
])
def test_a_device_the_manifest_does_not_name_stops_the_boot(app: Path, arg: str,
                                                           why: str) -> None:
    """The manifest (block_app.c's) names the only devices the runtime drives: an argument for
    another stops the boot before the program runs, and nothing is opened (docs/security.md)."""
    proc = run(app, "args", arg)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"pyrage: bad argument '{arg}': {why}\n"


def test_geometry(app: Path, disk: Path) -> None:
    r = ok(app, f"--block:disk={disk}", "verify", "disk", "5")
    assert (r["sector_size"], r["sectors"], r["read_only"]) == ("512", str(SECTORS), "0")
    assert (r["max_request"], r["queue_depth"]) == (str(1 << 20), "32")


# --- data ---------------------------------------------------------------------------------------


def test_the_hosts_data_is_read_back(app: Path, disk: Path) -> None:
    """Every byte of the file, read in 16 KiB requests, 32 in flight."""
    r = ok(app, f"--block:disk={disk}", "verify", "disk", "5")
    assert (r["verified"], r["requests"]) == (str(SECTORS), str(SIZE // 16384))


def test_other_data_is_told_apart(app: Path, disk: Path) -> None:
    proc = run(app, f"--block:disk={disk}", "verify", "disk", "6")
    assert proc.returncode == 3
    assert "mismatch_at 0" in proc.stdout


def test_writes_reach_the_file(app: Path, disk: Path) -> None:
    written = [0, 1, 7, 100, SECTORS - 1]
    r = ok(app, f"--block:disk={disk}", "write", "disk", "9", *map(str, written))
    assert r["written"] == str(len(written))
    for s in range(SECTORS):
        seed = 9 if s in written else 5
        assert sectors_of(disk, s) == pattern(s * SECTOR, SECTOR, seed), f"sector {s}"


def test_large_writes_fill_the_file(app: Path, tmp_path: Path) -> None:
    disk = make_image(tmp_path / "big.img", 3 * (1 << 20) + 5 * SECTOR)  # not whole requests
    r = ok(app, f"--block:disk={disk}", "fill", "disk", "11")
    assert r["filled"] == str(disk.stat().st_size // SECTOR)
    assert r["requests"] == "4"  # 1 MiB at a time
    assert disk.read_bytes() == pattern(0, disk.stat().st_size, 11)


def test_a_full_queue_is_again_and_every_tag_comes_back_once(app: Path, tmp_path: Path) -> None:
    disk = make_image(tmp_path / "q.img", 32 * 65536)
    r = ok(app, f"--block:disk={disk}", "inflight", "disk", "4")
    assert r["inflight"] == "32"
    assert r["write_past_depth"] == r["read_past_depth"] == "-1"
    assert r["poll_after_all"] == "-1"
    # the handle was ready at once: completions were waiting
    assert r["write_spurious"] == r["read_spurious"] == "0"
    for t in range(32):
        size = 65536 if t % 4 == 0 else 4096
        assert sectors_of(disk, t * 128, size // SECTOR) == pattern(t * 65536, size, 4)


def test_bad_requests_are_refused(app: Path, disk: Path) -> None:
    r = ok(app, f"--block:disk={disk}", "bounds", "disk")
    assert {k: r[k] for k in BOUNDS} == BOUNDS
    assert disk.read_bytes() == pattern(0, SIZE, 5)  # nothing was written


def test_a_read_only_image(app: Path, disk: Path) -> None:
    """chmod 444: read-only even for root, whom the kernel would let write it."""
    disk.chmod(0o444)
    r = ok(app, f"--block:disk={disk}", "readonly", "disk")
    assert r["read_only"] == "1"
    assert (r["write"], r["read"], r["read_tag"], r["flush"], r["flush_tag"]) == \
        ("-2", "0", "2", "0", "3")
    assert disk.read_bytes() == pattern(0, SIZE, 5)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to make a file root cannot write")
def test_a_file_that_cannot_be_opened_for_writing_is_read_only(app: Path, disk: Path) -> None:
    """chattr +i: even root's open(O_RDWR) is refused (EPERM), so the runtime opens it
    read-only."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr")
    if subprocess.run(["chattr", "+i", str(disk)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable flag")
    try:
        r = ok(app, f"--block:disk={disk}", "readonly", "disk")
        assert (r["read_only"], r["write"], r["read"]) == ("1", "-2", "0")
    finally:
        subprocess.run(["chattr", "-i", str(disk)], capture_output=True)


def test_a_failed_read_is_the_requests_status(app: Path, disk: Path) -> None:
    """The file shrinks under the program: a read past its new end fails (status 1)."""
    proc = subprocess.Popen([str(app), f"--block:disk={disk}", "fail", "disk"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line == "acquired\n":
                break
        os.truncate(disk, SIZE // 2)
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert (proc.returncode, err) == (0, "")
    assert "failed_status 1" in out


# --- yield ---------------------------------------------------------------------------------------


def test_yield_sleeps_without_requests_and_returns_at_once_with_completions(
        app: Path, disk: Path) -> None:
    r = ok(app, f"--block:disk={disk}", "wait", "disk")
    assert r["idle_ready"] == "0" and 190 <= int(r["idle_slept_ms"]) < 2000
    assert (r["spurious"], r["pending_ready"], r["wait_ms_under_10s"]) == ("0", "1", "1")
    assert int(r["pending_yield_ms"]) < 100  # not the 10 s deadline
    assert (r["tag"], r["taken_ready"]) == ("7", "0")


# --- pyrage run -----------------------------------------------------------------------------------

PROGRAM = '''\
from pyrage.stdlib import platform
from pyrage.stdlib.rawbytes import RawBytes


def wait(h: int) -> int:
    tag = platform.block_poll(h)
    while tag == -1:
        platform.yield_until(platform.clock_monotonic() + 1_000_000_000)
        tag = platform.block_poll(h)
    return tag


h = platform.block_acquire("disk")
size = platform.block_geometry(h, 0)
print("sectors", platform.block_geometry(h, 1))
buf = RawBytes(size)
platform.block_submit(h, platform.BLOCK_READ, 1, buf, 0, size, 1)
print("read", wait(h), platform.block_status(h), buf.get(0), buf.get(size - 1))
for i in range(size):
    buf.set(i, 255 - buf.get(i))
platform.block_submit(h, platform.BLOCK_WRITE, 2, buf, 0, size, 2)
print("write", wait(h), platform.block_status(h))
platform.block_submit(h, platform.BLOCK_FLUSH, 0, buf, 0, 0, 3)
print("flush", wait(h), platform.block_status(h))
'''


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("blockprog") / "blockprog.py"
    source.write_text(PROGRAM)
    return source


def expected_run(disk: Path) -> str:
    one = pattern(SECTOR, SECTOR, 5)
    return f"sectors {SECTORS}\nread 1 0 {one[0]} {one[-1]}\nwrite 2 0\nflush 3 0\n"


@pytest.mark.parametrize("target", ["unix", "hosted"])
def test_pyrage_run_attaches_the_file(program: Path, disk: Path, target: str) -> None:
    result = run_pyrage("run", str(program), "-t", target, "--block", str(disk))
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    assert result.stdout == expected_run(disk)
    assert sectors_of(disk, 2) == bytes(255 - b for b in pattern(SECTOR, SECTOR, 5))


def test_pyrage_run_dry_run_prints_the_command(program: Path, disk: Path,
                                               tmp_path: Path) -> None:
    spaced = tmp_path / "a disk.img"
    shutil.copy(disk, spaced)
    result = run_pyrage("run", str(program), "-t", "hosted", "--no-check", "--dry-run",
                        "--block", f"disk={spaced}", "--", "--x=1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("PYTHONPATH=")
    assert result.stdout.endswith(f" {sys.executable} -m pyrage.launch.hosted {program} "
                                  f"'--block:disk={spaced}' --x=1\n")
