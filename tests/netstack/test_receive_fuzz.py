"""The whole receive path under hypothesis (hosted): any frame, random or a valid one with
fields changed, goes into a connected stack's input; nothing may escape as an exception, and
the stack must still answer afterwards."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyrage.impls.hosted import net
from pyrage.stdlib import sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import MacAddress
from pyrage.stdlib.net import UdpDatagram
from pyrage.stdlib.wire import arp, icmpv4
from pyrage.stdlib.wire import ipv4 as ip
from tests.netstack.hub import (Peer, arp_frame, direct_stack, ipv4_frame, udp_payload,
                                virtual_network)

MS = 1_000_000
ME, PEER = "10.0.0.2", "10.0.0.1"
STACK_MAC = MacAddress.parse("02:00:00:00:00:02")
PEER_MAC = MacAddress.parse("02:00:00:00:00:01")


def valid_frames() -> list[bytes]:
    datagram = udp_payload(PEER, ME, 4000, 7, b"payload!" * 20)
    echo = icmpv4.Icmpv4Repr.echo_request(1, 2, b"ping data")
    body = Buffer.create(echo.size())
    echo.emit(icmpv4.Icmpv4Packet(body))
    return [
        arp_frame(arp.OP_REQUEST, PEER_MAC, PEER, MacAddress.ZERO, ME),
        arp_frame(arp.OP_REPLY, PEER_MAC, PEER, STACK_MAC, ME, STACK_MAC),
        ipv4_frame(STACK_MAC, PEER_MAC, PEER, ME, ip.PROTO_UDP, datagram),
        ipv4_frame(STACK_MAC, PEER_MAC, PEER, ME, ip.PROTO_ICMP, body.to_bytes()),
        ipv4_frame(STACK_MAC, PEER_MAC, PEER, ME, ip.PROTO_UDP, datagram[:104], ident=9,
                   more=True),
        ipv4_frame(STACK_MAC, PEER_MAC, PEER, ME, ip.PROTO_UDP, datagram[104:], ident=9,
                   offset=104),
    ]


@st.composite
def frames(draw: st.DrawFn) -> bytes:
    """A valid frame with some bytes changed, cut, or extended; or random bytes."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(min_size=0, max_size=1600))
    frame = bytearray(draw(st.sampled_from(valid_frames())))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 3))
        if kind == 0 and frame:
            at = draw(st.integers(0, len(frame) - 1))
            frame[at] = draw(st.integers(0, 255))
        elif kind == 1:
            frame = frame[:draw(st.integers(0, len(frame)))]
        elif kind == 2:
            frame += draw(st.binary(max_size=64))
        elif len(frame) > 14 + 20:  # an IPv4 header field, where lengths and offsets live
            at = 14 + draw(st.integers(0, 19))
            frame[at] = draw(st.integers(0, 255))
    return bytes(frame)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(frames(), min_size=1, max_size=40))
def test_no_frame_escapes_the_stack(batch: list[bytes]) -> None:
    with virtual_network():
        hub = net.Hub()
        peer = Peer(hub, str(PEER_MAC))
        stack = direct_stack("s", hub.port(str(STACK_MAC)), f"{ME}/24")
        echoed: list[bytes] = []

        async def echo(d: UdpDatagram) -> None:
            echoed.append(d.data())
            await stack.write_udp(d.src, d.src_port, d.payload, 7)

        async def main() -> None:
            await stack.connect()
            stack.listen_udp(7, echo)
            for f in batch:
                if len(f) >= 14:
                    peer.send(f)
                    await stack.input(Buffer.of_bytes(f))  # and straight in, every length
                else:
                    await stack.input(Buffer.of_bytes(f))
            await sched.sleep_ns(40 * MS)
            echoed.clear()
            peer.send(valid_frames()[0])  # still alive: answers ARP, echoes UDP
            peer.send(valid_frames()[2])
            await sched.sleep_ns(40 * MS)
            assert echoed == [b"payload!" * 20]
            await stack.disconnect()

        sched.run(main())
