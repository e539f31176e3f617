"""ESTABLISHED (RFC 9293 3.8, 3.10.7.4): data in order and out of order (SACK blocks, RFC 2018),
delayed ACKs (every second full segment or 40 ms, RFC 9293 3.8.6.3 and RFC 5681 4.2), the
receive window and its updates as the app reads (no silly windows, RFC 9293 3.8.6.2.2), the
peer's zero window and persist probes (3.8.6.1), Nagle (3.7.4) and set_nodelay, keepalive
(3.8.4), and sequence numbers that wrap around 2**32."""

from __future__ import annotations

from pyrage.functors.net.tcp.connection import CLOSED, ESTABLISHED, NEVER
from pyrage.stdlib import sched
from pyrage.stdlib.flow import TcpFlow
from pyrage.stdlib.net import ConnectionTimedOut
from pyrage.stdlib.wire.tcp import ACK, PSH, RST, TcpRepr
from tests.tcp.segments import (
    FULL,
    FULL_TS,
    ISS,
    LOCAL_PORT,
    MS,
    PEER_ISS,
    PEER_TS,
    REMOTE_PORT,
    S,
    U32,
    Peer,
    drain,
    established,
    new_flow,
    one,
    our_ts,
    pattern,
    payload_of,
    read,
    seq_of,
    write,
)

WINDOW = 256 * 1024  # the default receive queue
SHIFT = 3  # the window scale that fits it in 16 bits


def sack_peer() -> Peer:
    return Peer(window=65535, wscale=7, sack=True, ts=True)


def test_one_segment_waits_for_the_delayed_ack_timer() -> None:
    conn, peer = established(sack_peer())
    peer.send(conn, 10 * MS, peer.data(1000))
    assert drain(conn, 10 * MS) == []
    assert conn.poll_at() == 50 * MS  # 40 ms (Linux's delayed ACK)
    conn.on_timer(50 * MS)
    ack = one(conn, 50 * MS)
    assert ack == TcpRepr(LOCAL_PORT, REMOTE_PORT, ISS + 1, PEER_ISS + 1001, ACK,
                          window=(WINDOW - 1000) >> SHIFT, ts_val=our_ts(50 * MS),
                          ts_ecr=PEER_TS, has_ts=True)
    assert conn.poll_at() == NEVER
    assert read(conn.flow) == pattern(1000)
    # 1000 bytes more room is less than a segment: no window update (no silly windows)
    assert drain(conn, 60 * MS) == []


def test_every_second_full_segment_is_acked_at_once() -> None:
    conn, peer = established(sack_peer())
    peer.send(conn, 1 * MS, peer.data(FULL_TS))
    assert drain(conn, 1 * MS) == []
    peer.send(conn, 2 * MS, peer.data(FULL_TS))
    ack = one(conn, 2 * MS)
    assert ack.ack == PEER_ISS + 1 + 2 * FULL_TS
    assert conn.poll_at() == NEVER  # the delayed ACK was paid
    # four segments taken in one go (one batch of frames) are still acked two by two
    for _ in range(4):
        peer.send(conn, 3 * MS, peer.data(FULL_TS))
    acks = drain(conn, 3 * MS)
    assert [s.header.ack for s in acks] == [PEER_ISS + 1 + 4 * FULL_TS,
                                           PEER_ISS + 1 + 6 * FULL_TS]
    assert [s.header.payload_len for s in acks] == [0, 0]
    # each ACK's window ends at the same right edge
    edges = [s.header.ack + (s.header.window << SHIFT) for s in acks]
    assert edges[0] == edges[1] == PEER_ISS + 1 + WINDOW
    assert read(conn.flow) == pattern(6 * FULL_TS)


