"""list[T], compiled: a growable array (what the compiler uses for every builtins.list).

Behaviour, messages and exception types follow CPython's list. The compiler routes list
methods, operators, indexing and iteration here; user code never names this class.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.stdlib.array import Array
from pyrage.stdlib.intrinsics import extern, identical

T = TypeVar("T")
K = TypeVar("K")
U = TypeVar("U")


def _grown(needed: int) -> int:
    """CPython's over-allocation: new capacity for `needed` items."""
    return (needed + (needed >> 3) + 6) & ~3


class List(Generic[T]):
    def __init__(self) -> None:
        self._items: Array[T] = Array(0)
        self._size = 0

    # --- the compiler's hooks: iteration and literals -----------------------------------------

    def _reserve(self, needed: int) -> None:
        if needed > len(self._items):
            items: Array[T] = Array(_grown(needed))
            self._items.copy_to(items, self._size)
            self._items = items

    def _at(self, index: int) -> T:
        """The item at 0 <= index < len (iteration reads through this)."""
        return self._items[index]

    # --- sequence protocol ----------------------------------------------------------------------

    def __len__(self) -> int:
        return self._size

    def _index(self, index: int, message: str) -> int:
        if index < 0:
            index += self._size
        if index < 0 or index >= self._size:
            raise IndexError(message)
        return index

    def __getitem__(self, index: int) -> T:
        return self._items[self._index(index, "list index out of range")]

    def __setitem__(self, index: int, value: T) -> None:
        self._items[self._index(index, "list assignment index out of range")] = value

    def __delitem__(self, index: int) -> None:
        self.pop(self._index(index, "list assignment index out of range"))

    # Items are tested for identity before ==, as CPython's list does.
    def __contains__(self, value: T) -> bool:
        for i in range(self._size):
            if identical(self._items[i], value) or self._items[i] == value:
                return True
        return False

    def _slice(self, start: int | None, stop: int | None, step: int | None) -> List[T]:
        first, _last, stride, count = _slice_indices(self._size, start, stop, step)
        result: List[T] = List()
        result._reserve(count)
        index = first
        for _ in range(count):
            result._items[result._size] = self._items[index]
            result._size += 1
            index += stride
        return result

    # --- mutation -------------------------------------------------------------------------------

    def append(self, value: T) -> None:
        if self._size == len(self._items):
            self._reserve(self._size + 1)
        self._items[self._size] = value
        self._size += 1

    def extend(self, other: List[T]) -> None:
        count = other._size
        self._reserve(self._size + count)
        for i in range(count):
            self._items[self._size + i] = other._items[i]
        self._size += count

    def insert(self, index: int, value: T) -> None:
        if index < 0:
            index = max(index + self._size, 0)
        index = min(index, self._size)
        self._reserve(self._size + 1)
        self._items.move(index + 1, index, self._size - index)
        self._items[index] = value
        self._size += 1

    def pop(self, index: int = -1) -> T:
        if self._size == 0:
            raise IndexError("pop from empty list")
        index = self._index(index, "pop index out of range")
        value = self._items[index]
        self._items.move(index, index + 1, self._size - index - 1)
        self._size -= 1
        return value

    def remove(self, value: T) -> None:
        for i in range(self._size):
            if identical(self._items[i], value) or self._items[i] == value:
                self.pop(i)
                return
        raise ValueError("list.remove(x): x not in list")

    def index(self, value: T) -> int:
        for i in range(self._size):
            if identical(self._items[i], value) or self._items[i] == value:
                return i
        raise ValueError(f"{value!r} is not in list")

    def count(self, value: T) -> int:
        found = 0
        for i in range(self._size):
            if identical(self._items[i], value) or self._items[i] == value:
                found += 1
        return found

    def clear(self) -> None:
        self._items = Array(0)
        self._size = 0

    def copy(self) -> List[T]:
        result: List[T] = List()
        result.extend(self)
        return result

    def reverse(self) -> None:
        low, high = 0, self._size - 1
        while low < high:
            item = self._items[low]
            self._items[low] = self._items[high]
            self._items[high] = item
            low += 1
            high -= 1

    def sort(self, reverse: bool = False) -> None:
        """Stable merge sort (equal items keep their order, also with reverse=True)."""
        if self._size < 2:
            return
        scratch: Array[T] = Array(self._size)
        width = 1
        while width < self._size:
            start = 0
            while start < self._size - width:
                _merge(self._items, scratch, start, start + width,
                       min(start + 2 * width, self._size), reverse)
                start += 2 * width
            width *= 2

    def _sort_keyed(self, keys: List[K], reverse: bool) -> None:
        """sort(key=f): by keys[i] = f(self[i]), computed once each (as CPython does), stably;
        the compiler computes the keys."""
        if self._size < 2:
            return
        order: Array[int] = Array(self._size)
        for i in range(self._size):
            order[i] = i
        scratch: Array[int] = Array(self._size)
        width = 1
        while width < self._size:
            start = 0
            while start < self._size - width:
                _merge_by_key(order, scratch, keys._items, start, start + width,
                              min(start + 2 * width, self._size), reverse)
                start += 2 * width
            width *= 2
        items: Array[T] = Array(len(self._items))
        for i in range(self._size):
            items[i] = self._items[order[i]]
        self._items = items

    # --- operators ------------------------------------------------------------------------------

    def __eq__(self, other: List[T]) -> bool:  # type: ignore[override]
        return lists_equal(self, other)

    def __lt__(self, other: List[T]) -> bool:
        for i in range(min(self._size, other._size)):
            a, b = self._items[i], other._items[i]
            if not (identical(a, b) or a == b):
                return bool(a < b)  # type: ignore[operator]
        return self._size < other._size

    def __le__(self, other: List[T]) -> bool:
        return not other < self

    def __gt__(self, other: List[T]) -> bool:
        return other < self

    def __ge__(self, other: List[T]) -> bool:
        return not self < other

    def __add__(self, other: List[T]) -> List[T]:
        result = self.copy()
        result.extend(other)
        return result

    def __iadd__(self, other: List[T]) -> List[T]:
        self.extend(other)
        return self

    def __imul__(self, times: int) -> List[T]:
        if times <= 0:
            self.clear()
            return self
        size = self._size
        self._reserve(size * times)
        for k in range(1, times):
            for i in range(size):
                self._items[k * size + i] = self._items[i]
        self._size = size * times
        return self

    def _set_slice(self, start: int | None, stop: int | None, step: int | None,
                   values: List[T]) -> None:
        """self[start:stop:step] = values (a copy first, so that xs[:] = xs works)."""
        items = values.copy()
        first, _last, stride, count = _slice_indices(self._size, start, stop, step)
        if stride == 1:
            stop_at = first + count
            new_size = self._size - count + items._size
            self._reserve(new_size)
            self._items.move(first + items._size, stop_at, self._size - stop_at)
            for i in range(items._size):
                self._items[first + i] = items._items[i]
            self._size = new_size
            return
        if items._size != count:
            raise ValueError(f"attempt to assign sequence of size {items._size} to extended "
                             f"slice of size {count}")
        for i in range(count):
            self._items[first + i * stride] = items._items[i]

    def _del_slice(self, start: int | None, stop: int | None, step: int | None) -> None:
        if start is None and stop is None and step is None:
            # del xs[:]: empty it, keeping the storage for what comes next (a queue's batch).
            # The old items stay in the storage until overwritten: they may outlive the list's
            # reference to them, which only retains memory (the collector never frees early).
            self._size = 0
            return
        first, _last, stride, count = _slice_indices(self._size, start, stop, step)
        if stride < 0:  # the same items, walked upwards
            first, stride = first + (count - 1) * stride, -stride
        write = first
        for read in range(first, self._size):
            if count and read < first + count * stride and (read - first) % stride == 0:
                continue
            self._items[write] = self._items[read]
            write += 1
        self._size = write

    def __mul__(self, times: int) -> List[T]:
        result: List[T] = List()
        for _ in range(times):
            result.extend(self)
        return result

    def _join(self: List[str], sep: str) -> str:
        """sep.join(self): the compiler collects str.join's items here, then joins once."""
        return str_join(sep, self._items, self._size)

    def __repr__(self) -> str:
        text = "["
        for i in range(self._size):
            if i:
                text += ", "
            text += repr(self._items[i])
        return text + "]"


