"""Segment templates: the far end of a TcpConnection under test, as smoltcp's socket tests have
it. A `Peer` builds the TcpRepr it would send (its own sequence numbers, what it acknowledges of
ours, its window and options) relative to its state and the connection's; a test hands them to
`conn.receive(header, payload, now)` through `peer.send`, calls `conn.dispatch(now)` (`drain`,
`one`) and checks the exact segments that come back, with explicit `now` values throughout.

Sequence numbers here are absolute, as inside the connection (ISS + offset); the templates wrap
them to 32 bits as the wire does, and `seq_of`/`ack_of` unwrap what the connection sends.
"""

from __future__ import annotations

from pyrage.functors.net.tcp.connection import ESTABLISHED, Send, TcpConnection, unwrap
from pyrage.stdlib import sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import TcpFlow
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.wire.tcp import ACK, FIN, RST, SYN, TcpRepr

MS = 1_000_000
S = 1000 * MS
U32 = 0xFFFFFFFF
LOCAL = Ipv4Address.parse("10.0.0.1")
REMOTE = Ipv4Address.parse("10.0.0.2")
LOCAL_PORT = 49152
REMOTE_PORT = 8080
ISS = 1_000_000  # ours
PEER_ISS = 5_000_000
MSS_LIMIT = 1460  # what our interface carries (MTU 1500 less 40)
TS_OFFSET = 7000  # our timestamp clock reads TS_OFFSET at now == 0
PEER_TS = 500  # the peer's timestamp clock, when it has one
#: The payload of a full segment once timestamps are on (12 bytes of options), and without.
FULL_TS = MSS_LIMIT - 12
FULL = MSS_LIMIT


def new_flow(rx_capacity: int = 256 * 1024, tx_capacity: int = 256 * 1024) -> TcpFlow:
    return TcpFlow(LOCAL, LOCAL_PORT, REMOTE, REMOTE_PORT, rx_capacity, tx_capacity)


def new_connection(flow: TcpFlow | None = None, iss: int = ISS, now: int = 0) -> TcpConnection:
    return TcpConnection(flow if flow is not None else new_flow(), iss, MSS_LIMIT, TS_OFFSET,
                         now)


