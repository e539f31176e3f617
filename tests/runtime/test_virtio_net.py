"""The virtio-net driver (runtime/virtio/net.c, mmio.c; boot.c's device arguments; yield.c's
device wakeups) under QEMU (TCG), driven through tests/runtime/virtio_net_app.py, a compiled
program that calls stdlib.platform's device calls directly.

Three kinds of NIC backend:
- QEMU's socket netdev, a TCP connection to this test that carries each frame behind its
  4-byte length: no root needed, and since the test holds the other end it can stop reading
  and so fill the guest's transmit ring.
- a tap in a network namespace made by the test (root): Linux's ARP, ping and AF_PACKET.
- QEMU's user-mode network: for device order and the command line.
Plus `pyrage run`'s side: the options --net and --forward make, and exit statuses 0..255.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pyrage.launch import qemu
from tests.conftest import EXAMPLES, compile_program, run_pyrage
from tests.runtime.taps import KeyLines, in_netns, ip, mac_bytes, needs_root, tap_namespace

pytestmark = [
    pytest.mark.slow,
    pytest.mark.qemu,
    pytest.mark.skipif(shutil.which(qemu.QEMU) is None, reason=f"{qemu.QEMU} is not installed"),
]

APP = Path(__file__).with_name("virtio_net_app.py")
TEST_TYPE = 0x88B5
TIMEOUT = 60.0
MAC = "52:54:00:0a:0b:0c"
QUEUE_SIZE = 256  # QEMU's virtio-net queues: more frames than this wrap both rings



#: The NICs of the program's device manifest: the names the tests attach, and "other" and
#: "args" (never attached). The runtime refuses any other name.
DECLARED = ["service", "uplink", "third", "ghost", "other", "args", *(f"n{i}" for i in range(7))]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("vnet") / "virtio_net_app.py"
    shutil.copy(APP, source)
    return compile_program(source, "virtio", [f"net:{name}" for name in DECLARED])


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The program's source in a folder of its own, for `pyrage run`, which builds it with the
    manifest of each command line (a single-file program's devices are what it attaches)."""
    source = tmp_path_factory.mktemp("vnetrun") / "virtio_net_app.py"
    shutil.copy(APP, source)
    return source


# --- the guest ---------------------------------------------------------------------------------


class Lines(KeyLines):
    """A process whose stdout is read line by line, as `key value` lines (QEMU is slow)."""

    timeout = TIMEOUT


