"""Generic functions over TypeVars: first, last, chunk, group_by, argmax, each used at several types.

Features: generic-function, optional, list, dict, callable, tuple
"""

from collections.abc import Callable, Sequence
from typing import Optional, TypeVar

T = TypeVar("T")
K = TypeVar("K")


def first(xs: Sequence[T]) -> Optional[T]:
    return xs[0] if xs else None


def last(xs: Sequence[T], default: T) -> T:
    return xs[-1] if xs else default


def chunk(xs: list[T], n: int) -> list[list[T]]:
    return [xs[i:i + n] for i in range(0, len(xs), n)]


def group_by(xs: list[T], key: Callable[[T], K]) -> dict[K, list[T]]:
    out: dict[K, list[T]] = {}
    for x in xs:
        out.setdefault(key(x), []).append(x)
    return out


def argmax(xs: list[T], score: Callable[[T], int]) -> int:
    best = 0
    for i in range(1, len(xs)):
        if score(xs[i]) > score(xs[best]):
            best = i
    return best


def swap(pair: tuple[T, K]) -> tuple[K, T]:
    return pair[1], pair[0]


print(first([3, 1, 2]), first("xyz"), first([]), last([], "none"), last([1.5, 2.5], 0.0))
print(chunk([1, 2, 3, 4, 5, 6, 7], 3), chunk(["a", "b", "c"], 2))
print(group_by(["apple", "avocado", "banana", "blueberry", "cherry"], lambda s: s[0]))
print(group_by(list(range(10)), lambda n: n % 3))
words = ["hi", "hello", "hey", "greetings"]
print(argmax(words, len), argmax([3, -9, 4], abs), argmax([(1, 2), (0, 5)], lambda t: t[1]))
print(swap((1, "one")), swap(("x", 2.5)), swap(swap((True, None))))