def test_out_of_order_segments_get_duplicate_acks_with_sack_blocks() -> None:
    conn, peer = established(sack_peer())
    base = PEER_ISS + 1
    lost = peer.data(1000)  # bytes 0..1000 do not arrive (yet)
    for i in range(3):
        peer.send(conn, 1 * MS, peer.data(1000))
        dup = one(conn, 1 * MS)  # RFC 5681 4.2: at once, for each
        assert dup.ack == base
        assert dup.sack == ((base + 1000, base + 2000 + 1000 * i),)
    assert conn.rcv_nxt == base and read(conn.flow) == b""
    peer.nxt += 1000  # 4000..5000 lost too
    peer.send(conn, 2 * MS, peer.data(500))
    dup = one(conn, 2 * MS)
    # RFC 2018 4: the block of the latest segment first, then the others
    assert dup.sack == ((base + 5000, base + 5500), (base + 1000, base + 4000))
    peer.send(conn, 3 * MS, lost)
    ack = one(conn, 3 * MS)  # a hole filled: at once
    assert ack.ack == base + 4000
    assert ack.sack == ((base + 5000, base + 5500),)
    assert read(conn.flow) == pattern(4000)
    peer.nxt = base + 4000
    peer.send(conn, 4 * MS, peer.data(1000))
    ack = one(conn, 4 * MS)
    assert (ack.ack, ack.sack) == (base + 5500, ())
    assert read(conn.flow) == pattern(1500, 4000)


def test_out_of_order_segments_in_one_batch_each_get_a_duplicate_ack() -> None:
    # three duplicate ACKs are what a sender without SACK needs to retransmit fast
    conn, peer = established(Peer(window=65535))
    base = PEER_ISS + 1
    peer.nxt += FULL
    for _ in range(3):
        peer.send(conn, 1 * MS, peer.data(FULL))
    dups = drain(conn, 1 * MS)
    assert [(s.header.ack, s.header.payload_len) for s in dups] == [(base, 0)] * 3


def test_a_pure_ack_ahead_of_rcv_nxt_is_not_answered() -> None:
    # the peer's ACKs carry its snd_nxt, past what we received while its data is on the way:
    # nothing is out of order there, and an answer would be answered back
    conn, peer = established(sack_peer())
    write(conn.flow, pattern(300))
    drain(conn, 0)
    peer.nxt += 5000
    peer.send(conn, 1 * MS, peer.ack(ISS + 301))
    assert conn.snd_una == ISS + 301  # its ACK counts ...
    assert drain(conn, 1 * MS) == []  # ... and needs no answer
    assert conn.poll_at() == NEVER


def test_at_most_three_sack_blocks_beside_timestamps() -> None:
    conn, peer = established(sack_peer())
    base = PEER_ISS + 1
    for i in range(5):  # five islands: 100..200, 300..400, ...
        peer.nxt = base + 100 + 200 * i
        peer.send(conn, 1 * MS, peer.data(100))
    blocks = drain(conn, 1 * MS)[-1].header.sack
    assert blocks == ((base + 900, base + 1000), (base + 100, base + 200),
                      (base + 300, base + 400))
    # without timestamps there is room for four
    conn, peer = established(Peer(window=65535, sack=True))
    for i in range(5):
        peer.nxt = base + 100 + 200 * i
        peer.send(conn, 1 * MS, peer.data(100))
    blocks = drain(conn, 1 * MS)[-1].header.sack
    assert len(blocks) == 4 and blocks[0] == (base + 900, base + 1000)


def test_a_duplicate_segment_is_acked_at_once() -> None:
    conn, peer = established(sack_peer())
    seg = peer.data(500)
    peer.send(conn, 1 * MS, seg)
    conn.on_timer(41 * MS)
    assert one(conn, 41 * MS).ack == PEER_ISS + 501
    peer.send(conn, 300 * MS, seg)  # our ACK was lost: the peer sends it again
    ack = one(conn, 300 * MS)
    assert ack.ack == PEER_ISS + 501
    assert read(conn.flow) == pattern(500)  # once


def test_data_beyond_the_window_is_cut_and_the_right_edge_never_moves_left() -> None:
    conn, peer = established(Peer(window=65535), flow=new_flow(rx_capacity=4096))
    assert conn.rcv_wscale == 0
    peer.send(conn, 1 * MS, peer.data(3000))
    peer.send(conn, 1 * MS, peer.data(3000))  # only 1096 of it fits
    ack = one(conn, 1 * MS)
    assert (ack.ack, ack.window) == (PEER_ISS + 1 + 4096, 0)
    assert read(conn.flow) == pattern(4096)
    # the app read everything: the window reopens (a window update, at once)
    update = one(conn, 2 * MS)
    assert (update.ack, update.window) == (PEER_ISS + 1 + 4096, 4096)
    peer.nxt = PEER_ISS + 1 + 4096
    peer.send(conn, 3 * MS, peer.data(1000))
    conn.on_timer(43 * MS)
    ack = one(conn, 43 * MS)
    assert ack.ack + ack.window == PEER_ISS + 1 + 4096 + 4096  # the same right edge