class Guest(Lines):
    """The program under QEMU (in a namespace, optionally), its console read line by line."""

    def __init__(self, image: Path, *args: str, devices: list[str], boot: list[str],
                 status: Path, netns: str | None = None, legacy: bool = False) -> None:
        self.status = status
        cmd = qemu.qemu_command(image, accel="tcg", boot_args=[*boot, *args], devices=devices,
                                status_path=status)
        if legacy:  # QEMU's default transport: virtio-mmio version 1
            cmd[cmd.index("virtio-mmio.force-legacy=false")] = "virtio-mmio.force-legacy=true"
        prefix = ["ip", "netns", "exec", netns] if netns else []
        self.proc = subprocess.Popen([*prefix, *cmd], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.start_reading()

    def finish(self) -> tuple[int, list[str], str]:
        """Wait for the exit: (status as `pyrage run` reports it, the other lines, stderr)."""
        rc = self.proc.wait(timeout=TIMEOUT)
        assert self.proc.stderr is not None
        err = self.proc.stderr.read()
        self.reader.join(timeout=TIMEOUT)  # to the end of the console's output
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return qemu.decode_exit_status(rc, err, qemu.read_status(self.status)), self.seen, err

    def cpu_seconds(self) -> float:
        """QEMU's CPU time so far (user + system)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def guest(image: Path, *args: str, devices: list[str], boot: list[str], tmp: Path,
          netns: str | None = None, legacy: bool = False) -> Iterator[Guest]:
    g = Guest(image, *args, devices=devices, boot=boot, status=tmp / "status", netns=netns,
              legacy=legacy)
    try:
        yield g
    finally:
        g.kill()


def boot(image: Path, *args: str, devices: list[str], boot: list[str], tmp: Path
         ) -> tuple[int, list[str], str]:
    with guest(image, *args, devices=devices, boot=boot, tmp=tmp) as g:
        return g.finish()


def nic(netdev: str, index: int = 0, mac: str = MAC, options: str = "") -> list[str]:
    return ["-netdev", f"{netdev},id=n{index}",
            "-device", f"virtio-net-device,netdev=n{index},mac={mac}{options}"]


# --- a socket netdev: frames over TCP ---------------------------------------------------------


class FramePeer:
    """The far end of QEMU's `-netdev socket,connect=...`: frames behind a 4-byte length."""

    def __init__(self, rcvbuf: int | None = None) -> None:
        self.listener = socket.socket()
        if rcvbuf is not None:  # before listen(): the accepted socket inherits it
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.listener.settimeout(TIMEOUT)
        self.conn: socket.socket | None = None

    def netdev(self) -> str:
        return f"socket,connect=127.0.0.1:{self.listener.getsockname()[1]}"

    def accept(self) -> None:
        self.conn, _ = self.listener.accept()
        self.conn.settimeout(TIMEOUT)

    def send(self, frame: bytes) -> None:
        assert self.conn is not None
        self.conn.sendall(len(frame).to_bytes(4, "big") + frame)

    def _exactly(self, n: int) -> bytes:
        assert self.conn is not None
        data = b""
        while len(data) < n:
            chunk = self.conn.recv(n - len(data))
            if not chunk:
                raise AssertionError("QEMU closed the connection")
            data += chunk
        return data

    def recv(self) -> bytes:
        return self._exactly(int.from_bytes(self._exactly(4), "big"))

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.listener.close()


@pytest.fixture
def peer() -> Iterator[FramePeer]:
    p = FramePeer()
    yield p
    p.close()


def numbered(number: int, size: int, dst: bytes, src: bytes) -> bytes:
    """A frame of TEST_TYPE and `size` bytes (at most: at least 18 are made) with its number."""
    body = number.to_bytes(4, "big") + bytes((number + i) % 256 for i in range(size - 18))
    return (dst + src + TEST_TYPE.to_bytes(2, "big") + body)[:size]


# --- the command line: what the program sees, which NIC is which ------------------------------


def test_platform_arguments_are_not_seen_by_the_program(app: Path, tmp_path: Path) -> None:
    # QEMU appends virtio_mmio.device=512@0xfeb00e00:12 itself; the second is Firecracker's form.
    status, out, err = boot(app, "args", "a", "virtio_mmio.device=4K@0xd0000000:5", "b",
                            devices=nic("user"), boot=["--net:service=0"], tmp=tmp_path)
    assert (status, err) == (0, "")
    assert out == ["arg pyrage", "arg args", "arg a", "arg b"]


@pytest.mark.parametrize("args, why", [
    (["--net:service"], "expected --net:NAME=N, for NIC 'service'"),
    (["--net:service="], "expected --net:NAME=N, for NIC 'service'"),
    (["--net:service=tap0"], "expected --net:NAME=N, for NIC 'service'"),
    (["--net:service=0x1"], "expected --net:NAME=N, for NIC 'service'"),
    (["--net:service=0", "--net:service=1"], "a second device for NIC 'service'"),
])
def test_a_malformed_net_argument_fails_the_acquire(app: Path, tmp_path: Path, args: list[str],
                                                    why: str) -> None:
    """boot.c only sets --net entries aside (hello carries no more): net_acquire checks them."""
    status, out, _ = boot(app, "acquire", "service", "args", devices=nic("user"), boot=args,
                          tmp=tmp_path)
    assert status == 0
    assert out == [f"pyrage: bad argument '{args[-1]}': {why}", "acquire service -2 -",
                   "acquire args -1 -"]


def test_many_nics_one_device_each(app: Path, tmp_path: Path) -> None:
    names = [f"n{i}" for i in range(7)]
    devices = [o for i in range(5) for o in nic("user", i, f"52:54:00:00:00:{i:02x}")]
    boot_args = [f"--net:n{i}={i}" for i in range(6)] + ["--net:n6=2"]
    status, out, _ = boot(app, "acquire", *names, devices=devices, boot=boot_args, tmp=tmp_path)
    assert status == 0
    assert out == [
        *(f"acquire n{i} {i + 1} 52:54:00:00:00:{i:02x}" for i in range(5)),
        "pyrage: NIC 'n5': no virtio-net device 5 (the VM has 5)",
        "acquire n5 -2 -",
        "pyrage: NIC 'n6': virtio-net device 2 is another NIC's",
        "acquire n6 -2 -",
    ]


def test_acquire_finds_nics_by_name_and_device_number(app: Path, tmp_path: Path) -> None:
    status, out, _ = boot(app, "acquire", "other", "service", "ghost", "service", "",
                          "virtio_mmio.device=4K@0xd0000000:5",  # nothing there: not counted
                          devices=nic("user"), boot=["--net:service=0", "--net:ghost=3"],
                          tmp=tmp_path)
    assert status == 0
    assert out == [
        "acquire other -1 -",                      # no --net entry: no such NIC
        f"acquire service 1 {MAC}",                # handles start at 1, as on unix and hosted
        "pyrage: NIC 'ghost': no virtio-net device 3 (the VM has 1)",
        "acquire ghost -2 -",                      # named, but not there: could not be opened
        "acquire service -1 -",                    # a name is acquired once
        "pyrage: NIC '' is not in the image's manifest",
        "acquire  -2 -",
    ]


def test_a_nic_the_manifest_does_not_name_is_refused(app: Path, tmp_path: Path) -> None:
    """A NIC that the QEMU command line offers is driven only as a NIC of the manifest: an
    entry for another name stops the boot (status 2, as on unix), and acquiring another name
    fails without looking at any device. (test_virtio_block.py also checks, through QEMU's
    monitor, that such a device is never touched.)"""
    status, out, _ = boot(app, "acquire", "service", devices=nic("user"),
                          boot=["--net:stray=0"], tmp=tmp_path)
    assert (status, out) == (2, ["pyrage: bad argument '--net:stray=0': the image's manifest "
                                 "has no such NIC"])
    status, out, _ = boot(app, "acquire", "stray", "service", devices=nic("user"),
                          boot=["--net:service=0"], tmp=tmp_path)
    assert (status, out) == (0, ["pyrage: NIC 'stray' is not in the image's manifest",
                                 "acquire stray -2 -", f"acquire service 1 {MAC}"])


def test_nics_are_numbered_in_the_device_order(app: Path, tmp_path: Path) -> None:
    """QEMU lists its devices on the command line in -device order: --net:NAME=N counts them so."""
    macs = ["52:54:00:00:00:01", "52:54:00:00:00:02", "52:54:00:00:00:03"]
    devices = [*nic("user", 0, macs[0]), *nic("user", 1, macs[1]), *nic("user", 2, macs[2])]
    status, out, _ = boot(app, "acquire", "service", "uplink", "third", devices=devices,
                          boot=["--net:third=2", "--net:uplink=0", "--net:service=1"],
                          tmp=tmp_path)
    assert status == 0
    assert out == [f"acquire service 1 {macs[1]}", f"acquire uplink 2 {macs[0]}",
                   f"acquire third 3 {macs[2]}"]


def test_bad_sizes_and_handles_are_errors(app: Path, tmp_path: Path) -> None:
    status, out, _ = boot(app, "ranges", devices=nic("user"), boot=["--net:service=0"],
                          tmp=tmp_path)
    assert status == 0
    got = dict(line.partition(" ")[::2] for line in out)
    for key in ("read_too_small", "read_bad_handle", "read_handle_0", "write_short",
                "write_long", "write_bad_handle"):
        assert got[key] == "-2", key
    assert (got["second_acquire"], got["mtu"], got["mac"]) == ("-1", "1500", MAC)


# --- frames through the rings (socket netdev) -------------------------------------------------


@pytest.mark.parametrize("legacy, options", [
    (False, ""),
    (True, ""),                  # virtio-mmio version 1: QEMU's default
    (False, ",event_idx=off"),   # notifications suppressed by the rings' flags instead
], ids=["modern", "legacy", "no-event-idx"])
def test_frames_echo_through_both_rings_many_times(app: Path, tmp_path: Path, peer: FramePeer,
                                                   legacy: bool, options: str) -> None:
    count = 4 * QUEUE_SIZE + 100
    sizes = [14 + (i * 37) % 1501 for i in range(count)]  # 14 to 1514 bytes
    sizes[:3] = [14, 1514, 60]
    window = 48  # frames in flight: the guest's receive ring never overflows
    with guest(app, "echo", str(count), devices=nic(peer.netdev(), options=options),
               boot=["--net:service=0"], tmp=tmp_path, legacy=legacy) as g:
        peer.accept()
        mac = mac_bytes(g.expect("mac"))
        me = bytes.fromhex("020000000001")
        sent = received = 0
        while received < count:
            while sent < count and sent - received < window:
                peer.send(numbered(sent, sizes[sent], mac, me))
                sent += 1
            echo = peer.recv()
            frame = numbered(received, sizes[received], mac, me)
            assert echo == me + mac + frame[12:], received
            received += 1
        assert g.expect("echoed") == str(count)
        assert int(g.expect("woken")) >= 1  # yield's ready set named the NIC's handle
        status, _, err = g.finish()
        assert status == 0, err


@pytest.mark.parametrize("options", ["", ",event_idx=off"], ids=["event-idx", "flags"])
def test_a_full_transmit_ring_makes_the_writer_wait(app: Path, tmp_path: Path,
                                                    options: str) -> None:
    """The peer stops reading: QEMU's socket fills, then the guest's transmit ring, and the
    writer waits in yield (no CPU) until the peer reads again; every frame then arrives, the
    last ones too, which are still on the ring when the program exits (pyrage_exit waits for
    the device to take them: QEMU would drop them when it ends)."""
    peer = FramePeer(rcvbuf=4096)
    count, size = 4000, 1514  # 6 MB: more than the sockets' buffers and the ring hold
    try:
        with guest(app, "burst", str(count), str(size),
                   devices=nic(peer.netdev(), options=options), boot=["--net:service=0"],
                   tmp=tmp_path) as g:
            peer.accept()
            g.expect("mtu")
            time.sleep(1.0)  # the guest fills everything and waits
            cpu = g.cpu_seconds()
            time.sleep(1.0)
            idle = g.cpu_seconds() - cpu
            for number in range(count):
                frame = peer.recv()
                assert len(frame) == size
                assert int.from_bytes(frame[14:18], "big") == number
            assert g.expect("sent") == str(count)
            assert int(g.expect("waits")) >= 1
            status, _, err = g.finish()
            assert status == 0, err
            assert idle < 0.5, f"QEMU used {idle:.2f} s of CPU in 1 s while the guest waited"
    finally:
        peer.close()


# --- a tap in a network namespace (root) ------------------------------------------------------


@pytest.fixture
def netns() -> Iterator[str]:
    yield from tap_namespace("pyrage-v")


SOL_PACKET = 263
PACKET_IGNORE_OUTGOING = 23
SO_RCVBUFFORCE = 33  # root may exceed rmem_max


def packet_socket(netns: str) -> socket.socket:
    """An AF_PACKET socket for TEST_TYPE on the namespace's tap0, deaf to its own frames."""
    with in_netns(netns):
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(TEST_TYPE))
    sock.bind(("tap0", TEST_TYPE))
    sock.settimeout(TIMEOUT)
    sock.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
    sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 16 << 20)
    return sock


