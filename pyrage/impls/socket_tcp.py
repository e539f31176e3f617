"""TCP on host sockets (the `tcp` part of SocketStack): each connection is a TcpFlow
(stdlib/flow.py), the same object as on the direct stack, whose queues two tasks pump to and
from a non-blocking host socket:

    reader   socket -> flow.deliver(), at most flow.rx_room() bytes: when rx is full it stops
             reading, the kernel's receive window closes, and the peer waits (backpressure);
             the end of the stream is deliver_fin(), an error fail()
    writer   flow's tx -> socket (tx_consume once the kernel took the bytes); SHUT_WR once tx
             is drained after shutdown(); the socket's owner: when the flow is over (closed
             and drained, both directions finished, failed or aborted) it closes the socket,
             and both tasks end

flow.kick wakes whichever waits for the app; abort() resets the socket at once. A listener is
a listening socket and a task that accepts, each connection's handler a task of its own (the
flow closed when it returns). The kernel does the rest: handshakes, retransmissions, windows.
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib import platform, sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import TcpFlow, TcpHandler, serve
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.net import (ConnectionRefused, ConnectionReset, ConnectionTimedOut,
                               Disconnected, NetError, NoFreePort, PortInUse)
from pyrage.stdlib.rawbytes import RawBytes

#: The most bytes one recv asks for.
CHUNK: Final = 65536
#: Connections that may wait to be accepted.
BACKLOG: Final = 128
#: accept failing other than by AGAIN (out of handles or descriptors): retry after this.
RETRY_NS: Final = 100_000_000
NS_PER_S: Final = 1_000_000_000
#: Linux's limits on keepalive's times and probes.
MAX_KEEPALIVE_S: Final = 32767
MAX_PROBES: Final = 127


def failure(code: int, what: str) -> NetError:
    """The NetError of a tcp_* call's negative result."""
    if code == -platform.ECONNREFUSED:
        return ConnectionRefused(f"{what}: connection refused")
    if code == -platform.ETIMEDOUT:
        return ConnectionTimedOut(f"{what}: timed out")
    if code == -platform.ECONNRESET:
        return ConnectionReset(f"{what}: connection reset")
    if code == -platform.EADDRINUSE:
        return NoFreePort(f"{what}: no free local port")
    return NetError(f"{what}: error {-code}")


def seconds(ns: int) -> int:
    """ns in whole seconds, rounded up (Linux's keepalive counts seconds)."""
    return (ns + NS_PER_S - 1) // NS_PER_S


