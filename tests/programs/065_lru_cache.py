"""An LRU cache on an insertion-ordered dict: hits, misses, evictions, memoizing a slow function.

Features: dict, class, generic-class, optional, callable, fstring, list
"""

from collections.abc import Callable
from typing import Generic, Optional, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.data: dict[K, V] = {}
        self.hits = 0
        self.misses = 0
        self.evicted: list[K] = []

    def get(self, key: K) -> Optional[V]:
        if key not in self.data:
            self.misses += 1
            return None
        self.hits += 1
        value = self.data.pop(key)
        self.data[key] = value
        return value

    def put(self, key: K, value: V) -> None:
        if key in self.data:
            del self.data[key]
        elif len(self.data) >= self.capacity:
            oldest = list(self.data)[0]
            del self.data[oldest]
            self.evicted.append(oldest)
        self.data[key] = value


cache: LRU[str, int] = LRU(3)
for op in "put:a=1 put:b=2 get:a put:c=3 put:d=4 get:b get:a get:c put:e=5 get:d".split():
    kind, _, arg = op.partition(":")
    if kind == "put":
        k, _, v = arg.partition("=")
        cache.put(k, int(v))
        print(f"put {k}={v:<2} -> {list(cache.data)}")
    else:
        print(f"get {arg:<4} -> {cache.get(arg)!s:<5} {list(cache.data)}")
print(f"hits={cache.hits} misses={cache.misses} evicted={cache.evicted}")


def memoize(f: Callable[[int], int], size: int) -> tuple[Callable[[int], int], LRU[int, int]]:
    memo: LRU[int, int] = LRU(size)

    def wrapper(n: int) -> int:
        got = memo.get(n)
        if got is None:
            got = f(n)
            memo.put(n, got)
        return got
    return wrapper, memo


calls = [0]


def slow_square(n: int) -> int:
    calls[0] += 1
    return n * n


fast, memo = memoize(slow_square, 2)
print([fast(n) for n in [3, 3, 4, 3, 5, 4, 3]], "calls:", calls[0], "hits:", memo.hits)
