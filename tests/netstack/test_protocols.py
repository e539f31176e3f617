"""ARP, IPv4 and ICMP behaviour of one direct stack, driven frame by frame from a raw peer on
the hub (hosted, virtual clock): what it answers, what it asks, what it refuses, and the
bounds that keep a flood from growing it."""

from __future__ import annotations

import random

import pytest

from pyrage.functors.net import arp as arp_functor
from pyrage.functors.net.arp_cache import CAPACITY
from pyrage.impls.hosted import net
from pyrage.stdlib import sched
from pyrage.stdlib.ipaddr import Ipv4Address, MacAddress
from pyrage.stdlib.net import ArpTimeout, NoRoute
from pyrage.stdlib.wire import arp, icmpv4, udp
from pyrage.stdlib.wire import ethernet as eth
from pyrage.stdlib.wire import ipv4 as ip
from tests.netstack.hub import (DirectStack, Peer, arp_frame, direct_stack, ipv4_frame,
                                udp_payload, virtual_network)

MS = 1_000_000
ME, PEER = "10.0.0.2", "10.0.0.1"
PEER_MAC = "02:00:00:00:00:01"


def setup(gateway: str | None = None) -> tuple[DirectStack, Peer]:
    hub = net.Hub()
    peer = Peer(hub, PEER_MAC)
    stack = direct_stack("s", hub.port("02:00:00:00:00:02"), f"{ME}/24", gateway)
    return stack, peer


def arps(peer: Peer) -> list[arp.ArpRepr]:
    return [arp.ArpRepr.parse(arp.ArpPacket.checked(eth.EthernetPacket.checked(f).payload()))
            for f in peer.frames(eth.ETHERTYPE_ARP)]


def test_connect_announces_our_address_and_requests_for_it_are_answered() -> None:
    with virtual_network():
        stack, peer = setup()
        seen: list[arp.ArpRepr] = []

        async def main() -> None:
            await stack.connect()
            await sched.sleep_ns(MS)
            seen.extend(arps(peer))
            peer.send(arp_frame(arp.OP_REQUEST, peer.mac, PEER, MacAddress.ZERO, ME))
            peer.send(arp_frame(arp.OP_REQUEST, peer.mac, PEER, MacAddress.ZERO, "10.0.0.9"))
            await sched.sleep_ns(MS)
            seen.extend(arps(peer))
            await stack.disconnect()

        sched.run(main())
        announce, reply = seen
        assert announce.op == arp.OP_REQUEST
        assert announce.sender_ip == announce.target_ip == Ipv4Address.parse(ME)
        assert reply.op == arp.OP_REPLY and reply.target_mac == MacAddress.parse(PEER_MAC)
        assert reply.sender_ip == Ipv4Address.parse(ME)  # and nothing for 10.0.0.9


