"""A binary min-heap ordered by a key function."""

from collections.abc import Callable
from typing import Generic, Optional, TypeVar

T = TypeVar("T")


class Heap(Generic[T]):
    def __init__(self, key: Callable[[T], int]) -> None:
        self.key = key
        self.items: list[tuple[int, int, T]] = []
        self.seq = 0

    def __len__(self) -> int:
        return len(self.items)

    def push(self, x: T) -> None:
        self.items.append((self.key(x), self.seq, x))
        self.seq += 1
        i = len(self.items) - 1
        while i and self.items[(i - 1) // 2][:2] > self.items[i][:2]:
            j = (i - 1) // 2
            self.items[i], self.items[j] = self.items[j], self.items[i]
            i = j

    def peek(self) -> Optional[T]:
        return self.items[0][2] if self.items else None

    def pop(self) -> T:
        top = self.items[0][2]
        last = self.items.pop()
        if self.items:
            self.items[0] = last
            i = 0
            while True:
                kids = [k for k in (2 * i + 1, 2 * i + 2) if k < len(self.items)]
                if not kids:
                    break
                k = min(kids, key=lambda c: self.items[c][:2])
                if self.items[k][:2] >= self.items[i][:2]:
                    break
                self.items[i], self.items[k] = self.items[k], self.items[i]
                i = k
        return top
