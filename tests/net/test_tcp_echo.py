"""examples/tcp-echo end to end against Linux's TCP, pyrage as the server: pyrage's own TCP on a
tap (unix: the image opens it; virtio: QEMU's virtio-net does), Python sockets, nc and scapy in
a lab namespace (tests/net/netns.py) on the other side.

- 100 MiB each way through the echo, SHA-256 checked (the client sends and reads at once), on
  a clean link and through the impairment relay (3% loss, duplication and reordering);
- nc as the client;
- 1,000 connections open at once, each echoing a little;
- 100,000 connections one after another, past the 64,512 ports Linux's clients have here (so
  its ports wrap, reusing TIME-WAIT ones), the unikernel's memory back to its working size;
- a reader that stops: the unikernel's writes wait, the echo stops, its memory stays bounded,
  and everything completes once the client reads again (the unikernel's own reading is paced by
  its writes in every echo: it reads only as fast as it can send back);
- a SYN flood from spoofed sources while a real client connects and is echoed;
- what Linux sees of the RFC: RST for a closed port, half-close, and a client's RST in the
  middle of a transfer, after which the unikernel serves others.

Nothing is timed: a transfer either completes with the right digest or fails (a stall fails
it by a socket timeout). The figures the tests print, of one run, are in
examples/tcp-echo/README.md.
"""

from __future__ import annotations

import fcntl
import random
import socket
import struct
import termios
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import copy_example, requires_qemu
from tests.net import topology
from tests.net.blast import server_mac
from tests.net.echo import UdpEchoImages, alive, payload, rss_kb
from tests.net.netns import Capture, Lab, Process, UnikernelLink, missing_tools
from tests.net.relay import Impairment
from tests.net.tcp_client import (
    MiB,
    Sender,
    bulk_echo,
    connect,
    echo_once,
    many_at_once,
    one_after_another,
)

pytestmark = pytest.mark.slow

TARGETS = ["unix", pytest.param("virtio", marks=[pytest.mark.qemu, requires_qemu])]
PORT = 7
READY = r"tcp-echo: listening"
#: 100 MiB each way on both targets: virtio under TCG echoes about 6 MB/s, so about 18 s.
SIZE = {"unix": 100 * MiB, "virtio": 100 * MiB}
#: 3% of the frames lost, 3% duplicated and 3% held back behind the next two, each way.
BAD_LINK = Impairment(loss=0.03, duplicate=0.03, reorder=0.03, reorder_gap=2)
#: Through the relay (a Python thread of this process, beside the client): about 4.5 MB/s on
#: unix and 2.4 MB/s on virtio, as loss recovery still waits for a retransmission timeout
#: now and then (a retransmission lost too, or the last segments of a burst): 32 MiB on
#: virtio keeps it near 15 s.
IMPAIRED_SIZE = {"unix": 100 * MiB, "virtio": 32 * MiB}


@pytest.fixture(scope="session")
def tcp_echo_images(tmp_path_factory: pytest.TempPathFactory) -> UdpEchoImages:
    """examples/tcp-echo copied once per session, each image compiled on first use (the images
    class of udp-echo's tests serves any app whose NIC is "service")."""
    return UdpEchoImages(copy_example("tcp-echo", tmp_path_factory))


def start(link: UnikernelLink, images: UdpEchoImages, target: str, *boot_args: str) -> Process:
    """tcp-echo on link's tap at link.guest_cidr, once it listens and holds the tap."""
    argv = images.argv(target, link.tap, f"--ipv4={link.guest_cidr}", *boot_args)
    return link.start(argv, ready=READY, timeout=180)


def memory_kb(uk: Process) -> int:
    """The unikernel's resident set in KiB: the unix process's, or on virtio the QEMU that
    `pyrage run` started (guest pages count once the guest touched them)."""
    for pid in [uk.pid, *children(uk.pid)]:
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
        if comm != "python" and not comm.startswith("python3"):
            return rss_kb(pid)
    raise AssertionError(f"no unikernel process under {uk.pid}")


def children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(c) for c in (task / "children").read_text().split()]
    return out


def assert_still_echoes(link: UnikernelLink, uk: Process) -> None:
    assert alive(uk.pid), uk.output()
    sock = connect(link.ns, link.guest_ip, PORT)
    try:
        assert echo_once(sock, payload(3000, 99)) == payload(3000, 99)
    finally:
        sock.close()


