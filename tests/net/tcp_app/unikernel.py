"""A TCP echo server over STACK.listen_tcp, or a client over STACK.connect_tcp that sends
`size` bytes of PATTERN (then shuts down its side) and checks that what comes back until the
end of the stream is the same pattern: the test's peers are Python sockets on 127.0.0.1."""

from __future__ import annotations

from typing import Final, Generic, TypeVar

from pyrage.signatures.console import CONSOLE
from pyrage.signatures.stack import STACK
from pyrage.stdlib import sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import TcpFlow
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.net import NetError

C = TypeVar("C", bound=CONSOLE)
S = TypeVar("S", bound=STACK)

#: The pattern repeats every PERIOD bytes (a prime, so that no chunk size lines up with it).
PERIOD: Final = 65521
LOCALHOST: Final = 0x7F000001


def pattern() -> bytes:
    """PERIOD bytes of a linear congruential generator, twice (any PERIOD bytes from any offset
    below PERIOD are one slice); tests/net/test_socket_tcp.py makes the same."""
    out = bytearray()
    x = 1
    for _ in range(PERIOD):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append((x >> 16) & 255)
    return bytes(out + out)


class Main(Generic[C, S]):
    def __init__(self, console: C, stack: S, mode: str, port: int, size: int, write_size: int,
                 timeout_ms: int) -> None:
        self.console = console
        self.stack = stack
        self.mode = mode
        self.port = port
        self.size = size
        self.write_size = min(write_size, PERIOD)
        self.timeout_ms = timeout_ms
        self.pattern = Buffer.of_bytes(pattern())

    async def echo(self, flow: TcpFlow) -> None:
        while True:
            data = await flow.read()
            if data is None:
                break
            await flow.write(data)
        await flow.close()

    async def send_all(self, flow: TcpFlow) -> None:
        sent = 0
        while sent < self.size:
            n = min(self.write_size, self.size - sent)
            await flow.write(self.pattern.sub(sent % PERIOD, n))
            sent += n
        await flow.shutdown()

    def matches(self, data: Buffer, at: int) -> bool:
        """Whether data is the pattern's bytes from offset `at` of the stream."""
        done = 0
        while done < len(data):
            n = min(len(data) - done, PERIOD)
            if data.sub(done, n) != self.pattern.sub((at + done) % PERIOD, n):
                return False
            done += n
        return True

    async def client(self) -> None:
        flow = await self.stack.connect_tcp(Ipv4Address(LOCALHOST), self.port,
                                            self.timeout_ms * 1_000_000)
        await self.console.log(f"client: connected {flow.src}:{flow.src_port} -> "
                               f"{flow.dst}:{flow.dst_port}")
        sender = sched.spawn(self.send_all(flow), name="sender")  # echoes come meanwhile
        received = 0
        while True:
            data = await flow.read()
            if data is None:
                break
            if not self.matches(data, received):
                await self.console.log(f"client: mismatch in the {len(data)} bytes at {received}")
                await flow.abort()
                return
            received += len(data)
        await sender.join()
        await flow.close()
        await self.console.log(f"client: sent {self.size} received {received}")

    async def start(self) -> None:
        if self.mode == "client":
            try:
                await self.client()
            except NetError as e:
                await self.console.log(f"client: error {type(e).__name__}: {e}")
            return
        self.stack.listen_tcp(self.port, self.echo)
        await self.console.log(f"tcp-app: listening on port {self.port}")
        await self.stack.listen()
