"""Closing (RFC 9293 3.6, 3.10.7.4 eighth): a FIN in each state (ESTABLISHED, FIN-WAIT-1 and -2,
CLOSING, CLOSE-WAIT, LAST-ACK, TIME-WAIT), TIME-WAIT's 2 MSL and its re-ACKs, half-close both
ways, close() with unread data or data arriving after it (a reset, as Linux), abort(), and what
a FIN that arrives out of order or data after a FIN do."""

from __future__ import annotations

from pyrage.functors.net.tcp.connection import (
    CLOSE_WAIT,
    CLOSED,
    CLOSING,
    ESTABLISHED,
    FIN_WAIT_1,
    FIN_WAIT_2,
    LAST_ACK,
    NEVER,
    TIME_WAIT,
    TcpConnection,
)
from pyrage.stdlib import sched
from pyrage.stdlib.net import ConnectionReset, ConnectionTimedOut, FlowClosed
from pyrage.stdlib.wire.tcp import ACK, FIN, PSH, RST
from tests.tcp.segments import (
    ISS,
    MS,
    PEER_ISS,
    S,
    Peer,
    drain,
    established,
    one,
    pattern,
    payload_of,
    read,
    write,
)

MSL2 = 60 * S  # TIME-WAIT, as Linux


def shutdown(conn: TcpConnection) -> None:
    sched.run(conn.flow.shutdown())


def close(conn: TcpConnection) -> None:
    sched.run(conn.flow.close())


def end_of_stream(conn: TcpConnection) -> bool:
    got: list[object] = []

    async def go() -> None:
        got.append(await conn.flow.read())

    sched.run(go())
    return got == [None]


def test_active_close_through_fin_wait_1_fin_wait_2_and_time_wait() -> None:
    conn, peer = established(Peer(window=65535))
    write(conn.flow, pattern(100))
    shutdown(conn)
    out = drain(conn, 1 * MS)
    assert len(out) == 1
    fin = out[0].header
    # the FIN rides on the last data
    assert (fin.flags, fin.seq, fin.ack, fin.payload_len) == \
        (ACK | FIN | PSH, ISS + 1, PEER_ISS + 1, 100)
    assert payload_of(out[0], conn) == pattern(100)
    assert conn.state == FIN_WAIT_1
    peer.send(conn, 2 * MS, peer.ack(ISS + 102))
    assert conn.state == FIN_WAIT_2
    assert conn.poll_at() == NEVER  # shutdown() only: the peer may send for as long as it likes
    peer.send(conn, 3 * MS, peer.fin())
    assert conn.state == TIME_WAIT
    ack = one(conn, 3 * MS)  # the peer's FIN is acknowledged at once
    assert (ack.flags, ack.seq, ack.ack) == (ACK, ISS + 102, PEER_ISS + 2)
    assert end_of_stream(conn)
    assert conn.poll_at() == 3 * MS + MSL2
    # the peer did not get our ACK: its FIN again is ACKed again, and TIME-WAIT starts over
    peer.nxt -= 1
    peer.send(conn, 30 * S, peer.fin())
    ack = one(conn, 30 * S)
    assert (ack.flags, ack.seq, ack.ack) == (ACK, ISS + 102, PEER_ISS + 2)
    assert conn.state == TIME_WAIT
    assert conn.poll_at() == 30 * S + MSL2
    conn.on_timer(30 * S + MSL2 - 1)
    assert conn.state == TIME_WAIT
    conn.on_timer(30 * S + MSL2)
    assert conn.state == CLOSED
    assert drain(conn, 30 * S + MSL2) == []
    assert conn.flow.error is None


def test_fin_alone_once_everything_was_sent() -> None:
    conn, peer = established(Peer(window=65535))
    write(conn.flow, pattern(10))
    drain(conn, 0)
    peer.send(conn, 1 * MS, peer.ack(ISS + 11))
    shutdown(conn)
    fin = one(conn, 2 * MS)
    assert (fin.flags, fin.seq, fin.payload_len) == (ACK | FIN, ISS + 11, 0)
    assert conn.state == FIN_WAIT_1


