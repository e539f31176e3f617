"""Resets and blind attacks (RFC 9293 3.10.7, RFC 5961, RFC 7323 5): only a reset exactly at
rcv_nxt resets, one elsewhere in the window gets a challenge ACK, one outside is ignored; a SYN in
a synchronized state gets a challenge ACK; an ACK of data never sent is answered and dropped, one
far too old too; PAWS drops a segment with an old timestamp."""

from __future__ import annotations

from pyrage.functors.net.tcp.connection import (
    CLOSE_WAIT,
    CLOSED,
    CLOSING,
    ESTABLISHED,
    LAST_ACK,
    SYN_RECEIVED,
    TIME_WAIT,
    TcpConnection,
)
from pyrage.stdlib import sched
from pyrage.stdlib.net import ConnectionReset
from pyrage.stdlib.wire.tcp import ACK, RST, SYN
from tests.tcp.segments import (
    ISS,
    MS,
    S,
    PEER_ISS,
    PEER_TS,
    U32,
    Peer,
    drain,
    established,
    new_connection,
    one,
    pattern,
    read,
    write,
)


def assert_challenge_ack(conn: TcpConnection, now: int) -> None:
    ack = one(conn, now)
    assert (ack.flags, ack.seq, ack.ack, ack.payload_len) == \
        (ACK, conn.snd_max & U32, conn.rcv_nxt & U32, 0)


def test_reset_exactly_at_rcv_nxt_resets() -> None:
    conn, peer = established(Peer(window=65535))
    peer.send(conn, 1 * MS, peer.data(100))
    peer.send(conn, 2 * MS, peer.rst())  # at PEER_ISS + 101
    assert conn.state == CLOSED
    assert isinstance(conn.flow.error, ConnectionReset)
    assert drain(conn, 2 * MS) == []  # never a reset for a reset
    assert conn.poll_at() > 10**18
    assert conn.flow.rx == []  # what was not read is gone with it


def test_reset_in_the_window_gets_a_challenge_ack() -> None:
    conn, peer = established(Peer(window=65535))
    for i, offset in enumerate((1, 1000, 60000)):
        now = 1 * MS + i * 500 * MS
        peer.send(conn, now, peer.rst(seq=PEER_ISS + 1 + offset))
        assert conn.state == ESTABLISHED
        assert_challenge_ack(conn, now)
        # RFC 5961 7: challenge ACKs are rate limited (one per 500 ms, as Linux)
        peer.send(conn, now + 499 * MS, peer.rst(seq=PEER_ISS + 2 + offset))
        assert conn.state == ESTABLISHED
        assert drain(conn, now + 499 * MS) == []
    # the true peer, seeing the challenge, resets with the number it acknowledges
    peer.send(conn, 2 * S, peer.rst(seq=PEER_ISS + 1))
    assert conn.state == CLOSED


def test_reset_outside_the_window_is_ignored() -> None:
    conn, peer = established(Peer(window=65535))
    for seq in (PEER_ISS - 5, PEER_ISS + 1 + 256 * 1024 + 10, PEER_ISS + (1 << 31)):
        peer.send(conn, 1 * MS, peer.rst(seq=seq))
        assert conn.state == ESTABLISHED
        assert drain(conn, 1 * MS) == []


def test_syn_in_a_synchronized_state_gets_a_challenge_ack() -> None:
    # RFC 5961 4.2: whatever its sequence number, never a reset (RFC 793's answer let a blind
    # attacker end connections)
    for state_setup in ("established", "close-wait"):
        conn, peer = established(Peer(window=65535))
        if state_setup == "close-wait":
            peer.send(conn, 0, peer.fin())
            drain(conn, 0)
            assert conn.state == CLOSE_WAIT
        for i, seq in enumerate((conn.rcv_nxt, conn.rcv_nxt + 500, PEER_ISS - 1000)):
            now = 1 * MS + i * 500 * MS
            peer.send(conn, now, peer.segment(SYN, seq=seq))
            assert conn.state in (ESTABLISHED, CLOSE_WAIT)
            assert_challenge_ack(conn, now)
        assert conn.flow.error is None


