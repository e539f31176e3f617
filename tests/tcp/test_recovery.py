"""Loss recovery and congestion control: the retransmission timer and its back-off (RFC 6298),
slow start and congestion avoidance (RFC 5681, RFC 3465's L = 2, RFC 6928's initial window),
fast retransmit after three duplicate ACKs and NewReno's partial ACKs (RFC 6582), SACK-based
recovery that resends the holes and skips what the peer holds (RFC 6675), a lost retransmission
found without waiting for the timer, and a connection that stops being acknowledged."""

from __future__ import annotations

from pyrage.functors.net.tcp.connection import CLOSED, ESTABLISHED, PTO_SLACK, TcpConnection
from pyrage.functors.net.tcp.rtt import RttEstimator
from pyrage.stdlib.net import ConnectionTimedOut
from pyrage.stdlib.wire.tcp import ACK, RST
from tests.tcp.segments import (
    FULL,
    FULL_TS,
    ISS,
    MS,
    Peer,
    S,
    drain,
    established,
    one,
    pattern,
    payload_of,
    seq_of,
    write,
)


def start(sack: bool, segments: int = 10) -> tuple[TcpConnection, Peer, int]:
    """An established connection (RTT 10 ms: an RTO of 200 ms) that has just sent `segments`
    full segments at 0 of a much longer stream; the size of a full segment."""
    peer = Peer(window=65535, wscale=7, sack=sack, ts=sack)
    conn, peer = established(peer)
    if sack:
        peer.ts_val += 1
    peer.send(conn, 0, peer.ack())  # its window, scaled from now on
    size = FULL_TS if sack else FULL
    write(conn.flow, pattern(60 * size))
    out = drain(conn, 0)
    assert [seq_of(s.header, conn) for s in out] == [seg(i, size) for i in range(segments)]
    return conn, peer, size


def seg(i: int, size: int) -> int:
    """Where full segment i of the stream starts."""
    return ISS + 1 + i * size


