"""tcp-bulk: an iperf-like sender and receiver over TCP, that prints what it moved, how fast, and
its SHA-256.

    --mode=server [--port=5201]                       read each connection to its end (sink)
    --mode=server --send-bytes=N                      write N bytes to each, then close (source)
    --mode=client --peer=ADDR [--port=P] --send-bytes=N   connect, send N bytes, close
    --mode=client --peer=ADDR [--port=P] --recv           connect, receive until the server closes

The bytes sent are a deterministic pattern (`pattern_block`: 64 KiB of a linear congruential
generator's output, block k with k in its first 8 bytes), so a receiver can check them by
their digest alone. Every transfer ends with one line:

    tcp-bulk: received 104857600 bytes in 1.234567 s, 679.76 Mbit/s, sha256 <hex> (10.0.0.1:40000)

(`sent` for a sender, `sha256 -` with --hash=false). A client that cannot connect prints the
error's class (ConnectionRefused, ConnectionTimedOut) and exits with status 1.

A functor over STACK like examples/tcp-echo: see README.md.
"""

from __future__ import annotations

from typing import Final, Generic, TypeVar

from pyrage.signatures.console import CONSOLE
from pyrage.signatures.mclock import MCLOCK
from pyrage.signatures.stack import STACK
from pyrage.stdlib import sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import TcpFlow
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.net import NetError
from pyrage.stdlib.sha256 import Sha256

C = TypeVar("C", bound=CONSOLE)
M = TypeVar("M", bound=MCLOCK)
S = TypeVar("S", bound=STACK)

BLOCK: Final = 65536
#: After the last transfer, how long the unikernel stays up so that its last ACK leaves.
LINGER_NS: Final = 200_000_000


def pattern_block() -> Buffer:
    """The pattern's 64 KiB: the top byte of each step of the LCG x' = x * 1103515245 + 12345
    (mod 2**32) from x = 1. Block k of a transfer is this with k (u64, big-endian) in its first
    8 bytes."""
    block = Buffer.create(BLOCK)
    x = 1
    for i in range(BLOCK):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        block.set_u8(i, x >> 24)
    return block


class Transfer:
    """What one connection moved: bytes each way, the digest of one direction, the time."""

    def __init__(self, hashing: bool, started_ns: int) -> None:
        self.hasher: Sha256 | None = Sha256() if hashing else None
        self.sent = 0
        self.received = 0
        self.started_ns = started_ns

    def digest(self) -> str:
        return self.hasher.digest().hex() if self.hasher is not None else "-"


class Main(Generic[C, M, S]):
    def __init__(self, console: C, clock: M, stack: S, mode: str, port: int, peer: str,
                 send_bytes: int, recv: bool, hash: bool, connections: int,
                 connect_timeout: int) -> None:
        self.console = console
        self.clock = clock
        self.stack = stack
        self.mode = mode
        self.port = port
        self.peer = peer
        self.send_bytes = send_bytes
        self.recv = recv
        self.hashing = hash
        self.connections = connections
        self.connect_timeout = connect_timeout
        self.served = 0
        self.all_served = sched.Event()
        self.block = pattern_block()

    async def start(self) -> None:
        if self.send_bytes < 0 or self.connect_timeout <= 0 or self.connections < 0:
            await self.console.log("tcp-bulk: --send-bytes and --connections must be >= 0, "
                                   "--connect-timeout > 0")
            raise SystemExit(2)
        if self.mode == "server":
            await self.serve()
        elif self.mode == "client":
            await self.client()
        else:
            await self.console.log(f"tcp-bulk: --mode is server or client, not {self.mode!r}")
            raise SystemExit(2)

    # --- server -----------------------------------------------------------------------------

    async def serve(self) -> None:
        self.stack.listen_tcp(self.port, self.handle)
        what = f"sending {self.send_bytes} bytes to" if self.send_bytes > 0 else "reading"
        await self.console.log(f"tcp-bulk: listening on {self.stack.ipv4().address} port "
                               f"{self.port}, {what} each connection")
        if self.connections == 0:
            await self.stack.listen()
            return
        await self.all_served.wait()
        await sched.sleep_ns(LINGER_NS)

    async def handle(self, flow: TcpFlow) -> None:
        transfer = Transfer(self.hashing, self.clock.elapsed_ns())
        try:
            if self.send_bytes > 0:
                await self.source(flow, transfer)
                await flow.shutdown()
                await self.drain(flow, transfer, False)
            else:
                await self.drain(flow, transfer, True)
            await flow.close()
            await self.report(flow, transfer)
        except NetError as e:
            await self.console.log(f"tcp-bulk: {flow.dst}:{flow.dst_port}: "
                                   f"{type(e).__name__}: {e}")
            await flow.abort()
        self.served += 1
        if self.served == self.connections:
            self.all_served.set()

    # --- client -----------------------------------------------------------------------------

    async def client(self) -> None:
        try:
            dst = Ipv4Address.parse(self.peer)
        except ValueError as e:
            await self.console.log(f"tcp-bulk: --peer: {e}")
            raise SystemExit(2)
        try:
            flow = await self.stack.connect_tcp(dst, self.port,
                                                self.connect_timeout * 1_000_000_000)
        except NetError as e:
            await self.console.log(f"tcp-bulk: connect to {dst}:{self.port}: "
                                   f"{type(e).__name__}: {e}")
            raise SystemExit(1)
        transfer = Transfer(self.hashing, self.clock.elapsed_ns())
        try:
            if self.recv:
                await self.drain(flow, transfer, True)
            else:
                await self.source(flow, transfer)
                await flow.shutdown()
                await self.drain(flow, transfer, False)  # until the server closes: all arrived
            await flow.close()
        except NetError as e:
            await self.console.log(f"tcp-bulk: {dst}:{self.port}: {type(e).__name__}: {e}")
            raise SystemExit(1)
        await self.report(flow, transfer)
        await sched.sleep_ns(LINGER_NS)

    # --- moving bytes -----------------------------------------------------------------------

    async def source(self, flow: TcpFlow, transfer: Transfer) -> None:
        """Write send_bytes of the pattern (hashing them)."""
        block = self.block
        k = 0
        while transfer.sent < self.send_bytes:
            block.set_u64_be(0, k)
            n = min(BLOCK, self.send_bytes - transfer.sent)
            piece = block.sub(0, n)
            if transfer.hasher is not None:
                transfer.hasher.update(piece)
            await flow.write(piece)
            transfer.sent += n
            k += 1

    async def drain(self, flow: TcpFlow, transfer: Transfer, hashing: bool) -> None:
        """Read to the end of the stream, counting (and hashing, if asked) what arrives."""
        while True:
            data = await flow.read()
            if data is None:
                return
            transfer.received += len(data)
            if hashing and transfer.hasher is not None:
                transfer.hasher.update(data)

    async def report(self, flow: TcpFlow, transfer: Transfer) -> None:
        ns = max(self.clock.elapsed_ns() - transfer.started_ns, 1)
        moved = transfer.sent if transfer.sent > 0 else transfer.received
        verb = "sent" if transfer.sent > 0 else "received"
        seconds = ns / 1e9
        mbits = moved * 8 / seconds / 1e6
        await self.console.log(f"tcp-bulk: {verb} {moved} bytes in {seconds:.6f} s, "
                               f"{mbits:.2f} Mbit/s, sha256 {transfer.digest()} "
                               f"({flow.dst}:{flow.dst_port})")
