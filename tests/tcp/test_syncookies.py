"""SYN cookies (functors/net/tcp/syncookie.py): a listener with a full backlog still accepts
connections, keeping no state until the handshake's ACK comes back with a valid cookie."""

from __future__ import annotations

import hashlib

from pyrage.functors.net.tcp import syncookie
from pyrage.impls.hosted import net
from pyrage.stdlib import sched
from pyrage.stdlib.flow import TcpFlow
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.wire import ipv4
from pyrage.stdlib.wire import tcp as wire
from pyrage.stdlib.buffer import Buffer
from tests.netstack.hub import Peer, direct_stack, ipv4_frame, virtual_network

SECRET = bytes(range(32))
TUPLE = bytes([10, 0, 0, 1, 0x9C, 0x40, 10, 0, 0, 2, 0, 80])
S = 1_000_000_000


def test_a_cookie_checks_within_two_counters_and_gives_back_the_mss() -> None:
    cookie = syncookie.make(SECRET, TUPLE, 123456, 1460, 10 * S)
    assert syncookie.check(SECRET, TUPLE, 123456, cookie, 10 * S) == 1460
    assert syncookie.check(SECRET, TUPLE, 123456, cookie, 10 * S + 64 * S) == 1460
    assert syncookie.check(SECRET, TUPLE, 123456, cookie, 10 * S + 128 * S) == 0  # expired


def test_a_cookie_fails_for_another_tuple_isn_secret_or_bit() -> None:
    cookie = syncookie.make(SECRET, TUPLE, 7, 1400, 0)
    other = bytes([10, 0, 0, 3]) + TUPLE[4:]
    assert syncookie.check(SECRET, other, 7, cookie, 0) == 0
    assert syncookie.check(SECRET, TUPLE, 8, cookie, 0) == 0
    assert syncookie.check(bytes(32), TUPLE, 7, cookie, 0) == 0
    forged = sum(1 for bit in range(24) if syncookie.check(SECRET, TUPLE, 7, cookie ^ 1 << bit, 0))
    assert forged == 0


def test_the_mss_is_rounded_down_to_the_table() -> None:
    assert [syncookie.MSS_TABLE[syncookie.mss_index(m)] for m in (100, 536, 1459, 1460, 9000)] \
        == [536, 536, 1452, 1460, 8960]


def test_options_in_the_timestamp_never_run_ahead_of_the_clock() -> None:
    for ts_now in (0x40, 0x12345, 0xFFFFFFFF, 100):
        for wscale, sack in ((-1, False), (0, True), (7, False), (14, True)):
            ts = syncookie.encode_options(ts_now, wscale, sack)
            assert syncookie.decode_options(ts) == (wscale, sack)
            assert wire.seq_le(ts, ts_now)


def test_a_full_backlog_answers_with_cookies_and_the_connection_works() -> None:
    data = hashlib.sha256(b"seed").digest() * 4000  # 128,000 bytes
    with virtual_network():
        hub = net.Hub()
        a = direct_stack("a", hub.port("02:00:00:00:00:0a"), "10.0.0.1/24")
        b = direct_stack("b", hub.port("02:00:00:00:00:0b"), "10.0.0.2/24")
        flooder = Peer(hub, "02:00:00:00:00:0f")
        got: list[bytes] = []

        async def sink(flow: TcpFlow) -> None:
            while (chunk := await flow.read()) is not None:
                got.append(chunk.to_bytes())

        async def main() -> None:
            await a.connect()
            await b.connect()
            b.tcp.listen(80, sink, backlog=1)
            # a SYN from an address that never answers holds the backlog's one place
            syn = Buffer.create(24)
            wire.TcpRepr(40000, 80, 1000, 0, wire.SYN, window=1000, mss=1460,
                         payload_len=0).emit(wire.TcpPacket(syn), Ipv4Address.parse("10.0.0.9"),
                                             Ipv4Address.parse("10.0.0.2"))
            flooder.send(ipv4_frame(b.eth.mac(), flooder.mac, "10.0.0.9", "10.0.0.2",
                                    ipv4.PROTO_TCP, syn.to_bytes()))
            await sched.sleep_ns(10_000_000)
            assert b.tcp.listeners[80].half_open == 1
            flow = await a.connect_tcp(Ipv4Address.parse("10.0.0.2"), 80)
            await flow.write(data)
            await flow.close()
            await sched.sleep_ns(2 * S)
            await a.disconnect()
            await b.disconnect()

        sched.run(main())
        assert b.tcp.cookies_sent == 1 and b.tcp.cookies_accepted == 1
        assert b"".join(got) == data