def test_fins_crossing_go_through_closing() -> None:
    conn, peer = established(Peer(window=65535))
    shutdown(conn)
    assert one(conn, 1 * MS).flags == ACK | FIN
    peer.send(conn, 2 * MS, peer.fin())  # its FIN, not yet acking ours
    assert conn.state == CLOSING
    ack = one(conn, 2 * MS)
    assert (ack.flags, ack.seq, ack.ack) == (ACK, ISS + 2, PEER_ISS + 2)
    peer.nxt -= 1
    peer.send(conn, 3 * MS, peer.fin())  # again (ours got lost): ACK again
    assert conn.state == CLOSING
    assert one(conn, 3 * MS).ack == PEER_ISS + 2
    peer.send(conn, 4 * MS, peer.ack(ISS + 2))
    assert conn.state == TIME_WAIT
    assert conn.poll_at() == 4 * MS + MSL2


def test_fin_that_acks_ours_goes_straight_to_time_wait() -> None:
    conn, peer = established(Peer(window=65535))
    shutdown(conn)
    one(conn, 1 * MS)
    peer.rcv = ISS + 2
    peer.send(conn, 2 * MS, peer.fin())
    assert conn.state == TIME_WAIT
    assert one(conn, 2 * MS).ack == PEER_ISS + 2


def test_passive_close_through_close_wait_and_last_ack() -> None:
    conn, peer = established(Peer(window=65535), passive=True)
    drain(conn, 0)
    peer.send(conn, 1 * MS, peer.data(300))
    peer.send(conn, 1 * MS, peer.fin())
    assert conn.state == CLOSE_WAIT
    ack = one(conn, 1 * MS)  # a FIN is acknowledged at once
    assert ack.ack == PEER_ISS + 302
    assert read(conn.flow) == pattern(300)
    assert end_of_stream(conn)
    # half-closed by the peer: we may still send
    write(conn.flow, pattern(500))
    data = one(conn, 2 * MS)
    assert (data.seq, data.payload_len) == (ISS + 1, 500)
    peer.send(conn, 3 * MS, peer.ack(ISS + 501))
    close(conn)
    fin = one(conn, 4 * MS)
    assert (fin.flags, fin.seq, fin.ack) == (ACK | FIN, ISS + 501, PEER_ISS + 302)
    assert conn.state == LAST_ACK
    peer.nxt -= 1
    peer.send(conn, 5 * MS, peer.fin())  # its FIN once more: ACKed, still LAST-ACK
    assert one(conn, 5 * MS).ack == PEER_ISS + 302
    assert conn.state == LAST_ACK
    peer.send(conn, 6 * MS, peer.ack(ISS + 502))
    assert conn.state == CLOSED
    assert drain(conn, 6 * MS) == []
    assert conn.flow.error is None


def test_half_close_we_keep_reading_after_shutdown() -> None:
    conn, peer = established(Peer(window=65535))
    shutdown(conn)
    one(conn, 1 * MS)
    peer.send(conn, 2 * MS, peer.ack(ISS + 2))
    assert conn.state == FIN_WAIT_2
    for i in range(4):
        peer.send(conn, 3 * MS, peer.data(1000))
    acks = drain(conn, 3 * MS)
    assert [s.header.ack for s in acks] == [PEER_ISS + 2001, PEER_ISS + 4001]
    assert read(conn.flow) == pattern(4000)
    peer.send(conn, 4 * MS, peer.fin())
    assert conn.state == TIME_WAIT
    assert one(conn, 4 * MS).ack == PEER_ISS + 4002


def test_writing_after_shutdown_fails() -> None:
    conn, _ = established()
    shutdown(conn)
    failed: list[BaseException] = []

    async def go() -> None:
        try:
            await conn.flow.write(b"late")
        except FlowClosed as e:
            failed.append(e)

    sched.run(go())
    assert len(failed) == 1


def test_fin_retransmitted_on_timeout_in_fin_wait_1_and_last_ack() -> None:
    conn, peer = established(Peer(window=65535))
    shutdown(conn)
    fin = one(conn, 0)
    at = conn.poll_at()
    conn.on_timer(at)
    again = one(conn, at)
    assert (again.flags, again.seq) == (fin.flags, fin.seq)
    assert conn.state == FIN_WAIT_1
    conn, peer = established(Peer(window=65535))
    peer.send(conn, 0, peer.fin())
    drain(conn, 0)
    close(conn)
    fin = one(conn, 1 * MS)
    at = conn.poll_at()
    conn.on_timer(at)
    again = one(conn, at)
    assert (again.flags, again.seq, again.ack) == (ACK | FIN, ISS + 1, PEER_ISS + 2)
    assert conn.state == LAST_ACK
    # an unanswered LAST-ACK ends like any other: retransmissions run out
    while conn.state == LAST_ACK:
        at = conn.poll_at()
        assert at < NEVER
        conn.on_timer(at)
        drain(conn, at)
    assert conn.state == CLOSED
    assert isinstance(conn.flow.error, ConnectionTimedOut)