class SocketConnection:
    """One flow's host socket and its two pump tasks."""

    def __init__(self, tcp: SocketTcp, handle: int, flow: TcpFlow) -> None:
        self.tcp = tcp
        self.handle = handle
        self.flow = flow
        self.rx_kick = sched.Event()
        self.tx_kick = sched.Event()
        self.rx_over = False  # the reader saw the end of the stream, or an error
        self.shut = False  # SHUT_WR sent
        self.released = False  # the socket is closed
        # the options as last applied to the socket (a new socket's: the flow's defaults)
        self.nodelay = flow.nodelay
        self.keepalive_idle_ns = flow.keepalive_idle_ns
        self.keepalive_interval_ns = flow.keepalive_interval_ns
        self.keepalive_probes = flow.keepalive_probes
        self.reader: sched.Task[None] | None = None
        self.writer: sched.Task[None] | None = None
        self.writing = False  # the writer runs its own release (it must not cancel itself)
        flow.kick = self.kick

    def start(self) -> None:
        name = f"tcp:{self.flow.src_port}-{self.flow.dst}:{self.flow.dst_port}"
        self.reader = sched.spawn(self.read_loop(), name=name)
        self.writer = sched.spawn(self.write_loop(), name=name)

    def kick(self) -> None:
        """The app did something (flow.kick): wake the pumps; abort() resets at once."""
        if self.flow.aborted:
            self.release(True)
            return
        self.rx_kick.set()
        self.tx_kick.set()

    async def read_loop(self) -> None:
        flow = self.flow
        tcp = self.tcp
        while not flow.closed and flow.error is None:
            room = flow.rx_room()
            if room == 0:  # the app has not read: leave the bytes to the kernel's window
                self.rx_kick.clear()
                await self.rx_kick.wait()
                continue
            scratch = tcp.scratch  # every flow's: nothing waits between recv and deliver
            n = platform.tcp_recv(self.handle, scratch, 0, min(room, CHUNK))
            if n == -1:
                await sched.wait_device(self.handle)
            elif n > 0:
                if n >= CHUNK // 2:  # kept as it is: the next recv gets a new buffer
                    flow.deliver(Buffer(scratch, 0, n))
                    tcp.scratch = RawBytes(CHUNK)
                else:  # a small read holds a copy of its size, not the whole scratch
                    chunk = Buffer.create(n)
                    chunk.blit(Buffer(scratch, 0, n), 0, 0, n)
                    flow.deliver(chunk)
            else:
                if n == 0:
                    flow.deliver_fin()
                else:
                    flow.fail(failure(n, f"receiving on {flow}"))
                self.rx_over = True
                self.tx_kick.set()
                return

    async def write_loop(self) -> None:
        flow = self.flow
        try:
            while not self.released and flow.error is None:
                self.apply_options()
                if flow.tx_bytes > 0:
                    chunk = flow.tx[flow.tx_head]
                    skip = flow.tx_skip
                    n = platform.tcp_send(self.handle, chunk.storage(), chunk.start() + skip,
                                          len(chunk) - skip)
                    if n == -1:
                        await sched.wait_device(self.handle)
                    elif n < 0:
                        flow.fail(failure(n, f"sending on {flow}"))
                    else:
                        flow.tx_consume(n)
                    continue
                if flow.tx_shut and not self.shut:
                    self.shut = True
                    r = platform.tcp_shutdown(self.handle)
                    if r < 0:
                        flow.fail(failure(r, f"shutting down {flow}"))
                    continue
                if flow.closed or (self.shut and self.rx_over):
                    return  # nothing more to send, nothing more to read
                self.tx_kick.clear()
                await self.tx_kick.wait()
        finally:
            self.writing = True
            # close() with bytes unread resets, as Linux does (the kernel's own unread bytes
            # make its close() reset too)
            self.release(flow.closed and flow.unread() > 0)

    def apply_options(self) -> None:
        flow = self.flow
        if flow.nodelay != self.nodelay:
            self.nodelay = flow.nodelay
            platform.tcp_set_nodelay(self.handle, flow.nodelay)
        if (flow.keepalive_idle_ns != self.keepalive_idle_ns
                or flow.keepalive_interval_ns != self.keepalive_interval_ns
                or flow.keepalive_probes != self.keepalive_probes):
            self.keepalive_idle_ns = flow.keepalive_idle_ns
            self.keepalive_interval_ns = flow.keepalive_interval_ns
            self.keepalive_probes = flow.keepalive_probes
            platform.tcp_set_keepalive(self.handle,  # within Linux's limits
                                       min(seconds(flow.keepalive_idle_ns), MAX_KEEPALIVE_S),
                                       min(seconds(flow.keepalive_interval_ns), MAX_KEEPALIVE_S),
                                       min(flow.keepalive_probes, MAX_PROBES))

    def release(self, reset: bool) -> None:
        """Close the socket (with RST if reset) and end both tasks; the flow's waiting readers
        and writers wake (to see the end). Only once."""
        if self.released:
            return
        self.released = True
        if reset:
            platform.tcp_abort(self.handle)
        else:
            platform.tcp_close(self.handle)
        self.tcp.connections.pop(self.handle, None)
        flow = self.flow
        if flow.aborted:
            flow.drop_tx()
        if not flow.rx_fin and flow.error is None and not flow.closed:
            flow.fail(ConnectionReset(f"{flow} was reset"))  # (the stack let it go)
        flow.readable.set()
        flow.writable.set()
        reader = self.reader
        if reader is not None and not reader.done:
            reader.cancel()
        writer = self.writer
        if writer is not None and not writer.done and not self.writing:
            writer.cancel()


