"""Opening a connection (RFC 9293 3.5): active and passive open, simultaneous open, SYN and
SYN-ACK retransmission and their timeouts, and the options agreed on the way (MSS, window scale
only when both ends send it (RFC 7323 2.2), SACK-permitted (RFC 2018), timestamps (RFC 7323 3))."""

from __future__ import annotations

from pyrage.functors.net.tcp.connection import (
    CLOSED,
    ESTABLISHED,
    SYN_RECEIVED,
    SYN_SENT,
    TcpConnection,
)
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import TcpFlow
from pyrage.stdlib.net import ConnectionRefused, ConnectionTimedOut
from pyrage.stdlib.wire.tcp import ACK, PSH, RST, SYN, TcpRepr
from tests.tcp.segments import (
    FULL,
    FULL_TS,
    ISS,
    LOCAL,
    LOCAL_PORT,
    MS,
    PEER_ISS,
    PEER_TS,
    REMOTE,
    REMOTE_PORT,
    S,
    TS_OFFSET,
    Peer,
    drain,
    established,
    new_connection,
    new_flow,
    one,
    our_ts,
    pattern,
    read,
    write,
)


def test_active_open_offers_every_option_and_acks_the_syn_ack() -> None:
    conn = new_connection()  # a 256 KiB receive queue: window scale 3 fits it in 16 bits
    conn.open_active()
    assert conn.state == SYN_SENT
    syn = one(conn, 0)
    assert syn == TcpRepr(LOCAL_PORT, REMOTE_PORT, ISS, 0, SYN, window=65535, mss=1460,
                          wscale=3, sack_permitted=True, ts_val=our_ts(0), ts_ecr=0,
                          has_ts=True)
    assert conn.poll_at() == 1 * S  # RFC 6298 2.1: the first RTO is 1 s
    peer = Peer(window=29200, wscale=7, sack=True, ts=True, mss=1400)
    peer.ts_ecr = syn.ts_val
    peer.send(conn, 5 * MS, peer.syn(ack=ISS + 1))
    assert conn.state == ESTABLISHED
    ack = one(conn, 5 * MS)
    assert ack == TcpRepr(LOCAL_PORT, REMOTE_PORT, ISS + 1, PEER_ISS + 1, ACK,
                          window=(256 * 1024) >> 3, ts_val=our_ts(5 * MS), ts_ecr=PEER_TS,
                          has_ts=True)
    assert conn.snd_wnd == 29200  # a SYN's window is never scaled (RFC 7323 2.2)
    assert (conn.mss, conn.snd_wscale, conn.rcv_wscale) == (1400, 7, 3)
    assert conn.wscale_ok and conn.sack_ok and conn.ts_ok
    # the timestamp echo timed the handshake: 5 ms, so the RTO is the 200 ms floor
    assert 5 * MS <= conn.rtt.srtt <= 6 * MS
    assert conn.rtt.rto() == 200 * MS
    assert conn.poll_at() > 10**18  # nothing outstanding: no timer


def test_passive_open_mirrors_the_options_the_peer_sent() -> None:
    peer = Peer(window=29200, wscale=7, sack=True, ts=True, mss=1400)
    conn = new_connection()
    conn.open_passive(peer.syn(), 0)
    assert conn.state == SYN_RECEIVED
    synack = one(conn, 0)
    assert synack == TcpRepr(LOCAL_PORT, REMOTE_PORT, ISS, PEER_ISS + 1, SYN | ACK,
                             window=65535, mss=1460, wscale=3, sack_permitted=True,
                             ts_val=our_ts(0), ts_ecr=PEER_TS, has_ts=True)
    assert conn.poll_at() == 1 * S
    peer.ts_ecr = synack.ts_val
    peer.send(conn, 2 * MS, peer.ack(ISS + 1, window=100))
    assert conn.state == ESTABLISHED and conn.became_established
    assert conn.snd_wnd == 100 << 7  # scaled from now on
    # the SYN-ACK could say 64 KiB at most (unscaled): the whole window is told at once
    update = one(conn, 2 * MS)
    assert update == TcpRepr(LOCAL_PORT, REMOTE_PORT, ISS + 1, PEER_ISS + 1, ACK,
                             window=(256 * 1024) >> 3, ts_val=our_ts(2 * MS),
                             ts_ecr=PEER_TS, has_ts=True)
    assert drain(conn, 2 * MS) == []
    assert conn.poll_at() > 10**18


