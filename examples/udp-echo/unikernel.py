"""udp-echo: sends every UDP datagram back to where it came from, and answers ping.

The unikernel is a functor over STACK, so the same code runs on the direct stack (pyrage's
own Ethernet/ARP/IPv4/UDP over a tap or virtio-net) and on the socket stack (the host kernel's
UDP, `--net socket`): see README.md.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures.console import CONSOLE
from pyrage.signatures.stack import STACK
from pyrage.stdlib.net import NetError, UdpDatagram

C = TypeVar("C", bound=CONSOLE)
S = TypeVar("S", bound=STACK)


class Main(Generic[C, S]):
    def __init__(self, console: C, stack: S, port: int, verbose: bool) -> None:
        self.console = console
        self.stack = stack
        self.port = port
        self.verbose = verbose
        self.echoed = 0

    async def echo(self, d: UdpDatagram) -> None:
        try:
            await self.stack.write_udp(d.src, d.src_port, d.payload, self.port)
        except NetError as e:
            await self.console.log(f"udp-echo: cannot answer {d.src}:{d.src_port}: {e}")
            return
        self.echoed += 1
        if self.verbose:
            await self.console.log(f"udp-echo: {len(d.payload)} bytes from {d.src}:{d.src_port}")

    async def start(self) -> None:
        self.stack.listen_udp(self.port, self.echo)
        await self.console.log(f"udp-echo: listening on {self.stack.ipv4().address} "
                               f"port {self.port}")
        await self.stack.listen()
