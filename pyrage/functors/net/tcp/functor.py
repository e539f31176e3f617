"""Tcp[I, T, C, R]: TCP over IPv4 (RFC 9293), the owner of every connection.

It does what the protocol logic (connection.py) must not: bytes and time. It parses arrived
segments (stdlib/wire/tcp.py) and hands each to its connection, or to a listener, or answers it
with RST; it builds and writes the segments connections dispatch; it keeps the timers; it picks
ports and initial sequence numbers.

Three kinds of tasks, so that nothing the receive loop does can wait:
- input() (called by the stack's receive loop) only updates connections and queues them;
- one output task writes what the queued connections have to send (an IPv4 write may wait for
  ARP), several segments of one connection in a row, so ACKs for a batch of received segments
  go out as one;
- one timer task runs the connections' deadlines: it sleeps until the earliest one, and a
  connection whose next deadline comes before that wakes it (settle()), so that a deadline a
  fraction of a millisecond ahead (a loss probe at twice a LAN's round trip) is met on time.
Each accepted connection's handler is a task of its own (a bounded number: MAX_FLOWS).

Initial sequence numbers follow RFC 6528 (a keyed hash of the four-tuple plus a 4-microsecond
clock), the key from RANDOM. A listener holds at most `backlog` connections half-open; past
that a SYN is answered with a SYN cookie (syncookie.py) and no state, so a SYN flood costs a
hash per SYN and never memory. At most MAX_TIME_WAIT connections wait in TIME-WAIT; past that
the oldest one ends early (Linux's tcp_max_tw_buckets), so a server that closes first cannot
be made to hold a minute's worth of connections.
"""

from __future__ import annotations

from typing import Final, Generic, TypeVar

from pyrage.functors.net.tcp import syncookie
from pyrage.functors.net.tcp.connection import (
    CLOSED,
    NEVER,
    SYN_SENT,
    TIME_WAIT,
    TcpConnection,
    unwrap,
    wscale_for,
)
from pyrage.signatures.ipv4 import IPV4
from pyrage.signatures.mclock import MCLOCK
from pyrage.signatures.random import RANDOM
from pyrage.signatures.tcp import CONNECT_TIMEOUT_NS
from pyrage.signatures.time import TIME
from pyrage.stdlib import sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import RX_CAPACITY, TcpFlow, TcpHandler, serve
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.net import (
    ConnectionTimedOut,
    Ipv4Datagram,
    NetError,
    NoFreePort,
    PortInUse,
)
from pyrage.stdlib.sha256 import sha256
from pyrage.stdlib.wire import ipv4
from pyrage.stdlib.wire import tcp as wire
from pyrage.stdlib.wire.errors import WireError

I = TypeVar("I", bound=IPV4)
T = TypeVar("T", bound=TIME)
C = TypeVar("C", bound=MCLOCK)
R = TypeVar("R", bound=RANDOM)

EPHEMERAL_LOW: Final = 49152
EPHEMERAL_COUNT: Final = 16384
#: Connections at once (every state); past it a SYN is dropped and connect() fails.
MAX_FLOWS: Final = 16384
#: RSTs for segments of no connection waiting to go out; past it they are dropped.
MAX_PENDING_RSTS: Final = 64
#: SYN-ACKs with cookies waiting to go out; past it a SYN is dropped.
MAX_PENDING_COOKIES: Final = 256
MAX_TIME_WAIT: Final = 2048
#: Writes to not yet reached destinations at once (each a task), and how many reached
#: destinations are remembered (then forgotten all at once: each is reached again first).
MAX_SLOW_WRITES: Final = 32
MAX_REACHED: Final = 4096
ISN_TICK_NS: Final = 4000  # RFC 6528's 4-microsecond clock


class Listener:
    def __init__(self, handler: TcpHandler, backlog: int) -> None:
        self.handler = handler
        self.backlog = backlog
        self.half_open = 0