# ---- bulk --------------------------------------------------------------------------------------

#: What a transfer may add to the unikernel's memory, whatever its size: its flow's queues are
#: bounded (256 KiB each way, the out-of-order segments within the window), and the heap grows
#: to twice what is live, at least 4 MiB, before collecting: about 6 MiB in all on unix. A
#: reader that kept what it had read grew it by 2.6 bytes a byte echoed under loss.
BULK_GROWTH_KB = 16384


@pytest.mark.parametrize("target", TARGETS)
def test_100_mib_each_way(lab: Lab, tcp_echo_images: UdpEchoImages, target: str) -> None:
    link = lab.unikernel_link(capture=False)
    uk = start(link, tcp_echo_images, target)
    before = memory_kb(uk)
    result = bulk_echo(connect(link.ns, link.guest_ip, PORT), SIZE[target], seed=1)
    after = memory_kb(uk)
    print(f"{target}: {result.summary()}; resident set {before} -> {after} KiB")
    assert result.ok, result.summary()
    assert result.sent == SIZE[target]
    assert after - before <= BULK_GROWTH_KB


@pytest.mark.parametrize("target", TARGETS)
def test_bulk_through_a_bad_link(lab: Lab, tcp_echo_images: UdpEchoImages,
                                 target: str) -> None:
    link = lab.unikernel_link(impair=BAD_LINK, seed=31, capture=False)
    uk = start(link, tcp_echo_images, target)
    before = memory_kb(uk)
    size = IMPAIRED_SIZE[target]
    result = bulk_echo(connect(link.ns, link.guest_ip, PORT), size, seed=2, timeout=60)
    assert link.relay is not None
    print(f"{target}: {result.summary()}; resident set {before} -> {memory_kb(uk)} KiB\n"
          f"{link.relay.describe()}")
    assert result.ok, f"{result.summary()}\n{link.relay.describe()}\n{uk.output()[-2000:]}"
    assert result.sent == size
    assert memory_kb(uk) - before <= BULK_GROWTH_KB
    counters = link.relay.counters
    assert all(c.dropped and c.duplicated and c.reordered for c in counters.values()), counters


requires_nc = pytest.mark.skipif(missing_tools("nc") is not None,
                                 reason=str(missing_tools("nc")))


@requires_nc
@pytest.mark.parametrize("target", TARGETS)
def test_nc_as_the_client(lab: Lab, tcp_echo_images: UdpEchoImages, target: str) -> None:
    """`nc -N` sends a file and shuts its side down at the end of it (-N), then writes what
    comes back until the echo closes: the same bytes."""
    link = lab.unikernel_link(capture=False)
    start(link, tcp_echo_images, target)
    sent = lab.workdir / "nc-in"
    sent.write_bytes(random.Random(3).randbytes(4 * MiB + 123))
    back = lab.workdir / "nc-out"
    nc = link.ns.popen(["sh", "-c", f"nc -N {link.guest_ip} {PORT} <{sent} >{back}"],
                       name="nc")
    assert nc.proc.wait(120) == 0, nc.output()
    assert back.read_bytes() == sent.read_bytes()


# ---- many connections --------------------------------------------------------------------------

@pytest.mark.parametrize("target", TARGETS)
def test_1000_connections_at_once(lab: Lab, tcp_echo_images: UdpEchoImages,
                                  target: str) -> None:
    link = lab.unikernel_link(capture=False)
    uk = start(link, tcp_echo_images, target)
    result = many_at_once(link.ns, link.guest_ip, PORT, 1000)
    print(f"{target}: {result.summary()}")
    assert result.connected == 1000 and result.echoed == 1000 and not result.wrong, \
        result.summary()
    assert_still_echoes(link, uk)


#: Connections one after another, per target: on unix past the ports Linux's connect() takes
#: here (1024..65535, and connect() prefers the even ones: some 32,000), so they wrap three
#: times. The unix unikernel takes about 8,000 a second from this client; virtio under TCG
#: 450 to 1,250 (each connection is four round trips, and a round trip through TCG costs
#: some 200 us to 500 us): 12,000 there, which the memory check needs, in about 10 to 30 s.
SEQUENTIAL = {"unix": 100_000, "virtio": 12_000}
#: Connections made before the first measure of the unikernel's memory: enough for its heap to
#: reach its working size (the collector lets it grow to twice the live data, at least 4 MiB,
#: before collecting) and for every code path of a connection to have run.
WARM_UP = {"unix": 5_000, "virtio": 2_000}
#: What the unikernel's resident set may grow by between the first measure and the last. The
#: heap is non-moving and collected when it doubles, so two measures of the same working set
#: differ by what happened to be allocated since the last collection and how fragmented the
#: pages are: a few hundred KiB at most. A leak of 32 bytes a connection would add 3 MiB.
GROWTH_KB = 1536


