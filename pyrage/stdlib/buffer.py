"""Buffer: a bounds-checked, zero-copy view of bytes, with big- and little-endian accessors
(MirageOS's Cstruct).

A Buffer is (storage, offset, length). `sub` and `shift` make new views of the same storage
without copying, so a protocol layer hands the payload of a frame to the next layer as a
Buffer. Every access is checked against the view, never against the storage: a malformed
length field can make a parser raise IndexError, never read a neighbour's bytes.

    frame = Buffer.create(64)
    frame.set_u16_be(12, 0x0800)        # EtherType
    ip = frame.shift(14)                # the IPv4 header, sharing frame's bytes
    ip.set_u8(0, 0x45)
    assert frame.get_u8(14) == 0x45

The same code runs under CPython (hosted) and compiled; compiled, each accessor is a few
inlined compares and loads.
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib.rawbytes import RawBytes

INT_MAX: Final = (1 << 62) - 1 + (1 << 62)  # 2**63 - 1, the largest u64 a pyrage int holds


class Buffer:
    """A view of `length` bytes at `offset` in a RawBytes; use create/of_bytes to make one."""

    def __init__(self, raw: RawBytes, offset: int, length: int) -> None:
        if offset < 0 or length < 0 or offset + length > len(raw):
            raise IndexError(f"Buffer({offset}, {length}) outside storage of {len(raw)} bytes")
        self._raw = raw
        self._off = offset
        self._len = length

    @staticmethod
    def create(size: int) -> Buffer:
        """`size` zero bytes."""
        return Buffer(RawBytes(size), 0, size)

    @staticmethod
    def of_bytes(data: bytes) -> Buffer:
        """A new, writable copy of data."""
        buf = Buffer.create(len(data))
        buf._raw.copy_from(0, RawBytes.view_of(data), 0, len(data))
        return buf

    # --- views ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._len

    def _check(self, at: int, width: int, what: str) -> None:
        if at < 0 or width < 0 or at > self._len - width:
            raise IndexError(f"Buffer.{what}: {width} bytes at {at} outside a buffer of "
                             f"{self._len}")

    def sub(self, at: int, length: int) -> Buffer:
        """The `length` bytes at `at`, sharing storage."""
        self._check(at, length, "sub")
        return Buffer(self._raw, self._off + at, length)

    def shift(self, count: int) -> Buffer:
        """Everything after the first `count` bytes, sharing storage."""
        self._check(count, 0, "shift")
        return Buffer(self._raw, self._off + count, self._len - count)

    def headroom(self) -> int:
        """The storage's bytes before the view: how far push() can extend it."""
        return self._off

    def push(self, count: int) -> Buffer:
        """The view extended `count` bytes to the front, in the same storage: where a protocol
        layer writes its header before a payload that the layer above placed with room for it
        (a network stack's headroom). IndexError beyond the storage's start."""
        if count < 0 or count > self._off:
            raise IndexError(f"Buffer.push: {count} bytes before a view with {self._off} of "
                             "headroom")
        return Buffer(self._raw, self._off - count, self._len + count)

    def storage(self) -> RawBytes:
        """The RawBytes under the view, and `start()` is where the view begins in it: for device
        drivers, which hand that range to the platform (stdlib.platform checks it again)."""
        return self._raw

    def start(self) -> int:
        return self._off

    def __getitem__(self, at: int) -> int:
        """The byte at `at` (negative counts from the end, as for bytes)."""
        if at < 0:
            at += self._len
        self._check(at, 1, "__getitem__")
        return self._raw.get(self._off + at)

    def __setitem__(self, at: int, value: int) -> None:
        if at < 0:
            at += self._len
        self._check(at, 1, "__setitem__")
        self._raw.set(self._off + at, value)

    # --- fixed-width integers -------------------------------------------------------------------

    def get_u8(self, at: int) -> int:
        self._check(at, 1, "get_u8")
        return self._raw.get(self._off + at)

    def get_u16_be(self, at: int) -> int:
        self._check(at, 2, "get_u16_be")
        i = self._off + at
        return (self._raw.get(i) << 8) | self._raw.get(i + 1)

    def get_u16_le(self, at: int) -> int:
        self._check(at, 2, "get_u16_le")
        i = self._off + at
        return self._raw.get(i) | (self._raw.get(i + 1) << 8)

    def get_u32_be(self, at: int) -> int:
        self._check(at, 4, "get_u32_be")
        return self._raw.get_int(self._off + at, 4, True, False)

    def get_u32_le(self, at: int) -> int:
        self._check(at, 4, "get_u32_le")
        return self._raw.get_int(self._off + at, 4, False, False)

    def get_u64_be(self, at: int) -> int:
        """OverflowError for values of 2**63 or more (pyrage's int is 64-bit, signed)."""
        self._check(at, 8, "get_u64_be")
        return self._raw.get_int(self._off + at, 8, True, False)

    def get_u64_le(self, at: int) -> int:
        self._check(at, 8, "get_u64_le")
        return self._raw.get_int(self._off + at, 8, False, False)

    def set_u8(self, at: int, value: int) -> None:
        """ValueError unless 0 <= value < 256 (as for every set_uN and its range)."""
        self._check(at, 1, "set_u8")
        self._raw.set(self._off + at, value)

    def set_u16_be(self, at: int, value: int) -> None:
        self._check(at, 2, "set_u16_be")
        _check_width(value, 0xFFFF, "set_u16_be")
        i = self._off + at
        self._raw.set(i, value >> 8)
        self._raw.set(i + 1, value & 0xFF)

    def set_u16_le(self, at: int, value: int) -> None:
        self._check(at, 2, "set_u16_le")
        _check_width(value, 0xFFFF, "set_u16_le")
        i = self._off + at
        self._raw.set(i, value & 0xFF)
        self._raw.set(i + 1, value >> 8)

    def set_u32_be(self, at: int, value: int) -> None:
        self._check(at, 4, "set_u32_be")
        _check_width(value, 0xFFFFFFFF, "set_u32_be")
        self._raw.set_int(self._off + at, 4, True, False, value)

    def set_u32_le(self, at: int, value: int) -> None:
        self._check(at, 4, "set_u32_le")
        _check_width(value, 0xFFFFFFFF, "set_u32_le")
        self._raw.set_int(self._off + at, 4, False, False, value)

    def set_u64_be(self, at: int, value: int) -> None:
        self._check(at, 8, "set_u64_be")
        _check_width(value, INT_MAX, "set_u64_be")
        self._raw.set_int(self._off + at, 8, True, False, value)

    def set_u64_le(self, at: int, value: int) -> None:
        self._check(at, 8, "set_u64_le")
        _check_width(value, INT_MAX, "set_u64_le")
        self._raw.set_int(self._off + at, 8, False, False, value)

    # --- bulk -----------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """A bytes copy of the view."""
        return self._raw.to_bytes(self._off, self._len)

    def blit(self, src: Buffer, src_at: int, dst_at: int, length: int) -> None:
        """self[dst_at:dst_at+length] = src[src_at:src_at+length]; overlapping is fine."""
        src._check(src_at, length, "blit (source)")
        self._check(dst_at, length, "blit")
        self._raw.copy_from(self._off + dst_at, src._raw, src._off + src_at, length)

    def blit_from_bytes(self, src: bytes, src_at: int, dst_at: int, length: int) -> None:
        """self[dst_at:dst_at+length] = src[src_at:src_at+length]."""
        if src_at < 0 or length < 0 or src_at > len(src) - length:
            raise IndexError(f"Buffer.blit_from_bytes: {length} bytes at {src_at} outside "
                             f"bytes of {len(src)}")
        self._check(dst_at, length, "blit_from_bytes")
        self._raw.copy_from(self._off + dst_at, RawBytes.view_of(src), src_at, length)

    def fill(self, value: int) -> None:
        """Set every byte of the view to value (0..255)."""
        self._raw.fill(self._off, self._len, value)

    def hex(self) -> str:
        return self._raw.hex(self._off, self._len)

    def __eq__(self, other: Buffer) -> bool:  # type: ignore[override]
        """Whether the two views hold the same bytes."""
        return self._raw.compare(self._off, self._len, other._raw, other._off, other._len) == 0

    def __repr__(self) -> str:
        return f"Buffer({self.to_bytes()!r})"


def _check_width(value: int, limit: int, what: str) -> None:
    if value < 0 or value > limit:
        raise ValueError(f"Buffer.{what}: {value} does not fit")
