"""Binary search variants: exact match, lower/upper bounds, and searching a monotone predicate.

Features: list, callable, optional, lambda, tuple, fstring
"""

from collections.abc import Callable
from typing import Optional


def find(xs: list[int], target: int) -> Optional[int]:
    lo, hi = 0, len(xs) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return None


def lower_bound(xs: list[int], target: int) -> int:
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo


def upper_bound(xs: list[int], target: int) -> int:
    return lower_bound(xs, target + 1)


def first_true(lo: int, hi: int, pred: Callable[[int], bool]) -> int:
    while lo < hi:
        mid = lo + (hi - lo) // 2
        if pred(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def pow3(e: int) -> int:
    return 1 if e == 0 else 3 * pow3(e - 1)


data = [1, 3, 3, 3, 7, 9, 12, 12, 20]
for t in [3, 7, 8, 0, 25, 12]:
    i = find(data, t)
    lb, ub = lower_bound(data, t), upper_bound(data, t)
    print(f"target {t:>2}: found at {i!s:>4}, bounds [{lb}, {ub}) count {ub - lb}")
print("isqrt(10**18) =", first_true(0, 2**31, lambda m: m * m > 10**18) - 1)
print("isqrt(99) =", first_true(0, 100, lambda m: m * m > 99) - 1)
print("first power of 3 over 1e9:", first_true(0, 40, lambda e: pow3(e) > 10**9))
budget = 1_000_000
cost: Callable[[int], int] = lambda n: n * (n + 1) // 2 * 37
n = first_true(0, 10**6, lambda k: cost(k) > budget) - 1
print(f"max items in budget: {n} (cost {cost(n)}, next {cost(n + 1)})")