def test_window_update_once_the_reader_frees_a_segment_and_doubles_the_window() -> None:
    half = FULL // 2
    conn, peer = established(Peer(window=65535), flow=new_flow(rx_capacity=8 * FULL))
    for _ in range(16):
        peer.send(conn, 1 * MS, peer.data(half))
    acks = drain(conn, 1 * MS)
    assert (acks[-1].header.ack, acks[-1].header.window) == (PEER_ISS + 1 + 8 * FULL, 0)
    flow = conn.flow
    read_chunks(flow, 1)  # less than a segment free: still closed (RFC 9293 3.8.6.2.2)
    assert drain(conn, 2 * MS) == []
    read_chunks(flow, 1)  # a full segment free, and more than twice nothing
    update = one(conn, 3 * MS)
    assert (update.ack, update.window) == (PEER_ISS + 1 + 8 * FULL, FULL)
    read_chunks(flow, 2)  # twice what is advertised
    assert one(conn, 4 * MS).window == 2 * FULL
    read_chunks(flow, 2)  # a segment more, but not twice 2 * FULL: wait (as Linux)
    assert drain(conn, 5 * MS) == []
    read_chunks(flow, 2)
    assert one(conn, 6 * MS).window == 4 * FULL


def read_chunks(flow: TcpFlow, chunks: int) -> None:
    """The app reads `chunks` chunks (each what one segment brought)."""
    async def go() -> None:
        for _ in range(chunks):
            await flow.read()

    sched.run(go())


def test_zero_window_is_probed_with_back_off_until_it_opens() -> None:
    conn, peer = established(Peer(window=65535))
    rto = conn.rtt.rto()
    conn.flow.set_nodelay(True)
    write(conn.flow, pattern(3000))
    out = drain(conn, 0)
    assert sum(s.header.payload_len for s in out) == 3000
    peer.send(conn, 1 * MS, peer.ack(ISS + 1 + 3000, window=0))
    write(conn.flow, pattern(2000, 3000))
    assert drain(conn, 1 * MS) == []  # nothing fits
    assert conn.poll_at() == 1 * MS + rto  # the persist timer
    probes = []
    at = conn.poll_at()
    for _ in range(4):
        conn.on_timer(at)
        probe = one(conn, at)
        # Linux's probe: an ACK one byte below snd_una, which the peer must answer
        assert (probe.flags, probe.seq, probe.ack, probe.payload_len) == \
            (ACK, ISS + 3000, PEER_ISS + 1, 0)
        probes.append(at)
        peer.send(conn, at + 1 * MS, peer.ack(window=0))  # answered: still closed
        assert drain(conn, at + 1 * MS) == []
        at = conn.poll_at()
    gaps = [b - a for a, b in zip(probes, probes[1:])]
    assert gaps == [2 * rto, 4 * rto, 8 * rto]  # doubling (RFC 9293 3.8.6.1)
    assert conn.state == ESTABLISHED
    peer.send(conn, at - 1 * MS, peer.ack(window=1000))  # the window opens
    data = one(conn, at - 1 * MS)
    assert (seq_of(data, conn), data.payload_len) == (ISS + 1 + 3000, 1000)
    assert conn.persist_at == 0


def test_answered_probes_never_time_out_but_unanswered_ones_do() -> None:
    conn, peer = established(Peer(window=65535))
    write(conn.flow, pattern(100))
    drain(conn, 0)
    peer.send(conn, 1 * MS, peer.ack(ISS + 101, window=0))
    write(conn.flow, pattern(100))
    drain(conn, 1 * MS)
    for _ in range(40):  # a slow reader, answering each probe
        at = conn.poll_at()
        conn.on_timer(at)
        one(conn, at)
        peer.send(conn, at, peer.ack(window=0))
    assert conn.state == ESTABLISHED
    probes = 0
    while conn.state == ESTABLISHED and probes < 100:  # the peer is gone
        at = conn.poll_at()
        assert at < NEVER
        conn.on_timer(at)
        out = drain(conn, at)
        probes += 1
    assert isinstance(conn.flow.error, ConnectionTimedOut)
    assert [s.header.flags & RST for s in out] == [RST]
    assert probes == 16  # 15 probes unanswered (tcp_retries2), then the end