def test_data_on_the_handshake_ack_is_delivered() -> None:
    peer = Peer()
    conn = new_connection()
    conn.open_passive(peer.syn(), 0)
    one(conn, 0)
    peer.rcv = ISS + 1
    peer.send(conn, 1 * MS, peer.data(100))
    assert conn.state == ESTABLISHED
    assert read(conn.flow) == pattern(100)
    assert conn.rcv_nxt == PEER_ISS + 101


def test_no_window_scale_unless_both_send_it() -> None:
    # passive: the peer sent none, so the SYN-ACK has none and no window is ever scaled
    peer = Peer(window=40000)
    conn, peer = established(peer, passive=True)
    assert not conn.wscale_ok and conn.rcv_wscale == 0 and conn.snd_wscale == 0
    peer.send(conn, 1 * MS, peer.ack(window=50000))
    assert conn.snd_wnd == 50000
    peer.send(conn, 1 * MS, peer.data(FULL))
    peer.send(conn, 1 * MS, peer.data(FULL))
    ack = one(conn, 1 * MS)
    assert ack.window == 65535  # 256 KiB free, but 16 bits unscaled
    assert ack.wscale == -1


def test_syn_ack_without_window_scale_turns_ours_off() -> None:
    conn = new_connection()
    conn.open_active()
    assert one(conn, 0).wscale == 3
    peer = Peer(window=1000)  # no window scale in its SYN-ACK
    peer.send(conn, 1 * MS, peer.syn(ack=ISS + 1))
    ack = one(conn, 1 * MS)
    assert ack.window == 65535  # our offer of 3 is void: the field is unscaled
    assert (conn.rcv_wscale, conn.snd_wscale) == (0, 0)
    peer.send(conn, 2 * MS, peer.ack(window=1200))
    assert conn.snd_wnd == 1200


def test_small_receive_queue_offers_shift_zero() -> None:
    conn = new_connection(new_flow(rx_capacity=32 * 1024))
    conn.open_active()
    syn = one(conn, 0)
    assert (syn.wscale, syn.window) == (0, 32 * 1024)


def test_sack_permitted_only_when_the_peer_offers_it() -> None:
    conn = new_connection()
    conn.open_passive(Peer(sack=False).syn(), 0)
    synack = one(conn, 0)
    assert not synack.sack_permitted and not conn.sack_ok
    # and then out-of-order data gets a duplicate ACK without SACK blocks
    conn, peer = established(Peer(sack=False), passive=True)
    peer.nxt += 1000
    peer.send(conn, 1 * MS, peer.data(500))
    dup = one(conn, 1 * MS)
    assert dup.ack == PEER_ISS + 1 and dup.sack == ()


def test_timestamps_only_when_both_send_them() -> None:
    conn, peer = established(Peer(ts=False), passive=True)
    assert not conn.ts_ok
    write(conn.flow, pattern(2 * FULL))
    out = drain(conn, 1 * MS)
    assert [s.header.payload_len for s in out] == [FULL, FULL]  # no 12 bytes of options
    assert not any(s.header.has_ts for s in out)
    conn, peer = established(Peer(ts=True), passive=True)
    write(conn.flow, pattern(2 * FULL_TS))
    out = drain(conn, 1 * MS)
    assert [s.header.payload_len for s in out] == [FULL_TS, FULL_TS]
    assert all(s.header.has_ts and s.header.ts_val == our_ts(1 * MS) and
               s.header.ts_ecr == PEER_TS for s in out)


def test_mss_from_the_peer_or_536_without_the_option() -> None:
    conn, _ = established(Peer(mss=1000), passive=True)
    conn.flow.set_nodelay(True)
    write(conn.flow, pattern(2500))
    assert [s.header.payload_len for s in drain(conn, 0)] == [1000, 1000, 500]
    conn = new_connection()
    syn = Peer().syn()
    conn.open_passive(TcpRepr(syn.src_port, syn.dst_port, syn.seq, 0, SYN, window=65535), 0)
    assert one(conn, 0).mss == 1460  # ours is always sent
    assert conn.mss == 536  # RFC 9293 3.7.1: the default without the option
    # a peer's MSS above what our interface carries is cut to it
    conn, _ = established(Peer(mss=9000), passive=True)
    assert conn.mss == 1460