def our_ts(now: int) -> int:
    """The timestamp value our segments carry at now."""
    return (now // MS + TS_OFFSET) & U32


def pattern(n: int, start: int = 0) -> bytes:
    """n bytes that differ from position to position (start: the stream offset)."""
    return bytes((start + i) * 7 % 251 for i in range(n))


class Peer:
    """The connection's peer. `nxt` is its next sequence number, `rcv` the next of ours it
    expects (what it acknowledges); both absolute. Templates do not change them except the ones
    that send something new (`syn`, `data`, `fin`), which move `nxt` on."""

    def __init__(self, iss: int = PEER_ISS, window: int = 65535, wscale: int = -1,
                 mss: int = 1460, sack: bool = False, ts: bool = False) -> None:
        self.iss = iss
        self.nxt = iss
        self.rcv = 0
        self.window = window  # the field as sent (scaled by wscale after the handshake)
        self.wscale = wscale
        self.mss = mss
        self.sack_ok = sack
        self.ts_ok = ts
        self.ts_val = PEER_TS
        self.ts_ecr = 0

    def segment(self, flags: int, payload_len: int = 0, seq: int | None = None,
                ack: int | None = None, window: int | None = None,
                sack: tuple[tuple[int, int], ...] = (), ts_val: int | None = None,
                ts_ecr: int | None = None) -> TcpRepr:
        """Any segment, by default at nxt, acknowledging rcv, with the peer's window and (once
        agreed) timestamps; sack blocks are absolute and wrapped here."""
        return TcpRepr(REMOTE_PORT, LOCAL_PORT, (self.nxt if seq is None else seq) & U32,
                       (self.rcv if ack is None else ack) & U32 if flags & ACK else 0, flags,
                       window=self.window if window is None else window,
                       sack=tuple((a & U32, b & U32) for a, b in sack),
                       ts_val=self.ts_val if ts_val is None else ts_val,
                       ts_ecr=self.ts_ecr if ts_ecr is None else ts_ecr, has_ts=self.ts_ok,
                       payload_len=payload_len)

    def syn(self, ack: int | None = None) -> TcpRepr:
        """SYN (SYN-ACK when ack is given) with the peer's options; nxt moves past it."""
        flags = SYN if ack is None else SYN | ACK
        seg = TcpRepr(REMOTE_PORT, LOCAL_PORT, self.iss & U32, (ack or 0) & U32, flags,
                      window=min(self.window, 0xFFFF), mss=self.mss, wscale=self.wscale,
                      sack_permitted=self.sack_ok, ts_val=self.ts_val, ts_ecr=self.ts_ecr,
                      has_ts=self.ts_ok)
        self.nxt = self.iss + 1
        if ack is not None:
            self.rcv = ack
        return seg

    def ack(self, upto: int | None = None, **fields: object) -> TcpRepr:
        """A pure ACK (of `upto`, which becomes rcv; rcv by default)."""
        if upto is not None:
            self.rcv = upto
        return self.segment(ACK, **fields)  # type: ignore[arg-type]

    def data(self, n: int, flags: int = ACK) -> tuple[TcpRepr, Buffer]:
        """The next n bytes of the peer's stream (pattern()), at nxt; nxt moves on."""
        seg = self.segment(flags, payload_len=n)
        payload = Buffer.of_bytes(pattern(n, self.nxt - self.iss - 1))
        self.nxt += n + (1 if flags & FIN else 0)
        return seg, payload

    def fin(self) -> TcpRepr:
        seg = self.segment(ACK | FIN)
        self.nxt += 1
        return seg

    def rst(self, seq: int | None = None) -> TcpRepr:
        return self.segment(RST, seq=seq)

    def send(self, conn: TcpConnection, now: int, seg: TcpRepr | tuple[TcpRepr, Buffer]) -> None:
        """conn receives seg (a header, or a header and its payload) at now."""
        if isinstance(seg, tuple):
            conn.receive(seg[0], seg[1], now)
        else:
            conn.receive(seg, Buffer.create(0), now)


def drain(conn: TcpConnection, now: int) -> list[Send]:
    """Everything conn has to send at now (dispatch until None)."""
    out: list[Send] = []
    while True:
        send = conn.dispatch(now)
        if send is None:
            return out
        out.append(send)
        assert len(out) < 10_000, "dispatch never runs dry"


def one(conn: TcpConnection, now: int) -> TcpRepr:
    """The one segment conn sends at now (fails on none or more)."""
    out = drain(conn, now)
    assert len(out) == 1, f"expected one segment, got {[describe(s.header) for s in out]}"
    return out[0].header


def describe(h: TcpRepr) -> str:
    flags = "".join(name for bit, name in ((SYN, "S"), (FIN, "F"), (RST, "R"), (ACK, "."))
                    if h.flags & bit)
    return f"{flags} seq={h.seq} ack={h.ack} win={h.window} len={h.payload_len}"


def seq_of(h: TcpRepr, conn: TcpConnection) -> int:
    """h's sequence number, absolute (as conn counts its own)."""
    return unwrap(h.seq, conn.snd_una)


def ack_of(h: TcpRepr, conn: TcpConnection) -> int:
    """h's acknowledgment number, absolute (as conn counts the peer's)."""
    return unwrap(h.ack, conn.rcv_nxt)


def payload_of(send: Send, conn: TcpConnection) -> bytes:
    """The bytes send carries (copied from the flow's tx, as the owner does)."""
    out = Buffer.create(send.header.payload_len)
    if send.header.payload_len > 0:
        conn.flow.tx_copy(send.offset, out, 0, send.header.payload_len)
    return out.to_bytes()


def write(flow: TcpFlow, data: bytes) -> None:
    """The app writes data (which must fit in the send queue: no waiting here)."""
    assert flow.tx_bytes + len(data) <= flow.tx_capacity
    sched.run(flow.write(data))


def read(flow: TcpFlow) -> bytes:
    """What the app reads now without waiting (all of rx)."""
    chunks: list[bytes] = []

    async def go() -> None:
        while flow.rx_head < len(flow.rx):
            chunk = await flow.read()
            assert chunk is not None
            chunks.append(chunk.to_bytes())

    sched.run(go())
    return b"".join(chunks)


def established(peer: Peer | None = None, passive: bool = False, now: int = 0,
                flow: TcpFlow | None = None, iss: int = ISS) -> tuple[TcpConnection, Peer]:
    """A connection in ESTABLISHED with peer (actively opened by default), nothing
    outstanding either way, at now; the handshake's segments checked on the way."""
    peer = peer if peer is not None else Peer()
    conn = new_connection(flow, iss=iss, now=now)
    if passive:
        conn.open_passive(peer.syn(), now)
        synack = one(conn, now)
        assert synack.flags == SYN | ACK
        peer.rcv = iss + 1
        peer.ts_ecr = synack.ts_val
        peer.send(conn, now, peer.ack())
        assert drain(conn, now) == []
    else:
        conn.open_active()
        syn = one(conn, now)
        assert syn.flags == SYN
        peer.ts_ecr = syn.ts_val
        peer.send(conn, now, peer.syn(ack=iss + 1))
        assert one(conn, now).flags == ACK
    assert conn.state == ESTABLISHED
    return conn, peer