@pytest.mark.parametrize("target", TARGETS)
def test_connections_one_after_another(lab: Lab, tcp_echo_images: UdpEchoImages,
                                       target: str) -> None:
    """SEQUENTIAL connections (100,000 on unix), the unikernel's memory back to what it was
    after the warm-up. Linux's ports wrap: TIME-WAIT is on Linux's side (it closes first), and tcp_tw_reuse
    lets it take such a port again once a second has passed. The unikernel must take each
    reused four-tuple as a new connection, and forget every one."""
    link = lab.unikernel_link(capture=False)
    link.ns.sysctl("net.ipv4.ip_local_port_range", "1024 65535")
    link.ns.sysctl("net.ipv4.tcp_tw_reuse", "1")
    uk = start(link, tcp_echo_images, target)
    warm = one_after_another(link.ns, link.guest_ip, PORT, WARM_UP[target])
    assert warm.echoed == WARM_UP[target], warm.summary()
    baseline = memory_kb(uk)
    count = SEQUENTIAL[target] - WARM_UP[target]
    result = one_after_another(link.ns, link.guest_ip, PORT, count)
    end = memory_kb(uk)
    print(f"{target}: {result.summary()}; resident set {baseline} KiB after "
          f"{WARM_UP[target]}, {end} KiB at the end")
    assert result.echoed == count and not result.wrong, result.summary()
    if target == "unix":
        assert len(result.ports) < count, "Linux's ports never wrapped"
    assert end - baseline <= GROWTH_KB, \
        f"the resident set grew from {baseline} to {end} KiB over {result.count} connections"
    assert_still_echoes(link, uk)


# ---- a slow reader -----------------------------------------------------------------------------

#: How long the client stops reading; long enough for every buffer on the way to fill.
PAUSE = 3.0
#: What the unikernel's memory may grow by while the client does not read, over what it was
#: after a transfer that did not stop: its flow's queues are bounded (256 KiB each way), and
#: the heap's working size may shift by a collection's worth.
STOPPED_GROWTH_KB = 2048


@pytest.mark.parametrize("target", TARGETS)
def test_a_reader_that_stops(lab: Lab, tcp_echo_images: UdpEchoImages, target: str) -> None:
    """The client reads 1 MiB, then nothing for PAUSE s while its sender goes on: Linux's
    receive buffer fills, its window closes, the unikernel's writes wait (its send queue is
    full), so the echo stops reading, the unikernel's window closes, and Linux's sender
    blocks. Nothing moves until the client reads again; then all of it completes."""
    link = lab.unikernel_link(capture=False)
    # only the segments that close a window: BPF keeps them in the kernel, nothing is dropped
    zero = link.ns.capture(link.tap, name="zero-windows", filter=["tcp[14:2] = 0"])
    uk = start(link, tcp_echo_images, target)
    warm = bulk_echo(connect(link.ns, link.guest_ip, PORT), 16 * MiB, seed=3)
    assert warm.ok, warm.summary()
    rss_before = memory_kb(uk)  # its working size, once a transfer like this one ran
    sock = connect(link.ns, link.guest_ip, PORT)
    size = 64 * MiB
    stalled: list[int] = []

    def pause(received: int, sender: Sender) -> None:
        if received >= MiB and not stalled:
            time.sleep(PAUSE / 2)  # every buffer fills
            stalled.append(sender.sent)
            stalled.append(memory_kb(uk))
            time.sleep(PAUSE / 2)
            stalled.append(sender.sent)

    result = bulk_echo(sock, size, seed=4, pause=pause)
    print(f"{target}: {result.summary()}; while stopped: sent {stalled[0]} then {stalled[2]} "
          f"bytes, resident set {rss_before} -> {stalled[1]} KiB")
    assert result.ok, result.summary()
    sent_at_half, rss_stopped, sent_at_end = stalled
    assert sent_at_half == sent_at_end < size, "the sender went on while nobody read"
    assert rss_stopped - rss_before < STOPPED_GROWTH_KB, "the unikernel buffered what nobody read"
    # both windows closed (the transfer completed: they reopened)
    assert zero.count("src", "host", link.guest_ip) > 0
    assert zero.count("src", "host", link.peer_ip) > 0


