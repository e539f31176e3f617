"""TcpFlow: one TCP connection as an app sees it, the same object on every stack.

A flow is a pair of bounded byte queues and the events that wake the tasks waiting on them:

    app                          TcpFlow                         stack (the backend)
    read()    <- rx chunks  <-   deliver(buf), deliver_fin()  <- segments in order / FIN
    write()   -> tx chunks  ->   tx_copy(), tx_consume(n)     -> segments; acked bytes freed
    shutdown(), close(), abort(), set_nodelay(), set_keepalive()  -> kick()

The direct stack's TCP (functors/net/tcp) keeps its send buffer *here*: the bytes of tx are the
unacknowledged and unsent bytes, and retransmissions copy from them; its receive window is
rx_room(). The socket stack (impls/socket_stack.py) pumps the same queues to a host socket. So
an app written against STACK reads and writes one class, whichever stack it runs on, and its
calls stay direct (no dispatch on the stack's type).

Bounds: write() waits while tx holds tx_capacity bytes (backpressure), and the stack never
accepts more than rx_room() bytes into rx (the window it advertises), so a flow's memory is
bounded by its two capacities, and an idle flow holds no chunk at all.
"""

from __future__ import annotations

from typing import Any, Callable, Coroutine, Final

from pyrage.stdlib import sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.net import FlowClosed, NetError

#: Default queue sizes: enough for a full window on a fast local link, and what the receive
#: window is built from (the stack advertises rx_room()).
RX_CAPACITY: Final = 256 * 1024
TX_CAPACITY: Final = 256 * 1024
#: Writes shorter than this are copied into a shared tail chunk of TAIL_CHUNK bytes, so that
#: many small writes do not cost a chunk each.
SMALL_WRITE: Final = 1024
TAIL_CHUNK: Final = 4096


def _nothing() -> None:
    pass


