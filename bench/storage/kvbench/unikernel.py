"""`sets` durable sets of 100-byte values (each returns once it is on the disk, as an SQLite
insert with synchronous=FULL does), then `gets` gets of a 1000-byte file from the store
compiled into the image; prints the time of each."""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures.console import CONSOLE
from pyrage.signatures.kv import KV_RO, KV_RW
from pyrage.signatures.mclock import MCLOCK
from pyrage.stdlib.storage import Key

C = TypeVar("C", bound=CONSOLE)
K = TypeVar("K", bound=KV_RW)
R = TypeVar("R", bound=KV_RO)
M = TypeVar("M", bound=MCLOCK)


class Main(Generic[C, K, R, M]):
    def __init__(self, console: C, kv: K, files: R, clock: M, sets: int, gets: int) -> None:
        self.console = console
        self.kv = kv
        self.files = files
        self.clock = clock
        self.sets = sets
        self.gets = gets

    async def start(self) -> None:
        value = bytes(100)
        start = self.clock.elapsed_ns()
        for i in range(self.sets):
            await self.kv.set(Key(f"rows/{i % 500}"), value)
        sets_ns = self.clock.elapsed_ns() - start
        page = Key("page.html")
        total = 0
        start = self.clock.elapsed_ns()
        for _ in range(self.gets):
            total += len(await self.files.get(page))
        gets_ns = self.clock.elapsed_ns() - start
        await self.console.log(f"sets {self.sets} ns {sets_ns}")
        await self.console.log(f"gets {self.gets} ns {gets_ns} bytes {total}")