# ---- a SYN flood -------------------------------------------------------------------------------

#: The sources of the flood's SYNs: unresolvable neighbours (the unikernel asks ARP in vain, and
#: their half-open connections wait out their retransmissions: they fill the backlog), the Linux
#: peer itself (whose kernel answers each SYN-ACK with a reset), and a network with no route
#: (the unikernel has no gateway).
FLOOD_SOURCES = [f"10.0.0.{i}" for i in range(3, 255)] + ["10.0.0.1"] * 64 + \
    [f"198.51.100.{i}" for i in range(1, 65)]
FLOOD_FRAMES = 4096
#: SYNs a second: about half of what the unikernel reads under a flood (some 70,000 frames a
#: second on unix, 8,000 on virtio under TCG). A faster flood only fills the tap's queue (or
#: the virtio ring), which then drops the client's frames as well as the flood's, as a
#: saturated link would: the client's SYNs wait for Linux's retransmissions (1, 3, 7 s...), and
#: a connection whose handshake ACK and first data segment are both dropped is reset by the
#: next one, whose sequence number no longer checks the cookie (as with Linux's cookies).
FLOOD_RATE = {"unix": 40_000, "virtio": 4_000}
#: In a SYN cookie's SYN-ACK, the timestamp's low 5 bits hold the peer's window scale + 1 and
#: SACK-permitted (syncookie.py): the flood's SYNs offer scale 7 and SACK.
COOKIE_TS_BITS = (7 + 1) | 16


def syn_frames(link: UnikernelLink, count: int) -> list[bytes]:
    """SYNs to the echo port from FLOOD_SOURCES, with random ports, sequence numbers and
    Linux's options, as scapy builds them."""
    from scapy.layers.inet import IP, TCP
    from scapy.layers.l2 import Ether

    rng = random.Random(5)
    guest_mac = server_mac(link.ns, link.tap, link.guest_ip).hex(":")
    peer_mac = link.ns.mac(link.tap)
    frames = []
    for _ in range(count):
        frame = (Ether(src=peer_mac, dst=guest_mac)
                 / IP(src=rng.choice(FLOOD_SOURCES), dst=link.guest_ip)
                 / TCP(sport=rng.randrange(1024, 65536), dport=PORT, flags="S",
                       seq=rng.randrange(1 << 32), window=64240,
                       options=[("MSS", 1460), ("SAckOK", b""),
                                ("Timestamp", (rng.randrange(1 << 32), 0)), ("NOP", None),
                                ("WScale", 7)]))
        frames.append(bytes(frame))
    return frames


def cookies(capture: Capture) -> int:
    """The SYN-ACKs of the capture that carry a SYN cookie (COOKIE_TS_BITS)."""
    from scapy.layers.inet import TCP

    count = 0
    for p in topology.frames(capture):
        if TCP in p and p[TCP].flags == "SA":
            ts = dict((o[0], o[1]) for o in p[TCP].options).get("Timestamp")
            if isinstance(ts, tuple) and ts[0] & 31 == COOKIE_TS_BITS:
                count += 1
    return count


