"""bytes, compiled: `b.name(args)` becomes `bytes_name(b, args)` here, and the compiler routes
bytes' operators and constructors to the functions below the methods.

Written in pyrage Python over RawBytes (a bytes object viewed as storage, without copying) and
the shared algorithms of _bytesops.py. Results, messages and exception types follow CPython.
"""

from __future__ import annotations

from pyrage.stdlib import _bytesops as ops
from pyrage.stdlib.rawbytes import RawBytes


def _view(b: bytes) -> RawBytes:
    return RawBytes.view_of(b)


def _sub(sub: bytes | int) -> bytes:
    return ops.byte_of(sub) if isinstance(sub, int) else sub


def _piece(b: bytes, start: int, end: int) -> bytes:
    return _view(b).to_bytes(start, end - start)


def _pieces(b: bytes, ranges: list[int]) -> list[bytes]:
    out: list[bytes] = []
    for i in range(0, len(ranges), 2):
        out.append(_piece(b, ranges[i], ranges[i + 1]))
    return out


# --- methods ------------------------------------------------------------------------------------


def bytes_hex(b: bytes, sep: str | None = None, bytes_per_sep: int = 1) -> str:
    return ops.hex_of(_view(b), len(b), sep, bytes_per_sep)


def bytes_decode(b: bytes, encoding: str = "utf-8", errors: str = "strict") -> str:
    return ops.decoded(_view(b), len(b), encoding, errors)


def bytes_find(b: bytes, sub: bytes | int, start: int | None = None,
               end: int | None = None) -> int:
    return ops.find(_view(b), len(b), _sub(sub), start, end, False)


def bytes_rfind(b: bytes, sub: bytes | int, start: int | None = None,
                end: int | None = None) -> int:
    return ops.find(_view(b), len(b), _sub(sub), start, end, True)


def bytes_index(b: bytes, sub: bytes | int, start: int | None = None,
                end: int | None = None) -> int:
    found = bytes_find(b, sub, start, end)
    if found < 0:
        raise ValueError("subsection not found")
    return found


def bytes_rindex(b: bytes, sub: bytes | int, start: int | None = None,
                 end: int | None = None) -> int:
    found = bytes_rfind(b, sub, start, end)
    if found < 0:
        raise ValueError("subsection not found")
    return found


def bytes_count(b: bytes, sub: bytes | int, start: int | None = None,
                end: int | None = None) -> int:
    return ops.count(_view(b), len(b), _sub(sub), start, end)


def bytes_startswith(b: bytes, prefix: bytes, start: int | None = None,
                     end: int | None = None) -> bool:
    return ops.starts_at(_view(b), len(b), prefix, start, end, False)


def bytes_endswith(b: bytes, suffix: bytes, start: int | None = None,
                   end: int | None = None) -> bool:
    return ops.starts_at(_view(b), len(b), suffix, start, end, True)


def bytes_strip(b: bytes, chars: bytes | None = None) -> bytes:
    a, z = ops.strip_range(_view(b), len(b), chars, True, True)
    return _piece(b, a, z)


def bytes_lstrip(b: bytes, chars: bytes | None = None) -> bytes:
    a, z = ops.strip_range(_view(b), len(b), chars, True, False)
    return _piece(b, a, z)


def bytes_rstrip(b: bytes, chars: bytes | None = None) -> bytes:
    a, z = ops.strip_range(_view(b), len(b), chars, False, True)
    return _piece(b, a, z)


def bytes_split(b: bytes, sep: bytes | None = None, maxsplit: int = -1) -> list[bytes]:
    return _pieces(b, ops.split_ranges(_view(b), len(b), sep, maxsplit))


def bytes_rsplit(b: bytes, sep: bytes | None = None, maxsplit: int = -1) -> list[bytes]:
    return _pieces(b, ops.rsplit_ranges(_view(b), len(b), sep, maxsplit))


def bytes_splitlines(b: bytes, keepends: bool = False) -> list[bytes]:
    return _pieces(b, ops.splitlines_ranges(_view(b), len(b), keepends))


def bytes_partition(b: bytes, sep: bytes) -> tuple[bytes, bytes, bytes]:
    if len(sep) == 0:
        raise ValueError("empty separator")
    found = _view(b).find(0, len(b), sep, False)
    if found < 0:
        return b, b"", b""
    return _piece(b, 0, found), sep, _piece(b, found + len(sep), len(b))


def bytes_rpartition(b: bytes, sep: bytes) -> tuple[bytes, bytes, bytes]:
    if len(sep) == 0:
        raise ValueError("empty separator")
    found = _view(b).find(0, len(b), sep, True)
    if found < 0:
        return b"", b"", b
    return _piece(b, 0, found), sep, _piece(b, found + len(sep), len(b))


def bytes_replace(b: bytes, old: bytes, new: bytes, count: int = -1) -> bytes:
    out = ops.replaced(_view(b), len(b), old, new, count)
    return out.to_bytes(0, len(out))


def bytes_upper(b: bytes) -> bytes:
    return ops.changed_case(_view(b), len(b), True).to_bytes(0, len(b))


def bytes_lower(b: bytes) -> bytes:
    return ops.changed_case(_view(b), len(b), False).to_bytes(0, len(b))