class PyrageRun(Lines):
    """`pyrage run -t virtio PROGRAM --net tap0 -- ARGS` in the namespace: the CLI's own path."""

    def __init__(self, program: Path, netns: str, *args: str) -> None:
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", netns, sys.executable, "-m", "pyrage.cli", "run",
             str(program), "-t", "virtio", "--accel", "tcg", "--net", "tap0", "--", *args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            cwd=Path(__file__).resolve().parents[2])
        self.start_reading()


@needs_root
def test_pyrage_run_on_a_tap_echoes_frames(program: Path, netns: str) -> None:
    run = PyrageRun(program, netns, "echo", str(3 * QUEUE_SIZE))
    try:
        mac = mac_bytes(run.expect("mac"))
        assert mac == mac_bytes(qemu.tap_mac("tap0"))  # the same MAC as on unix and hosted
        with packet_socket(netns) as sock:
            linux = sock.getsockname()[4]
            sent = received = 0
            while received < 3 * QUEUE_SIZE:
                while sent < 3 * QUEUE_SIZE and sent - received < 64:
                    sock.send(numbered(sent, 100 + sent % 1400, mac, linux))
                    sent += 1
                echo = sock.recv(65536)
                assert echo[:12] == linux + mac
                assert int.from_bytes(echo[14:18], "big") == received
                received += 1
        assert run.expect("echoed") == str(3 * QUEUE_SIZE)
        assert run.proc.wait(timeout=TIMEOUT) == 0
    finally:
        run.kill()


