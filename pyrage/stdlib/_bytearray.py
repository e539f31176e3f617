"""bytearray, compiled: a growable byte buffer over RawBytes (what the compiler uses for every
builtins.bytearray).

Behaviour, messages and exception types follow CPython's bytearray. The compiler routes its
methods, operators, indexing and iteration here, converts it to bytes where a bytes-like
argument is wanted (`_to_bytes`), and builds it with the module's functions; user code never
names this class.
"""

from __future__ import annotations

from pyrage.stdlib import _bytesops as ops
from pyrage.stdlib._list import _slice_indices
from pyrage.stdlib.rawbytes import RawBytes


def _grown(needed: int) -> int:
    """CPython's over-allocation for bytearray: about 1/8 more."""
    return needed + (needed >> 3) + (3 if needed < 9 else 6)


class ByteArray:
    def __init__(self) -> None:
        self._raw = RawBytes(0)
        self._size = 0

    # --- the compiler's hooks -------------------------------------------------------------------

    def _reserve(self, needed: int) -> None:
        if needed > len(self._raw):
            raw = RawBytes(_grown(needed))
            raw.copy_from(0, self._raw, 0, self._size)
            self._raw = raw

    def _at(self, index: int) -> int:
        """The byte at 0 <= index < len (iteration reads through this)."""
        return self._raw.get(index)

    def _to_bytes(self) -> bytes:
        return self._raw.to_bytes(0, self._size)

    def _extend_bytes(self, data: bytes) -> None:
        self._reserve(self._size + len(data))
        self._raw.copy_from(self._size, RawBytes.view_of(data), 0, len(data))
        self._size += len(data)

    def _extend_list(self, values: list[int]) -> None:
        for value in values:
            self.append(value)

    def _index(self, index: int, message: str) -> int:
        if index < 0:
            index += self._size
        if index < 0 or index >= self._size:
            raise IndexError(message)
        return index

    def _replace_range(self, start: int, stop: int, data: bytes) -> None:
        """self[start:stop] = data for 0 <= start <= stop <= len (a slice with step 1)."""
        new_size = self._size - (stop - start) + len(data)
        self._reserve(new_size)
        self._raw.copy_from(start + len(data), self._raw, stop, self._size - stop)
        self._raw.copy_from(start, RawBytes.view_of(data), 0, len(data))
        self._size = new_size

    # --- sequence protocol ----------------------------------------------------------------------

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index: int) -> int:
        return self._raw.get(self._index(index, "bytearray index out of range"))

    def __setitem__(self, index: int, value: int) -> None:
        if not 0 <= value < 256:
            raise ValueError("byte must be in range(0, 256)")
        self._raw.set(self._index(index, "bytearray index out of range"), value)

    def __delitem__(self, index: int) -> None:
        self.pop(self._index(index, "bytearray index out of range"))

    def _slice(self, start: int | None, stop: int | None, step: int | None) -> ByteArray:
        first, _last, stride, count = _slice_indices(self._size, start, stop, step)
        result = ByteArray()
        result._reserve(count)
        if stride == 1:
            result._raw.copy_from(0, self._raw, first, count)
        else:
            for i in range(count):
                result._raw.set(i, self._raw.get(first + i * stride))
        result._size = count
        return result

    def _set_slice(self, start: int | None, stop: int | None, step: int | None,
                   value: bytes | ByteArray) -> None:
        data = _bytes_of(value)
        first, _last, stride, count = _slice_indices(self._size, start, stop, step)
        if stride == 1:
            self._replace_range(first, max(first + count, first), data)
            return
        if len(data) != count:
            raise ValueError(f"attempt to assign bytes of size {len(data)} to extended slice "
                             f"of size {count}")
        source = RawBytes.view_of(data)
        for i in range(count):
            self._raw.set(first + i * stride, source.get(i))

    def _del_slice(self, start: int | None, stop: int | None, step: int | None) -> None:
        first, _last, stride, count = _slice_indices(self._size, start, stop, step)
        if stride == 1:
            self._replace_range(first, first + count, b"")
            return
        positions = [first + i * stride for i in range(count)]
        positions.sort()
        for k in range(len(positions) - 1, -1, -1):
            self.pop(positions[k])

    def __contains__(self, value: int | bytes) -> bool:
        needle = ops.byte_of(value) if isinstance(value, int) else value
        return self._raw.find(0, self._size, needle, False) >= 0

    # --- mutation -------------------------------------------------------------------------------

    def append(self, value: int) -> None:
        if not 0 <= value < 256:
            raise ValueError("byte must be in range(0, 256)")
        if self._size == len(self._raw):
            self._reserve(self._size + 1)
        self._raw.set(self._size, value)
        self._size += 1

    def insert(self, index: int, value: int) -> None:
        if not 0 <= value < 256:
            raise ValueError("byte must be in range(0, 256)")
        if index < 0:
            index = max(index + self._size, 0)
        index = min(index, self._size)
        self._reserve(self._size + 1)
        self._raw.copy_from(index + 1, self._raw, index, self._size - index)
        self._raw.set(index, value)
        self._size += 1

    def pop(self, index: int = -1) -> int:
        if self._size == 0:
            raise IndexError("pop from empty bytearray")
        index = self._index(index, "pop index out of range")
        value = self._raw.get(index)
        self._raw.copy_from(index, self._raw, index + 1, self._size - index - 1)
        self._size -= 1
        return value

    def remove(self, value: int) -> None:
        for i in range(self._size):
            if self._raw.get(i) == value:
                self.pop(i)
                return
        raise ValueError("value not found in bytearray")

    def clear(self) -> None:
        self._raw = RawBytes(0)
        self._size = 0

    def copy(self) -> ByteArray:
        return self._slice(None, None, None)

    def reverse(self) -> None:
        low, high = 0, self._size - 1
        while low < high:
            byte = self._raw.get(low)
            self._raw.set(low, self._raw.get(high))
            self._raw.set(high, byte)
            low += 1
            high -= 1

    # --- operators ------------------------------------------------------------------------------

    def __eq__(self, other: ByteArray | bytes) -> bool:  # type: ignore[override]
        data = _bytes_of(other)
        return self._raw.compare(0, self._size, RawBytes.view_of(data), 0, len(data)) == 0

    def __lt__(self, other: ByteArray) -> bool:
        return self._raw.compare(0, self._size, other._raw, 0, other._size) < 0

    def __add__(self, other: bytes | ByteArray) -> ByteArray:
        result = self.copy()
        result._extend_bytes(_bytes_of(other))
        return result

    def __iadd__(self, other: bytes | ByteArray) -> ByteArray:
        self._extend_bytes(_bytes_of(other))
        return self

    def __mul__(self, times: int) -> ByteArray:
        result = ByteArray()
        result._raw = ops.repeated(self._raw, self._size, times)
        result._size = len(result._raw)
        return result

    def __imul__(self, times: int) -> ByteArray:
        self._raw = ops.repeated(self._raw, self._size, times)
        self._size = len(self._raw)
        return self

    def __repr__(self) -> str:
        return f"bytearray({self._to_bytes()!r})"

    # --- methods shared with bytes --------------------------------------------------------------

    def hex(self, sep: str | None = None, bytes_per_sep: int = 1) -> str:
        return ops.hex_of(self._raw, self._size, sep, bytes_per_sep)

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return ops.decoded(self._raw, self._size, encoding, errors)

    def find(self, sub: bytes | int, start: int | None = None, end: int | None = None) -> int:
        needle = ops.byte_of(sub) if isinstance(sub, int) else sub
        return ops.find(self._raw, self._size, needle, start, end, False)

    def rfind(self, sub: bytes | int, start: int | None = None, end: int | None = None) -> int:
        needle = ops.byte_of(sub) if isinstance(sub, int) else sub
        return ops.find(self._raw, self._size, needle, start, end, True)

    def index(self, sub: bytes | int, start: int | None = None, end: int | None = None) -> int:
        found = self.find(sub, start, end)
        if found < 0:
            raise ValueError("subsection not found")
        return found

    def count(self, sub: bytes | int, start: int | None = None, end: int | None = None) -> int:
        needle = ops.byte_of(sub) if isinstance(sub, int) else sub
        return ops.count(self._raw, self._size, needle, start, end)

    def startswith(self, prefix: bytes, start: int | None = None,
                   end: int | None = None) -> bool:
        return ops.starts_at(self._raw, self._size, prefix, start, end, False)

    def endswith(self, suffix: bytes, start: int | None = None,
                 end: int | None = None) -> bool:
        return ops.starts_at(self._raw, self._size, suffix, start, end, True)

    def _piece(self, start: int, end: int) -> ByteArray:
        return self._slice(start, end, None)

    def strip(self, chars: bytes | None = None) -> ByteArray:
        a, z = ops.strip_range(self._raw, self._size, chars, True, True)
        return self._piece(a, z)

    def split(self, sep: bytes | None = None, maxsplit: int = -1) -> list[ByteArray]:
        ranges = ops.split_ranges(self._raw, self._size, sep, maxsplit)
        return [self._piece(ranges[i], ranges[i + 1]) for i in range(0, len(ranges), 2)]

    def upper(self) -> ByteArray:
        result = ByteArray()
        result._raw = ops.changed_case(self._raw, self._size, True)
        result._size = self._size
        return result

    def lower(self) -> ByteArray:
        result = ByteArray()
        result._raw = ops.changed_case(self._raw, self._size, False)
        result._size = self._size
        return result


def _bytes_of(value: bytes | ByteArray) -> bytes:
    return value._to_bytes() if isinstance(value, ByteArray) else value


# --- constructors (called by the compiler) -------------------------------------------------------


def bytearray_zeros(count: int) -> ByteArray:
    """bytearray(count)."""
    if count < 0:
        raise ValueError("negative count")
    result = ByteArray()
    result._raw = RawBytes(count)
    result._size = count
    return result


def bytearray_of_bytes(data: bytes) -> ByteArray:
    """bytearray(b'...'), bytearray(s, encoding), bytearray(another bytearray)."""
    result = ByteArray()
    result._extend_bytes(data)
    return result


def bytearray_of_list(values: list[int]) -> ByteArray:
    """bytearray(iterable of ints): the compiler collects the ints in a list first."""
    result = ByteArray()
    result._extend_list(values)
    return result


def bytearray_fromhex(s: str) -> ByteArray:
    result = ByteArray()
    result._raw = ops.from_hex(s)
    result._size = len(result._raw)
    return result