def test_ack_of_data_never_sent_is_answered_and_dropped() -> None:
    conn, peer = established(Peer(window=65535))
    write(conn.flow, pattern(100))
    drain(conn, 0)
    peer.rcv = ISS + 5000  # we sent 100 bytes
    seg = peer.data(200)
    peer.send(conn, 1 * MS, seg)
    ack = one(conn, 1 * MS)
    assert (ack.flags, ack.ack) == (ACK, PEER_ISS + 1)  # its data dropped with it
    assert conn.snd_una == ISS + 1 and read(conn.flow) == b""
    assert conn.state == ESTABLISHED


def test_ack_far_older_than_the_window_gets_a_challenge_ack() -> None:
    conn, peer = established(Peer(window=65535))
    conn.flow.set_nodelay(True)
    while conn.snd_una < ISS + 200_000:  # a few round trips of data, all acknowledged
        write(conn.flow, pattern(40_000))
        drain(conn, 0)
        while conn.snd_una < conn.snd_max:
            peer.send(conn, 0, peer.ack(conn.snd_max))
            drain(conn, 0)
    old = conn.snd_una - 100_000  # more than the largest window the peer ever offered
    peer.rcv = old
    peer.send(conn, 1 * MS, peer.data(100))
    assert_challenge_ack(conn, 1 * MS)
    assert read(conn.flow) == b""
    peer.nxt -= 100
    peer.rcv = conn.snd_una - 1000  # old, but within the window: fine (reordered)
    peer.send(conn, 2 * MS, peer.data(100))
    assert read(conn.flow) == pattern(100)


def test_paws_drops_a_segment_with_an_old_timestamp() -> None:
    conn, peer = established(Peer(window=65535, ts=True))
    peer.ts_val = 1000
    peer.send(conn, 1 * MS, peer.data(100))
    assert conn.ts_recent == 1000
    conn.on_timer(41 * MS)
    assert one(conn, 41 * MS).ts_ecr == 1000
    peer.ts_val = 999  # an old duplicate from an earlier incarnation of these numbers
    peer.send(conn, 50 * MS, peer.data(100))
    ack = one(conn, 50 * MS)  # RFC 7323 5.3 R1: dropped, and an ACK sent
    assert (ack.ack, ack.ts_ecr) == (PEER_ISS + 101, 1000)
    assert read(conn.flow) == pattern(100)
    assert conn.ts_recent == 1000
    # the timestamp clock wraps: 2**32 - 10 comes before 5
    peer = Peer(window=65535, ts=True)
    peer.ts_val = (1 << 32) - 20
    conn, peer = established(peer)
    peer.ts_val = (1 << 32) - 10
    peer.send(conn, 1 * MS, peer.data(100))
    peer.ts_val = 5
    peer.send(conn, 2 * MS, peer.data(100))
    assert read(conn.flow) == pattern(200)
    assert conn.ts_recent == (1 << 32) - 10  # echoes the first unacked segment's (RFC 7323 4.3)
    assert one(conn, 2 * MS).ts_ecr == (1 << 32) - 10


def test_paws_spares_resets() -> None:
    conn, peer = established(Peer(window=65535, ts=True))
    peer.ts_val = 5000
    peer.send(conn, 1 * MS, peer.data(10))
    peer.ts_val = 10  # old: but RFC 7323 5.3 R1 only drops segments without RST
    peer.send(conn, 2 * MS, peer.rst())
    assert conn.state == CLOSED


def test_timestamp_echo_follows_the_segments_in_order() -> None:
    conn, peer = established(Peer(window=65535, ts=True))
    peer.ts_val = PEER_TS + 10
    lost = peer.data(100)
    peer.ts_val = PEER_TS + 20
    peer.send(conn, 1 * MS, peer.data(100))  # out of order: its timestamp is not taken
    assert one(conn, 1 * MS).ts_ecr == PEER_TS
    peer.send(conn, 2 * MS, lost)
    assert one(conn, 2 * MS).ts_ecr == PEER_TS + 10


def test_reset_in_syn_received_ends_a_passive_open_quietly() -> None:
    peer = Peer()
    conn = new_connection()
    conn.open_passive(peer.syn(), 0)
    one(conn, 0)
    peer.send(conn, 1 * MS, peer.rst(seq=PEER_ISS + 1))
    assert conn.state == CLOSED
    assert conn.flow.error is None  # no app saw it
    assert drain(conn, 1 * MS) == []