def test_close_with_unread_data_resets() -> None:
    conn, peer = established(Peer(window=65535))
    peer.send(conn, 1 * MS, peer.data(100))
    close(conn)  # 100 bytes never read: Linux resets rather than pretend all went well
    rst = one(conn, 2 * MS)
    assert (rst.flags, rst.seq, rst.ack) == (RST | ACK, ISS + 1, PEER_ISS + 101)
    assert conn.state == CLOSED
    assert conn.flow.rx == [] and conn.flow.tx == []


def test_data_after_close_resets() -> None:
    conn, peer = established(Peer(window=65535))
    close(conn)
    assert one(conn, 1 * MS).flags == ACK | FIN
    peer.send(conn, 2 * MS, peer.ack(ISS + 2))
    assert conn.state == FIN_WAIT_2
    peer.send(conn, 3 * MS, peer.data(10))  # nobody will read it
    rst = one(conn, 3 * MS)
    assert (rst.flags, rst.seq) == (RST | ACK, ISS + 2)
    assert conn.state == CLOSED


def test_abort_resets_at_once() -> None:
    conn, peer = established(Peer(window=65535))
    write(conn.flow, pattern(5000))
    drain(conn, 0)
    sched.run(conn.flow.abort())
    rst = one(conn, 1 * MS)
    assert (rst.flags, rst.seq, rst.ack) == (RST | ACK, conn.snd_nxt & 0xFFFFFFFF, PEER_ISS + 1)
    assert conn.state == CLOSED
    assert isinstance(conn.flow.error, ConnectionReset)
    assert conn.flow.tx == [] and conn.flow.tx_bytes == 0
    assert conn.poll_at() == NEVER


def test_fin_out_of_order_is_kept_until_the_hole_fills() -> None:
    conn, peer = established(Peer(window=65535, sack=True, ts=True))
    lost = peer.data(1000)
    peer.send(conn, 1 * MS, peer.data(500, flags=ACK | FIN))  # bytes 1000..1500 and FIN
    dup = one(conn, 1 * MS)
    assert dup.ack == PEER_ISS + 1
    assert conn.state == ESTABLISHED
    peer.send(conn, 2 * MS, lost)
    ack = one(conn, 2 * MS)
    # the FIN counted as soon as the bytes before it arrived: no need for it to come again
    assert ack.ack == PEER_ISS + 1502
    assert conn.state == CLOSE_WAIT
    assert read(conn.flow) == pattern(1500)
    assert end_of_stream(conn)


def test_data_after_the_peers_fin_is_ignored() -> None:
    conn, peer = established(Peer(window=65535))
    peer.send(conn, 1 * MS, peer.fin())
    one(conn, 1 * MS)
    assert conn.state == CLOSE_WAIT
    peer.send(conn, 2 * MS, peer.data(100))  # past its own FIN: RFC 9293 says ignore it
    assert read(conn.flow) == b""
    assert conn.rcv_nxt == PEER_ISS + 2
    assert end_of_stream(conn)


def test_fin_wait_2_after_close_times_out() -> None:
    # after close() nobody reads: a peer that never sends its FIN must not keep the
    # connection forever (Linux's tcp_fin_timeout, 60 s, then a reset)
    conn, peer = established(Peer(window=65535))
    close(conn)
    one(conn, 1 * MS)
    peer.send(conn, 2 * MS, peer.ack(ISS + 2))
    assert conn.state == FIN_WAIT_2
    assert conn.poll_at() == 2 * MS + 60 * S
    conn.on_timer(2 * MS + 60 * S)
    rst = one(conn, 2 * MS + 60 * S)
    assert (rst.flags, rst.seq) == (RST | ACK, ISS + 2)
    assert conn.state == CLOSED