@needs_root
def test_linux_pings_the_program(app: Path, netns: str, tmp_path: Path) -> None:
    """ARP, then a ping flood (both rings wrap many times), then the largest ping."""
    boot_args = ["--net:service=0"]
    devices = nic("tap,ifname=tap0,script=no,downscript=no", mac=qemu.tap_mac("tap0"))
    with guest(app, "ping", devices=devices, boot=boot_args, tmp=tmp_path, netns=netns) as g:
        mac = g.expect("mac")
        flood = subprocess.run(["ip", "netns", "exec", netns, "ping", "-q", "-f", "-c", "600",
                                "-s", "1000", "-w", str(int(TIMEOUT)), "10.0.0.2"],
                               capture_output=True, text=True, timeout=TIMEOUT + 10)
        assert " 600 received, 0% packet loss" in flood.stdout, flood.stdout + flood.stderr
        big = subprocess.run(["ip", "netns", "exec", netns, "ping", "-c", "2", "-s", "1472",
                              "-w", str(int(TIMEOUT)), "10.0.0.2"],
                             capture_output=True, text=True, timeout=TIMEOUT + 10)
        assert " 2 received" in big.stdout, big.stdout + big.stderr
        assert f"lladdr {mac} " in ip("neigh", "show", "10.0.0.2", netns=netns)
        with packet_socket(netns) as sock:  # the program's signal to stop
            sock.send(mac_bytes(mac) + sock.getsockname()[4] + TEST_TYPE.to_bytes(2, "big") +
                      bytes(46))
        assert int(g.expect("arps")) >= 1
        assert g.expect("pings") == "602"
        status, _, err = g.finish()
        assert status == 0, err


