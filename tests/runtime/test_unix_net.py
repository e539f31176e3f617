"""The network part of the unix platform (runtime/unix/net.c, udp.c, yield.c; core/platform.c's
bindings), driven through tests/runtime/net_app.py, a compiled program that calls
stdlib.platform directly.

NIC tests use real Linux objects: a network namespace per test with a tap in it (tap0,
10.0.0.1/24 on the Linux side), the program started inside it with --net:service=tap0, and
Linux talking to it through its ARP stack or a raw AF_PACKET socket opened in the namespace.
They need root (and are skipped without it). The UDP tests use loopback and need nothing.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import compile_program
from tests.runtime.taps import KeyLines, in_netns, ip, mac_bytes, needs_root, tap_namespace

pytestmark = pytest.mark.slow

APP = Path(__file__).with_name("net_app.py")
TEST_TYPE = 0x88B5
TIMEOUT = 20.0
#: The NICs of the program's device manifest: the names the tests attach, and "other" (never
#: attached). The runtime refuses any other name.
DECLARED = ["service", "uplink", "other", "a", "x", "z"]



@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("net") / "net_app.py"
    shutil.copy(APP, source)
    return compile_program(source, "unix", [f"net:{name}" for name in DECLARED])


@pytest.fixture
def netns() -> Iterator[str]:
    yield from tap_namespace("pyrage-t")


class Running(KeyLines):
    """The program running (in a namespace, optionally), its stdout read line by line."""

    timeout = TIMEOUT

    def __init__(self, image: Path, *args: str, netns: str | None = None) -> None:
        prefix = ["ip", "netns", "exec", netns] if netns else []
        self.proc = subprocess.Popen([*prefix, str(image), *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.start_reading()

    def finish(self) -> tuple[int, str]:
        """Wait for the exit: (status, stderr)."""
        status = self.proc.wait(timeout=TIMEOUT)
        assert self.proc.stderr is not None
        return status, self.proc.stderr.read()


@contextmanager
def running(image: Path, *args: str, netns: str | None = None) -> Iterator[Running]:
    r = Running(image, *args, netns=netns)
    try:
        yield r
    finally:
        r.kill()


def run(image: Path, *args: str, netns: str | None = None) -> subprocess.CompletedProcess[str]:
    prefix = ["ip", "netns", "exec", netns] if netns else []
    return subprocess.run([*prefix, str(image), *args], capture_output=True, text=True,
                          timeout=TIMEOUT)


def values(out: str) -> dict[str, str]:
    return dict(line.partition(" ")[::2] for line in out.splitlines())


# --- arguments and names (no tap needed) -------------------------------------------------------


def test_net_arguments_are_not_seen_by_the_program(app: Path) -> None:
    proc = run(app, "--net:service=tap7", "args", "a", "--net:x=y", "b", "--net:z=tap0")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"arg {app}", "arg args", "arg a", "arg b"]


@pytest.mark.parametrize("arg, why", [
    ("--net:service", "expected --net:NAME=TAP"),
    ("--net:=tap0", "expected --net:NAME=TAP"),
    ("--net:service=", "expected --net:NAME=TAP"),
])
def test_a_malformed_net_argument_stops_the_boot(app: Path, arg: str, why: str) -> None:
    proc = run(app, "args", arg)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"pyrage: bad argument '{arg}': {why}\n"


def test_one_tap_per_nic_name(app: Path) -> None:
    proc = run(app, "args", "--net:a=tap0", "--net:a=tap1")
    assert proc.returncode == 2
    assert "a second tap for the same NIC" in proc.stderr


def test_a_nic_not_attached_is_minus_one_and_one_not_in_the_manifest_minus_two(app: Path) -> None:
    long = "n" * 100
    proc = run(app, "acquire", "service", "", "serv", long, "--net:uplink=tap9")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["acquire service -1", "acquire  -2", "acquire serv -2",
                                        f"acquire {long} -1"]  # too long for rt_net_acquire
    assert proc.stderr.splitlines() == ["pyrage: NIC '' is not in the image's manifest",
                                        "pyrage: NIC 'serv' is not in the image's manifest"]


@pytest.mark.parametrize("arg, why", [
    ("--net:servicex=tap9", "the image's manifest has no such NIC"),
    (f"--net:{'n' * 100}=tap9", "the image's manifest has no such NIC"),
    ("--block:service=disk.img", "the image's manifest has no such block device"),
])
def test_a_device_the_manifest_does_not_name_stops_the_boot(app: Path, arg: str,
                                                           why: str) -> None:
    """Only the manifest's NICs are opened: an argument naming another stops the boot."""
    proc = run(app, "args", arg)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"pyrage: bad argument '{arg}': {why}\n"


