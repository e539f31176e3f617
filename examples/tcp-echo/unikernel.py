"""tcp-echo: sends back every byte each TCP connection sends, until the client closes its side;
then closes. Any number of connections at once, each a task of its own.

A functor over STACK: the same code runs on pyrage's own TCP (over a tap or virtio-net) and on
the host kernel's (`--net socket`): see README.md.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures.console import CONSOLE
from pyrage.signatures.stack import STACK
from pyrage.stdlib.flow import TcpFlow
from pyrage.stdlib.net import NetError

C = TypeVar("C", bound=CONSOLE)
S = TypeVar("S", bound=STACK)


class Main(Generic[C, S]):
    def __init__(self, console: C, stack: S, port: int, verbose: bool) -> None:
        self.console = console
        self.stack = stack
        self.port = port
        self.verbose = verbose
        self.connections = 0

    async def echo(self, flow: TcpFlow) -> None:
        self.connections += 1
        echoed = 0
        try:
            while True:
                data = await flow.read()
                if data is None:
                    break
                await flow.write(data)
                echoed += len(data)
        except NetError as e:
            await self.console.log(f"tcp-echo: {flow.dst}:{flow.dst_port}: {e}")
        await flow.close()
        if self.verbose:
            await self.console.log(f"tcp-echo: {flow.dst}:{flow.dst_port} done, {echoed} bytes")

    async def start(self) -> None:
        self.stack.listen_tcp(self.port, self.echo)
        await self.console.log(f"tcp-echo: listening on {self.stack.ipv4().address} "
                               f"port {self.port}")
        await self.stack.listen()
