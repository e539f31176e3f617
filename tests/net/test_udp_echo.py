"""examples/udp-echo end to end against the real Linux stack: pyrage's own Ethernet/ARP/IPv4/
ICMP/UDP on a tap (unix: the image opens it; virtio: QEMU's virtio-net does), Linux's ping and
sockets on the other side, in a lab namespace (tests/net/netns.py); then through the
impairment relay; and the socket stack (the host kernel's UDP), which needs no root.

A failing lab test's report has the decoded capture of the unikernel's link and the
unikernel's output (tests/net/conftest.py); the pcaps stay in its tmp_path. No timing is
asserted: a client retries, and what is checked is what came back, byte for byte.
"""

from __future__ import annotations

import select
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

from pyrage import manifest
from pyrage.manifest import Device
from tests.conftest import requires_qemu
from tests.net import topology
from tests.net.echo import ECHO_PORT, EchoResult, UdpEchoImages, echo_all, echo_sizes, payload
from tests.net.netns import Lab, Process, UnikernelLink
from tests.net.relay import Impairment

pytestmark = pytest.mark.slow

#: The targets with a direct stack on a tap. virtio: pyrage run -t virtio --net TAP (QEMU).
TARGETS = ["unix", pytest.param("virtio", marks=[pytest.mark.qemu, requires_qemu])]
READY = r"udp-echo: listening"


def start(link: UnikernelLink, images: UdpEchoImages, target: str, *boot_args: str) -> Process:
    """udp-echo on link's tap at link.guest_cidr, once it listens and holds the tap."""
    argv = images.argv(target, link.tap, f"--ipv4={link.guest_cidr}", *boot_args)
    return link.start(argv, ready=READY, timeout=120)


def assert_all_echoed(result: EchoResult, sizes: list[int]) -> None:
    assert not result.wrong, result.summary()
    assert result.echoed == set(sizes) and not result.missing, result.summary()


# ---- a clean link ----------------------------------------------------------------------------

@pytest.mark.parametrize("target", TARGETS)
def test_ping_with_fragments_both_ways(lab: Lab, udp_echo_images: UdpEchoImages,
                                       target: str) -> None:
    link = lab.unikernel_link()
    start(link, udp_echo_images, target)
    for size in (56, 1472, 1473, 4000, 8000):  # 1472: a 1500-byte packet; 1473: fragments
        r = link.ns.ping(link.guest_ip, count=5, size=size, wait=2)
        assert r.received == 5 and r.duplicates == 0 and r.errors == 0, r.output
        assert "wrong data" not in r.output, r.output
    assert link.capture is not None
    # the requests and the unikernel's replies were both fragmented (a fragment past the first)
    later_fragment = "ip[6:2] & 0x1fff != 0"
    guest, peer = link.guest_ip, link.peer_ip
    assert link.capture.count(f"src host {peer} and icmp and {later_fragment}") >= 3 * 5
    assert link.capture.count(f"src host {guest} and icmp and {later_fragment}") >= 3 * 5


@pytest.mark.parametrize("target", TARGETS)
def test_every_udp_size_is_echoed(lab: Lab, udp_echo_images: UdpEchoImages,
                                  target: str) -> None:
    link = lab.unikernel_link()
    start(link, udp_echo_images, target)
    sizes = list(range(1, 8193))  # 1472: the largest unfragmented; 1473: two fragments
    result = echo_sizes(link.ns, link.guest_ip, sizes, window=32)
    assert_all_echoed(result, sizes)


@pytest.mark.parametrize("target", TARGETS)
def test_linux_resolves_the_unikernel_and_hears_its_announcement(
        lab: Lab, udp_echo_images: UdpEchoImages, target: str) -> None:
    from scapy.layers.l2 import ARP, Ether

    link = lab.unikernel_link()
    link.ns.sysctl(f"net.ipv4.conf.{link.tap}.arp_accept", "1")  # learn from gratuitous ARP
    start(link, udp_echo_images, target)
    assert link.capture is not None
    mac = topology.announcement_mac(link.capture, link.guest_ip)
    learnt = topology.neighbour(link.ns, link.tap, link.guest_ip)
    assert learnt is not None and learnt[0] == mac, learnt  # from the announcement alone
    assert not [p for p in topology.arp_frames(link.capture) if p[ARP].psrc == link.peer_ip]

    link.ns.ip("neigh", "flush", "dev", link.tap)
    assert link.ns.ping(link.guest_ip, count=3).received == 3
    peer_mac = link.ns.mac(link.tap)
    replies = [p for p in topology.arp_frames(link.capture) if p[ARP].op == 2]
    assert replies, link.capture.decode()
    for p in replies:  # is-at, from the unikernel to the asker
        assert (p[Ether].src, p[Ether].dst) == (mac, peer_mac)
        assert (p[ARP].hwsrc, p[ARP].psrc) == (mac, link.guest_ip)
        assert (p[ARP].hwdst, p[ARP].pdst) == (peer_mac, link.peer_ip)
    learnt = topology.neighbour(link.ns, link.tap, link.guest_ip)
    assert learnt is not None and learnt[0] == mac and learnt[1] != "FAILED", learnt