def _merge(items: Array[T], scratch: Array[T], low: int, middle: int, high: int,
           reverse: bool) -> None:
    """Merge the sorted runs items[low:middle] and items[middle:high], stably."""
    for i in range(low, high):
        scratch[i] = items[i]
    left, right, out = low, middle, low
    while left < middle and right < high:
        a, b = scratch[left], scratch[right]
        take_right = bool(a < b) if reverse else bool(b < a)  # type: ignore[operator]
        if take_right:
            items[out] = b
            right += 1
        else:
            items[out] = a
            left += 1
        out += 1
    while left < middle:
        items[out] = scratch[left]
        left += 1
        out += 1
    while right < high:
        items[out] = scratch[right]
        right += 1
        out += 1


def _merge_by_key(order: Array[int], scratch: Array[int], keys: Array[K], low: int,
                  middle: int, high: int, reverse: bool) -> None:
    """_merge on positions, comparing keys[position]."""
    for i in range(low, high):
        scratch[i] = order[i]
    left, right, out = low, middle, low
    while left < middle and right < high:
        a, b = scratch[left], scratch[right]
        ka, kb = keys[a], keys[b]
        take_right = bool(ka < kb) if reverse else bool(kb < ka)  # type: ignore[operator]
        if take_right:
            order[out] = b
            right += 1
        else:
            order[out] = a
            left += 1
        out += 1
    while left < middle:
        order[out] = scratch[left]
        left += 1
        out += 1
    while right < high:
        order[out] = scratch[right]
        right += 1
        out += 1


