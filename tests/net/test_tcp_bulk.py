"""examples/tcp-bulk end to end against Linux's TCP: pyrage's own TCP on a tap (unix: the image
opens it; virtio: QEMU's virtio-net does), Python sockets (and nc) in a lab namespace on the
other side, pyrage as server and as client, each way; the same through the impairment relay;
and the errors a client sees (ConnectionRefused, ConnectionTimedOut).

A transfer is checked by its SHA-256 on both ends: the bytes are examples/tcp-bulk's pattern
(its README), which the unikernel hashes as it sends or receives and the Linux side hashes as
it receives (or knows, as it sends). Nothing here is timed: a transfer either completes with
the right digest, or the test fails (a stall fails it by the socket's timeout).
"""

from __future__ import annotations

import functools
import hashlib
import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.conftest import copy_example, requires_qemu
from tests.net.echo import UdpEchoImages
from tests.net.netns import Lab, LabError, Namespace, Process, UnikernelLink, missing_tools
from tests.net.relay import Impairment

pytestmark = pytest.mark.slow

TARGETS = ["unix", pytest.param("virtio", marks=[pytest.mark.qemu, requires_qemu])]
MiB = 1 << 20
#: Per target, the bytes each way: 100 MiB on unix; under TCG (no hardware KVM here) virtio
#: hashes at about 2.5 MB/s, so 16 MiB keeps a virtio transfer near 10 s.
SIZE = {"unix": 100 * MiB, "virtio": 16 * MiB}
PORT = 5201
READY = r"tcp-bulk: listening"
BLOCK = 65536
#: What Linux allows a socket call to wait, in s: a transfer that stalls fails the test.
STALL = 120.0
#: 3% of the frames lost, 3% duplicated and 3% held back behind the next two, each way.
BAD_LINK = Impairment(loss=0.03, duplicate=0.03, reorder=0.03, reorder_gap=2)
#: Through the relay (a thread of this process, with the Linux peer's): a few MiB.
IMPAIRED_SIZE = 8 * MiB

RESULT = re.compile(r"tcp-bulk: (sent|received) (\d+) bytes in [\d.]+ s, [\d.]+ Mbit/s, "
                    r"sha256 ([0-9a-f]{64}|-) \(([\d.]+):(\d+)\)")


@pytest.fixture(scope="session")
def tcp_bulk_images(tmp_path_factory: pytest.TempPathFactory) -> UdpEchoImages:
    """examples/tcp-bulk copied once per session, each image compiled on first use (the
    images class of udp-echo's tests serves any app whose NIC is "service")."""
    return UdpEchoImages(copy_example("tcp-bulk", tmp_path_factory))


# ---- the pattern -----------------------------------------------------------------------------

@functools.cache
def _base_block() -> bytes:
    base, x = bytearray(BLOCK), 1
    for i in range(BLOCK):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        base[i] = x >> 24
    return bytes(base)