@pytest.mark.parametrize("target", TARGETS)
def test_the_unikernel_resolves_a_peer_it_never_saw(lab: Lab, udp_echo_images: UdpEchoImages,
                                                    target: str) -> None:
    """A second Linux peer that knows the unikernel's MAC (a permanent neighbour entry) and
    so never asks for it: to answer, the unikernel must ask for the peer's."""
    from scapy.layers.inet import IP, UDP
    from scapy.layers.l2 import ARP, Ether

    link, peer2 = topology.bridged_link(lab)
    start(link, udp_echo_images, target)
    assert link.capture is not None
    mac = topology.announcement_mac(link.capture, link.guest_ip)
    peer2.ip("neigh", "replace", link.guest_ip, "lladdr", mac, "dev", "eth0", "nud",
             "permanent")
    peer2_mac = peer2.mac("eth0")
    sizes = [1, 1472, 1473, 5000]
    assert_all_echoed(echo_sizes(peer2, link.guest_ip, sizes), sizes)
    assert peer2.ping(link.guest_ip, count=3).received == 3

    arp = topology.arp_frames(link.capture)
    asked = [p for p in arp if p[ARP].op == 1 and p[ARP].pdst == topology.SECOND_PEER]
    assert asked, link.capture.decode()
    for p in asked:  # the unikernel asked, and only the unikernel
        assert (p[Ether].src, p[Ether].dst) == (mac, "ff:ff:ff:ff:ff:ff")
        assert (p[ARP].hwsrc, p[ARP].psrc) == (mac, link.guest_ip)
    assert any(p[ARP].op == 2 and p[ARP].psrc == topology.SECOND_PEER for p in arp)
    echoes = [p for p in topology.frames(link.capture)
              if IP in p and UDP in p and p[IP].dst == topology.SECOND_PEER]
    assert echoes and all(p[Ether].dst == peer2_mac for p in echoes)


@pytest.mark.parametrize("target", TARGETS)
def test_a_peer_on_another_network_through_the_gateway(
        lab: Lab, udp_echo_images: UdpEchoImages, target: str) -> None:
    from scapy.layers.inet import IP
    from scapy.layers.l2 import Ether

    link = lab.unikernel_link()
    far = topology.routed_peer(lab, link)
    sizes = [1, 1472, 1473, 6000]

    # without a gateway, nothing goes back to the far peer; the near one is still answered
    uk = start(link, udp_echo_images, target)
    assert echo_sizes(far, link.guest_ip, [10], tries=2, retry_after=0.3).echoed == set()
    assert_all_echoed(echo_sizes(link.ns, link.guest_ip, sizes), sizes)
    uk.wait_for_output(rf"cannot answer {topology.FAR_PEER}")
    uk.stop()

    start(link, udp_echo_images, target, f"--ipv4-gateway={link.peer_ip}")
    r = far.ping(link.guest_ip, count=5, wait=2)
    assert r.received == 5, r.output
    assert far.ping(link.guest_ip, count=3, size=4000, wait=2).received == 3
    assert_all_echoed(echo_sizes(far, link.guest_ip, sizes), sizes)
    assert link.capture is not None
    router_mac = link.ns.mac(link.tap)
    to_far = [p for p in topology.frames(link.capture)
              if IP in p and p[IP].dst == topology.FAR_PEER]
    assert to_far and all(p[Ether].dst == router_mac for p in to_far)