class SocketTcp:
    """TCP on host sockets (the `tcp` part of SocketStack)."""

    def __init__(self) -> None:
        self.listeners: dict[int, int] = {}  # port -> handle
        self.acceptors: dict[int, sched.Task[None]] = {}
        self.handlers: dict[int, TcpHandler] = {}
        self.connections: dict[int, SocketConnection] = {}  # handle -> its connection
        #: Where every flow's recv lands (an idle flow holds no buffer): a large read is
        #: delivered as it is, and the scratch replaced; a small one is copied out.
        self.scratch = RawBytes(CHUNK)
        self.closed = False

    def listen(self, port: int, handler: TcpHandler, backlog: int = BACKLOG) -> None:
        if not 1 <= port <= 65535:
            raise ValueError(f"TCP port {port} outside 1..65535")
        if port in self.handlers:
            raise PortInUse(port)
        if self.closed:
            raise Disconnected("the socket stack is disconnected")
        handle = platform.tcp_listen(0, port, backlog)
        if handle == -platform.EADDRINUSE:
            raise PortInUse(port)
        if handle < 0:
            raise NetError(f"cannot listen on TCP port {port} (error {-handle})")
        self.listeners[port] = handle
        self.handlers[port] = handler
        self.acceptors[port] = sched.spawn(self.accept_loop(port, handle), name=f"tcp:{port}")

    def unlisten(self, port: int) -> None:
        if port not in self.handlers:
            return
        del self.handlers[port]
        self.acceptors.pop(port).cancel()
        platform.tcp_close(self.listeners.pop(port))

    async def accept_loop(self, port: int, listener: int) -> None:
        while True:
            handle = platform.tcp_accept(listener)
            if handle == -1:
                await sched.wait_device(listener)
                continue
            if handle == -platform.ECONNRESET:  # reset while it waited: the next one
                continue
            if handle < 0:  # out of handles or descriptors: let some close
                await sched.sleep_ns(RETRY_NS)
                continue
            peer = platform.tcp_accepted_peer()
            handler = self.handlers.get(port)
            if handler is None:
                platform.tcp_close(handle)
                return
            flow = self.open_flow(handle, Ipv4Address(peer >> 16), peer & 0xFFFF)
            sched.spawn(serve(handler, flow), name=f"tcp:{port}")

    async def connect(self, dst: Ipv4Address, port: int, timeout_ns: int) -> TcpFlow:
        if not 1 <= port <= 65535:
            raise ValueError(f"TCP port {port} outside 1..65535")
        if self.closed:
            raise Disconnected("the socket stack is disconnected")
        handle = platform.tcp_connect(dst.value, port)
        if handle < 0:
            raise failure(handle, f"connecting to {dst}:{port}")
        try:
            await sched.with_timeout(timeout_ns, self.handshake(handle, dst, port))
        except TimeoutError:
            platform.tcp_abort(handle)
            raise ConnectionTimedOut(f"connecting to {dst}:{port}: no answer in "
                                     f"{timeout_ns // 1_000_000} ms") from None
        except BaseException:
            platform.tcp_abort(handle)
            raise
        return self.open_flow(handle, dst, port)

    async def handshake(self, handle: int, dst: Ipv4Address, port: int) -> None:
        while True:
            r = platform.tcp_connect_result(handle)
            if r == 0:
                return
            if r != -1:
                raise failure(r, f"connecting to {dst}:{port}")
            await sched.wait_device(handle)

    def open_flow(self, handle: int, dst: Ipv4Address, dst_port: int) -> TcpFlow:
        local = platform.tcp_local(handle)
        if local < 0:
            local = 0
        flow = TcpFlow(Ipv4Address(local >> 16), local & 0xFFFF, dst, dst_port)
        connection = SocketConnection(self, handle, flow)
        self.connections[handle] = connection
        connection.start()
        return flow

    async def disconnect(self) -> None:
        """Stop listening, and reset every connection (its flow fails with Disconnected)."""
        self.closed = True
        for port in list(self.handlers):
            self.unlisten(port)
        for connection in list(self.connections.values()):
            connection.flow.fail(Disconnected("the socket stack is disconnected"))
            connection.release(True)