def pattern_blocks(size: int) -> Iterator[bytes]:
    """tcp-bulk's pattern (examples/tcp-bulk/README.md), size bytes, a block at a time."""
    block = bytearray(_base_block())
    for k in range((size + BLOCK - 1) // BLOCK):
        block[:8] = k.to_bytes(8, "big")
        yield bytes(block[:min(BLOCK, size - k * BLOCK)])


@functools.cache
def pattern_sha256(size: int) -> str:
    h = hashlib.sha256()
    for block in pattern_blocks(size):
        h.update(block)
    return h.hexdigest()


# ---- the Linux side --------------------------------------------------------------------------

@dataclass
class Received:
    size: int
    sha256: str


def receive_all(sock: socket.socket) -> Received:
    """Read sock to its end, hashing."""
    h = hashlib.sha256()
    size = 0
    buf = bytearray(1 << 20)
    while True:
        n = sock.recv_into(buf)
        if n == 0:
            return Received(size, h.hexdigest())
        size += n
        h.update(memoryview(buf)[:n])


def send_all(sock: socket.socket, size: int) -> None:
    """Send size bytes of the pattern, then FIN."""
    for block in pattern_blocks(size):
        sock.sendall(block)
    sock.shutdown(socket.SHUT_WR)


def connect(ns: Namespace, host: str, port: int = PORT) -> socket.socket:
    sock = ns.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(STALL)
    sock.connect((host, port))
    return sock


class LinuxServer:
    """A Linux TCP server of ns on port: accepts one connection in a thread and either reads it
    to its end (send_bytes 0) or sends send_bytes of the pattern and then reads to the end."""

    def __init__(self, ns: Namespace, address: str, port: int, send_bytes: int = 0) -> None:
        self.listener = ns.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind((address, port))
        self.listener.listen(1)
        self.listener.settimeout(STALL)
        self.send_bytes = send_bytes
        self.received: Received | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
            with conn:
                conn.settimeout(STALL)
                if self.send_bytes:
                    send_all(conn, self.send_bytes)
                self.received = receive_all(conn)
        except BaseException as e:  # handed to the test
            self.error = e

    def result(self) -> Received:
        self.thread.join(STALL + 10)
        if self.error is not None:
            raise self.error
        assert self.received is not None, "the Linux server is still serving"
        return self.received


# ---- the unikernel -----------------------------------------------------------------------------

def start(link: UnikernelLink, images: UdpEchoImages, target: str, *boot_args: str,
          ready: str | None = READY) -> Process:
    """The unikernel on link's tap. A server (ready: what it prints once it listens) is
    waited for; a client is not, as it may be done, and the tap closed, before its carrier
    shows (a refused connect takes a millisecond)."""
    argv = images.argv(target, link.tap, f"--ipv4={link.guest_cidr}", *boot_args)
    if ready is None:
        return link.ns.popen(argv, name="unikernel")
    return link.start(argv, ready=ready, timeout=180)


def result_of(process: Process, verb: str, timeout: float = STALL) -> tuple[int, str]:
    """The (bytes, sha256) of the unikernel's report of its transfer (`sent` or `received`)."""
    match = process.wait_for_output(rf"tcp-bulk: {verb} \d+ bytes.*\)", timeout)
    parsed = RESULT.search(match[0])
    assert parsed is not None, match[0]
    return int(parsed[2]), parsed[3]


def exit_status(process: Process, timeout: float = 60) -> int:
    return process.proc.wait(timeout)


# ---- pyrage as server ----------------------------------------------------------------------------

@pytest.mark.parametrize("target", TARGETS)
def test_linux_sends_to_the_unikernel(lab: Lab, tcp_bulk_images: UdpEchoImages,
                                      target: str) -> None:
    size = SIZE[target]
    link = lab.unikernel_link(capture=False)
    uk = start(link, tcp_bulk_images, target)
    sock = connect(link.ns, link.guest_ip)
    send_all(sock, size)
    assert receive_all(sock).size == 0  # the sink closes once it has read everything
    sock.close()
    assert result_of(uk, "received") == (size, pattern_sha256(size))


@pytest.mark.parametrize("target", TARGETS)
def test_the_unikernel_sends_to_linux(lab: Lab, tcp_bulk_images: UdpEchoImages,
                                      target: str) -> None:
    size = SIZE[target]
    link = lab.unikernel_link(capture=False)
    uk = start(link, tcp_bulk_images, target, f"--send-bytes={size}")
    sock = connect(link.ns, link.guest_ip)
    got = receive_all(sock)
    sock.close()
    assert (got.size, got.sha256) == (size, pattern_sha256(size))
    assert result_of(uk, "sent") == (size, pattern_sha256(size))


# ---- pyrage as client ----------------------------------------------------------------------------

@pytest.mark.parametrize("target", TARGETS)
def test_the_unikernel_client_sends_to_a_linux_server(lab: Lab, tcp_bulk_images: UdpEchoImages,
                                                      target: str) -> None:
    size = SIZE[target]
    link = lab.unikernel_link(capture=False)
    server = LinuxServer(link.ns, link.peer_ip, PORT)
    uk = start(link, tcp_bulk_images, target, "--mode=client", f"--peer={link.peer_ip}",
               f"--send-bytes={size}", ready=None)
    got = server.result()
    assert (got.size, got.sha256) == (size, pattern_sha256(size))
    assert result_of(uk, "sent") == (size, pattern_sha256(size))
    assert exit_status(uk) == 0, uk.output()


@pytest.mark.parametrize("target", TARGETS)
def test_the_unikernel_client_receives_from_a_linux_server(
        lab: Lab, tcp_bulk_images: UdpEchoImages, target: str) -> None:
    size = SIZE[target]
    link = lab.unikernel_link(capture=False)
    server = LinuxServer(link.ns, link.peer_ip, PORT, send_bytes=size)
    uk = start(link, tcp_bulk_images, target, "--mode=client", f"--peer={link.peer_ip}",
               "--recv", ready=None)
    assert result_of(uk, "received") == (size, pattern_sha256(size))
    assert server.result().size == 0
    assert exit_status(uk) == 0, uk.output()


def test_the_hosted_unikernel_sends_to_a_linux_server(lab: Lab,
                                                      tcp_bulk_images: UdpEchoImages) -> None:
    """The same program under CPython (`pyrage run -t hosted --net TAP`), on the same tap."""
    size = 256 * 1024  # CPython hashes in pure Python: slowly
    link = lab.unikernel_link(capture=False)
    server = LinuxServer(link.ns, link.peer_ip, PORT)
    argv = [sys.executable, "-m", "pyrage.cli", "run", str(tcp_bulk_images.root), "-t", "hosted",
            "--net", link.tap, "--", f"--ipv4={link.guest_cidr}", "--mode=client",
            f"--peer={link.peer_ip}", f"--send-bytes={size}"]
    uk = link.ns.popen(argv, name="unikernel")
    got = server.result()
    assert (got.size, got.sha256) == (size, pattern_sha256(size))
    assert result_of(uk, "sent") == (size, pattern_sha256(size))
    assert exit_status(uk) == 0, uk.output()


# ---- through the impairment relay --------------------------------------------------------------

def assert_impaired(link: UnikernelLink) -> None:
    """The relay did lose, duplicate and reorder frames, both ways."""
    assert link.relay is not None
    counters = link.relay.counters
    assert all(c.dropped and c.duplicated and c.reordered for c in counters.values()), counters


def test_linux_sends_through_a_bad_link(lab: Lab, tcp_bulk_images: UdpEchoImages) -> None:
    link = lab.unikernel_link(impair=BAD_LINK, seed=21, capture=False)
    uk = start(link, tcp_bulk_images, "unix")
    sock = connect(link.ns, link.guest_ip)
    send_all(sock, IMPAIRED_SIZE)
    assert receive_all(sock).size == 0
    sock.close()
    assert result_of(uk, "received") == (IMPAIRED_SIZE, pattern_sha256(IMPAIRED_SIZE))
    assert_impaired(link)


def test_the_unikernel_sends_through_a_bad_link(lab: Lab,
                                                tcp_bulk_images: UdpEchoImages) -> None:
    link = lab.unikernel_link(impair=BAD_LINK, seed=22, capture=False)
    uk = start(link, tcp_bulk_images, "unix", f"--send-bytes={IMPAIRED_SIZE}")
    sock = connect(link.ns, link.guest_ip)
    got = receive_all(sock)
    sock.close()
    assert (got.size, got.sha256) == (IMPAIRED_SIZE, pattern_sha256(IMPAIRED_SIZE))
    assert result_of(uk, "sent") == (IMPAIRED_SIZE, pattern_sha256(IMPAIRED_SIZE))
    assert_impaired(link)


# ---- nc ----------------------------------------------------------------------------------------

NC_SIZE = 10 * MiB
requires_nc = pytest.mark.skipif(missing_tools("nc") is not None,
                                 reason=str(missing_tools("nc")))


@requires_nc
def test_the_unikernel_client_sends_to_nc(lab: Lab, tcp_bulk_images: UdpEchoImages) -> None:
    """`nc -l` as the server: it reads to the end, then closes (its stdin is empty)."""
    link = lab.unikernel_link(capture=False)
    nc = link.ns.popen(["sh", "-c", f"nc -l {link.peer_ip} {PORT} </dev/null | sha256sum"],
                       name="nc")
    wait_listening(link.ns, PORT)
    uk = start(link, tcp_bulk_images, "unix", "--mode=client", f"--peer={link.peer_ip}",
               f"--send-bytes={NC_SIZE}", ready=None)
    assert result_of(uk, "sent") == (NC_SIZE, pattern_sha256(NC_SIZE))
    assert nc.proc.wait(STALL) == 0
    assert nc.output().split()[0] == pattern_sha256(NC_SIZE)
    assert exit_status(uk) == 0, uk.output()


@requires_nc
def test_nc_receives_from_the_unikernel(lab: Lab, tcp_bulk_images: UdpEchoImages) -> None:
    link = lab.unikernel_link(capture=False)
    start(link, tcp_bulk_images, "unix", f"--send-bytes={NC_SIZE}")
    nc = link.ns.popen(["sh", "-c", f"nc {link.guest_ip} {PORT} </dev/null | sha256sum"],
                       name="nc")
    assert nc.proc.wait(STALL) == 0
    assert nc.output().split()[0] == pattern_sha256(NC_SIZE)


def wait_listening(ns: Namespace, port: int, timeout: float = 10) -> None:
    """Wait until something of ns listens on TCP port (ss -ltn)."""
    deadline = time.monotonic() + timeout
    while f":{port} " not in ns.run(["ss", "-Hltn"]).stdout:
        if time.monotonic() > deadline:
            raise LabError(f"nothing listens on TCP port {port} in {ns.name}")
        time.sleep(0.02)


# ---- a client's errors ---------------------------------------------------------------------------

def test_a_closed_port_refuses_the_client(lab: Lab, tcp_bulk_images: UdpEchoImages) -> None:
    link = lab.unikernel_link()
    uk = start(link, tcp_bulk_images, "unix", "--mode=client", f"--peer={link.peer_ip}",
               "--port=9", "--send-bytes=1000", ready=None)
    assert exit_status(uk) == 1, uk.output()
    assert f"tcp-bulk: connect to {link.peer_ip}:9: ConnectionRefused" in uk.output()
    assert link.capture is not None  # Linux answered the SYN with a reset
    assert link.capture.count(f"src host {link.peer_ip} and tcp[tcpflags] & tcp-rst != 0") >= 1


def test_a_silent_address_times_the_client_out(lab: Lab,
                                               tcp_bulk_images: UdpEchoImages) -> None:
    """Through Linux as the gateway, which does not forward (a new namespace's default) and so
    drops the SYNs without a word."""
    link = lab.unikernel_link()
    uk = start(link, tcp_bulk_images, "unix", f"--ipv4-gateway={link.peer_ip}", "--mode=client",
               "--peer=192.0.2.1", "--send-bytes=1000", "--connect-timeout=3", ready=None)
    assert exit_status(uk) == 1, uk.output()
    assert "tcp-bulk: connect to 192.0.2.1:5201: ConnectionTimedOut" in uk.output()
    assert link.capture is not None  # the SYN was sent, and more than once
    assert link.capture.count("dst host 192.0.2.1 and tcp[tcpflags] & tcp-syn != 0") >= 2
