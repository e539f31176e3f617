"""tuple[T, ...], compiled: an immutable sequence of any length (a fixed tuple[A, B] is a
record the compiler lays out itself).

A fixed tuple becomes one of these where a tuple[T, ...] is declared (the compiler copies its
items in); tuple(iterable) builds one. Equality, ordering, hashing (CPython's tuple hash, so
sets of them iterate in CPython's order) and repr follow CPython's tuple.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.stdlib._list import List
from pyrage.stdlib.intrinsics import extern, identical

T = TypeVar("T")


@extern("rt_hash_tuple_start")
def _hash_start() -> int:
    return 0x27D4EB2F165667C5  # under CPython nothing calls these: hash(tuple) is used


@extern("rt_hash_tuple_step")
def _hash_step(acc: int, lane: int) -> int:
    return acc ^ lane


@extern("rt_hash_tuple_finish")
def _hash_finish(acc: int, length: int) -> int:
    return acc ^ length


class VarTuple(Generic[T]):
    def __init__(self, items: List[T]) -> None:
        self._items = items  # never changed after construction: the compiler's copy

    def __len__(self) -> int:
        return len(self._items)

    def _at(self, index: int) -> T:
        return self._items._at(index)

    def __getitem__(self, index: int) -> T:
        if index < 0:
            index += len(self._items)
        if index < 0 or index >= len(self._items):
            raise IndexError("tuple index out of range")
        return self._items._at(index)

    def _slice(self, start: int | None, stop: int | None, step: int | None) -> VarTuple[T]:
        return VarTuple(self._items._slice(start, stop, step))

    def _slice_list(self, start: int | None, stop: int | None, step: int | None) -> List[T]:
        """t[start:stop] as a list: what `a, *rest = t` binds to rest."""
        return self._items._slice(start, stop, step)

    def __contains__(self, value: T) -> bool:
        return value in self._items

    def index(self, value: T) -> int:
        for i in range(len(self._items)):
            item = self._items._at(i)
            if identical(item, value) or item == value:
                return i
        raise ValueError("tuple.index(x): x not in tuple")

    def count(self, value: T) -> int:
        return self._items.count(value)

    def __eq__(self, other: VarTuple[T]) -> bool:  # type: ignore[override]
        return self._items == other._items

    def __lt__(self, other: VarTuple[T]) -> bool:
        return self._items < other._items

    def __add__(self, other: VarTuple[T]) -> VarTuple[T]:
        return VarTuple(self._items + other._items)

    def __mul__(self, times: int) -> VarTuple[T]:
        return VarTuple(self._items * times)

    def __hash__(self) -> int:
        acc = _hash_start()
        for i in range(len(self._items)):
            acc = _hash_step(acc, hash(self._items._at(i)))
        return _hash_finish(acc, len(self._items))

    def __repr__(self) -> str:
        if len(self._items) == 1:
            return "(" + repr(self._items._at(0)) + ",)"
        text = "("
        for i in range(len(self._items)):
            if i:
                text += ", "
            text += repr(self._items._at(i))
        return text + ")"
