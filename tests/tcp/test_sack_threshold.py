"""Fast retransmit from SACK alone (RFC 6675 IsLost): a hole is lost once more than
(DupThresh - 1) * SMSS bytes above it are SACKed, i.e. at the third full segment SACKed, with
timestamps on as with Linux (each segment then carries 12 bytes less than the MSS). Linux's
dup ACKs carry a window that changes as its buffer grows, so they are not duplicates in RFC
5681's sense: the SACK rule is what starts recovery."""

from __future__ import annotations

from pyrage.functors.net.tcp.connection import ESTABLISHED, TcpConnection
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import TcpFlow
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.wire.tcp import ACK, SYN, TcpRepr

MS = 1_000_000
ISS, PEER_ISS, MSS = 1_000_000, 5_000_000, 1460
SEGMENT = MSS - 12  # the payload of a full segment beside timestamps


def established() -> TcpConnection:
    flow = TcpFlow(Ipv4Address.parse("10.0.0.2"), 5201, Ipv4Address.parse("10.0.0.1"), 40000)
    conn = TcpConnection(flow, ISS, MSS, 7000, 0)
    syn = TcpRepr(40000, 5201, PEER_ISS, 0, SYN, window=65535, mss=MSS, wscale=7,
                  sack_permitted=True, ts_val=100, has_ts=True)
    conn.open_passive(syn, 0)
    synack = conn.dispatch(1 * MS)
    assert synack is not None and conn.dispatch(1 * MS) is None
    conn.receive(ack_from_peer(conn, ISS + 1), Buffer.create(0), 2 * MS)
    assert conn.state == ESTABLISHED
    return conn


def ack_from_peer(conn: TcpConnection, ack: int, window: int = 1000,
                  sack: tuple[tuple[int, int], ...] = ()) -> TcpRepr:
    return TcpRepr(40000, 5201, (PEER_ISS + 1) & 0xFFFFFFFF, ack & 0xFFFFFFFF, ACK,
                   window=window, sack=tuple((a & 0xFFFFFFFF, b & 0xFFFFFFFF) for a, b in sack),
                   ts_val=101, ts_ecr=conn.ts_recent, has_ts=True)



def test_the_third_sacked_segment_starts_recovery() -> None:
    conn = established()
    conn.flow.append(bytes(10 * SEGMENT), 0, 10 * SEGMENT)
    sent = []
    while (send := conn.dispatch(3 * MS)) is not None:
        sent.append(send.header.seq)
    assert len(sent) == 10
    first = ISS + 1
    # the first segment is lost; the next ones arrive and are SACKed, the window growing
    for n in range(1, 4):
        conn.receive(ack_from_peer(conn, first, window=1000 + n,
                                   sack=((first + SEGMENT, first + (n + 1) * SEGMENT),)),
                     Buffer.create(0), (3 + n) * MS)
        if n < 3:
            assert not conn.cc.in_recovery, n
    assert conn.cc.in_recovery
    resend = conn.dispatch(7 * MS)
    assert resend is not None and resend.header.seq == first & 0xFFFFFFFF