def _slice_indices(length: int, start: int | None, stop: int | None,
                   step: int | None) -> tuple[int, int, int, int]:
    """slice(start, stop, step).indices(length) plus the item count, as CPython computes."""
    stride = 1 if step is None else step
    if stride == 0:
        raise ValueError("slice step cannot be zero")
    if stride > 0:
        lower, upper = 0, length
    else:
        lower, upper = -1, length - 1
    if start is None:
        first = upper if stride < 0 else lower
    else:
        first = start + length if start < 0 else start
        first = max(first, lower) if start < 0 else min(first, upper)
    if stop is None:
        last = lower if stride < 0 else upper
    else:
        last = stop + length if stop < 0 else stop
        last = max(last, lower) if stop < 0 else min(last, upper)
    # Counted without forming last - first + stride, which overflows for a step near 2**63.
    if stride > 0:
        count = (last - first - 1) // stride + 1 if last > first else 0
    elif first > last:
        count = 1 if stride < -(first - last) else (first - last - 1) // -stride + 1
    else:
        count = 0
    return first, last, stride, count


@extern("rt_str_join")
def str_join(sep: str, items: Array[str], count: int) -> str:
    """sep.join(items[0:count]), in one allocation."""
    return sep.join(items[i] for i in range(count))


def unpack_check(size: int, before: int, after: int, starred: bool) -> None:
    """a, b = xs / a, *rest, z = xs: the ValueError CPython raises when xs does not fit."""
    expected = before + after
    if starred:
        if size < expected:
            raise ValueError(f"not enough values to unpack (expected at least {expected}, "
                             f"got {size})")
        return
    if size < expected:
        raise ValueError(f"not enough values to unpack (expected {expected}, got {size})")
    if size > expected:
        raise ValueError(f"too many values to unpack (expected {expected})")


def lists_equal(a: List[T], b: List[U]) -> bool:
    """a == b item by item (identity first, as CPython), also for lists of two static item
    types (a list[object] and a list[int]: irbuild's expr.containers_equal)."""
    if a._size != b._size:
        return False
    for i in range(a._size):
        x, y = a._items[i], b._items[i]
        if not (identical(x, y) or x == y):
            return False
    return True
