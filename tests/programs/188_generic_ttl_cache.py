"""A generic LRU cache with per-entry TTLs: Generic[K, V] specialized twice, Optional gets,
eviction listeners stored as bound methods and closures, dict order as recency.

Features: generic-class, optional, callable, closure, nonlocal, dict, list, class, fstring, tuple
"""

from collections.abc import Callable
from typing import Generic, Optional, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Cache(Generic[K, V]):
    def __init__(self, capacity: int, ttl: int) -> None:
        self.capacity = capacity
        self.ttl = ttl
        self.now = 0
        self.data: dict[K, tuple[V, int]] = {}
        self.listeners: list[Callable[[K, V, str], None]] = []

    def _evict(self, key: K, why: str) -> None:
        value, _ = self.data.pop(key)
        for fn in self.listeners:
            fn(key, value, why)

    def put(self, key: K, value: V) -> None:
        if key in self.data:
            del self.data[key]
        elif len(self.data) >= self.capacity:
            self._evict(next(iter(self.data)), "lru")
        self.data[key] = (value, self.now + self.ttl)

    def get(self, key: K) -> Optional[V]:
        entry = self.data.get(key)
        if entry is None:
            return None
        value, expires = entry
        if expires <= self.now:
            self._evict(key, "ttl")
            return None
        del self.data[key]
        self.data[key] = entry
        return value

    def advance(self, dt: int) -> None:
        self.now += dt

    def keys(self) -> list[K]:
        return list(self.data)


class Stats:
    def __init__(self) -> None:
        self.reasons: dict[str, int] = {}

    def on_evict(self, key: str, value: int, why: str) -> None:
        self.reasons[why] = self.reasons.get(why, 0) + 1
        print(f"  evict {key}={value} ({why})")


def counting_listener() -> tuple[Callable[[int, str, str], None], Callable[[], int]]:
    n = 0

    def listen(key: int, value: str, why: str) -> None:
        nonlocal n
        n += 1
    return listen, lambda: n


stats = Stats()
c: Cache[str, int] = Cache(3, ttl=10)
c.listeners.append(stats.on_evict)
for i, name in enumerate(["a", "b", "c", "d"]):
    c.put(name, i * i)
    c.advance(2)
print(c.keys(), c.get("a"), c.get("b"), c.keys())
c.put("e", 99)
print(c.keys())
c.advance(5)
print([(k, c.get(k)) for k in ["b", "c", "d", "e", "zz"]])
print(c.keys(), stats.reasons)

listen, count = counting_listener()
names: Cache[int, str] = Cache(2, ttl=3)
names.listeners.append(listen)
names.listeners.append(lambda k, v, why: print(f"  int-cache drop {k}:{v!r} {why}"))
for port, svc in [(22, "ssh"), (53, "dns"), (80, "http"), (443, "https")]:
    names.put(port, svc)
    names.advance(1)
    hit = names.get(53)
    print(f"after {port}: keys={names.keys()} get53={hit!r}")
names.advance(10)
print(names.get(443), names.get(53), count(), names.keys())
