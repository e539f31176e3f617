"""The algorithms bytes and bytearray share, over the first `size` bytes of a RawBytes.

bytes' methods (_bytes.py) pass RawBytes.view_of(b) and len(b); bytearray's (_bytearray.py)
pass their storage and length. Results are positions or new RawBytes, so that each caller
builds its own type (bytes.split gives bytes, bytearray.split gives bytearrays). Semantics,
messages and exception types are CPython's (Objects/bytes_methods.c).
"""

from __future__ import annotations

from pyrage.stdlib._str import codec_name
from pyrage.stdlib.rawbytes import RawBytes


def is_space(c: int) -> bool:
    """ASCII whitespace, as bytes.split() and strip() see it: space, \\t \\n \\v \\f \\r."""
    return c == 32 or 9 <= c <= 13


def adjust(start: int | None, end: int | None, size: int) -> tuple[int, int]:
    """CPython's ADJUST_INDICES: negative bounds count from the end, then clamp."""
    a = 0 if start is None else start
    z = size if end is None else end
    if z > size:
        z = size
    elif z < 0:
        z = max(z + size, 0)
    if a < 0:
        a = max(a + size, 0)
    return a, z


def byte_of(value: int) -> bytes:
    """An int argument where a byte is meant (b.find(65), 65 in b)."""
    if not 0 <= value < 256:
        raise ValueError("byte must be in range(0, 256)")
    raw = RawBytes(1)
    raw.set(0, value)
    return raw.to_bytes(0, 1)


def find(raw: RawBytes, size: int, sub: bytes, start: int | None, end: int | None,
         reverse: bool) -> int:
    a, z = adjust(start, end, size)
    if a > size:
        return -1
    return raw.find(a, z, sub, reverse)


def count(raw: RawBytes, size: int, sub: bytes, start: int | None, end: int | None) -> int:
    a, z = adjust(start, end, size)
    if a > size:
        return 0
    if len(sub) == 0:
        return z - a + 1 if a <= z else 0
    found = 0
    while True:
        at = raw.find(a, z, sub, False)
        if at < 0:
            return found
        found += 1
        a = at + len(sub)


def starts_at(raw: RawBytes, size: int, prefix: bytes, start: int | None, end: int | None,
              at_end: bool) -> bool:
    """startswith (or, at_end, endswith) within [start, end)."""
    a, z = adjust(start, end, size)
    n = len(prefix)
    if a > size or z - a < n:
        return False
    where = z - n if at_end else a
    return raw.compare(where, n, RawBytes.view_of(prefix), 0, n) == 0


def in_set(c: int, chars: bytes | None) -> bool:
    if chars is None:
        return is_space(c)
    for x in chars:
        if x == c:
            return True
    return False


def strip_range(raw: RawBytes, size: int, chars: bytes | None, left: bool,
                right: bool) -> tuple[int, int]:
    """The [start, end) that strip (lstrip, rstrip) keeps."""
    a, z = 0, size
    if left:
        while a < z and in_set(raw.get(a), chars):
            a += 1
    if right:
        while z > a and in_set(raw.get(z - 1), chars):
            z -= 1
    return a, z


def split_ranges(raw: RawBytes, size: int, sep: bytes | None, maxsplit: int) -> list[int]:
    """split's pieces as a flat [start0, end0, start1, end1, ...]."""
    pieces: list[int] = []
    if sep is None:
        i = 0
        while i < size and is_space(raw.get(i)):
            i += 1
        while i < size:
            if 0 <= maxsplit <= len(pieces) // 2:
                pieces.append(i)  # the rest keeps its trailing whitespace, as CPython's
                pieces.append(size)
                return pieces
            j = i
            while j < size and not is_space(raw.get(j)):
                j += 1
            pieces.append(i)
            pieces.append(j)
            i = j
            while i < size and is_space(raw.get(i)):
                i += 1
        return pieces
    if len(sep) == 0:
        raise ValueError("empty separator")
    start = 0
    while maxsplit < 0 or len(pieces) // 2 < maxsplit:
        found = raw.find(start, size, sep, False)
        if found < 0:
            break
        pieces.append(start)
        pieces.append(found)
        start = found + len(sep)
    pieces.append(start)
    pieces.append(size)
    return pieces


def rsplit_ranges(raw: RawBytes, size: int, sep: bytes | None, maxsplit: int) -> list[int]:
    """rsplit's pieces, flat, in order from the left."""
    pieces: list[int] = []  # collected from the right, as [end, start, ...]
    if sep is None:
        z = size
        while z > 0 and is_space(raw.get(z - 1)):
            z -= 1
        while z > 0:
            if 0 <= maxsplit <= len(pieces) // 2:
                pieces.append(z)  # the rest keeps its leading whitespace
                pieces.append(0)
                break
            a = z
            while a > 0 and not is_space(raw.get(a - 1)):
                a -= 1
            pieces.append(z)
            pieces.append(a)
            z = a
            while z > 0 and is_space(raw.get(z - 1)):
                z -= 1
    else:
        if len(sep) == 0:
            raise ValueError("empty separator")
        z = size
        while maxsplit < 0 or len(pieces) // 2 < maxsplit:
            found = raw.find(0, z, sep, True)
            if found < 0:
                break
            pieces.append(z)
            pieces.append(found + len(sep))
            z = found
        pieces.append(z)
        pieces.append(0)
    pieces.reverse()
    return pieces