def pair() -> tuple[TcpConnection, TcpConnection]:
    a = TcpConnection(TcpFlow(LOCAL, 1000, REMOTE, 2000), 111_000, 1460, TS_OFFSET, 0)
    b = TcpConnection(TcpFlow(REMOTE, 2000, LOCAL, 1000), 999_000, 1460, 9000, 0)
    return a, b


def cross(src: TcpConnection, dst: TcpConnection, now: int) -> list[TcpRepr]:
    """Carry everything src sends at now to dst; the segments."""
    out = drain(src, now)
    for send in out:
        payload = Buffer.create(send.header.payload_len)
        if send.header.payload_len:
            src.flow.tx_copy(send.offset, payload, 0, send.header.payload_len)
        dst.receive(send.header, payload, now)
    return [s.header for s in out]


def syns_crossed() -> tuple[TcpConnection, TcpConnection]:
    """Two ends that both connect, their SYNs crossing: both in SYN-RECEIVED."""
    a, b = pair()
    a.open_active()
    b.open_active()
    syn_a, syn_b = one(a, 0), one(b, 0)
    a.receive(syn_b, Buffer.create(0), 1 * MS)
    b.receive(syn_a, Buffer.create(0), 1 * MS)
    assert a.state == SYN_RECEIVED and b.state == SYN_RECEIVED
    return a, b


def test_simultaneous_open() -> None:
    # RFC 9293 figure 8: the SYNs cross, each end answers SYN-ACK from SYN-RECEIVED, and each
    # SYN-ACK completes the other's handshake
    a, b = syns_crossed()
    synack_a, synack_b = one(a, 1 * MS), one(b, 1 * MS)
    assert (synack_a.flags, synack_a.seq, synack_a.ack) == (SYN | ACK, 111_000, 999_001)
    assert (synack_b.flags, synack_b.seq, synack_b.ack) == (SYN | ACK, 999_000, 111_001)
    a.receive(synack_b, Buffer.create(0), 2 * MS)
    b.receive(synack_a, Buffer.create(0), 2 * MS)
    assert a.state == ESTABLISHED and b.state == ESTABLISHED
    # no more SYNs: the handshake is over, whatever else is said
    for _ in range(3):
        assert not any(h.flags & SYN for h in cross(a, b, 3 * MS) + cross(b, a, 3 * MS))
    write(a.flow, b"hello")
    cross(a, b, 4 * MS)
    assert read(b.flow) == b"hello"


def test_simultaneous_open_with_a_lost_syn_ack() -> None:
    a, b = syns_crossed()
    one(a, 1 * MS)  # a's SYN-ACK is lost
    cross(b, a, 1 * MS)
    assert a.state == ESTABLISHED and b.state == SYN_RECEIVED
    # b's timer sends its SYN-ACK again; a (synchronized) answers it with an ACK
    at = b.poll_at()
    b.on_timer(at)
    assert [h.flags for h in cross(b, a, at)] == [SYN | ACK]
    assert [h.flags for h in cross(a, b, at)] == [ACK]
    assert a.state == ESTABLISHED and b.state == ESTABLISHED