@pytest.mark.parametrize("target", TARGETS)
def test_a_syn_flood_while_a_client_is_served(lab: Lab, tcp_echo_images: UdpEchoImages,
                                              target: str) -> None:
    """SYNs that never complete a handshake, at FLOOD_RATE, while a real client connects 20
    times and is echoed each time: the listener's backlog fills with half-open connections to
    sources that do not answer, and SYN cookies answer the rest, the client included, so it
    never waits for the flood's half-open ones to time out."""
    link = lab.unikernel_link(capture=False)
    syn_acks = link.ns.capture(link.tap, name="syn-acks",
                               filter=["src", "host", link.guest_ip, "and", "tcp[13] == 18"])
    uk = start(link, tcp_echo_images, target)
    frames = syn_frames(link, FLOOD_FRAMES)
    raw = link.ns.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    raw.bind((link.tap, 0))
    rate = FLOOD_RATE[target]
    done = threading.Event()
    offered = 0

    def flood() -> None:
        nonlocal offered
        began = time.monotonic()
        while not done.is_set():
            due = int((time.monotonic() - began) * rate)
            while offered < due:
                try:
                    raw.send(frames[offered % len(frames)])
                except OSError:  # the tap's queue is full
                    pass
                offered += 1
            time.sleep(0.001)

    flooder = threading.Thread(target=flood, name="syn-flood", daemon=True)
    began = time.monotonic()
    flooder.start()
    waits: list[float] = []
    try:
        time.sleep(1.0)  # the backlog is full by now
        for i in range(20):
            at = time.monotonic()
            sock = connect(link.ns, link.guest_ip, PORT, timeout=30)
            waits.append(time.monotonic() - at)
            data = payload(1000 + i * 100, i)
            assert echo_once(sock, data) == data
            sock.close()
    finally:
        done.set()
        flooder.join(10)
    seconds = time.monotonic() - began
    answered = cookies(syn_acks)
    print(f"{target}: {offered} SYNs offered in {seconds:.1f} s ({offered / seconds:.0f}/s), "
          f"{answered} answered with a cookie; the client's 20 connects took "
          f"{min(waits) * 1000:.1f} to {max(waits) * 1000:.1f} ms")
    assert answered > 0, "no SYN cookie: the backlog never filled"
    assert_still_echoes(link, uk)


# ---- what Linux sees of the RFC ----------------------------------------------------------------

@pytest.mark.parametrize("target", TARGETS)
def test_a_closed_port_resets_the_connection(lab: Lab, tcp_echo_images: UdpEchoImages,
                                             target: str) -> None:
    link = lab.unikernel_link()
    uk = start(link, tcp_echo_images, target)
    sock = link.ns.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(10)
    with pytest.raises(ConnectionRefusedError):
        sock.connect((link.guest_ip, 9))
    assert link.capture is not None  # RFC 9293 3.10.7.1: RST|ACK acknowledging the SYN
    rst = f"src host {link.guest_ip} and src port 9 and tcp[tcpflags] & (tcp-rst|tcp-ack) " \
        "= (tcp-rst|tcp-ack) and tcp[4:4] = 0"
    assert link.capture.count(rst) == 1, link.capture.decode(20, "tcp")
    assert_still_echoes(link, uk)


@pytest.mark.parametrize("target", TARGETS)
def test_half_close(lab: Lab, tcp_echo_images: UdpEchoImages, target: str) -> None:
    """The client sends everything and shuts its side (SHUT_WR: FIN) before reading a byte:
    more than its receive buffer holds comes back, so the echo must go on sending after the
    FIN, as the client reads; then it closes its own side (EOF)."""
    link = lab.unikernel_link(capture=False)
    start(link, tcp_echo_images, target)
    sock = connect(link.ns, link.guest_ip, PORT)
    data = payload(400_000, 6)  # what the buffers on the way hold: nothing need be read
    sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)
    time.sleep(0.5)  # the FIN is in, and the echo sent what the client's window took
    waiting = struct.unpack("i", fcntl.ioctl(sock, termios.FIONREAD, bytes(4)))[0]
    assert 0 < waiting < len(data)
    got = bytearray()
    while part := sock.recv(65536):
        got += part
    assert got == data
    sock.close()


@pytest.mark.parametrize("target", TARGETS)
def test_a_client_reset_in_the_middle_of_a_transfer(lab: Lab, tcp_echo_images: UdpEchoImages,
                                                    target: str) -> None:
    """A client resets its connection (SO_LINGER 0, then close) while data flows both ways;
    another client, connected before, is still echoed, and so are new ones."""
    link = lab.unikernel_link(capture=False)
    uk = start(link, tcp_echo_images, target)
    resets = link.ns.snmp()["Tcp"]["OutRsts"]
    other = connect(link.ns, link.guest_ip, PORT)
    sock = connect(link.ns, link.guest_ip, PORT)
    sender = Sender(sock, 64 * MiB, shutdown=False)
    received = 0
    while received < 2 * MiB:
        received += len(sock.recv(65536))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()  # RST
    sender.join(10)
    assert echo_once(other, payload(5000, 7)) == payload(5000, 7)
    for i in range(3):
        assert_still_echoes(link, uk)
    assert link.ns.snmp()["Tcp"]["OutRsts"] > resets  # Linux did reset it
