"""Generic algorithms."""

from collections.abc import Callable, Iterable
from typing import Optional, TypeVar

T = TypeVar("T")


def argmin(xs: list[T], key: Callable[[T], int]) -> Optional[int]:
    best: Optional[int] = None
    for i, x in enumerate(xs):
        if best is None or key(x) < key(xs[best]):
            best = i
    return best


def chunks(xs: list[T], n: int) -> list[list[T]]:
    return [xs[i:i + n] for i in range(0, len(xs), n)]


def frequencies(xs: Iterable[T]) -> dict[T, int]:
    out: dict[T, int] = {}
    for x in xs:
        out[x] = out.get(x, 0) + 1
    return out


def merge_sorted(a: list[T], b: list[T], less: Callable[[T, T], bool]) -> list[T]:
    out: list[T] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if less(b[j], a[i]):
            out.append(b[j])
            j += 1
        else:
            out.append(a[i])
            i += 1
    return out + a[i:] + b[j:]