def test_a_window_shrunk_to_zero_on_data_in_flight_is_probed_not_timed_out() -> None:
    # RFC 9293 3.8.6.1 lets a receiver shrink its window (discouraged); Linux takes the
    # timeouts that follow as probes, and gives up only on a peer silent for TCP_RTO_MAX
    conn, peer = established(Peer(window=65535))
    conn.flow.set_nodelay(True)
    write(conn.flow, pattern(3000))
    drain(conn, 0)
    peer.send(conn, 1 * MS, peer.ack(ISS + 1001, window=0))  # 2000 bytes out, window 0
    for _ in range(60):  # many times tcp_retries2, the peer answering each time
        at = conn.poll_at()
        conn.on_timer(at)
        for send in drain(conn, at):
            assert send.header.payload_len == 0  # nothing into a closed window
        peer.send(conn, at + 1 * MS, peer.ack(window=0))
    assert conn.state == ESTABLISHED and conn.flow.error is None
    peer.send(conn, 10**12, peer.ack(window=4000))  # it opens: the 2000 bytes go again,
    out = drain(conn, 10**12)  # one segment first (the timeouts left a window of one)
    assert [(seq_of(s.header, conn), s.header.payload_len) for s in out] == \
        [(ISS + 1001, FULL)]
    # silent for good: now the timeouts count, and the connection ends
    conn, peer = established(Peer(window=65535))
    write(conn.flow, pattern(3000))
    drain(conn, 0)
    peer.send(conn, 1 * MS, peer.ack(ISS + 1001, window=0))
    for _ in range(200):
        if conn.state != ESTABLISHED:
            break
        at = conn.poll_at()
        conn.on_timer(at)
        drain(conn, at)
    assert isinstance(conn.flow.error, ConnectionTimedOut)


def test_nagle_holds_small_segments_while_data_is_unacknowledged() -> None:
    conn, peer = established(Peer(window=65535))
    write(conn.flow, pattern(100))
    first = one(conn, 0)
    assert (first.seq, first.payload_len) == (ISS + 1, 100)
    write(conn.flow, pattern(100, 100))
    assert drain(conn, 0) == []  # small, and 100 bytes unacknowledged
    write(conn.flow, pattern(100, 200))
    assert drain(conn, 0) == []
    peer.send(conn, 5 * MS, peer.ack(ISS + 101))
    second = one(conn, 5 * MS)  # both small writes in one segment
    assert (second.seq, second.payload_len) == (ISS + 101, 200)
    # full segments are never held
    write(conn.flow, pattern(2 * FULL + 10, 300))
    out = drain(conn, 5 * MS)
    assert [s.header.payload_len for s in out] == [FULL, FULL]


def test_set_nodelay_sends_small_segments_at_once() -> None:
    conn, peer = established(Peer(window=65535))
    conn.flow.set_nodelay(True)
    write(conn.flow, pattern(100))
    write(conn.flow, pattern(100, 100))
    out = drain(conn, 0)
    assert [s.header.payload_len for s in out] == [200]
    write(conn.flow, pattern(50, 200))
    out = drain(conn, 0)
    assert [(s.header.seq, s.header.payload_len) for s in out] == [(ISS + 201, 50)]
    assert payload_of(out[0], conn) == pattern(50, 200)