def sent(conn: TcpConnection, now: int, size: int) -> list[int]:
    """The segments conn sends at now, as stream segment numbers (checking their size)."""
    out = drain(conn, now)
    for s in out:
        assert s.header.payload_len == size
        assert payload_of(s, conn) == pattern(size, seq_of(s.header, conn) - ISS - 1)
    return [(seq_of(s.header, conn) - ISS - 1) // size for s in out]


def sack_of(*ranges: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """SACK blocks, each (first, last) stream segment numbers (FULL_TS segments)."""
    return tuple((seg(a, FULL_TS), seg(b + 1, FULL_TS)) for a, b in ranges)


def test_rtt_estimate_follows_rfc_6298() -> None:
    rtt = RttEstimator()
    assert rtt.rto() == 1 * S  # 2.1: before any sample
    rtt.sample(100 * MS)  # 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR
    assert (rtt.srtt, rtt.rttvar, rtt.rto()) == (100 * MS, 50 * MS, 300 * MS)
    rtt.sample(100 * MS)  # 2.3: RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'|, SRTT = 7/8 + 1/8
    assert (rtt.srtt, rtt.rttvar, rtt.rto()) == (100 * MS, 37_500_000, 250 * MS)
    rtt.back_off()  # 5.5: doubled per timeout
    rtt.back_off()
    assert rtt.rto() == 1000 * MS
    for _ in range(20):
        rtt.back_off()
    assert rtt.rto() == 60 * S  # 2.5: at most 60 s
    rtt = RttEstimator()
    rtt.sample(1 * MS)
    assert rtt.rto() == 200 * MS  # Linux's floor, not RFC 6298's 1 s (see rtt.py)


def test_timeout_resends_the_first_segment_backs_off_and_slow_starts() -> None:
    conn, peer, size = start(sack=False)
    assert conn.poll_at() == 200 * MS
    conn.on_timer(200 * MS)
    assert sent(conn, 200 * MS, size) == [0]  # only the first: cwnd is one segment
    assert (conn.cc.cwnd, conn.cc.ssthresh) == (FULL, 10 * FULL // 2)  # RFC 5681 (4)
    assert conn.poll_at() == 600 * MS  # twice the timeout
    conn.on_timer(600 * MS)
    assert sent(conn, 600 * MS, size) == [0]
    assert conn.poll_at() == 1400 * MS
    peer.send(conn, 1410 * MS, peer.ack(seg(1, size)))
    # the path works: no more back-off; go back N in slow start from the new snd_una
    assert conn.poll_at() == 1410 * MS + 200 * MS
    assert sent(conn, 1410 * MS, size) == [1, 2]
    assert conn.cc.cwnd == 2 * FULL


def test_retries_exhausted_time_the_connection_out() -> None:
    conn, peer, size = start(sack=False)
    waits: list[int] = []
    last = 0
    while conn.state == ESTABLISHED and len(waits) < 30:
        at = conn.poll_at()
        conn.on_timer(at)
        out = drain(conn, at)
        waits.append((at - last) // MS)
        last = at
    assert conn.state == CLOSED
    assert isinstance(conn.flow.error, ConnectionTimedOut)
    assert [s.header.flags & RST for s in out] == [RST]
    # 15 retransmissions (Linux's tcp_retries2), the timeout doubling up to 60 s, then the end
    assert waits == [200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200] + [60_000] * 7
    assert conn.flow.tx == [] and conn.poll_at() > 10**18


def test_slow_start_then_congestion_avoidance() -> None:
    conn, peer, size = start(sack=False)
    assert conn.cc.cwnd == 10 * FULL  # RFC 6928
    peer.send(conn, 10 * MS, peer.ack(seg(5, size)))  # 5 segments in one (stretch) ACK
    assert conn.cc.cwnd == 12 * FULL  # RFC 3465: at most 2 segments per ACK
    conn.cc.ssthresh = conn.cc.cwnd  # from now on, congestion avoidance
    drain(conn, 10 * MS)
    cwnd = conn.cc.cwnd
    sent_at = conn.snd_max
    while conn.snd_una < sent_at:  # one round trip's worth of ACKs, two segments each
        peer.send(conn, 20 * MS, peer.ack(min(conn.snd_una + 2 * size, sent_at)))
    assert conn.cc.cwnd == cwnd + FULL  # about one segment per round trip


def test_window_restarts_after_an_idle_rto_even_while_acking_the_peer() -> None:
    # RFC 5681 4.1: "not sent data in an interval exceeding the RTO": our ACKs of the peer's
    # data do not count as sending
    conn, peer = established(Peer(window=65535, wscale=7))
    peer.send(conn, 0, peer.ack())
    write(conn.flow, pattern(30 * FULL))
    drain(conn, 0)
    while conn.snd_una < conn.snd_max:
        peer.send(conn, 10 * MS, peer.ack(min(conn.snd_una + 2 * FULL, conn.snd_max)))
        drain(conn, 10 * MS)
    assert conn.cc.cwnd > 20 * FULL and conn.flow.tx_bytes == 0
    for t in range(100, 2000, 100):  # the peer talks, we only acknowledge, for 2 s
        peer.send(conn, t * MS, peer.data(100))
        peer.send(conn, t * MS, peer.data(100))
        assert [s.header.payload_len for s in drain(conn, t * MS)] == [0]
    write(conn.flow, pattern(30 * FULL))
    assert len(drain(conn, 2 * S)) == 10  # the initial window again


def test_three_duplicate_acks_retransmit_and_new_reno_handles_a_partial_ack() -> None:
    conn, peer, size = start(sack=False)  # segments 0 and 5 are lost
    first = seg(0, size)
    for i in range(1, 3):
        peer.send(conn, 10 * MS, peer.ack(first))
        assert sent(conn, 10 * MS, size) == []  # one or two may be reordering
    peer.send(conn, 10 * MS, peer.ack(first))
    assert sent(conn, 10 * MS, size) == [0]  # the third: fast retransmit
    assert conn.cc.ssthresh == 10 * FULL // 2  # RFC 5681 (4): half the flight
    assert conn.cc.cwnd == conn.cc.ssthresh + 3 * FULL  # inflated by the three
    got = []
    for _ in range(5):  # each further one: a segment left the network (window inflation)
        peer.send(conn, 11 * MS, peer.ack(first))
        got += sent(conn, 11 * MS, size)
    assert got == [10, 11, 12]
    # the retransmission arrives: a partial ACK (up to the second hole) resends the next hole
    # at once (RFC 6582 3.2 5), deflating the window by what it acknowledged
    peer.send(conn, 20 * MS, peer.ack(seg(5, size)))
    assert sent(conn, 20 * MS, size) == [5, 13]
    assert conn.cc.in_recovery
    peer.send(conn, 30 * MS, peer.ack(seg(13, size)))  # past the recovery point: done
    assert not conn.cc.in_recovery
    assert conn.cc.cwnd == conn.cc.ssthresh == 10 * FULL // 2
    assert sent(conn, 30 * MS, size) == [14, 15, 16, 17]  # 13 is out: 5 segments of window


def test_duplicate_acks_that_change_the_window_do_not_count() -> None:
    conn, peer, size = start(sack=False)
    for w in (60000, 60001, 60002, 60003):  # RFC 5681 2: a duplicate keeps the window
        peer.send(conn, 10 * MS, peer.ack(seg(0, size), window=w))
    assert sent(conn, 10 * MS, size) == []
    assert not conn.cc.in_recovery


def test_sack_recovery_resends_the_holes_and_skips_what_the_peer_holds() -> None:
    conn, peer, size = start(sack=True)  # segments 0 and 3 are lost
    first = seg(0, FULL_TS)

    def dup(now: int, *ranges: tuple[int, int]) -> list[int]:
        peer.send(conn, now, peer.ack(first, sack=sack_of(*ranges)))
        return sent(conn, now, size)

    # the first two duplicates, each with news, let a new segment out (RFC 3042)
    assert dup(10 * MS, (1, 1)) == [10]
    assert dup(10 * MS, (1, 2)) == [11]
    # three segments SACKed above segment 0: it is lost (RFC 6675 IsLost)
    assert dup(10 * MS, (4, 4), (1, 2)) == [0]
    assert conn.cc.in_recovery
    flight = 12 * FULL_TS
    assert conn.cc.ssthresh == conn.cc.cwnd == flight // 2  # no inflation with SACK
    # segment 3 has one, then two SACKed above it: not lost yet; the pipe is full
    assert dup(10 * MS, (4, 5), (1, 2)) == []
    # three above it: lost, it leaves the pipe, which is still full
    assert dup(10 * MS, (4, 6), (1, 2)) == []
    # room for one: the lost hole goes before any new data
    assert dup(10 * MS, (4, 7), (1, 2)) == [3]
    # every further SACKed segment lets one new segment out (the pipe went down by one)
    got = []
    for last in (8, 9, 10, 11):
        got += dup(10 * MS, (4, last), (1, 2))
    assert got == [12, 13, 14, 15]
    # segment 0 arrived: a partial ACK; the window is not deflated under SACK
    peer.send(conn, 20 * MS, peer.ack(seg(3, FULL_TS), sack=sack_of((4, 11))))
    assert sent(conn, 20 * MS, size) == [16]
    assert conn.cc.in_recovery and conn.cc.cwnd == flight // 2
    # segment 3 arrived: everything sent before recovery is acknowledged: done
    peer.send(conn, 21 * MS, peer.ack(seg(13, FULL_TS)))
    assert not conn.cc.in_recovery
    assert conn.cc.cwnd == conn.cc.ssthresh
    assert sent(conn, 21 * MS, size) == [17, 18]  # 13..16 out, 6 segments of window
    assert conn.retries == 0 and conn.rtt.backoff == 0  # no timeout in all this


def test_lost_retransmission_is_resent_without_waiting_for_the_timer() -> None:
    conn, peer, size = start(sack=True)  # segment 0 is lost, and then its retransmission
    first = seg(0, FULL_TS)

    def dup(now: int, last: int) -> list[int]:
        peer.send(conn, now, peer.ack(first, sack=sack_of((1, last))))
        return sent(conn, now, size)

    out = []
    for last in range(1, 10):
        out += dup(10 * MS, last)
    assert out[:3] == [10, 11, 0]  # two limited transmits, then the fast retransmit
    assert out.count(0) == 1
    after = out[3]  # the first new segment sent after the retransmission
    assert after == 12
    for last in (10, 11):
        assert 0 not in dup(20 * MS, last)  # segments sent before it: no news
    # segment 12, sent after the retransmission of 0, arrived; 0 did not: lost again
    got = dup(20 * MS, after)
    assert got[0] == 0
    assert conn.retries == 0  # no timeout
    peer.send(conn, 30 * MS, peer.ack(seg(after + 1, FULL_TS)))
    assert conn.snd_una == seg(after + 1, FULL_TS)


def test_timeout_in_sack_recovery_resends_only_what_the_peer_lacks() -> None:
    conn, peer, size = start(sack=True)  # segments 0 and 5 are lost, and every retransmission
    first = seg(0, FULL_TS)
    for last in (1, 2, 3, 4):
        peer.send(conn, 10 * MS, peer.ack(first, sack=sack_of((1, last))))
    assert 0 in sent(conn, 10 * MS, size)
    at = conn.poll_at()
    conn.on_timer(at)  # RFC 5681 (4), RFC 6298 5.4: one segment, from snd_una
    assert not conn.cc.in_recovery
    assert conn.cc.cwnd == FULL
    assert sent(conn, at, size) == [0]
    # 0 arrives; the peer holds 1..4 and 6..9: the SACKs that arrive after the timeout are
    # used (RFC 6675 5.1): segment 5, then new data, never 6..9 again
    peer.send(conn, at + 10 * MS, peer.ack(seg(5, FULL_TS), sack=sack_of((6, 9))))
    assert not conn.cc.in_recovery  # no fast recovery for what the timeout resends
    assert conn.cc.cwnd == 3 * FULL  # slow start: two segments more for this ACK
    assert sent(conn, at + 10 * MS, size) == [5, 10, 11]


def sent_three() -> tuple[TcpConnection, Peer]:
    """A SACK connection (RTT about 0.5 ms) that sent three full segments, all it had."""
    peer = Peer(window=65535, wscale=7, sack=True, ts=True)
    conn, peer = established(peer)
    peer.send(conn, 0, peer.ack())
    write(conn.flow, pattern(3 * FULL_TS))
    assert sent(conn, 0, FULL_TS) == [0, 1, 2]
    return conn, peer


def probe_time(conn: TcpConnection) -> int:
    """RFC 8985 7.2's PTO for a flight of several segments, 2 SRTT, plus Linux's slack."""
    return 2 * conn.rtt.srtt + PTO_SLACK


def test_tail_loss_probe_finds_a_lost_tail_in_a_few_round_trips() -> None:
    # RFC 8985 7: all three segments are lost, and no ACK will ever come to say so: a probe
    # after 2 SRTT and 2 ms (3 ms here) rather than the 200 ms retransmission timeout
    conn, peer = sent_three()
    at = conn.poll_at()
    assert at == probe_time(conn) < 4 * MS
    conn.on_timer(at)
    assert sent(conn, at, FULL_TS) == [2]  # no new data: the last segment again
    assert conn.poll_at() == at + conn.rtt.rto()  # the timer restarts after it
    # the peer holds the probe only: what was sent before it is lost (RACK): fast recovery
    peer.send(conn, at + 1 * MS, peer.ack(seg(0, FULL_TS), sack=sack_of((2, 2))))
    assert conn.cc.in_recovery
    assert sent(conn, at + 1 * MS, FULL_TS) == [0]
    peer.send(conn, at + 2 * MS, peer.ack(seg(1, FULL_TS), sack=sack_of((2, 2))))
    assert sent(conn, at + 2 * MS, FULL_TS) == [1]  # the next hole (no new data: NextSeg 3)
    peer.send(conn, at + 3 * MS, peer.ack(seg(3, FULL_TS)))
    assert conn.snd_una == conn.snd_max and conn.retries == 0  # never a timeout


def test_tail_loss_probe_after_a_lost_ack_costs_half_the_window_not_a_timeout() -> None:
    conn, peer = sent_three()  # all three arrive; the ACK is lost
    cwnd = conn.cc.cwnd
    at = conn.poll_at()
    conn.on_timer(at)
    assert sent(conn, at, FULL_TS) == [2]
    peer.send(conn, at + 1 * MS, peer.ack(seg(3, FULL_TS)))  # the peer acknowledges it all
    assert conn.snd_una == conn.snd_max and conn.retries == 0
    # without a DSACK the probe may have repaired a loss: the response to one (RFC 8985
    # 7.4.2), ssthresh from what was in flight
    assert conn.cc.ssthresh == 2 * FULL and conn.cc.cwnd == 2 * FULL < cwnd


def test_tail_loss_probe_sends_new_data_when_there_is_some() -> None:
    conn, peer, size = start(sack=True)  # ten in flight, the window full, more to send
    at = conn.poll_at()
    assert at == probe_time(conn)
    conn.on_timer(at)
    assert sent(conn, at, size) == [10]  # new data, whatever the congestion window says
    peer.send(conn, at + 1 * MS, peer.ack(seg(0, FULL_TS), sack=sack_of((10, 10))))
    assert conn.cc.in_recovery  # everything before the probe is lost
    assert sent(conn, at + 1 * MS, size)[0] == 0


def test_no_probe_for_a_lone_segment_before_the_retransmission_timeout() -> None:
    # the peer may hold the ACK of one segment back for 200 ms: a probe would come no sooner
    # than the timeout
    conn, peer = established(Peer(window=65535, wscale=7, sack=True, ts=True))
    write(conn.flow, pattern(100))
    drain(conn, 0)
    assert conn.poll_at() == conn.rto_at == conn.rtt.rto()
    assert conn.tlp_at == 0
