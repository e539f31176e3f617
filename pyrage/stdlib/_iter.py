"""Iterator[T], compiled: the one kind of iterator object pyrage makes, over a list.

`iter(xs)` of a list walks the list itself, as CPython's list iterator does (it sees items
appended while it runs); `iter()` of any other iterable walks a list of its items, taken when
iter() is called. A value typed Iterator[T] is always one of these: generators are not
compiled (yet), so nothing else can produce one.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.stdlib._list import List

T = TypeVar("T")


class ListIterator(Generic[T]):
    def __init__(self, items: List[T]) -> None:
        self._items = items
        self._next = 0
        self._done = False

    def __iter__(self) -> ListIterator[T]:
        return self

    def __next__(self) -> T:
        if self._done or self._next >= len(self._items):
            self._done = True  # exhausted for good, as CPython's is
            raise StopIteration
        item = self._items._at(self._next)
        self._next += 1
        return item

    def _next_or(self, default: T) -> T:
        """next(it, default)."""
        if self._done or self._next >= len(self._items):
            self._done = True
            return default
        item = self._items._at(self._next)
        self._next += 1
        return item