def splitlines_ranges(raw: RawBytes, size: int, keepends: bool) -> list[int]:
    """splitlines' pieces, flat: lines end at \\n, \\r or \\r\\n (bytes know no others)."""
    pieces: list[int] = []
    start = 0
    i = 0
    while i < size:
        c = raw.get(i)
        if c == 10 or c == 13:
            end = i
            if c == 13 and i + 1 < size and raw.get(i + 1) == 10:
                i += 1
            pieces.append(start)
            pieces.append(i + 1 if keepends else end)
            start = i + 1
        i += 1
    if start < size:
        pieces.append(start)
        pieces.append(size)
    return pieces


def replaced(raw: RawBytes, size: int, old: bytes, new: bytes, limit: int) -> RawBytes:
    """A copy with the first `limit` (all, if negative) occurrences of old replaced."""
    positions: list[int] = []
    if len(old) == 0:
        at = 0
        while at <= size and (limit < 0 or len(positions) < limit):
            positions.append(at)
            at += 1
    else:
        at = raw.find(0, size, old, False)
        while at >= 0 and (limit < 0 or len(positions) < limit):
            positions.append(at)
            at = raw.find(at + len(old), size, old, False)
    out = RawBytes(size + len(positions) * (len(new) - len(old)))
    source = RawBytes.view_of(new)
    read = write = 0
    for at in positions:
        out.copy_from(write, raw, read, at - read)
        write += at - read
        out.copy_from(write, source, 0, len(new))
        write += len(new)
        read = at + len(old)
    out.copy_from(write, raw, read, size - read)
    return out


def changed_case(raw: RawBytes, size: int, upper: bool) -> RawBytes:
    """ASCII letters upper- or lower-cased; other bytes as they are."""
    out = RawBytes(size)
    for i in range(size):
        c = raw.get(i)
        if upper and 97 <= c <= 122:
            c -= 32
        elif not upper and 65 <= c <= 90:
            c += 32
        out.set(i, c)
    return out


def is_kind(raw: RawBytes, size: int, kind: int) -> bool:
    """isdigit (0), isalpha (1), isalnum (2), isspace (3), isupper (4), islower (5),
    isascii (6): ASCII classes; all but isascii are false for no bytes."""
    if kind == 6:
        for i in range(size):
            if raw.get(i) >= 128:
                return False
        return True
    if size == 0:
        return False
    cased = False
    for i in range(size):
        c = raw.get(i)
        digit = 48 <= c <= 57
        upper = 65 <= c <= 90
        lower = 97 <= c <= 122
        if kind == 0 and not digit or kind == 1 and not (upper or lower) or \
                kind == 2 and not (digit or upper or lower) or kind == 3 and not is_space(c):
            return False
        if kind == 4 and lower or kind == 5 and upper:
            return False
        cased = cased or upper or lower
    return cased or kind < 4


def hex_of(raw: RawBytes, size: int, sep: str | None, bytes_per_sep: int) -> str:
    """bytes.hex(sep, bytes_per_sep): groups counted from the right (from the left if
    bytes_per_sep < 0)."""
    if sep is None or size == 0:
        return raw.hex(0, size)
    if len(sep) != 1:
        raise ValueError("sep must be length 1.")
    if bytes_per_sep == 0:
        return raw.hex(0, size)
    group = abs(bytes_per_sep)
    parts: list[str] = []
    if bytes_per_sep > 0:
        first = size % group or group
        parts.append(raw.hex(0, first))
        at = first
    else:
        at = 0
    while at < size:
        n = min(group, size - at)
        parts.append(raw.hex(at, n))
        at += n
    return sep.join(parts)


def _hex_digit(c: str) -> int:
    if "0" <= c <= "9":
        return ord(c) - 48
    if "a" <= c <= "f":
        return ord(c) - 87
    if "A" <= c <= "F":
        return ord(c) - 55
    return -1


def from_hex(s: str) -> RawBytes:
    """bytes.fromhex(s): pairs of hex digits, ASCII whitespace allowed between pairs."""
    out = RawBytes(len(s) // 2)
    n = 0
    i = 0
    while i < len(s):
        c = s[i]
        if c == " " or c == "\t" or c == "\n" or c == "\r" or c == "\x0b" or c == "\x0c":
            i += 1
            continue
        high = _hex_digit(c)
        if high < 0:
            raise ValueError(f"non-hexadecimal number found in fromhex() arg at position {i}")
        if i + 1 >= len(s):
            raise ValueError(f"non-hexadecimal number found in fromhex() arg at position "
                             f"{i + 1}")
        low = _hex_digit(s[i + 1])
        if low < 0:
            raise ValueError(f"non-hexadecimal number found in fromhex() arg at position "
                             f"{i + 1}")
        out.set(n, high * 16 + low)
        n += 1
        i += 2
    result = RawBytes(n)
    result.copy_from(0, out, 0, n)
    return result


def decoded(raw: RawBytes, size: int, encoding: str, errors: str) -> str:
    """decode(encoding) for UTF-8 (strict), ASCII and Latin-1."""
    if errors != "strict":
        raise ValueError(f"pyrage supports only errors='strict', not {errors!r}")
    name = codec_name(encoding)
    if name in ("utf-8", "utf8"):
        return raw.decode(0, size, False)
    if name in ("ascii", "us-ascii"):
        return raw.decode(0, size, True)
    if name in ("latin-1", "latin1", "iso-8859-1"):
        text = ""
        for i in range(size):
            text += chr(raw.get(i))
        return text
    raise LookupError(f"unknown encoding: {encoding}")


def repeated(raw: RawBytes, size: int, times: int) -> RawBytes:
    out = RawBytes(size * times if times > 0 else 0)
    for k in range(max(times, 0)):
        out.copy_from(k * size, raw, 0, size)
    return out
