"""int methods, compiled: `n.name(args)` becomes `int_name(n, args)` here, and
int.from_bytes(...) becomes int_from_bytes(...).

pyrage's int is 64 bits: a value that CPython would grow past that raises OverflowError here
(int.from_bytes of 8 unsigned bytes with the top bit set, say). Otherwise results, messages and
exception types follow CPython.
"""

from __future__ import annotations

from pyrage.stdlib.rawbytes import RawBytes


def _big(byteorder: str) -> bool:
    if byteorder == "big":
        return True
    if byteorder == "little":
        return False
    raise ValueError("byteorder must be either 'little' or 'big'")


def int_to_bytes(n: int, length: int = 1, byteorder: str = "big", *,
                 signed: bool = False) -> bytes:
    big = _big(byteorder)
    if length < 0:
        raise ValueError("length argument must be non-negative")
    if not signed and n < 0:
        raise OverflowError("can't convert negative int to unsigned")
    out = RawBytes(length)
    width = min(length, 8)
    if width == 0:
        if n != 0:
            raise OverflowError("int too big to convert")
        return out.to_bytes(0, 0)
    if length > 8 and n < 0:
        out.fill(0, length, 0xFF)  # sign extension beyond the 8 bytes a pyrage int has
    at = length - width if big else 0
    out.set_int(at, width, big, signed or length > 8, n)
    return out.to_bytes(0, length)


def int_from_bytes(data: bytes, byteorder: str = "big", *, signed: bool = False) -> int:
    big = _big(byteorder)
    raw = RawBytes.view_of(data)
    size = len(data)
    if size == 0:
        return 0
    # Leading sign bytes beyond 8 carry no value: skip them if they are 0 (or 0xFF, signed).
    fill = 0xFF if signed and raw.get(0 if big else size - 1) >= 0x80 else 0
    width = size
    while width > 8:
        at = size - width if big else width - 1
        if raw.get(at) != fill:
            raise OverflowError("int too big for pyrage's 64-bit int")
        width -= 1
    at = size - width if big else 0
    value = raw.get_int(at, width, big, signed or size > 8)
    if size > 8 and (value < 0) != (fill == 0xFF):
        raise OverflowError("int too big for pyrage's 64-bit int")
    return value


def int_bit_length(n: int) -> int:
    if n < 0:
        if n == -(1 << 62) * 2:
            return 64
        n = -n
    length = 0
    while n:
        n >>= 1
        length += 1
    return length


def int_bit_count(n: int) -> int:
    if n < 0:
        if n == -(1 << 62) * 2:
            return 1
        n = -n
    count = 0
    while n:
        n &= n - 1
        count += 1
    return count


def int_of_bytes(data: bytes, base: int = 10) -> int:
    """int(b"42"): the ASCII digits of bytes (the error message shows the bytes)."""
    text = data.decode("latin-1")
    try:
        return int(text, base)
    except ValueError:
        raise ValueError(f"invalid literal for int() with base {base}: {data!r}") from None