# --- NICs on a tap ------------------------------------------------------------------------------


@needs_root
def test_a_tap_that_cannot_be_opened_is_minus_two_with_the_reason(app: Path, netns: str) -> None:
    proc = run(app, "acquire", "service", "uplink", "service", "other",
               "--net:service=nosuchtap", "--net:uplink=lo", netns=netns)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["acquire service -2", "acquire uplink -2",
                                        "acquire service -2", "acquire other -1"]
    assert proc.stderr.splitlines() == [
        "pyrage: cannot open tap 'nosuchtap' for NIC 'service': no such interface",
        "pyrage: cannot open tap 'lo' for NIC 'uplink': not a tap interface (or a multi-queue one)",
        "pyrage: cannot open tap 'nosuchtap' for NIC 'service': no such interface",
    ]
    # TUNSETIFF would have created the missing tap: the check before it must not.
    assert "nosuchtap" not in ip("link", netns=netns)


@needs_root
def test_bad_handles_offsets_and_sizes_are_errors_not_crashes(app: Path, netns: str) -> None:
    proc = run(app, "ranges", "--net:service=tap0", netns=netns)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    got = values(proc.stdout)
    for key in ("read_neg_offset", "read_neg_size", "read_past_end", "read_overflow",
                "read_too_small", "read_bad_handle", "read_huge_handle", "write_past_end",
                "write_overflow", "write_short", "write_long", "write_bad_handle"):
        assert got[key] == "-2", key
    assert got["mac_bad_handle"] == "000000000000"
    assert got["mtu_bad_handle"] == "0"
    assert got["again"] == "-1"  # nothing was sent to it
    assert got["write_ok"] == "0"
    assert got["second_acquire"] == "-1"  # a name is acquired once
    assert got["mtu"] == "1500"
    assert got["handle"] == "1"  # 0 is never given out, as on hosted


@needs_root
def test_a_frame_written_while_the_link_is_down_is_dropped(app: Path, netns: str) -> None:
    ip("link", "set", "tap0", "down", netns=netns)
    got = values(run(app, "ranges", "--net:service=tap0", netns=netns).stdout)
    assert got["write_ok"] == "0"


@needs_root
def test_the_mac_is_made_from_the_taps_name(app: Path, netns: str) -> None:
    macs = {values(run(app, "ranges", "--net:service=tap0", netns=netns).stdout)["mac"]
            for _ in range(2)}
    assert len(macs) == 1
    mac = mac_bytes(macs.pop())
    # 02 (locally administered, unicast), 70, then zlib's CRC-32 of the name: as on hosted.
    assert mac == bytes([0x02, 0x70]) + zlib.crc32(b"tap0").to_bytes(4, "big")
    linux_side = ip("-br", "link", "show", "tap0", netns=netns).split()[2]
    assert mac != mac_bytes(linux_side)


@needs_root
def test_the_mtu_is_the_taps(app: Path, netns: str) -> None:
    ip("link", "set", "tap0", "mtu", "9000", netns=netns)
    got = values(run(app, "ranges", "--net:service=tap0", netns=netns).stdout)
    assert got["mtu"] == "9000"


@needs_root
def test_frames_echo_with_their_macs_swapped(app: Path, netns: str) -> None:
    sizes = [60, 15, 1514, 14]
    with running(app, "echo", str(len(sizes)), "--net:service=tap0", netns=netns) as prog:
        mac = mac_bytes(prog.expect("mac"))
        # While it runs the tap is taken: a second program gets -2 and the reason.
        second = run(app, "acquire", "service", "--net:service=tap0", netns=netns)
        assert second.stdout == "acquire service -2\n"
        assert second.stderr == ("pyrage: cannot open tap 'tap0' for NIC 'service': "
                                 "in use by another process\n")
        with in_netns(netns):
            sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(TEST_TYPE))
        with sock:
            sock.bind(("tap0", TEST_TYPE))
            sock.settimeout(TIMEOUT)
            linux_mac = sock.getsockname()[4]
            for size in sizes:
                payload = bytes((size + i) % 256 for i in range(size - 14))
                frame = mac + linux_mac + TEST_TYPE.to_bytes(2, "big") + payload
                sock.send(frame)
                while True:  # our own frame comes back as PACKET_OUTGOING: skip it
                    echo, addr = sock.recvfrom(65536)
                    if addr[2] != socket.PACKET_OUTGOING:
                        break
                assert echo == linux_mac + mac + frame[12:], size
                assert prog.expect("echoed") == str(size)
        assert int(prog.expect("woken")) >= 1  # the ready set named the tap's handle
        status, err = prog.finish()
        assert status == 0, err