class TcpFlow:
    """A TCP connection: `src:src_port` is this end, `dst:dst_port` the peer.

    read() -> the next bytes received (a Buffer, never empty), or None at the end of the
    stream (the peer's FIN, once everything before it was read). write(data) queues bytes,
    waiting while the send queue is full. shutdown() sends FIN after the queued bytes (the
    peer may still send: half-close). close() shuts down and discards what arrives from now
    on. abort() resets the connection. Errors are NetErrors: ConnectionReset,
    ConnectionTimedOut, FlowClosed (write after shutdown or close).
    """

    def __init__(self, src: Ipv4Address, src_port: int, dst: Ipv4Address, dst_port: int,
                 rx_capacity: int = RX_CAPACITY, tx_capacity: int = TX_CAPACITY) -> None:
        self.src = src
        self.src_port = src_port
        self.dst = dst
        self.dst_port = dst_port
        self.rx_capacity = rx_capacity
        self.tx_capacity = tx_capacity
        self.rx: list[Buffer] = []
        self.rx_head = 0  # rx[rx_head:] are unread
        self.rx_bytes = 0
        self.rx_fin = False  # the peer's FIN arrived (after every byte in rx)
        self.tx: list[Buffer] = []
        self.tx_head = 0  # tx[tx_head:] hold the queued bytes, the first skipping tx_skip
        self.tx_skip = 0
        self.tx_bytes = 0
        self.tail_room = 0  # bytes the last tx chunk's storage has after it (SMALL_WRITE)
        self.tx_shut = False  # shutdown() or close(): FIN after the queued bytes
        self.closed = False  # close(): received bytes are discarded
        self.aborted = False  # abort(): the stack sends RST
        self.error: NetError | None = None
        self.readable = sched.Event()
        self.writable = sched.Event()
        self.nodelay = False
        self.keepalive_idle_ns = 0  # 0: no keepalive
        self.keepalive_interval_ns = 75_000_000_000
        self.keepalive_probes = 9
        #: Tells the stack that the app did something it must act on (bytes to send, room
        #: in rx to advertise, a shutdown): set by the stack that owns the flow.
        self.kick: Callable[[], None] = _nothing

    def __repr__(self) -> str:
        return f"TcpFlow({self.src}:{self.src_port} -> {self.dst}:{self.dst_port})"

    # --- the app's side ---------------------------------------------------------------------

    async def read(self) -> Buffer | None:
        """await flow.read() -> the next received bytes, or None at the end of the stream.
        Raises ConnectionReset or ConnectionTimedOut if the connection failed, FlowClosed
        after close()."""
        while True:
            if self.closed:
                raise FlowClosed(f"read from {self} after close()")
            if self.rx_head < len(self.rx):
                chunk = self.rx[self.rx_head]
                self.rx_head += 1
                if self.rx_head == len(self.rx):
                    self.rx = []
                    self.rx_head = 0
                elif self.rx_head >= 32 and self.rx_head * 2 >= len(self.rx):
                    # as tx_consume: a reader that never empties rx (a stream that keeps
                    # coming) kept every chunk it read, each holding its whole frame: 40 MiB
                    # echoed under 3% loss grew the unix unikernel to 104 MB (6.5 MB now), and
                    # ran a 64 MiB virtio guest out of memory
                    self.rx = self.rx[self.rx_head:]
                    self.rx_head = 0
                self.rx_bytes -= len(chunk)
                self.kick()  # the window may reopen
                return chunk
            if self.error is not None:
                raise self.error
            if self.rx_fin:
                return None
            self.readable.clear()
            await self.readable.wait()

    async def write(self, data: Buffer | bytes) -> None:
        """await flow.write(data): queue data to be sent, waiting while the send queue is
        full. Returns once every byte is queued (not acknowledged)."""
        size = len(data) if isinstance(data, Buffer) else len(data)
        done = 0
        while done < size:
            self.check_writable()
            room = self.tx_capacity - self.tx_bytes
            if room <= 0:
                self.writable.clear()
                await self.writable.wait()
                continue
            n = min(room, size - done)
            self.append(data, done, n)
            done += n
            self.kick()

    async def writev(self, chunks: list[Buffer | bytes]) -> None:
        """await flow.writev(chunks): write each chunk in turn (sent together as far as the
        window allows)."""
        for chunk in chunks:
            await self.write(chunk)

    def check_writable(self) -> None:
        if self.error is not None:
            raise self.error
        if self.tx_shut:
            raise FlowClosed(f"write to {self} after shutdown() or close()")

    def append(self, data: Buffer | bytes, at: int, n: int) -> None:
        """Copy data[at:at+n] to the end of tx."""
        if n <= self.tail_room:
            last = self.tx[len(self.tx) - 1]
            grown = Buffer(last.storage(), last.start(), len(last) + n)
            self.put_bytes(grown, len(last), data, at, n)
            self.tx[len(self.tx) - 1] = grown
            self.tail_room -= n
        else:
            size = TAIL_CHUNK if n < SMALL_WRITE else n
            chunk = Buffer.create(size)
            self.put_bytes(chunk, 0, data, at, n)
            self.tx.append(chunk.sub(0, n))
            self.tail_room = size - n
        self.tx_bytes += n

    @staticmethod
    def put_bytes(into: Buffer, to: int, data: Buffer | bytes, at: int, n: int) -> None:
        if isinstance(data, Buffer):
            into.blit(data, at, to, n)
        else:
            into.blit_from_bytes(data, at, to, n)

    async def shutdown(self) -> None:
        """await flow.shutdown(): no more writes; FIN follows the queued bytes. Reading goes
        on until the peer's FIN."""
        if not self.tx_shut:
            self.tx_shut = True
            self.kick()

    async def close(self) -> None:
        """await flow.close(): shutdown(), and from now on what arrives is discarded (unread
        bytes make the stack reset the connection, as Linux does). The stack frees the flow
        once both ends are done."""
        self.tx_shut = True
        self.closed = True
        self.kick()

    async def abort(self) -> None:
        """await flow.abort(): reset the connection now (RST), dropping both queues."""
        self.tx_shut = True
        self.closed = True
        self.aborted = True
        self.kick()

    def set_nodelay(self, on: bool) -> None:
        """flow.set_nodelay(True) sends small writes at once rather than holding them while
        earlier data is unacknowledged (Nagle's algorithm, on by default)."""
        self.nodelay = on
        self.kick()

    def set_keepalive(self, idle_ns: int, interval_ns: int = 75_000_000_000,
                      probes: int = 9) -> None:
        """flow.set_keepalive(idle_ns, interval_ns, probes): after idle_ns without anything
        received, probe every interval_ns; after `probes` unanswered probes the connection
        fails with ConnectionTimedOut. idle_ns 0 turns keepalive off (the default)."""
        if idle_ns < 0 or interval_ns <= 0 or probes <= 0:
            raise ValueError(f"keepalive({idle_ns}, {interval_ns}, {probes}): idle >= 0, "
                             "interval and probes > 0")
        self.keepalive_idle_ns = idle_ns
        self.keepalive_interval_ns = interval_ns
        self.keepalive_probes = probes
        self.kick()

    # --- the stack's side -------------------------------------------------------------------

    def rx_room(self) -> int:
        """The bytes rx can still take (what the receive window is made of)."""
        return max(0, self.rx_capacity - self.rx_bytes)

    def deliver(self, data: Buffer) -> None:
        """Bytes received in order (at most rx_room(); nothing for an empty one). After
        close() they are dropped."""
        if len(data) == 0 or self.closed:
            return
        self.rx.append(data)
        self.rx_bytes += len(data)
        self.readable.set()

    def deliver_fin(self) -> None:
        """The peer's FIN: read() returns None once rx is empty."""
        self.rx_fin = True
        self.readable.set()

    def unread(self) -> int:
        """Bytes received and not read (close() with some resets the connection)."""
        return self.rx_bytes

    def fail(self, error: NetError) -> None:
        """The connection failed: the app's pending and later reads and writes raise error
        (unread bytes are dropped, as a reset drops them)."""
        if self.error is None:
            self.error = error
        self.rx = []
        self.rx_head = 0
        self.rx_bytes = 0
        self.drop_tx()
        self.readable.set()
        self.writable.set()

    def drop_tx(self) -> None:
        self.tx = []
        self.tx_head = 0
        self.tx_skip = 0
        self.tx_bytes = 0
        self.tail_room = 0

    def tx_copy(self, offset: int, into: Buffer, at: int, n: int) -> None:
        """Copy the n queued bytes from offset (0: the oldest) into into[at:at+n]."""
        i = self.tx_head
        skip = self.tx_skip + offset
        while skip >= len(self.tx[i]):
            skip -= len(self.tx[i])
            i += 1
        while n > 0:
            chunk = self.tx[i]
            take = min(n, len(chunk) - skip)
            into.blit(chunk, skip, at, take)
            at += take
            n -= take
            skip = 0
            i += 1

    def tx_consume(self, n: int) -> None:
        """The oldest n queued bytes were acknowledged: free them and wake a waiting writer."""
        if n <= 0:
            return
        self.tx_bytes -= n
        skip = self.tx_skip + n
        while self.tx_head < len(self.tx) and skip >= len(self.tx[self.tx_head]):
            skip -= len(self.tx[self.tx_head])
            self.tx_head += 1
        self.tx_skip = skip
        if self.tx_head == len(self.tx):
            self.drop_tx()
        elif self.tx_head >= 32 and self.tx_head * 2 >= len(self.tx):
            self.tx = self.tx[self.tx_head:]
            self.tx_head = 0
        self.writable.set()


#: A TCP listener: an async function called, as a task of its own, for each new connection.
TcpHandler = Callable[[TcpFlow], Coroutine[Any, Any, None]]


async def serve(handler: TcpHandler, flow: TcpFlow) -> None:
    """await serve(handler, flow): an accepted flow's task on every stack: the app's handler,
    then close() if it did not close the flow (also when it raised or was cancelled)."""
    try:
        await handler(flow)
    finally:
        if not flow.closed:
            await flow.close()
