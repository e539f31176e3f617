"""Memoization and counters built from closures over dicts and nonlocal ints.

Features: closure, nonlocal, callable, dict, generic-function, tuple, fstring
"""

from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")


def memo(f: Callable[[int], R]) -> tuple[Callable[[int], R], Callable[[], tuple[int, int]]]:
    cache: dict[int, R] = {}
    hits = 0
    misses = 0

    def wrapped(n: int) -> R:
        nonlocal hits, misses
        if n in cache:
            hits += 1
            return cache[n]
        misses += 1
        cache[n] = f(n)
        return cache[n]

    def stats() -> tuple[int, int]:
        return hits, misses
    return wrapped, stats


def fib_raw(n: int) -> int:
    return n if n < 2 else fib(n - 1) + fib(n - 2)


fib, fib_stats = memo(fib_raw)
print([fib(n) for n in range(15)], fib(90))
print("hits/misses:", fib_stats())


def collatz_len_raw(n: int) -> int:
    return 1 if n == 1 else 1 + collatz_len(n // 2 if n % 2 == 0 else 3 * n + 1)


collatz_len, collatz_stats = memo(collatz_len_raw)
best = max(range(1, 3000), key=collatz_len)
print("longest collatz below 3000:", best, collatz_len(best), collatz_stats())

labels, label_stats = memo(lambda n: ("fizz" if n % 3 == 0 else "") + ("buzz" if n % 5 == 0 else "") or str(n))
print([labels(n) for n in (3, 5, 15, 7, 15, 3)], label_stats())


def make_id_gen(prefix: str) -> Callable[[], str]:
    n = 0

    def gen() -> str:
        nonlocal n
        n += 1
        return f"{prefix}-{n:04d}"
    return gen


ids = make_id_gen("req")
print(ids(), ids(), make_id_gen("other")(), ids())