@pytest.mark.parametrize("target", TARGETS)
def test_a_closed_port_is_unreachable(lab: Lab, udp_echo_images: UdpEchoImages,
                                      target: str) -> None:
    from scapy.layers.inet import ICMP, IP, UDP, IPerror, UDPerror

    link = lab.unikernel_link()
    start(link, udp_echo_images, target)
    sock = link.ns.socket()
    sock.settimeout(5)
    sock.connect((link.guest_ip, 9))
    sock.send(b"anyone?")
    with pytest.raises(ConnectionRefusedError):  # Linux matched the error to the socket
        sock.recv(100)
    # a broadcast to a closed port gets no error (RFC 1122)
    bcast = link.ns.socket()
    bcast.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    bcast.sendto(b"all?", ("10.0.0.255", 9))
    assert echo_sizes(link.ns, link.guest_ip, [3]).echoed == {3}  # still echoing, after both
    assert link.capture is not None
    errors = [p for p in topology.frames(link.capture) if ICMP in p and p[IP].src ==
              link.guest_ip and p[ICMP].type == 3]
    assert len(errors) == 1, link.capture.decode()
    quoted = errors[0]
    assert quoted[ICMP].code == 3 and IPerror in quoted and UDPerror in quoted
    assert (quoted[IPerror].src, quoted[IPerror].dst) == (link.peer_ip, link.guest_ip)
    assert quoted[UDPerror].dport == 9 and quoted[UDPerror].sport == sock.getsockname()[1]
    assert UDP not in quoted or quoted[UDP] is quoted[UDPerror]


# ---- through the impairment relay ----------------------------------------------------------

BAD_LINK = Impairment(loss=0.05, duplicate=0.05, reorder=0.1, reorder_gap=2, corrupt=0.05,
                      delay=0.001, jitter=0.002)


@pytest.mark.parametrize("target", TARGETS)
def test_echo_through_a_bad_link(lab: Lab, udp_echo_images: UdpEchoImages,
                                 target: str) -> None:
    """Lost, duplicated, reordered, delayed and corrupted frames both ways: with retries every
    datagram comes back, and never a wrong one (corruption is caught by the checksums)."""
    link = lab.unikernel_link(impair=BAD_LINK, seed=11)
    start(link, udp_echo_images, target)
    sizes = list(range(1, 1473, 5)) + [1472]
    result = echo_sizes(link.ns, link.guest_ip, sizes, salt=1, window=8, tries=12,
                        retry_after=0.3)
    assert_all_echoed(result, sizes)
    assert link.relay is not None
    counters = link.relay.counters
    assert all(counters[d].corrupted and counters[d].dropped for d in counters), counters


@pytest.mark.parametrize("target", TARGETS)
def test_fragmented_echo_through_a_bad_link(lab: Lab, udp_echo_images: UdpEchoImages,
                                            target: str) -> None:
    """Datagrams of 3-6 fragments each way: reassembled exactly, or dropped whole."""
    link = lab.unikernel_link(impair=BAD_LINK, seed=12)
    start(link, udp_echo_images, target)
    sizes = list(range(4000, 8001, 101))
    result = echo_sizes(link.ns, link.guest_ip, sizes, salt=2, window=4, tries=25,
                        retry_after=0.3)
    assert_all_echoed(result, sizes)
    assert link.relay is not None
    counters = link.relay.counters
    assert all(counters[d].corrupted and counters[d].reordered for d in counters), counters


@pytest.mark.parametrize("target", TARGETS)
def test_ping_under_loss(lab: Lab, udp_echo_images: UdpEchoImages, target: str) -> None:
    link = lab.unikernel_link(impair=Impairment(loss=0.1), seed=13)
    start(link, udp_echo_images, target)
    r = link.ns.ping(link.guest_ip, count=60, interval=0.01, wait=1)
    assert r.received >= 30 and r.duplicates == 0 and r.errors == 0, r.output  # 81% expected
    r = link.ns.ping(link.guest_ip, count=30, interval=0.01, wait=1, size=3000)  # 3 + 3 frames
    assert r.received >= 10 and "wrong data" not in r.output, r.output  # 53% expected


# ---- the socket stack: the host kernel's UDP, no root ----------------------------------------

