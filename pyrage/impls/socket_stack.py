"""STACK over the host kernel's sockets (Mirage's stack-socket), for hosted and unix: the same
app runs with no tap and no root, the kernel doing IP, UDP and TCP (socket_tcp.py).

Each listened port is a UDP socket bound to the port on every local address; a task per
socket reads datagrams (waiting for its handle in the scheduler) and runs the port's handler
as a task of its own, as the direct stack does. Writes go out through a socket of their own
(or the listening socket of their source port, so replies come from the port asked).
"""

from __future__ import annotations

from pyrage.impls.socket_tcp import SocketTcp
from pyrage.signatures.tcp import CONNECT_TIMEOUT_NS
from pyrage.stdlib import platform, sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import TcpFlow, TcpHandler
from pyrage.stdlib.ipaddr import Ipv4Address, Ipv4Prefix
from pyrage.stdlib.net import Disconnected, NetError, PortInUse, UdpDatagram, UdpHandler
from pyrage.stdlib.rawbytes import RawBytes

MAX_DATAGRAM = 65535
ANY = Ipv4Address(0)


class SocketUdp:
    """UDP on host sockets (the `udp` part of SocketStack)."""

    def __init__(self, ipv4: Ipv4Prefix) -> None:
        self.address = ipv4
        self.sockets: dict[int, int] = {}  # port -> handle
        self.readers: dict[int, sched.Task[None]] = {}
        self.handlers: dict[int, UdpHandler] = {}
        self.sender = -1  # the handle of the socket for writes from port 0
        self.closed = False

    def listen(self, port: int, handler: UdpHandler) -> None:
        if not 1 <= port <= 65535:
            raise ValueError(f"UDP port {port} outside 1..65535")
        if port in self.handlers:
            raise PortInUse(port)
        handle = platform.udp_bind(0, port)
        if handle < 0:
            raise NetError(f"cannot listen on UDP port {port} (error {-handle})")
        self.sockets[port] = handle
        self.handlers[port] = handler
        self.readers[port] = sched.spawn(self.reader(port, handle), name=f"udp:{port}")

    def unlisten(self, port: int) -> None:
        if port not in self.handlers:
            return
        del self.handlers[port]
        self.readers.pop(port).cancel()
        platform.udp_close(self.sockets.pop(port))

    async def reader(self, port: int, handle: int) -> None:
        local = self.address.address
        while True:
            raw = RawBytes(MAX_DATAGRAM)
            n = platform.udp_recvfrom(handle, raw, 0, MAX_DATAGRAM)
            if n == -1:
                await sched.wait_device(handle)
                continue
            if n < 0:
                continue  # an error the kernel reports on the socket (e.g. ICMP): go on
            peer = platform.udp_peer(handle)
            handler = self.handlers.get(port)
            if handler is None:
                return
            datagram = UdpDatagram(Ipv4Address(peer >> 16), peer & 0xFFFF, local, port,
                                   Buffer(raw, 0, n))
            sched.spawn(handler(datagram), name=f"udp:{port}")

    async def write(self, dst: Ipv4Address, dst_port: int, payload: Buffer | bytes,
                    src_port: int = 0, ttl: int = 64) -> None:
        if self.closed:
            raise Disconnected("the socket stack is disconnected")
        if not 0 <= dst_port <= 65535 or not 0 <= src_port <= 65535:
            raise ValueError(f"UDP port outside 0..65535 ({src_port} -> {dst_port})")
        handle = self.socket_for(src_port)
        data = payload if isinstance(payload, Buffer) else Buffer.of_bytes(payload)
        while True:
            r = platform.udp_sendto(handle, dst.value, dst_port, data.storage(), data.start(),
                                    len(data))
            if r == 0:
                return
            if r != -1:
                raise NetError(f"cannot send a UDP datagram to {dst}:{dst_port} (error {-r})")
            await sched.wait_device(handle)

    def socket_for(self, src_port: int) -> int:
        if src_port in self.sockets:
            return self.sockets[src_port]
        if src_port == 0:
            if self.sender < 0:
                self.sender = platform.udp_bind(0, 0)
            handle = self.sender
        else:
            handle = platform.udp_bind(0, src_port)
            if handle >= 0:
                self.sockets[src_port] = handle
        if handle < 0:
            raise NetError(f"cannot send from UDP port {src_port} (error {-handle})")
        return handle

    async def disconnect(self) -> None:
        self.closed = True
        for port in list(self.handlers):
            self.unlisten(port)


class SocketStack:
    """The STACK signature, on the host's sockets."""

    def __init__(self, ipv4: Ipv4Prefix) -> None:
        # The kernel owns the addresses: listeners are bound to all of them, which ipv4()
        # says (0.0.0.0/0); --ipv4 is accepted so that one config serves both stacks.
        self.prefix = Ipv4Prefix(ANY, 0)
        self.udp = SocketUdp(self.prefix)
        self.tcp = SocketTcp()
        self.done = sched.Event()

    async def connect(self) -> None:
        pass  # nothing to start: the kernel's stack is running

    def ipv4(self) -> Ipv4Prefix:
        return self.prefix

    def listen_udp(self, port: int, handler: UdpHandler) -> None:
        self.udp.listen(port, handler)

    def unlisten_udp(self, port: int) -> None:
        self.udp.unlisten(port)

    async def write_udp(self, dst: Ipv4Address, dst_port: int, payload: Buffer | bytes,
                        src_port: int = 0) -> None:
        await self.udp.write(dst, dst_port, payload, src_port)

    def listen_tcp(self, port: int, handler: TcpHandler) -> None:
        self.tcp.listen(port, handler)

    def unlisten_tcp(self, port: int) -> None:
        self.tcp.unlisten(port)

    async def connect_tcp(self, dst: Ipv4Address, port: int,
                          timeout_ns: int = CONNECT_TIMEOUT_NS) -> TcpFlow:
        return await self.tcp.connect(dst, port, timeout_ns)

    async def listen(self) -> None:
        await self.done.wait()

    async def disconnect(self) -> None:
        await self.udp.disconnect()
        await self.tcp.disconnect()
        self.done.set()
