"""BLOCK conformance checks (trio's check_* pattern): every block device must pass them, on
every target. tests/storage/test_block_conformance.py runs `BlockChecks` hosted on each kind of
disk and compiles this unikernel for unix and virtio, where it prints one line per failure.

The device must be writable, at least 64 sectors, and its contents may be overwritten.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures.block import BLOCK
from pyrage.signatures.console import CONSOLE
from pyrage.stdlib import sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.storage import BlockError

C = TypeVar("C", bound=CONSOLE)
B = TypeVar("B", bound=BLOCK)


def pattern(seed: int, size: int) -> Buffer:
    buf = Buffer.create(size)
    for i in range(size):
        buf[i] = (seed * 31 + i * 7 + (i >> 8)) & 0xFF
    return buf


class BlockChecks(Generic[B]):
    def __init__(self, disk: B) -> None:
        self.disk = disk
        self.failures: list[str] = []
        self.passed = 0

    def expect(self, ok: bool, what: str) -> None:
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)

    async def run(self) -> None:
        info = self.disk.info()
        s = info.sector_size
        self.expect(s == 512 or s == 4096, f"a sector size of 512 or 4096, not {s}")
        self.expect(info.size_sectors >= 64, "at least 64 sectors")
        self.expect(info.read_write, "the device is writable")
        await self.round_trips(s, info.size_sectors)
        await self.several_buffers(s)
        await self.concurrent(s)
        await self.refusals(s, info.size_sectors)

    async def round_trips(self, s: int, n: int) -> None:
        for sector in (0, 1, n // 2, n - 1):
            data = pattern(sector, s)
            await self.disk.write(sector, [data])
            back = Buffer.create(s)
            await self.disk.read(sector, [back])
            self.expect(back == data, f"sector {sector} reads back what was written")
        await self.disk.flush()
        big = pattern(99, 16 * s)
        await self.disk.write(8, [big])
        back = Buffer.create(16 * s)
        await self.disk.read(8, [back])
        self.expect(back == big, "16 sectors in one request")

    async def several_buffers(self, s: int) -> None:
        parts = [pattern(1, s), pattern(2, 3 * s), pattern(3, s)]
        await self.disk.write(30, parts)
        whole = Buffer.create(5 * s)
        await self.disk.read(30, [whole])
        expected = Buffer.create(5 * s)
        expected.blit(parts[0], 0, 0, s)
        expected.blit(parts[1], 0, s, 3 * s)
        expected.blit(parts[2], 0, 4 * s, s)
        self.expect(whole == expected, "buffers are written one after the other")
        halves = [Buffer.create(2 * s), Buffer.create(3 * s)]
        await self.disk.read(30, halves)
        self.expect(halves[0] == expected.sub(0, 2 * s) and
                    halves[1] == expected.sub(2 * s, 3 * s), "and read into several")

    async def writer(self, sector: int, s: int) -> int:
        await self.disk.write(sector, [pattern(sector, s)])
        back = Buffer.create(s)
        await self.disk.read(sector, [back])
        return 1 if back == pattern(sector, s) else 0

    async def concurrent(self, s: int) -> None:
        tasks = []
        for sector in range(40, 56):
            tasks.append(self.writer(sector, s))
        results = await sched.gather(tasks)
        total = 0
        for r in results:
            total += r
        self.expect(total == 16, f"16 tasks with requests in flight at once: {total} right")

    async def refusals(self, s: int, n: int) -> None:
        buf = Buffer.create(s)
        for what, sector, size in (("past the end", n, s), ("across the end", n - 1, 2 * s),
                                   ("a negative sector", -1, s), ("a part of a sector", 0, s // 2)):
            try:
                await self.disk.read(sector, [Buffer.create(size)])
                self.expect(False, f"a read {what} raises BlockError")
            except BlockError:
                self.expect(True, "")
        try:
            await self.disk.write(n, [buf])
            self.expect(False, "a write past the end raises BlockError")
        except BlockError:
            self.expect(True, "")
        back = Buffer.create(s)
        await self.disk.read(0, [back])
        self.expect(back == pattern(0, s), "a refused request changes nothing")


class Main(Generic[C, B]):
    def __init__(self, console: C, disk: B) -> None:
        self.console = console
        self.disk = disk

    async def start(self) -> None:
        checks = BlockChecks(self.disk)
        await checks.run()
        for failure in checks.failures:
            await self.console.log(f"FAIL {failure}")
        await self.console.log(f"checks: {checks.passed} passed, {len(checks.failures)} failed")
