"""Merge sort, quicksort, insertion sort and counting sort, compared with sorted() and counted.

Features: list, generic-function, callable, sorted-min-max, comprehension, fstring
"""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
comparisons = [0]


def less(a: int, b: int) -> bool:
    comparisons[0] += 1
    return a < b


def merge_sort(xs: list[int]) -> list[int]:
    if len(xs) <= 1:
        return xs[:]
    mid = len(xs) // 2
    left, right = merge_sort(xs[:mid]), merge_sort(xs[mid:])
    out: list[int] = []
    i = j = 0
    while i < len(left) and j < len(right):
        if less(right[j], left[i]):
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    return out + left[i:] + right[j:]


def quicksort(xs: list[int]) -> list[int]:
    if len(xs) <= 1:
        return xs
    pivot = xs[len(xs) // 2]
    return (quicksort([x for x in xs if less(x, pivot)]) + [x for x in xs if x == pivot]
            + quicksort([x for x in xs if less(pivot, x)]))


def insertion_sort(xs: list[int]) -> list[int]:
    a = xs[:]
    for i in range(1, len(a)):
        j = i
        while j > 0 and less(a[j], a[j - 1]):
            a[j], a[j - 1] = a[j - 1], a[j]
            j -= 1
    return a


def counting_sort(xs: list[int]) -> list[int]:
    lo = min(xs)
    counts = [0] * (max(xs) - lo + 1)
    for x in xs:
        counts[x - lo] += 1
    return [i + lo for i, c in enumerate(counts) for _ in range(c)]


def check(name: str, f: Callable[[list[T]], list[T]], data: list[T], expect: list[T]) -> None:
    comparisons[0] = 0
    got = f(data)
    print(f"{name:<10} ok={got == expect} comparisons={comparisons[0]:>4} head={got[:6]}")


seed = 12345
data: list[int] = []
for _ in range(60):
    seed = (seed * 1103515245 + 12345) % 2**31
    data.append(seed % 200 - 100)
expect = sorted(data)
for name, fn in [("merge", merge_sort), ("quick", quicksort), ("insertion", insertion_sort),
                 ("counting", counting_sort)]:
    check(name, fn, data, expect)
print(merge_sort([]), quicksort([1]), insertion_sort([2, 1]), counting_sort([5, -5, 0, 5]))