@needs_root
def test_a_burst_reaches_linux_whole_and_in_order(app: Path, netns: str, tmp_path: Path) -> None:
    """Up to the last frame, which the program writes just before it exits. Fewer frames than
    Linux's backlog holds (netdev_max_backlog, 1000), which frames from a tap go through."""
    count = 3 * QUEUE_SIZE
    devices = nic("tap,ifname=tap0,script=no,downscript=no", mac=qemu.tap_mac("tap0"))
    with packet_socket(netns) as sock:
        with guest(app, "burst", str(count), "1514", devices=devices, boot=["--net:service=0"],
                   tmp=tmp_path, netns=netns) as g:
            numbers = [int.from_bytes(sock.recv(65536)[14:18], "big") for _ in range(count)]
            assert numbers == list(range(count))
            assert g.expect("sent") == str(count)
            status, _, err = g.finish()
            assert status == 0, err


# --- pyrage run: command lines, exit statuses, an app --------------------------------------------


def test_run_with_the_user_network_prints_the_command(program: Path) -> None:
    result = run_pyrage("run", str(program), "-t", "virtio", "--accel", "tcg",
                        "--net", "user", "--forward", "udp:5353=53", "--forward", "tcp:8080=80",
                        "--dry-run", "--", "echo", "1")
    assert result.returncode == 0, result.stderr
    line = result.stdout
    assert "-netdev user,id=n0,hostfwd=udp::5353-:53,hostfwd=tcp::8080-:80 " in line
    assert "-device virtio-net-device,netdev=n0,mac=52:54:00:12:34:56 " in line
    assert "auto-kernel-cmdline=on" in line and "virtio-mmio.force-legacy=false" in line
    assert "-device isa-debugcon,iobase=0xe9,chardev=pyrage-status" in line
    assert line.rstrip().endswith(
        "-append '--net:service=0 echo 1 --ipv4=10.0.2.15/24 --ipv4-gateway=10.0.2.2'")