def test_syn_received_answers_an_ack_of_unsent_data_with_a_reset() -> None:
    peer = Peer()
    conn = new_connection()
    conn.open_passive(peer.syn(), 0)
    one(conn, 0)
    peer.send(conn, 1 * MS, peer.ack(ISS + 99))
    rst = one(conn, 1 * MS)
    assert (rst.flags, rst.seq) == (RST, ISS + 99)  # RFC 9293 3.10.7.4: <SEQ=SEG.ACK><RST>
    assert conn.state == SYN_RECEIVED


def test_reset_ends_time_wait_closing_and_last_ack_quietly() -> None:
    conn, peer = established(Peer(window=65535))
    sched.run(conn.flow.shutdown())
    drain(conn, 0)
    peer.rcv = ISS + 2
    peer.send(conn, 1 * MS, peer.fin())
    drain(conn, 1 * MS)
    assert conn.state == TIME_WAIT
    peer.send(conn, 2 * MS, peer.rst())
    assert conn.state == CLOSED and conn.flow.error is None
    conn, peer = established(Peer(window=65535))
    sched.run(conn.flow.shutdown())
    drain(conn, 0)
    peer.send(conn, 1 * MS, peer.fin())  # crossing FINs
    drain(conn, 1 * MS)
    assert conn.state == CLOSING
    peer.send(conn, 2 * MS, peer.rst())
    assert conn.state == CLOSED and conn.flow.error is None
    conn, peer = established(Peer(window=65535))
    peer.send(conn, 1 * MS, peer.fin())
    sched.run(conn.flow.close())
    drain(conn, 1 * MS)
    assert conn.state == LAST_ACK
    peer.send(conn, 2 * MS, peer.rst())
    assert conn.state == CLOSED and conn.flow.error is None


def test_nothing_after_closed() -> None:
    conn, peer = established(Peer(window=65535))
    peer.send(conn, 1 * MS, peer.rst())
    peer.send(conn, 2 * MS, peer.data(100))
    assert conn.state == CLOSED and drain(conn, 2 * MS) == [] and read(conn.flow) == b""


def test_acks_out_of_the_window_are_answered_once_per_half_second() -> None:
    # an ACK loop: each end finding the other's ACKs out of its window answers each with an
    # ACK of its own; without a limit the two never stop (Linux: tcp_invalid_ratelimit)
    conn, peer = established(Peer(window=65535))
    old = peer.segment(ACK, seq=PEER_ISS - 10)
    peer.send(conn, 1 * MS, old)
    assert_challenge_ack(conn, 1 * MS)
    for t in range(2, 500, 7):
        peer.send(conn, t * MS, old)
        assert drain(conn, t * MS) == []
    peer.send(conn, 501 * MS, old)
    assert_challenge_ack(conn, 501 * MS)
    # data out of the window (our ACK was lost) is always answered
    peer.nxt = PEER_ISS - 99
    for t in (502, 503):
        peer.send(conn, t * MS, peer.data(100))
        peer.nxt -= 100
        assert one(conn, t * MS).ack == PEER_ISS + 1


def test_acks_after_a_timeout_carry_the_highest_sequence_number_sent() -> None:
    # the timeout sends snd_nxt back to snd_una; a pure ACK at snd_nxt would be below what the
    # peer received, out of its window: dropped (two ends that both timed out in a blackout
    # each dropped all the other's ACKs)
    conn, peer = established(Peer(window=65535))
    conn.flow.set_nodelay(True)
    write(conn.flow, pattern(3000))
    drain(conn, 0)
    at = conn.poll_at()
    conn.on_timer(at)
    drain(conn, at)
    assert conn.snd_nxt < conn.snd_max == ISS + 3001
    peer.send(conn, at + 1 * MS, peer.data(100))
    peer.send(conn, at + 1 * MS, peer.data(100))
    ack = one(conn, at + 1 * MS)
    assert (ack.seq, ack.ack) == (ISS + 3001, PEER_ISS + 201)