class Tcp(Generic[I, T, C, R]):
    def __init__(self, ip: I, time: T, clock: C, random: R) -> None:
        self.ip = ip
        self.time = time
        self.clock = clock
        self.random = random
        self.secret = random.generate(32)
        self.conns: dict[tuple[int, int], TcpConnection] = {}
        self.listeners: dict[int, Listener] = {}
        self.connecting: dict[tuple[int, int], sched.Event] = {}
        self.outbox: list[TcpConnection] = []
        self.queued: set[tuple[int, int]] = set()
        self.replies: list[tuple[Ipv4Address, wire.TcpRepr]] = []  # RSTs, cookie SYN-ACKs
        self.time_wait: list[tuple[int, int]] = []  # keys, oldest first
        self.reached: set[int] = set()  # destinations a write reached (their ARP is known)
        self.slow_writes = 0
        self.cookie_ts_offset = int.from_bytes(self.secret[28:32], "big")
        self.wake_output = sched.Event()
        self.wake_timers = sched.Event()
        self.next_timer = NEVER
        self.started = False
        self.port_cursor = int.from_bytes(random.generate(2), "big") % EPHEMERAL_COUNT
        # counters
        self.dropped = 0  # malformed segments, bad checksums
        self.resets_sent = 0
        self.syns_dropped = 0  # MAX_FLOWS, or too many cookies waiting
        self.cookies_sent = 0
        self.cookies_accepted = 0
        self.send_errors = 0

    # --- the TCP signature ------------------------------------------------------------------

    def listen(self, port: int, handler: TcpHandler, backlog: int = 128) -> None:
        if not 1 <= port <= 65535:
            raise ValueError(f"TCP port {port} outside 1..65535")
        if port in self.listeners:
            raise PortInUse(port)
        if backlog < 1:
            raise ValueError(f"TCP backlog {backlog} must be at least 1")
        self.listeners[port] = Listener(handler, backlog)
        self.start()

    def unlisten(self, port: int) -> None:
        if port in self.listeners:
            del self.listeners[port]

    async def connect(self, dst: Ipv4Address, port: int,
                      timeout_ns: int = CONNECT_TIMEOUT_NS) -> TcpFlow:
        if not 1 <= port <= 65535:
            raise ValueError(f"TCP port {port} outside 1..65535")
        self.start()
        local = self.free_port(dst, port)
        key = (dst.value, local << 16 | port)
        flow = TcpFlow(self.ip.src(dst), local, dst, port)
        conn = self.open(key, flow)
        conn.open_active()
        opened = sched.Event()
        self.connecting[key] = opened
        self.schedule(key, conn)
        try:
            await sched.with_timeout(timeout_ns, opened.wait())
        except TimeoutError:
            conn.abort(ConnectionTimedOut(f"no answer from {dst}:{port} in "
                                          f"{timeout_ns // 1_000_000} ms"))
            self.schedule(key, conn)
        finally:
            self.connecting.pop(key, None)
        if conn.error is not None:
            raise conn.error
        return flow

    async def input(self, datagram: Ipv4Datagram) -> None:
        try:
            packet = wire.TcpPacket.checked(datagram.payload)
            header = wire.TcpRepr.parse(packet, datagram.src, datagram.dst)
        except WireError:
            self.dropped += 1
            return
        key = (datagram.src.value, header.dst_port << 16 | header.src_port)  # ours << 16 | its
        now = self.clock.elapsed_ns()
        conn = self.conns.get(key)
        if conn is not None and conn.state == TIME_WAIT and header.flags & wire.SYN and \
                not header.flags & wire.ACK and header.dst_port in self.listeners and \
                unwrap(header.seq, conn.rcv_nxt) > conn.rcv_nxt:
            # RFC 9293 3.6.1: a new incarnation may take over a TIME-WAIT connection.
            conn.close_silently()
            self.forget(key, conn)
            conn = None
        if conn is not None:
            conn.receive(header, packet.payload(), now)
            self.schedule(key, conn)
            return
        if header.flags & wire.RST:
            return
        listener = self.listeners.get(header.dst_port)
        if listener is not None and header.flags & (wire.SYN | wire.ACK | wire.FIN) == wire.SYN:
            self.accept(key, listener, header, datagram, now)
            return
        if listener is not None and header.flags & (wire.SYN | wire.ACK) == wire.ACK and \
                self.take_cookie(key, header, packet.payload(), datagram, now):
            return
        self.reset(datagram.src, header)

    # --- connections ------------------------------------------------------------------------

    def accept(self, key: tuple[int, int], listener: Listener, syn: wire.TcpRepr,
               datagram: Ipv4Datagram, now: int) -> None:
        if len(self.conns) >= MAX_FLOWS:
            self.syns_dropped += 1
            return
        if listener.half_open >= listener.backlog:
            self.send_cookie(syn, datagram, now)
            return
        flow = TcpFlow(datagram.dst, syn.dst_port, datagram.src, syn.src_port)
        conn = self.open(key, flow)
        conn.open_passive(syn, now)
        listener.half_open += 1
        self.schedule(key, conn)

    def send_cookie(self, syn: wire.TcpRepr, datagram: Ipv4Datagram, now: int) -> None:
        """Answer syn with a SYN-ACK whose ISN is a cookie, keeping nothing."""
        if len(self.replies) >= MAX_PENDING_COOKIES:
            self.syns_dropped += 1
            return
        mss = min(syn.mss if syn.mss > 0 else 536, self.mss())
        cookie = syncookie.make(self.secret, four_tuple(datagram, syn), syn.seq, mss, now)
        remembered = syn.has_ts  # the peer's options can only ride in our timestamp
        ts_val = 0
        if remembered:
            ts_now = (now // 1_000_000 + self.cookie_ts_offset) & 0xFFFFFFFF
            ts_val = syncookie.encode_options(ts_now, syn.wscale, syn.sack_permitted)
        header = wire.TcpRepr(syn.dst_port, syn.src_port, cookie, (syn.seq + 1) & 0xFFFFFFFF,
                              wire.SYN | wire.ACK, window=min(RX_CAPACITY, 0xFFFF),
                              mss=self.mss(),
                              wscale=wscale_for(RX_CAPACITY) if remembered and syn.wscale >= 0
                              else -1,
                              sack_permitted=remembered and syn.sack_permitted,
                              ts_val=ts_val, ts_ecr=syn.ts_val, has_ts=remembered)
        self.replies.append((datagram.src, header))
        self.cookies_sent += 1
        self.wake_output.set()

    def take_cookie(self, key: tuple[int, int], ack: wire.TcpRepr, payload: Buffer,
                    datagram: Ipv4Datagram, now: int) -> bool:
        """An ACK for no connection: if it answers one of our cookies, the connection."""
        if len(self.conns) >= MAX_FLOWS:
            return False
        cookie = (ack.ack - 1) & 0xFFFFFFFF
        peer_isn = (ack.seq - 1) & 0xFFFFFFFF
        mss = syncookie.check(self.secret, four_tuple(datagram, ack), peer_isn, cookie, now)
        if mss == 0:
            return False
        wscale, sack = -1, False
        if ack.has_ts:
            wscale, sack = syncookie.decode_options(ack.ts_ecr)
        flow = TcpFlow(datagram.dst, ack.dst_port, datagram.src, ack.src_port)
        conn = TcpConnection(flow, cookie, self.mss(), self.cookie_ts_offset, now)
        self.adopt(key, conn)
        conn.open_from_cookie(ack, mss, wscale, sack, min(RX_CAPACITY, 0xFFFF), now)
        conn.receive(ack, payload, now)
        self.cookies_accepted += 1
        self.schedule(key, conn)
        return True

    def mss(self) -> int:
        """The MSS we offer: what our interface carries less the IPv4 and TCP headers."""
        return self.ip.mtu() - wire.HEADER_LEN

    def open(self, key: tuple[int, int], flow: TcpFlow) -> TcpConnection:
        now = self.clock.elapsed_ns()
        digest = self.keyed_hash(flow)
        iss = (now // ISN_TICK_NS + int.from_bytes(digest[:4], "big")) & 0xFFFFFFFF
        ts_offset = int.from_bytes(digest[4:8], "big")  # (RFC 7323 5.4: per connection)
        conn = TcpConnection(flow, iss, self.mss(), ts_offset, now)
        self.adopt(key, conn)
        return conn

    def adopt(self, key: tuple[int, int], conn: TcpConnection) -> None:
        """Make conn the connection of key, with its flow's kick queueing it for output."""
        self.conns[key] = conn

        def kick() -> None:
            self.schedule(key, conn)

        conn.flow.kick = kick

    def keyed_hash(self, flow: TcpFlow) -> bytes:
        """RFC 6528's F(): a keyed hash of the connection's addresses. Its first 4 bytes plus a
        4-microsecond clock are the ISN; the next 4 the connection's timestamp offset (one hash
        rather than a call of RANDOM per connection)."""
        ids = flow.src.value.to_bytes(4, "big") + flow.src_port.to_bytes(2, "big") + \
            flow.dst.value.to_bytes(4, "big") + flow.dst_port.to_bytes(2, "big")
        return sha256(ids + self.secret)

    def free_port(self, dst: Ipv4Address, port: int) -> int:
        """An ephemeral port with no connection to dst:port, nor a listener: tried in turn
        from a random start, once each; NoFreePort when every one is taken."""
        for _ in range(EPHEMERAL_COUNT):
            self.port_cursor = (self.port_cursor + 1) % EPHEMERAL_COUNT
            local = EPHEMERAL_LOW + self.port_cursor
            if local not in self.listeners and \
                    (dst.value, local << 16 | port) not in self.conns:
                return local
        raise NoFreePort(f"every port {EPHEMERAL_LOW}..{EPHEMERAL_LOW + EPHEMERAL_COUNT - 1} "
                         f"has a connection to {dst}:{port}")

    def schedule(self, key: tuple[int, int], conn: TcpConnection) -> None:
        """conn may have something to send, or changed state: the output task looks at it."""
        if key not in self.queued:
            self.queued.add(key)
            self.outbox.append(conn)
            self.wake_output.set()

    def settle(self, key: tuple[int, int], conn: TcpConnection) -> None:
        """After conn sent what it had: hand a new flow to its app, wake connect(), forget a
        closed connection, and make sure the timer task knows conn's next deadline."""
        if conn.became_established:
            conn.became_established = False
            if conn.passive:
                listener = self.listeners.get(conn.flow.src_port)
                self.release_half_open(conn)
                if listener is None:
                    conn.abort(NetError("the listener went away"))
                else:
                    sched.spawn(serve(listener.handler, conn.flow),
                                name=f"tcp:{conn.flow.src_port}")
        opened = self.connecting.get(key)
        if opened is not None and conn.state != SYN_SENT:
            opened.set()
        if conn.state == CLOSED:
            self.release_half_open(conn)
            self.forget(key, conn)
            return
        if conn.state == TIME_WAIT and not conn.counted_time_wait:
            conn.counted_time_wait = True
            self.time_wait.append(key)
            if len(self.time_wait) > MAX_TIME_WAIT:
                self.end_oldest_time_wait()
        at = conn.poll_at()
        if at < self.next_timer:
            self.next_timer = at
            self.wake_timers.set()

    def end_oldest_time_wait(self) -> None:
        """Too many connections in TIME-WAIT: the oldest still there ends now."""
        while self.time_wait:
            key = self.time_wait.pop(0)
            old = self.conns.get(key)
            if old is not None and old.state == TIME_WAIT:
                old.close_silently()
                self.forget(key, old)
                return

    def release_half_open(self, conn: TcpConnection) -> None:
        if conn.passive and conn.counted_half_open:
            conn.counted_half_open = False
            listener = self.listeners.get(conn.flow.src_port)
            if listener is not None:
                listener.half_open -= 1

    def forget(self, key: tuple[int, int], conn: TcpConnection) -> None:
        if self.conns.get(key) is conn:
            del self.conns[key]
        conn.flow.kick = _nothing

    def start(self) -> None:
        if not self.started:
            self.started = True
            sched.spawn(self.output(), name="tcp:output")
            sched.spawn(self.timers(), name="tcp:timers")

    # --- output -----------------------------------------------------------------------------

    async def output(self) -> None:
        while True:
            if not self.outbox and not self.replies:
                self.wake_output.clear()
                await self.wake_output.wait()
                continue
            batch = self.outbox
            self.outbox = []
            self.queued = set()
            for conn in batch:
                await self.flush(conn)
            replies = self.replies
            self.replies = []
            for dst, header in replies:
                await self.write(dst, header, None, 0)

    async def flush(self, conn: TcpConnection) -> None:
        flow = conn.flow
        key = (flow.dst.value, flow.src_port << 16 | flow.dst_port)
        while True:
            send = conn.dispatch(self.clock.elapsed_ns())
            if send is None:
                break
            await self.write(flow.dst, send.header, flow, send.offset)
        self.settle(key, conn)

    async def write(self, dst: Ipv4Address, header: wire.TcpRepr, flow: TcpFlow | None,
                    offset: int) -> None:
        """Build the segment (payload copied from flow's tx at offset) and send it. To a
        destination no write has reached yet (ARP may have to ask, or never get an answer,
        for the spoofed sources of a SYN flood) the write is a task of its own, so that the
        output of every other connection never waits for it; at most MAX_SLOW_WRITES run."""
        size = header.payload_len
        head = header.header_len()
        room = self.ip.headroom()
        segment = Buffer.create(room + head + size).shift(room)
        if size > 0 and flow is not None:
            flow.tx_copy(offset, segment, head, size)
        header.emit(wire.TcpPacket(segment), self.ip.src(dst), dst)
        if dst.value in self.reached:
            try:
                await self.ip.write(dst, ipv4.PROTO_TCP, segment)
            except NetError:
                self.send_errors += 1  # the retransmission timer tries again
                self.reached.discard(dst.value)
        elif self.slow_writes < MAX_SLOW_WRITES:
            self.slow_writes += 1
            sched.spawn(self.first_write(dst, segment), name="tcp:first-write")
        else:
            self.send_errors += 1

    async def first_write(self, dst: Ipv4Address, segment: Buffer) -> None:
        try:
            await self.ip.write(dst, ipv4.PROTO_TCP, segment)
            if len(self.reached) >= MAX_REACHED:
                self.reached = set()
            self.reached.add(dst.value)
        except NetError:
            self.send_errors += 1
        finally:
            self.slow_writes -= 1

    def reset(self, dst: Ipv4Address, bad: wire.TcpRepr) -> None:
        """Answer a segment of no connection with RST (RFC 9293 3.10.7.1)."""
        if len(self.replies) >= MAX_PENDING_RSTS:
            return
        if bad.flags & wire.ACK:
            header = wire.TcpRepr(bad.dst_port, bad.src_port, bad.ack, 0, wire.RST)
        else:
            header = wire.TcpRepr(bad.dst_port, bad.src_port, 0,
                                  (bad.seq + bad.seq_len()) & 0xFFFFFFFF,
                                  wire.RST | wire.ACK)
        self.replies.append((dst, header))
        self.resets_sent += 1
        self.wake_output.set()

    # --- timers -----------------------------------------------------------------------------

    async def timers(self) -> None:
        while True:
            now = self.clock.elapsed_ns()
            earliest = NEVER
            for key, conn in list(self.conns.items()):
                at = conn.poll_at()
                if at <= now:
                    conn.on_timer(now)
                    self.schedule(key, conn)
                    at = conn.poll_at()
                if at < earliest:
                    earliest = at
            self.next_timer = earliest
            self.wake_timers.clear()
            if earliest == NEVER:
                await self.wake_timers.wait()
            else:
                await self.wake_timers.wait_ns(earliest - now)


def _nothing() -> None:
    pass


def four_tuple(datagram: Ipv4Datagram, header: wire.TcpRepr) -> bytes:
    """The peer's address and port, ours, as the bytes a cookie's hash covers."""
    return datagram.src.value.to_bytes(4, "big") + header.src_port.to_bytes(2, "big") + \
        datagram.dst.value.to_bytes(4, "big") + header.dst_port.to_bytes(2, "big")
