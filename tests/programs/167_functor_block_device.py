"""Block-device functors: a checksummer and a one-entry cache, each generic over a BLOCK Protocol,
stacked over two synthetic disks.

Features: functor, generic-class, class, fixed-width, fstring, hex-bin-oct
"""

from typing import Generic, Protocol, TypeVar


class BLOCK(Protocol):
    def read(self, sector: int) -> int: ...
    def sectors(self) -> int: ...


class PatternDisk:
    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.seed = seed
        self.reads = 0

    def read(self, sector: int) -> int:
        self.reads += 1
        return ((sector + self.seed) * 2654435761) & 0xFFFF

    def sectors(self) -> int:
        return self.size


class ZeroDisk:
    def read(self, sector: int) -> int:
        return 0

    def sectors(self) -> int:
        return 8


B = TypeVar("B", bound=BLOCK)


class Cached(Generic[B]):
    def __init__(self, dev: B) -> None:
        self.dev = dev
        self.last_sector, self.last_value, self.hits = -1, 0, 0

    def read(self, sector: int) -> int:
        if sector == self.last_sector:
            self.hits += 1
            return self.last_value
        self.last_sector = sector
        self.last_value = self.dev.read(sector)
        return self.last_value

    def sectors(self) -> int:
        return self.dev.sectors()


D = TypeVar("D", bound=BLOCK)


class Checksum(Generic[D]):
    def __init__(self, dev: D) -> None:
        self.dev = dev

    def fletcher(self, first: int, count: int) -> int:
        a, b = 0, 0
        for s in range(first, first + count):
            a = (a + self.dev.read(s)) % 65535
            b = (b + a) % 65535
        return (b << 16) | a


disk = PatternDisk(64, 7)
cache = Cached(disk)
print(f"raw      {Checksum(disk).fletcher(0, 64):#010x} reads={disk.reads}")
print(f"cached   {Checksum(cache).fletcher(0, 64):#010x} reads={disk.reads} hits={cache.hits}")
for s in (5, 5, 5, 6, 6, 5):
    cache.read(s)
print(f"repeats: reads={disk.reads} hits={cache.hits} last={cache.last_value:04x}")
print(f"zeros    {Checksum(Cached(ZeroDisk())).fletcher(0, 8):#x} sectors={Cached(ZeroDisk()).sectors()}")
