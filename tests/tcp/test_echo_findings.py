"""What tests/net/test_tcp_echo.py found against Linux through the impairment relay, each as the
connection sees it: ACKs at the right edge of our window, segments that carried SACK blocks past
the MTU, the window after a partial ACK in SACK recovery, and the chunks a reader had read."""

from __future__ import annotations

from pyrage.functors.net.tcp.congestion import NewReno
from pyrage.stdlib import sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import TcpFlow
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.wire.tcp import ACK, HEADER_LEN, TcpRepr
from tests.tcp.test_sack_threshold import ISS, MS, MSS, PEER_ISS, SEGMENT, established

U32 = 0xFFFFFFFF


def peer_data(seq: int, size: int, ack: int) -> tuple[TcpRepr, Buffer]:
    return (TcpRepr(40000, 5201, seq & U32, ack & U32, ACK, window=1000, ts_val=102,
                    ts_ecr=0, has_ts=True, payload_len=size), Buffer.create(size))


def peer_ack(seq: int, ack: int, ts_ecr: int) -> TcpRepr:
    return TcpRepr(40000, 5201, seq & U32, ack & U32, ACK, window=1000, ts_val=101,
                   ts_ecr=ts_ecr, has_ts=True)


def test_an_ack_at_the_right_edge_of_our_window_counts() -> None:
    """The peer filled our window, and its last segment was lost: its next ACKs carry the
    sequence number of our window's right edge. Linux takes such a segment (tcp_sequence);
    dropping it hid the ACK and SACK blocks it carried until a retransmission timeout."""
    conn = established()
    conn.flow.append(bytes(4 * SEGMENT), 0, 4 * SEGMENT)
    while conn.dispatch(3 * MS) is not None:
        pass
    first = ISS + 1
    edge = conn.rcv_adv
    assert edge > conn.rcv_nxt
    conn.receive(peer_ack(edge, first + 2 * SEGMENT, conn.ts_recent), Buffer.create(0), 4 * MS)
    assert conn.snd_una == first + 2 * SEGMENT
    # one byte past the edge is out of the window: not taken
    conn.receive(peer_ack(edge + 1, first + 4 * SEGMENT, conn.ts_recent), Buffer.create(0),
                 5 * MS)
    assert conn.snd_una == first + 2 * SEGMENT


def test_segments_with_sack_blocks_fit_the_mss() -> None:
    """Data sent while SACK blocks ride along carries that much less (RFC 6691): the segment,
    header and options included, still fits the peer's MSS plus 20 bytes of TCP header."""
    conn = established()
    rcv = PEER_ISS + 1
    for i in range(3):  # three segments out of order: three SACK blocks beside timestamps
        header, payload = peer_data(rcv + 100 + i * 200, 100, conn.snd_una)
        conn.receive(header, payload, 3 * MS)
    conn.flow.append(bytes(10 * SEGMENT), 0, 10 * SEGMENT)
    sizes = []
    while (send := conn.dispatch(4 * MS)) is not None:
        if send.header.payload_len > 0:
            assert len(send.header.sack) == 3
            sizes.append(send.header.size())
    assert sizes and max(sizes) == MSS + HEADER_LEN, sizes


def test_a_partial_ack_in_sack_recovery_keeps_the_window() -> None:
    """RFC 6675 counts the pipe and never inflates the window, so there is nothing to deflate
    on a partial ACK (RFC 6582's deflation is for NewReno without SACK). Deflating left one
    segment of window, and the loss of that one waited for the retransmission timeout."""
    sack, reno = NewReno(1448), NewReno(1448)
    for cc, with_sack in ((sack, True), (reno, False)):
        cc.enter_recovery(20 * 1448, 1_000_000, with_sack)
    assert sack.cwnd == 10 * 1448
    sack.on_ack(6 * 1448, 900_000)
    assert sack.in_recovery and sack.cwnd == 10 * 1448
    reno.on_ack(6 * 1448, 900_000)
    assert reno.in_recovery and reno.cwnd == 13 * 1448 - 6 * 1448 + 1448


def test_a_reader_that_never_empties_rx_keeps_no_chunk_it_read() -> None:
    """Under loss the echo's rx is never empty (the stream keeps coming while it reads): every
    chunk it had read stayed in rx's list, each holding its whole frame, until the connection
    ended (a unix unikernel grew to 104 MB for 40 MiB echoed, a virtio one ran out of memory)."""
    flow = TcpFlow(Ipv4Address.parse("10.0.0.2"), 7, Ipv4Address.parse("10.0.0.1"), 40000)

    async def stream() -> None:
        flow.deliver(Buffer.create(100))
        for _ in range(10_000):
            flow.deliver(Buffer.create(100))
            chunk = await flow.read()
            assert chunk is not None and len(chunk) == 100
            assert len(flow.rx) - flow.rx_head == 1

    sched.run(stream())
    assert len(flow.rx) <= 64
