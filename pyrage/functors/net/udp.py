"""Udp[I]: UDP over IPv4 (RFC 768): listeners by port, each datagram handled by a task of its
own, checksums checked on receive and always sent.

At most MAX_HANDLERS handler tasks run at once: past that a datagram is dropped (and counted in
`overloaded`), as a full socket buffer drops it. Under a flood, spawning one task per datagram
with no bound would grow memory until the unikernel died.
"""

from __future__ import annotations

from typing import Final, Generic, TypeVar

from pyrage.signatures.ipv4 import IPV4
from pyrage.stdlib import platform, sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.net import Ipv4Datagram, PortInUse, UdpDatagram, UdpHandler
from pyrage.stdlib.wire import ipv4
from pyrage.stdlib.wire import udp as wire
from pyrage.stdlib.wire.errors import WireError

I = TypeVar("I", bound=IPV4)

EPHEMERAL_LOW: Final = 49152
EPHEMERAL_COUNT: Final = 16384
MAX_HANDLERS: Final = 256


class Udp(Generic[I]):
    def __init__(self, ip: I) -> None:
        self.ip = ip
        self.handlers: dict[int, UdpHandler] = {}
        self.dropped = 0
        self.running = 0  # handler tasks not finished
        self.overloaded = 0  # datagrams dropped because MAX_HANDLERS were running
        self.seed = platform.clock_monotonic() & 0x7FFFFFFF

    def listen(self, port: int, handler: UdpHandler) -> None:
        if not 1 <= port <= 65535:
            raise ValueError(f"UDP port {port} outside 1..65535")
        if port in self.handlers:
            raise PortInUse(port)
        self.handlers[port] = handler

    def unlisten(self, port: int) -> None:
        if port in self.handlers:
            del self.handlers[port]

    async def write(self, dst: Ipv4Address, dst_port: int, payload: Buffer | bytes,
                    src_port: int = 0, ttl: int = 64) -> None:
        if not 0 <= dst_port <= 65535 or not 0 <= src_port <= 65535:
            raise ValueError(f"UDP port outside 0..65535 ({src_port} -> {dst_port})")
        size = len(payload) if isinstance(payload, Buffer) else len(payload)
        room = self.ip.headroom() + wire.HEADER_LEN
        if isinstance(payload, Buffer) and payload.headroom() >= room:
            datagram = payload.push(wire.HEADER_LEN)
        else:
            datagram = Buffer.create(room + size).shift(self.ip.headroom())
            if isinstance(payload, Buffer):
                datagram.blit(payload, 0, wire.HEADER_LEN, size)
            else:
                datagram.blit_from_bytes(payload, 0, wire.HEADER_LEN, size)
        src = self.ip.src(dst)
        header = wire.UdpRepr(src_port if src_port else self.ephemeral_port(), dst_port, size)
        header.emit(wire.UdpPacket(datagram), src, dst)
        await self.ip.write(dst, ipv4.PROTO_UDP, datagram, ttl)

    def ephemeral_port(self) -> int:
        """A port from the dynamic range (RFC 6335), not one that is listened on."""
        while True:
            self.seed = (self.seed * 1103515245 + 12345) & 0x7FFFFFFF
            port = EPHEMERAL_LOW + (self.seed >> 8) % EPHEMERAL_COUNT
            if port not in self.handlers:
                return port

    async def input(self, datagram: Ipv4Datagram) -> bool:
        try:
            view = wire.UdpPacket.checked(datagram.payload)
            udp = wire.UdpRepr.parse(view, datagram.src, datagram.dst)
        except WireError:
            self.dropped += 1
            return True
        handler = self.handlers.get(udp.dst_port)
        if handler is None:
            return False
        if self.running >= MAX_HANDLERS:
            self.overloaded += 1
            return True
        received = UdpDatagram(datagram.src, udp.src_port, datagram.dst, udp.dst_port,
                               view.payload())
        self.running += 1
        sched.spawn(self.handle(handler, received), name=f"udp:{udp.dst_port}")
        return True

    async def handle(self, handler: UdpHandler, received: UdpDatagram) -> None:
        try:
            await handler(received)
        finally:
            self.running -= 1