def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def socket_stack_echo(request: pytest.FixtureRequest,
                      udp_echo_images: UdpEchoImages) -> Iterator[int]:
    """udp-echo on the socket stack (request.param: "unix" or "hosted"), listening on a free
    port, which it yields; stopped after the test."""
    port = free_udp_port()
    if request.param == "unix":
        argv = [str(udp_echo_images.image("unix", "socket")), f"--port={port}"]
    else:
        argv = [sys.executable, "-m", "pyrage.cli", "run", str(udp_echo_images.root), "-t",
                "hosted", "--net", "socket", "--", f"--port={port}"]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 120)  # hosted: a type check first
        line = proc.stdout.readline().decode(errors="replace") if ready else "(nothing)"
        assert f"listening on 0.0.0.0 port {port}" in line, f"{argv}: {line!r}"
        yield port
        assert proc.poll() is None, f"it exited {proc.returncode}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


@pytest.mark.parametrize("target, net, devices", [
    ("unix", "direct", [Device("net", "service")]),
    pytest.param("virtio", "direct", [Device("net", "service")],
                 marks=[pytest.mark.qemu, requires_qemu]),
    ("unix", "socket", []),  # the host's sockets: no NIC to drive
])
def test_the_images_manifest_names_its_nic(udp_echo_images: UdpEchoImages, target: str,
                                           net: str, devices: list[Device]) -> None:
    """The device manifest (docs/security.md): config.py's NIC, the only one the image drives."""
    assert manifest.read(udp_echo_images.image(target, net)) == devices


@pytest.mark.parametrize("socket_stack_echo", ["unix", "hosted"], indirect=True)
def test_the_socket_stack_echoes_on_localhost(socket_stack_echo: int) -> None:
    sizes = [1, 2, 100, 1472, 1473, 8192, 30000, 65507]  # 65507: the largest IPv4 UDP payload
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        result = echo_all(sock, "127.0.0.1", socket_stack_echo, sizes, window=4)
        assert_all_echoed(result, sizes)
        # and from a second client at once: replies go to each sender
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as other:
            other.settimeout(5)
            sock.settimeout(5)
            sock.sendto(payload(10), ("127.0.0.1", socket_stack_echo))
            other.sendto(payload(11), ("127.0.0.1", socket_stack_echo))
            assert other.recv(100) == payload(11) and sock.recv(100) == payload(10)


@pytest.mark.parametrize("target", TARGETS)
def test_lone_fragments_do_not_lock_out_fragmented_datagrams(
        lab: Lab, udp_echo_images: UdpEchoImages, target: str) -> None:
    """Datagrams whose other fragments never come (a lossy link, or anyone on it) must not
    keep the unikernel from reassembling new ones until they time out (30 s)."""
    from scapy.layers.inet import IP, UDP
    from scapy.layers.l2 import Ether

    link = lab.unikernel_link()
    start(link, udp_echo_images, target)
    assert link.capture is not None
    mac = topology.announcement_mac(link.capture, link.guest_ip)
    raw = link.ns.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    raw.bind((link.tap, 0))
    for ident in range(1, 101):  # first fragments only (MF, offset 0), each of its own datagram
        frame = (Ether(src=link.ns.mac(link.tap), dst=mac)
                 / IP(src=link.peer_ip, dst=link.guest_ip, id=ident, flags="MF")
                 / UDP(sport=5000, dport=ECHO_PORT) / (b"x" * 16))
        raw.send(bytes(frame))
    sizes = [3000, 6000]
    assert_all_echoed(echo_sizes(link.ns, link.guest_ip, sizes, tries=3), sizes)


@pytest.mark.parametrize("target", TARGETS)
def test_a_flood_costs_packets_not_the_unikernel(lab: Lab, udp_echo_images: UdpEchoImages,
                                                 target: str) -> None:
    """Minimum-size echo requests as fast as Linux takes them, for two seconds: the unikernel
    answers some (bounded handler tasks, the receive loop letting them run), then still answers
    ping and every echo. Before those bounds, a flood made one task per datagram until the
    virtio guest ran out of memory."""
    from tests.net.blast import blast

    link = lab.unikernel_link(capture=False)
    process = start(link, udp_echo_images, target)
    assert echo_sizes(link.ns, link.guest_ip, [1]).echoed == {1}  # Linux knows its MAC now
    flood = blast(link.ns, link.tap, link.guest_ip, ECHO_PORT, 2.0)
    assert flood.answered_per_s > 0, flood
    r = link.ns.ping(link.guest_ip, count=3, wait=2)
    assert r.received == 3, f"{r.output}\n{process.output()}"
    result = echo_sizes(link.ns, link.guest_ip, [1, 1472, 4000])
    assert result.echoed == {1, 1472, 4000} and not result.wrong, result.summary()