def test_a_query_asks_three_times_then_times_out() -> None:
    with virtual_network():
        stack, peer = setup()
        outcome: list[object] = []

        async def main() -> None:
            await stack.connect()
            started = net._clock()
            try:
                await stack.arp.query(Ipv4Address.parse("10.0.0.77"))
            except ArpTimeout as e:
                outcome.append((str(e), (net._clock() - started) // MS))
            await stack.disconnect()

        sched.run(main())
        requests = [a for a in arps(peer) if a.target_ip == Ipv4Address.parse("10.0.0.77")]
        assert len(requests) == arp_functor.TRIES
        assert outcome == [("no ARP reply from 10.0.0.77", 3000)]


def test_concurrent_queries_share_one_exchange_and_learn_the_reply() -> None:
    with virtual_network():
        stack, peer = setup()
        got: list[MacAddress] = []

        async def ask() -> None:
            got.append(await stack.arp.query(Ipv4Address.parse(PEER)))

        async def main() -> None:
            await stack.connect()
            tasks = [sched.spawn(ask()) for _ in range(5)]
            await sched.sleep_ns(MS)
            assert len([a for a in arps(peer) if a.target_ip == Ipv4Address.parse(PEER)]) == 1
            peer.send(arp_frame(arp.OP_REPLY, peer.mac, PEER, MacAddress.parse(
                "02:00:00:00:00:02"), ME, MacAddress.parse("02:00:00:00:00:02")))
            for t in tasks:
                await t.join()
            await stack.disconnect()

        sched.run(main())
        assert got == [MacAddress.parse(PEER_MAC)] * 5


def test_an_arp_flood_cannot_grow_the_table() -> None:
    rng = random.Random(1)
    with virtual_network():
        stack, peer = setup()

        async def main() -> None:
            await stack.connect()
            for i in range(3000):  # replies about others, from made-up senders: not learnt
                mac = MacAddress(0x020000000000 | rng.getrandbits(40))
                peer.send(arp_frame(arp.OP_REPLY, mac, f"10.0.{i % 250}.{1 + i // 250}",
                                    stack.eth.mac(), "10.0.0.99", stack.eth.mac()))
            await sched.sleep_ns(10 * MS)
            assert len(stack.arp.cache) == 0
            for i in range(3000):  # requests for us: learnt, up to the table's capacity
                mac = MacAddress(0x020000000000 | rng.getrandbits(40))
                peer.send(arp_frame(arp.OP_REQUEST, mac, f"10.1.{i % 250}.{1 + i // 250}",
                                    MacAddress.ZERO, ME))
            await sched.sleep_ns(10 * MS)
            assert len(stack.arp.cache) == CAPACITY
            await stack.disconnect()

        sched.run(main())
        assert len([a for a in arps(peer) if a.op == arp.OP_REPLY]) == 3000


def test_waiters_for_one_address_are_bounded() -> None:
    with virtual_network():
        stack, peer = setup()
        failures: list[str] = []

        async def ask() -> None:
            try:
                await stack.arp.query(Ipv4Address.parse("10.0.0.50"))
            except ArpTimeout:
                failures.append(str(net._clock() // MS))

        async def main() -> None:
            await stack.connect()
            tasks = [sched.spawn(ask()) for _ in range(arp_functor.MAX_WAITERS + 5)]
            for t in tasks:
                await t.join()
            await stack.disconnect()

        sched.run(main())
        # The ones past the bound fail at once; the rest when the exchange gives up.
        assert failures.count("0") == 4
        assert len(failures) == arp_functor.MAX_WAITERS + 5


def test_off_link_needs_a_gateway_and_goes_through_it() -> None:
    with virtual_network():
        stack, peer = setup()
        errors: list[str] = []

        async def main() -> None:
            await stack.connect()
            try:
                await stack.write_udp(Ipv4Address.parse("192.0.2.7"), 53, b"q")
            except NoRoute as e:
                errors.append(str(e))
            await stack.disconnect()

        sched.run(main())
        assert errors and "no gateway" in errors[0]

    with virtual_network():
        stack, peer = setup(gateway=PEER)

        async def via_gateway() -> None:
            await stack.connect()
            sched.spawn(stack.write_udp(Ipv4Address.parse("192.0.2.7"), 53, b"q"))
            await sched.sleep_ns(MS)
            peer.send(arp_frame(arp.OP_REPLY, peer.mac, PEER, stack.eth.mac(), ME,
                                stack.eth.mac()))
            await sched.sleep_ns(MS)
            await stack.disconnect()

        sched.run(via_gateway())
        sent = [eth.EthernetPacket.checked(f) for f in peer.frames(eth.ETHERTYPE_IPV4)]
        assert len(sent) == 1 and sent[0].dst() == peer.mac
        packet = ip.Ipv4Packet.checked(sent[0].payload())
        assert packet.dst() == Ipv4Address.parse("192.0.2.7")


def answered(stack: DirectStack, peer: Peer, frames: list[bytes]) -> list[eth.EthernetPacket]:
    """Connect, let the stack learn the peer, send frames, return what came back over IPv4."""

    async def main() -> None:
        await stack.connect()
        peer.send(arp_frame(arp.OP_REQUEST, peer.mac, PEER, MacAddress.ZERO, ME))
        await sched.sleep_ns(MS)
        peer.frames()
        for f in frames:
            peer.send(f)
        await sched.sleep_ns(10 * MS)
        out.extend(eth.EthernetPacket.checked(f) for f in peer.frames(eth.ETHERTYPE_IPV4))
        await stack.disconnect()

    out: list[eth.EthernetPacket] = []
    sched.run(main())
    return out


def echo_request(ident: int, seq: int, data: bytes) -> bytes:
    from pyrage.stdlib.buffer import Buffer

    repr_ = icmpv4.Icmpv4Repr.echo_request(ident, seq, data)
    body = Buffer.create(repr_.size())
    repr_.emit(icmpv4.Icmpv4Packet(body))
    return body.to_bytes()


def test_ping_is_answered_with_its_data_and_a_bad_checksum_is_not() -> None:
    with virtual_network():
        stack, peer = setup()
        me = stack.eth.mac()
        good = echo_request(7, 1, b"abcdefgh" * 10)
        bad = bytearray(echo_request(7, 2, b"xyz"))
        bad[-1] ^= 0xFF
        replies = answered(stack, peer, [
            ipv4_frame(me, peer.mac, PEER, ME, ip.PROTO_ICMP, good),
            ipv4_frame(me, peer.mac, PEER, ME, ip.PROTO_ICMP, bytes(bad))])
        assert len(replies) == 1
        icmp = icmpv4.Icmpv4Repr.parse(icmpv4.Icmpv4Packet.checked(
            ip.Ipv4Packet.checked(replies[0].payload()).payload()))
        assert (icmp.msg_type, icmp.ident, icmp.seq_no, icmp.data) == \
            (icmpv4.TYPE_ECHO_REPLY, 7, 1, b"abcdefgh" * 10)


def test_udp_to_a_closed_port_gets_port_unreachable_quoting_the_datagram() -> None:
    with virtual_network():
        stack, peer = setup()
        me = stack.eth.mac()
        datagram = udp_payload(PEER, ME, 40000, 9, b"hello there")
        sent = ipv4_frame(me, peer.mac, PEER, ME, ip.PROTO_UDP, datagram, ident=99)
        broadcast = ipv4_frame(MacAddress.BROADCAST, peer.mac, PEER, "10.0.0.255",
                               ip.PROTO_UDP, udp_payload(PEER, "10.0.0.255", 1, 9, b"b"))
        replies = answered(stack, peer, [sent, broadcast])
        assert len(replies) == 1  # none for the broadcast (RFC 1122)
        icmp = icmpv4.Icmpv4Repr.parse(icmpv4.Icmpv4Packet.checked(
            ip.Ipv4Packet.checked(replies[0].payload()).payload()))
        assert (icmp.msg_type, icmp.code) == (icmpv4.TYPE_DEST_UNREACHABLE,
                                              icmpv4.UNREACHABLE_PORT)
        assert icmp.data == sent[eth.HEADER_LEN:eth.HEADER_LEN + ip.HEADER_LEN + 8]


@pytest.mark.parametrize("order", ["in order", "reversed", "shuffled"])
def test_fragments_in_any_order_make_one_datagram(order: str) -> None:
    with virtual_network():
        stack, peer = setup()
        me = stack.eth.mac()
        got: list[bytes] = []

        async def collect(d: object) -> None:
            from pyrage.stdlib.net import UdpDatagram

            assert isinstance(d, UdpDatagram)
            got.append(d.data())

        stack.listen_udp(9, collect)
        data = bytes(range(256)) * 12
        whole = udp_payload(PEER, ME, 5, 9, data)
        pieces = [ipv4_frame(me, peer.mac, PEER, ME, ip.PROTO_UDP, whole[o:o + 800], ident=5,
                             more=o + 800 < len(whole), offset=o)
                  for o in range(0, len(whole), 800)]
        if order == "reversed":
            pieces.reverse()
        elif order == "shuffled":
            random.Random(3).shuffle(pieces)
        answered(stack, peer, pieces + pieces[:2])  # and two duplicates, ignored
        assert got == [data]


def test_overlapping_fragments_drop_the_datagram() -> None:
    with virtual_network():
        stack, peer = setup()
        me = stack.eth.mac()
        got: list[bytes] = []

        async def collect(d: object) -> None:
            got.append(b"!")

        stack.listen_udp(9, collect)
        whole = udp_payload(PEER, ME, 5, 9, b"A" * 2000)
        first = ipv4_frame(me, peer.mac, PEER, ME, ip.PROTO_UDP, whole[:1000], ident=6,
                           more=True)
        overlap = ipv4_frame(me, peer.mac, PEER, ME, ip.PROTO_UDP, b"B" * 800, ident=6,
                             more=True, offset=800)
        rest = ipv4_frame(me, peer.mac, PEER, ME, ip.PROTO_UDP, whole[1000:], ident=6,
                          offset=1000)
        answered(stack, peer, [first, overlap, rest])
        assert got == []


def test_a_flood_is_bounded_by_the_running_handlers_and_icmp_tasks() -> None:
    """A datagram makes a handler task and an echo request an ICMP task: under a flood past
    the bounds the excess is dropped and counted, and memory does not follow the flood."""
    from pyrage.functors.net.stack import MAX_ICMP_TASKS
    from pyrage.functors.net.udp import MAX_HANDLERS
    from pyrage.stdlib.net import UdpDatagram

    with virtual_network():
        stack, peer = setup()
        me = stack.eth.mac()
        release = sched.Event()
        handled: list[int] = []
        flood, pings = MAX_HANDLERS + 100, MAX_ICMP_TASKS + 20

        async def stuck(d: UdpDatagram) -> None:
            await release.wait()
            handled.append(d.src_port)

        async def main() -> None:
            await stack.connect()
            stack.listen_udp(7, stuck)
            for i in range(flood):
                peer.send(ipv4_frame(me, peer.mac, PEER, ME, ip.PROTO_UDP,
                                     udp_payload(PEER, ME, 1000 + i, 7, b"x")))
            # from addresses ARP does not know (four: ARP lets 32 senders wait on each): each
            # reply waits for ARP's answer
            for i in range(pings):
                peer.send(ipv4_frame(me, peer.mac, f"10.0.0.{9 + i % 4}", ME, ip.PROTO_ICMP,
                                     echo_request(1, i, b"p")))
            await sched.sleep_ns(10 * MS)
            counts.append((stack.udp.running, stack.udp.overloaded, stack.icmp_running,
                           stack.icmp_overloaded))
            release.set()
            await sched.sleep_ns(5000 * MS)  # ARP gives up after 3 s
            counts.append((stack.udp.running, stack.udp.overloaded, stack.icmp_running,
                           stack.icmp_overloaded))
            await stack.disconnect()

        counts: list[tuple[int, int, int, int]] = []
        sched.run(main())
        assert counts[0] == (MAX_HANDLERS, flood - MAX_HANDLERS, MAX_ICMP_TASKS,
                             pings - MAX_ICMP_TASKS)
        assert counts[1] == (0, flood - MAX_HANDLERS, 0, pings - MAX_ICMP_TASKS)
        assert sorted(handled) == list(range(1000, 1000 + MAX_HANDLERS))
