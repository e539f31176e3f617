"""4 KiB reads or writes through BLOCK, `depth` tasks at once, sequential or at random offsets
(a fixed xorshift sequence, the same as the host reference's); prints the bytes per second."""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures.block import BLOCK
from pyrage.signatures.console import CONSOLE
from pyrage.signatures.mclock import MCLOCK
from pyrage.stdlib import sched
from pyrage.stdlib.buffer import Buffer

C = TypeVar("C", bound=CONSOLE)
B = TypeVar("B", bound=BLOCK)
M = TypeVar("M", bound=MCLOCK)

REQUEST = 4096


def block_number(i: int, blocks: int, random: bool) -> int:
    if not random:
        return i % blocks
    x = (i + 1) * 2654435761 & 0xFFFFFFFF  # Knuth's multiplicative hash: a fixed scatter
    x ^= x >> 13
    return x % blocks


class Main(Generic[C, B, M]):
    def __init__(self, console: C, disk: B, clock: M, mode: str, count: int, depth: int) -> None:
        self.console = console
        self.disk = disk
        self.clock = clock
        self.mode = mode
        self.count = count
        self.depth = depth
        self.next = 0

    async def worker(self) -> int:
        info = self.disk.info()
        per = REQUEST // info.sector_size
        blocks = info.size_sectors // per
        random = self.mode.startswith("rand")
        writing = self.mode.endswith("write")
        buf = Buffer.create(REQUEST)
        buf.fill(0x5A)
        done = 0
        while self.next < self.count:
            i = self.next
            self.next += 1
            sector = block_number(i, blocks, random) * per
            if writing:
                await self.disk.write(sector, [buf])
            else:
                await self.disk.read(sector, [buf])
            done += 1
        return done

    async def start(self) -> None:
        start = self.clock.elapsed_ns()
        workers = []
        for _ in range(self.depth):
            workers.append(self.worker())
        results = await sched.gather(workers)
        if self.mode.endswith("write"):
            await self.disk.flush()
        elapsed = self.clock.elapsed_ns() - start
        total = 0
        for n in results:
            total += n
        await self.console.log(f"bytes {total * REQUEST} ns {elapsed}")
