"""STACK: a whole IPv4 stack, as an app sees it (Mirage's Tcpip.Stack.V4)."""

from __future__ import annotations

from typing import Protocol

from pyrage.signatures.tcp import CONNECT_TIMEOUT_NS
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import TcpFlow, TcpHandler
from pyrage.stdlib.ipaddr import Ipv4Address, Ipv4Prefix
from pyrage.stdlib.net import UdpHandler


class STACK(Protocol):
    """The operations an app uses, the same on the direct stack (Ethernet up, in pyrage) and
    the socket stack (the host kernel's).

    Mirage's `S.udp stack` is a value of the UDP signature; pyrage cannot compile values whose
    type is a Protocol yet (docs/language.md), so STACK offers the UDP and TCP operations
    itself, and config.py can hand an app the stack's own UDP layer as a device (`stack.udp`,
    typed by the concrete class, so its calls stay direct). A TCP connection is a TcpFlow on
    every stack (pyrage/stdlib/flow.py).
    """

    def ipv4(self) -> Ipv4Prefix:
        """stack.ipv4() -> Ipv4Prefix: the stack's address and network."""
        ...

    def listen_udp(self, port: int, handler: UdpHandler) -> None:
        """stack.listen_udp(port, handler): as UDP.listen."""
        ...

    def unlisten_udp(self, port: int) -> None:
        """stack.unlisten_udp(port): as UDP.unlisten."""
        ...

    async def write_udp(self, dst: Ipv4Address, dst_port: int, payload: Buffer | bytes,
                        src_port: int = 0) -> None:
        """await stack.write_udp(dst, dst_port, payload, src_port=0): as UDP.write."""
        ...

    def listen_tcp(self, port: int, handler: TcpHandler) -> None:
        """stack.listen_tcp(port, handler): as TCP.listen, each connection's handler a task of
        its own."""
        ...

    def unlisten_tcp(self, port: int) -> None:
        """stack.unlisten_tcp(port): as TCP.unlisten."""
        ...

    async def connect_tcp(self, dst: Ipv4Address, port: int,
                          timeout_ns: int = CONNECT_TIMEOUT_NS) -> TcpFlow:
        """await stack.connect_tcp(dst, port, timeout_ns=30 s) -> TcpFlow: as TCP.connect."""
        ...

    async def listen(self) -> None:
        """await stack.listen()

        Waits until disconnect(). Input is handled from connect() on (a task of the stack's
        own); an app awaits listen() at the end of start() so that the unikernel keeps
        serving, as Mirage's `S.listen`.
        """
        ...

    async def disconnect(self) -> None:
        """await stack.disconnect(): stops the stack; listen() returns."""
        ...