def test_syn_retransmitted_with_back_off_then_timed_out() -> None:
    conn = new_connection()
    conn.open_active()
    first = one(conn, 0)
    times: list[int] = []
    while conn.state == SYN_SENT:
        at = conn.poll_at()
        conn.on_timer(at)
        out = drain(conn, at)
        if conn.state == SYN_SENT:
            assert len(out) == 1
            assert out[0].header == TcpRepr(LOCAL_PORT, REMOTE_PORT, ISS, 0, SYN,
                                            window=65535, mss=1460, wscale=3,
                                            sack_permitted=True, ts_val=our_ts(at),
                                            has_ts=True)
        else:
            assert out == []  # SYN-SENT has nothing to reset
        times.append(at // S)
    assert first.seq == ISS
    # six retransmissions 1, 2, 4, ... s apart (Linux's tcp_syn_retries), then give up; the
    # last wait is cut to the 60 s ceiling (RFC 6298 2.5)
    assert times == [1, 3, 7, 15, 31, 63, 123]
    assert conn.state == CLOSED
    assert isinstance(conn.flow.error, ConnectionTimedOut)


def test_syn_ack_retransmitted_then_the_half_open_connection_dropped_quietly() -> None:
    conn = new_connection()
    conn.open_passive(Peer().syn(), 0)
    one(conn, 0)
    times: list[int] = []
    while conn.state == SYN_RECEIVED:
        at = conn.poll_at()
        conn.on_timer(at)
        out = drain(conn, at)
        assert [s.header.flags for s in out] == ([SYN | ACK] if conn.state != CLOSED else [])
        times.append(at // S)
    assert times == [1, 3, 7, 15, 31, 63, 123]
    assert conn.state == CLOSED
    assert conn.flow.error is None  # no app ever saw it: nothing to report


def test_retransmitted_syn_gets_the_syn_ack_again() -> None:
    peer = Peer()
    conn = new_connection()
    syn = peer.syn()
    conn.open_passive(syn, 0)
    first = one(conn, 0)
    conn.receive(syn, Buffer.create(0), 300 * MS)  # our SYN-ACK was lost
    again = one(conn, 300 * MS)
    assert (again.flags, again.seq, again.ack) == (first.flags, first.seq, first.ack)
    assert conn.state == SYN_RECEIVED


def test_retransmitted_syn_means_a_3_second_rto_without_a_sample() -> None:
    # RFC 6298 5.7: the SYN timed out and no RTT was measured: the RTO starts at 3 s
    conn = new_connection()
    conn.open_active()
    one(conn, 0)
    conn.on_timer(1 * S)
    one(conn, 1 * S)
    peer = Peer()  # no timestamps: the SYN-ACK of a retransmitted SYN cannot be timed
    peer.send(conn, 1 * S + 10 * MS, peer.syn(ack=ISS + 1))
    one(conn, 1 * S + 10 * MS)
    assert conn.rtt.srtt == 0
    write(conn.flow, b"x")
    one(conn, 2 * S)
    assert conn.poll_at() == 5 * S


def test_refused_by_a_reset_that_acks_the_syn() -> None:
    conn = new_connection()
    conn.open_active()
    one(conn, 0)
    peer = Peer()
    # RFC 9293 3.10.7.3: a reset without an ACK of our SYN is dropped ...
    peer.send(conn, 1 * MS, TcpRepr(REMOTE_PORT, LOCAL_PORT, 0, 0, RST))
    assert conn.state == SYN_SENT
    peer.send(conn, 1 * MS, TcpRepr(REMOTE_PORT, LOCAL_PORT, 0, ISS + 5, RST | ACK))
    assert conn.state == SYN_SENT  # ... and so is one whose ACK is not of our SYN
    assert drain(conn, 1 * MS) == []
    peer.send(conn, 2 * MS, TcpRepr(REMOTE_PORT, LOCAL_PORT, 0, ISS + 1, RST | ACK))
    assert conn.state == CLOSED
    assert isinstance(conn.flow.error, ConnectionRefused)
    assert drain(conn, 2 * MS) == []  # never a reset for a reset


def test_syn_ack_with_a_bad_ack_gets_a_reset() -> None:
    conn = new_connection()
    conn.open_active()
    one(conn, 0)
    peer = Peer()
    peer.send(conn, 1 * MS, peer.syn(ack=ISS + 77))
    rst = one(conn, 1 * MS)
    # RFC 9293 3.10.7.3: <SEQ=SEG.ACK><CTL=RST>, and we stay in SYN-SENT
    assert (rst.flags, rst.seq, rst.ack) == (RST, ISS + 77, 0)
    assert conn.state == SYN_SENT


def test_first_data_goes_out_after_the_handshake() -> None:
    conn, peer = established(Peer(window=65535))
    conn.flow.set_nodelay(True)
    write(conn.flow, pattern(3000))
    out = drain(conn, 1 * MS)
    assert [(s.header.seq, s.header.payload_len, s.offset) for s in out] == \
        [(ISS + 1, FULL, 0), (ISS + 1 + FULL, FULL, FULL), (ISS + 1 + 2 * FULL, 80, 2 * FULL)]
    assert [s.header.flags for s in out] == [ACK, ACK, ACK | PSH]  # PSH: the last written
    # RFC 6298 5.1: the timer runs, at the 200 ms floor (the SYN-ACK came back at once)
    assert conn.poll_at() == 1 * MS + 200 * MS
