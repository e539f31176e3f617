"""A block allocator over a bitmap of 64-bit words (kept below the sign bit: 63 blocks a
word): first-fit runs, frees, fragmentation stats with bit_count/bit_length, and a
properties/class-variable-based allocator registry.

Features: int, class, property, static-classmethod, list, dict, dunder, try-except, user-exception, fstring, hex-bin-oct
"""

from typing import ClassVar

BITS = 63
FULL = 0x7FFFFFFFFFFFFFFF


class OutOfSpace(Exception):
    pass


class Allocator:
    registry: ClassVar[dict[str, "Allocator"]] = {}
    total_allocs: ClassVar[int] = 0

    def __init__(self, name: str, blocks: int) -> None:
        self.name = name
        self.blocks = blocks
        self.words = [0] * ((blocks + BITS - 1) // BITS)
        Allocator.registry[name] = self

    @classmethod
    def get(cls, name: str) -> "Allocator":
        return cls.registry[name]

    def _test(self, i: int) -> bool:
        return bool(self.words[i // BITS] >> (i % BITS) & 1)

    def _set(self, i: int, on: bool) -> None:
        w, b = divmod(i, BITS)
        if on:
            self.words[w] |= 1 << b
        else:
            self.words[w] &= ~(1 << b) & FULL

    @property
    def used(self) -> int:
        return sum(w.bit_count() for w in self.words)

    @property
    def free(self) -> int:
        return self.blocks - self.used

    def alloc(self, count: int) -> int:
        run = 0
        for i in range(self.blocks):
            run = 0 if self._test(i) else run + 1
            if run == count:
                start = i - count + 1
                for j in range(start, i + 1):
                    self._set(j, True)
                Allocator.total_allocs += 1
                return start
        raise OutOfSpace(f"{self.name}: no run of {count} (free {self.free})")

    def release(self, start: int, count: int) -> None:
        for j in range(start, start + count):
            if not self._test(j):
                raise ValueError(f"double free of block {j}")
            self._set(j, False)

    def largest_run(self) -> int:
        best = run = 0
        for i in range(self.blocks):
            run = 0 if self._test(i) else run + 1
            best = max(best, run)
        return best

    def __contains__(self, block: int) -> bool:
        return 0 <= block < self.blocks and self._test(block)

    def __str__(self) -> str:
        return "".join("#" if self._test(i) else "." for i in range(self.blocks))


disk = Allocator("disk", 100)
held: dict[str, tuple[int, int]] = {}
for tag, size in [("a", 10), ("b", 60), ("c", 5), ("d", 20), ("e", 3)]:
    start = disk.alloc(size)
    held[tag] = (start, size)
    print(f"alloc {tag} x{size:<3} at {start:>3} used={disk.used:<3} free={disk.free}")
print(disk)
print([f"{w:#x}" for w in disk.words], [w.bit_length() for w in disk.words])
for tag in ("b", "d"):
    disk.release(*held.pop(tag))
print(disk, disk.largest_run(), 15 in disk, 5 in disk, 200 in disk)
for size in (50, 30, 70):
    try:
        print(f"alloc {size} at", disk.alloc(size))
    except OutOfSpace as e:
        print("OutOfSpace:", e)
try:
    disk.release(98, 2)
except ValueError as e:
    print("ValueError:", e)
small = Allocator("small", 8)
while True:
    try:
        small.alloc(3)
    except OutOfSpace as e:
        print(e)
        break
print(sorted(Allocator.registry), Allocator.get("small"), bin(small.words[0]), Allocator.total_allocs)
print(held, Allocator.get("disk").used, sum(s for _, s in held.values()))