def bytes_isdigit(b: bytes) -> bool:
    return ops.is_kind(_view(b), len(b), 0)


def bytes_isalpha(b: bytes) -> bool:
    return ops.is_kind(_view(b), len(b), 1)


def bytes_isalnum(b: bytes) -> bool:
    return ops.is_kind(_view(b), len(b), 2)


def bytes_isspace(b: bytes) -> bool:
    return ops.is_kind(_view(b), len(b), 3)


def bytes_isupper(b: bytes) -> bool:
    return ops.is_kind(_view(b), len(b), 4)


def bytes_islower(b: bytes) -> bool:
    return ops.is_kind(_view(b), len(b), 5)


def bytes_isascii(b: bytes) -> bool:
    return ops.is_kind(_view(b), len(b), 6)


def bytes_removeprefix(b: bytes, prefix: bytes) -> bytes:
    return _piece(b, len(prefix), len(b)) if bytes_startswith(b, prefix) else b


def bytes_removesuffix(b: bytes, suffix: bytes) -> bytes:
    if len(suffix) and bytes_endswith(b, suffix):
        return _piece(b, 0, len(b) - len(suffix))
    return b


def _padded(b: bytes, left: int, right: int, fill: bytes, name: str) -> bytes:
    if len(fill) != 1:
        raise TypeError(f"{name}() argument 2 must be a byte string of length 1, not bytes")
    byte = _view(fill).get(0)
    out = RawBytes(left + len(b) + right)
    out.fill(0, left, byte)
    out.copy_from(left, _view(b), 0, len(b))
    out.fill(left + len(b), right, byte)
    return out.to_bytes(0, len(out))


def bytes_ljust(b: bytes, width: int, fillchar: bytes = b" ") -> bytes:
    return _padded(b, 0, max(width - len(b), 0), fillchar, "ljust")


def bytes_rjust(b: bytes, width: int, fillchar: bytes = b" ") -> bytes:
    return _padded(b, max(width - len(b), 0), 0, fillchar, "rjust")


def bytes_center(b: bytes, width: int, fillchar: bytes = b" ") -> bytes:
    pad = max(width - len(b), 0)
    left = pad // 2 + (pad & width & 1)
    return _padded(b, left, pad - left, fillchar, "center")


def bytes_zfill(b: bytes, width: int) -> bytes:
    pad = width - len(b)
    if pad <= 0:
        return b
    if len(b) and (b[0] == 43 or b[0] == 45):  # + or -
        return _piece(b, 0, 1) + _padded(_piece(b, 1, len(b)), pad, 0, b"0", "zfill")
    return _padded(b, pad, 0, b"0", "zfill")


# --- class methods, operators and constructors (called by the compiler) -------------------------


def bytes_fromhex(s: str) -> bytes:
    raw = ops.from_hex(s)
    return raw.to_bytes(0, len(raw))


def bytes_join(sep: bytes, parts: list[bytes]) -> bytes:
    """sep.join(parts): the compiler collects the parts of any iterable in a list first."""
    size = 0
    for part in parts:
        size += len(part)
    if len(parts):
        size += len(sep) * (len(parts) - 1)
    out = RawBytes(size)
    at = 0
    separator = _view(sep)
    for i in range(len(parts)):
        if i:
            out.copy_from(at, separator, 0, len(sep))
            at += len(sep)
        out.copy_from(at, _view(parts[i]), 0, len(parts[i]))
        at += len(parts[i])
    return out.to_bytes(0, size)


def bytes_slice(b: bytes, start: int | None, stop: int | None, step: int | None) -> bytes:
    """b[start:stop:step], with CPython's slice rules."""
    from pyrage.stdlib._list import _slice_indices

    first, _last, stride, count = _slice_indices(len(b), start, stop, step)
    if stride == 1:
        return _piece(b, first, first + count)
    out = RawBytes(count)
    source = _view(b)
    for i in range(count):
        out.set(i, source.get(first + i * stride))
    return out.to_bytes(0, count)


def bytes_repeat(b: bytes, times: int) -> bytes:
    out = ops.repeated(_view(b), len(b), times)
    return out.to_bytes(0, len(out))


def bytes_contains(b: bytes, sub: bytes) -> bool:
    return _view(b).find(0, len(b), sub, False) >= 0


def bytes_contains_byte(b: bytes, value: int) -> bool:
    return bytes_contains(b, ops.byte_of(value))


def bytes_compare(a: bytes, b: bytes) -> int:
    """-1, 0 or 1, as bytes order (the compiler compares the result with 0)."""
    return _view(a).compare(0, len(a), _view(b), 0, len(b))


def bytes_zeros(count: int) -> bytes:
    """bytes(count)."""
    if count < 0:
        raise ValueError("negative count")
    return RawBytes(count).to_bytes(0, count)


def bytes_of_list(values: list[int]) -> bytes:
    """bytes(iterable of ints): the compiler collects the ints in a list first."""
    out = RawBytes(len(values))
    for i in range(len(values)):
        if not 0 <= values[i] < 256:
            raise ValueError("bytes must be in range(0, 256)")
        out.set(i, values[i])
    return out.to_bytes(0, len(values))


def bytes_getitem(b: bytes, index: int) -> int:
    """b[index] with a negative index counting from the end."""
    if index < 0:
        index += len(b)
    return _view(b).get(index)