def test_keepalive_probes_an_idle_peer_and_gives_up_on_a_silent_one() -> None:
    conn, peer = established(Peer(window=65535), now=0)
    assert conn.poll_at() == NEVER  # off by default
    conn.flow.set_keepalive(10 * S, 1 * S, 3)
    assert conn.poll_at() == 10 * S
    conn.on_timer(10 * S)
    probe = one(conn, 10 * S)
    assert (probe.flags, probe.seq, probe.ack, probe.payload_len) == \
        (ACK, ISS, PEER_ISS + 1, 0)
    peer.send(conn, 10 * S + 5 * MS, peer.ack())  # alive
    assert conn.poll_at() == 20 * S + 5 * MS
    times: list[int] = []
    while conn.state == ESTABLISHED and len(times) < 10:
        at = conn.poll_at()
        conn.on_timer(at)
        out = drain(conn, at)
        times.append((at - 20 * S - 5 * MS) // MS)
    assert times == [0, 1000, 2000, 3000]  # three probes 1 s apart, then the end
    assert [s.header.flags for s in out] == [RST | ACK]
    assert conn.state == CLOSED
    assert isinstance(conn.flow.error, ConnectionTimedOut)


def test_no_keepalive_while_data_is_in_flight() -> None:
    # the retransmission timer watches a peer that has data to acknowledge: keepalive would
    # end the connection long before its retries run out (Linux probes idle ones only)
    conn, peer = established(Peer(window=65535), now=0)
    conn.flow.set_keepalive(1 * S, 1 * S, 1)
    write(conn.flow, pattern(100))
    drain(conn, 0)
    at = 0
    for _ in range(9):  # 0.2 + 0.4 + ... + 51.2 s of timeouts, far past idle + 1 probe
        at = conn.poll_at()
        conn.on_timer(at)
        assert [s.header.payload_len for s in drain(conn, at)] == [100]
    assert at > 100 * S and conn.state == ESTABLISHED
    peer.send(conn, at + 1 * MS, peer.ack(ISS + 101))  # answered at last: idle from here
    assert conn.poll_at() == at + 1 * MS + 1 * S


def test_sending_is_limited_by_the_initial_window_and_the_peer_window() -> None:
    conn, peer = established(Peer(window=65535))
    write(conn.flow, pattern(30 * FULL))
    out = drain(conn, 0)
    assert len(out) == 10  # RFC 6928: ten segments
    assert [(s.header.seq, s.offset) for s in out] == \
        [(ISS + 1 + i * FULL, i * FULL) for i in range(10)]
    assert [payload_of(s, conn) for s in out] == [pattern(FULL, i * FULL) for i in range(10)]
    peer.send(conn, 10 * MS, peer.ack(ISS + 1 + 2 * FULL))
    # slow start: two segments left, the window grew by two: four go
    assert len(drain(conn, 10 * MS)) == 4
    assert conn.flow.tx_bytes == 28 * FULL  # what was acknowledged is freed
    conn, peer = established(Peer(window=5000))
    write(conn.flow, pattern(10 * FULL))
    assert [s.header.payload_len for s in drain(conn, 0)] == [FULL, FULL, FULL]


def test_acks_free_the_send_queue_and_wake_the_writer() -> None:
    conn, peer = established(Peer(window=65535), flow=new_flow(tx_capacity=4 * FULL))
    flow = conn.flow
    write(flow, pattern(4 * FULL))
    drain(conn, 0)
    flow.writable.clear()
    peer.send(conn, 1 * MS, peer.ack(ISS + 1 + FULL + 10))
    assert flow.tx_bytes == 3 * FULL - 10 and flow.writable.is_set()
    peer.send(conn, 2 * MS, peer.ack(ISS + 1 + 4 * FULL))
    assert flow.tx_bytes == 0 and flow.tx == []


def test_sequence_numbers_wrap_around() -> None:
    peer = Peer(iss=(1 << 32) - 700, window=65535, sack=True, ts=True)
    conn, peer = established(peer, iss=(1 << 32) - 1500)
    write(conn.flow, pattern(4 * FULL_TS))
    out = drain(conn, 1 * MS)
    assert [s.header.seq for s in out] == [((1 << 32) - 1499 + i * FULL_TS) & U32
                                          for i in range(4)]
    assert out[2].header.seq < out[1].header.seq  # wrapped on the wire
    peer.send(conn, 2 * MS, peer.ack(conn.snd_max))
    assert conn.snd_una == (1 << 32) - 1499 + 4 * FULL_TS and conn.flow.tx_bytes == 0
    lost = peer.data(1000)  # the hole straddles 2**32 on the peer's side
    peer.send(conn, 3 * MS, peer.data(1000))
    dup = one(conn, 3 * MS)
    assert dup.sack == ((((1 << 32) + 301) & U32, ((1 << 32) + 1301) & U32),)
    peer.send(conn, 4 * MS, lost)
    assert one(conn, 4 * MS).ack == ((1 << 32) + 1301) & U32
    assert read(conn.flow) == pattern(2000)


def test_psh_marks_the_end_of_what_was_written() -> None:
    conn, peer = established(Peer(window=65535))
    write(conn.flow, pattern(FULL + 1))
    conn.flow.set_nodelay(True)
    out = drain(conn, 0)
    assert [s.header.flags for s in out] == [ACK, ACK | PSH]