@needs_root
def test_a_deleted_tap_wakes_its_reader_with_an_error(app: Path, netns: str) -> None:
    with running(app, "echo", "1", "--net:service=tap0", netns=netns) as prog:
        prog.expect("mtu")
        time.sleep(0.2)  # let it block in yield
        ip("link", "del", "tap0", netns=netns)
        assert prog.expect("read") == "error -3"
        status, _ = prog.finish()
        assert status == 5


@needs_root
def test_linux_resolves_the_programs_address_through_its_arp_replies(app: Path,
                                                                     netns: str) -> None:
    with running(app, "arp", "--net:service=tap0", netns=netns) as prog:
        mac = prog.expect("mac")
        with in_netns(netns):
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(TEST_TYPE))
        with udp, raw:
            udp.sendto(b"who is there?", ("10.0.0.2", 9))  # makes Linux ask, by ARP
            assert prog.expect("answered") == "1"
            end = time.monotonic() + TIMEOUT
            while True:
                neighbour = ip("neigh", "show", "10.0.0.2", "dev", "tap0", netns=netns)
                if "lladdr" in neighbour or time.monotonic() > end:
                    break
                time.sleep(0.05)
            assert f"lladdr {mac} " in neighbour, neighbour
            assert "FAILED" not in neighbour and "INCOMPLETE" not in neighbour
            raw.bind(("tap0", TEST_TYPE))
            raw.send(mac_bytes(mac) + raw.getsockname()[4] + TEST_TYPE.to_bytes(2, "big") +
                     bytes(46))
        prog.expect("stopped")
        status, err = prog.finish()
        assert status == 0, err


# --- UDP sockets on loopback --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_udp_datagrams_echo_and_a_long_one_is_truncated(app: Path) -> None:
    port = free_port()
    datagrams = [b"hello", bytes(range(64)), b"y" * 200, b""]
    with running(app, "udp", str(port), str(len(datagrams)), "64") as prog:
        assert int(prog.expect("handle")) >= 1
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
            client.bind(("127.0.0.1", 0))
            client.settimeout(TIMEOUT)
            me = client.getsockname()[1]
            for data in datagrams:
                client.sendto(data, ("127.0.0.1", port))
                echo, source = client.recvfrom(65536)
                assert echo == data[:64]
                assert source == ("127.0.0.1", port)
                assert prog.expect("got") == f"{len(echo)} from {0x7F000001} {me}"
        assert int(prog.expect("woken")) >= 1  # the ready set named the socket's handle
        assert prog.expect("closed_recv") == "-2"  # a closed handle is a bad argument
        status, err = prog.finish()
        assert status == 0, err


def test_udp_bad_arguments_are_minus_two(app: Path) -> None:
    proc = run(app, "udpranges", str(free_port()))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    got = values(proc.stdout)
    for key in ("send_past_end", "send_neg", "send_bad_port", "send_bad_addr", "recv_past_end",
                "recv_bad_handle", "bind_bad_port"):
        assert got[key] == "-2", key
    assert got["recv_again"] == "-1"
    assert got["peer_bad_handle"] == "0"
    assert got["closed"] == "1"


def test_the_handle_table_holds_63_devices(app: Path) -> None:
    proc = run(app, "udpmany")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["bound 63 first 1 last 63 then -5", "reused 11"]
    assert proc.stderr == ("pyrage: cannot bind a UDP socket to 127.0.0.1:0: "
                           "too many devices open (63)\n")


def test_udp_bind_to_a_port_in_use_is_refused_with_the_reason(app: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        proc = run(app, "udp", str(port), "1", "64")
    assert proc.returncode == 3
    assert proc.stdout == "handle -5\n"
    assert proc.stderr == (f"pyrage: cannot bind a UDP socket to 127.0.0.1:{port}: "
                           "address already in use\n")
