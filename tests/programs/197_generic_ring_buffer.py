"""A generic fixed-capacity ring buffer with dunders (__len__, __getitem__ with negative
indexes, __iter__ via iter(), __contains__, __bool__), used for ints, strs and records.

Features: generic-class, dunder, list, optional, builtin-exception, try-except, fstring, class, repr-str, iter-next
"""

from collections.abc import Iterator
from typing import Generic, Optional, TypeVar

T = TypeVar("T")


class Ring(Generic[T]):
    def __init__(self, capacity: int) -> None:
        self.slots: list[Optional[T]] = [None] * capacity
        self.head = 0
        self.size = 0
        self.dropped = 0

    def push(self, item: T) -> Optional[T]:
        cap = len(self.slots)
        tail = (self.head + self.size) % cap
        old: Optional[T] = None
        if self.size == cap:
            old = self.slots[self.head]
            self.head = (self.head + 1) % cap
            self.dropped += 1
        else:
            self.size += 1
        self.slots[tail] = item
        return old

    def pop(self) -> T:
        if not self.size:
            raise IndexError("pop from empty ring")
        item = self.slots[self.head]
        self.slots[self.head] = None
        self.head = (self.head + 1) % len(self.slots)
        self.size -= 1
        assert item is not None
        return item

    def __len__(self) -> int:
        return self.size

    def __bool__(self) -> bool:
        return self.size > 0

    def __getitem__(self, i: int) -> T:
        if i < 0:
            i += self.size
        if not 0 <= i < self.size:
            raise IndexError(f"ring index {i} out of range")
        item = self.slots[(self.head + i) % len(self.slots)]
        assert item is not None
        return item

    def items(self) -> list[T]:
        return [self[i] for i in range(self.size)]

    def __iter__(self) -> Iterator[T]:
        return iter(self.items())

    def __contains__(self, item: T) -> bool:
        return item in self.items()

    def __repr__(self) -> str:
        return f"Ring({self.items()!r}, cap={len(self.slots)})"


nums: Ring[int] = Ring(4)
for n in range(1, 8):
    old = nums.push(n * 10)
    print(f"push {n * 10:>3} dropped={old!s:<5} {nums!r} len={len(nums)}")
print(nums[0], nums[-1], nums[-4], 40 in nums, 30 in nums, nums.dropped)
it = iter(nums.items())
print(next(it), next(it), list(it), next(it, -1))
print([x + 1 for x in nums], sum(nums.items()), [x // 10 for x in nums.items()], nums.pop(), nums.pop(), nums)
for idx in (2, -3, 5):
    try:
        print(idx, "->", nums[idx])
    except IndexError as e:
        print(idx, "-> IndexError:", e)
words: Ring[str] = Ring(3)
for w in "the quick brown fox jumps".split():
    gone = words.push(w)
    if gone is not None:
        print(f"evicted {gone!r}, now {' '.join(words.items())}")
while words:
    print("pop", words.pop(), len(words), bool(words))
try:
    words.pop()
except IndexError as e:
    print("IndexError:", e)
pairs: Ring[tuple[str, int]] = Ring(2)
pairs.push(("a", 1))
pairs.push(("b", 2))
pairs.push(("c", 3))
print(pairs, ("b", 2) in pairs, pairs[0][0] + pairs[1][0], max(p[1] for p in pairs.items()))
