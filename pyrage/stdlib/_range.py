"""range objects as values (`r = range(0, 10, 2)`; len(r), r[i], x in r, r[1:3]), compiled.

`for i in range(...)` never makes one: the compiler counts the loop itself (irbuild/iteration.py).
Lengths and items follow CPython's range, with pyrage's 64-bit ints: a range longer than 2**63-1
items raises OverflowError when its length is asked, as CPython's len() does past sys.maxsize.
"""

from __future__ import annotations

from pyrage.stdlib._list import _slice_indices


class Range:
    def __init__(self, start: int, stop: int, step: int) -> None:
        if step == 0:
            raise ValueError("range() arg 3 must not be zero")
        self.start = start
        self.stop = stop
        self.step = step

    def __len__(self) -> int:
        if self.step > 0 and self.start < self.stop:
            return (self.stop - self.start - 1) // self.step + 1
        if self.step < 0 and self.start > self.stop:
            return (self.start - self.stop - 1) // -self.step + 1
        return 0

    def _at(self, index: int) -> int:
        """The item at 0 <= index < len (iteration reads through this)."""
        return self.start + index * self.step

    def __getitem__(self, index: int) -> int:
        size = len(self)
        if index < 0:
            index += size
        if index < 0 or index >= size:
            raise IndexError("range object index out of range")
        return self.start + index * self.step

    def _slice(self, start: int | None, stop: int | None, step: int | None) -> Range:
        first, last, stride, count = _slice_indices(len(self), start, stop, step)
        begin = self.start + first * self.step
        return Range(begin, begin + count * stride * self.step, stride * self.step)

    def __contains__(self, value: int) -> bool:
        if self.step > 0:
            inside = self.start <= value < self.stop
        else:
            inside = self.stop < value <= self.start
        return inside and (value - self.start) % self.step == 0

    def index(self, value: int) -> int:
        if value not in self:
            raise ValueError(f"{value} is not in range")
        return (value - self.start) // self.step

    def count(self, value: int) -> int:
        return 1 if value in self else 0

    def __eq__(self, other: Range) -> bool:  # type: ignore[override]
        """Ranges are equal when they hold the same items (CPython compares that way)."""
        size = len(self)
        if size != len(other):
            return False
        if size == 0:
            return True
        if self.start != other.start:
            return False
        return size == 1 or self.step == other.step

    def __repr__(self) -> str:
        if self.step == 1:
            return f"range({self.start}, {self.stop})"
        return f"range({self.start}, {self.stop}, {self.step})"


def range_new(start: int, stop: int, step: int) -> Range:
    return Range(start, stop, step)
