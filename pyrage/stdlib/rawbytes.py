"""RawBytes: fixed-size, mutable, bounds-checked bytes: the storage under bytes' methods,
bytearray and Buffer.

Compiled, a RawBytes is a pyrage_bytes object used mutably: `get`/`set` are inlined with a
bounds check, every other method is one runtime call (runtime/core/rawbytes.c), and multi-byte
reads and writes check their bounds once. Under CPython this class runs as written. Only
pyrage.stdlib uses it: a program uses bytes, bytearray and Buffer.

Errors are CPython's: IndexError("index out of range") outside the storage, ValueError for a
byte outside 0..255, OverflowError (int.to_bytes' words) for an int that does not fit.
"""

from __future__ import annotations


class RawBytes:
    """RawBytes(size): size zero bytes."""

    def __init__(self, size: int) -> None:
        if size < 0:
            raise ValueError("negative count")
        self._data = bytearray(size)

    @staticmethod
    def view_of(data: bytes) -> RawBytes:
        """The bytes of `data` as a RawBytes, for reading only. Compiled, this is `data` itself
        (no copy): writing to it would change an immutable bytes object."""
        raw = RawBytes(0)
        raw._data = bytearray(data)
        return raw

    def __len__(self) -> int:
        return len(self._data)

    def _check(self, at: int, count: int) -> None:
        if at < 0 or count < 0 or at + count > len(self._data):
            raise IndexError("index out of range")

    def get(self, at: int) -> int:
        """The byte at 0 <= at < len (0..255)."""
        self._check(at, 1)
        return self._data[at]

    def set(self, at: int, value: int) -> None:
        """Set the byte at 0 <= at < len; ValueError unless 0 <= value < 256."""
        self._check(at, 1)
        if not 0 <= value < 256:
            raise ValueError("byte must be in range(0, 256)")
        self._data[at] = value

    def get_int(self, at: int, width: int, big: bool, signed: bool) -> int:
        """The integer in [at, at+width) (width 1..8), big- or little-endian."""
        if not 1 <= width <= 8:
            raise ValueError("width must be 1 to 8 bytes")
        self._check(at, width)
        value = int.from_bytes(self._data[at:at + width], "big" if big else "little",
                               signed=signed)
        if value >= 1 << 63:
            raise OverflowError("int too big for pyrage's 64-bit int")
        return value

    def set_int(self, at: int, width: int, big: bool, signed: bool, value: int) -> None:
        """Write value as width (1..8) bytes; OverflowError if it does not fit."""
        if not 1 <= width <= 8:
            raise ValueError("width must be 1 to 8 bytes")
        self._check(at, width)
        self._data[at:at + width] = value.to_bytes(width, "big" if big else "little",
                                                   signed=signed)

    def copy_from(self, at: int, source: RawBytes, start: int, count: int) -> None:
        """self[at:at+count] = source[start:start+count] (the ranges may overlap)."""
        source._check(start, count)
        self._check(at, count)
        self._data[at:at + count] = source._data[start:start + count]

    def to_bytes(self, start: int, count: int) -> bytes:
        """A bytes copy of [start, start+count)."""
        self._check(start, count)
        return bytes(self._data[start:start + count])

    def fill(self, start: int, count: int, value: int) -> None:
        """Set [start, start+count) to value."""
        self._check(start, count)
        if not 0 <= value < 256:
            raise ValueError("byte must be in range(0, 256)")
        self._data[start:start + count] = bytes([value]) * count

    def find(self, start: int, end: int, needle: bytes, reverse: bool) -> int:
        """The first (or last) position of needle within [start, end), clamped; -1 if none."""
        start, end = max(start, 0), min(end, len(self._data))
        if end - start < len(needle):
            return -1
        if reverse:
            return self._data.rfind(needle, start, end)
        return self._data.find(needle, start, end)

    def compare(self, start: int, count: int, other: RawBytes, other_start: int,
                other_count: int) -> int:
        """-1, 0 or 1: how self[start:start+count] orders against the other range."""
        self._check(start, count)
        other._check(other_start, other_count)
        a = self._data[start:start + count]
        b = other._data[other_start:other_start + other_count]
        return -1 if a < b else 1 if a > b else 0

    def hex(self, start: int, count: int) -> str:
        """Two lowercase hex digits per byte of [start, start+count)."""
        self._check(start, count)
        return self._data[start:start + count].hex()

    def inet_sum(self, start: int, count: int) -> int:
        """The Internet checksum's one's-complement sum (RFC 1071) of [start, start+count) as
        big-endian 16-bit words (an odd last byte padded with zero), folded to 0..0xFFFF."""
        self._check(start, count)
        data = bytes(self._data[start:start + count])
        if count & 1:
            data += b"\x00"
        # 2**16 is 1 modulo 0xFFFF, so the folded sum is the number modulo 0xFFFF, except that
        # one's complement writes a nonzero multiple of 0xFFFF as 0xFFFF (and zero as 0).
        total = int.from_bytes(data, "big") % 0xFFFF
        return 0xFFFF if total == 0 and any(data) else total

    def crc32(self, start: int, count: int, crc: int) -> int:
        """The CRC-32 of [start, start+count) (zlib's and Ethernet's: polynomial 0x04C11DB7,
        reflected), continuing from crc (0 to begin): the storage formats' checksum."""
        self._check(start, count)
        import zlib

        return zlib.crc32(self._data[start:start + count], crc & 0xFFFFFFFF)

    def decode(self, start: int, count: int, ascii: bool) -> str:
        """[start, start+count) decoded as UTF-8 (or ASCII), strictly: UnicodeDecodeError as
        CPython words it."""
        self._check(start, count)
        return self._data[start:start + count].decode("ascii" if ascii else "utf-8")
