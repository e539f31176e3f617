"""Array: the one storage intrinsic under list, dict, set and bytearray.

A fixed-length array of slots, bounds-checked on every access. Compiled, it is a
pyrage_array (runtime/core/object.h) whose 8-byte slots hold the element's native
representation (an int, a float, a bool or an object pointer), and the compiler implements
each method inline (compiler/irbuild/arrays.py). Under CPython (hosted) this class runs as
written.

Compiled, slots start zeroed (0, 0.0, False, or no object); hosted, they start empty. Reading
a slot that was never written is a bug in the caller (hosted, it fails an assertion): only the
collection classes of pyrage.stdlib use Array, and they fill what they read.
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Array(Generic[T]):
    """Array[T](length): `length` zeroed slots."""

    def __init__(self, length: int) -> None:
        if length < 0:
            raise ValueError("negative array length")
        self._slots: list[T | None] = [None] * length

    def __len__(self) -> int:
        return len(self._slots)

    def __getitem__(self, index: int) -> T:
        if not 0 <= index < len(self._slots):
            raise IndexError("array index out of range")
        value = self._slots[index]
        assert value is not None, "read of an array slot that was never written"
        return value

    def __setitem__(self, index: int, value: T) -> None:
        if not 0 <= index < len(self._slots):
            raise IndexError("array index out of range")
        self._slots[index] = value

    def fill(self, value: T) -> None:
        """Set every slot to value."""
        for i in range(len(self._slots)):
            self._slots[i] = value

    def move(self, dst: int, src: int, count: int) -> None:
        """Copy slots [src, src+count) to [dst, dst+count) (the ranges may overlap)."""
        if count < 0 or not (0 <= src <= src + count <= len(self._slots)) or \
                not (0 <= dst <= dst + count <= len(self._slots)):
            raise IndexError("array index out of range")
        self._slots[dst:dst + count] = self._slots[src:src + count]

    def copy_to(self, target: Array[T], count: int) -> None:
        """target[0:count] = self[0:count]."""
        if count < 0 or count > len(self._slots) or count > len(target._slots):
            raise IndexError("array index out of range")
        target._slots[0:count] = self._slots[0:count]