def test_run_with_a_tap_prints_the_command(program: Path) -> None:
    result = run_pyrage("run", str(program), "-t", "virtio", "--net", "tap7",
                        "--dry-run", "--", "--ipv4=10.9.0.2/24")
    assert result.returncode == 0, result.stderr
    assert (f"-netdev tap,id=n0,ifname=tap7,script=no,downscript=no -device "
            f"virtio-net-device,netdev=n0,mac={qemu.tap_mac('tap7')} ") in result.stdout
    assert result.stdout.rstrip().endswith("-append '--net:service=0 --ipv4=10.9.0.2/24'")


@pytest.mark.parametrize("argv, message", [
    (["--net", "a=tap0"], "no NIC 'a' in this app"),
    (["--net", "tap0", "--net", "service=tap1"], "NIC 'service' is given twice"),
    (["--net", "tap,0"], "is not a tap interface's name"),
    (["--net", "tap0", "--forward", "udp:53=53"], "--forward needs one NIC on QEMU's user-mode"),
    (["--net", "user", "--forward", "udp:53"], "expected udp:HOST=GUEST"),
    (["--net", "user", "--forward", "udp:0=53"], "ports 1..65535"),
])
def test_run_refuses_bad_nics(program: Path, argv: list[str], message: str) -> None:
    result = run_pyrage("run", str(program), "-t", "virtio", *argv, "--dry-run")
    assert result.returncode == 2
    assert message in result.stderr


@pytest.mark.parametrize("status", [0, 1, 126, 127, 128, 200, 255])
def test_every_exit_status_reaches_pyrage_run(program: Path, status: int) -> None:
    result = run_pyrage("run", str(program), "-t", "virtio", "--accel", "tcg",
                        "--", "exit", str(status))
    assert (result.returncode, result.stdout, result.stderr) == (status, "", "")


def test_udp_echo_answers_through_the_user_network(tmp_path: Path) -> None:
    """examples/udp-echo, the whole stack over the driver: `pyrage run --net user --forward`
    (no root), a datagram to this machine's port comes back from the unikernel's."""
    app = tmp_path / "udp-echo"
    shutil.copytree(EXAMPLES / "udp-echo", app, ignore=shutil.ignore_patterns("_build", "dist"))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pyrage.cli", "run", str(app), "-t", "virtio", "--accel", "tcg",
         "--net", "user", "--forward", f"udp:{port}=7", "--", "--verbose"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2], start_new_session=True)
    try:
        assert proc.stdout is not None and proc.stderr is not None
        line = proc.stdout.readline()  # after the build: the unikernel's first line
        assert line == "udp-echo: listening on 10.0.2.15 port 7\n", line + proc.stderr.read()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
            client.settimeout(TIMEOUT)
            for size in (1, 100, 1400):
                data = bytes(i % 251 for i in range(size))
                client.sendto(data, ("127.0.0.1", port))
                assert client.recvfrom(2048) == (data, ("127.0.0.1", port))
                assert proc.stdout.readline().startswith(f"udp-echo: {size} bytes from 10.0.2.2:")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # its session: pyrage run and its QEMU
        proc.wait(timeout=TIMEOUT)
