"""A token-bucket rate limiter shared by concurrent clients: tasks, sleeps and a generic class
whose async methods run under the scheduler.

Features: async, class, generic-class, fstring, list, dict, closure
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.stdlib import sched

MS = 1_000_000
K = TypeVar("K")


class Bucket:
    def __init__(self, capacity: int, refill_ms: int) -> None:
        self.capacity = capacity
        self.tokens = capacity
        self.refill_ns = refill_ms * MS
        self.granted = 0

    async def take(self) -> None:
        while self.tokens == 0:
            await sched.sleep_ns(self.refill_ns)
            self.tokens = self.capacity
        self.tokens -= 1
        self.granted += 1


class Limiter(Generic[K]):
    def __init__(self, capacity: int, refill_ms: int) -> None:
        self.capacity = capacity
        self.refill_ms = refill_ms
        self.buckets: dict[K, Bucket] = {}

    async def acquire(self, key: K) -> int:
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = Bucket(self.capacity, self.refill_ms)
            self.buckets[key] = bucket
        await bucket.take()
        return bucket.granted


async def client(limiter: Limiter[str], name: str, requests: int, log: list[str]) -> int:
    served = 0
    for i in range(requests):
        n = await limiter.acquire(name[0])
        log.append(f"{name}#{i}->{n}")
        served += 1
    return served


async def main() -> None:
    limiter: Limiter[str] = Limiter(2, 10)
    log: list[str] = []
    counts = await sched.gather([client(limiter, "alice", 3, log), client(limiter, "anna", 2, log),
                                 client(limiter, "bob", 4, log)])
    print(counts)
    for line in log:
        print(line)
    print({key: b.granted for key, b in limiter.buckets.items()})


sched.run(main())
