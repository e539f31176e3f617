"""str methods, compiled: `s.name(args)` in a program becomes `str_name(s, args)` here.

Written in pyrage Python over a few runtime primitives (runtime/core/strmethods.c); under
CPython each primitive's body is the builtin it stands for. Results, messages and exception
types follow CPython.
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib.intrinsics import extern

BIG: Final = 2**62  # an `end` past any str


# --- runtime primitives -------------------------------------------------------------------------


@extern("rt_str_find_in")
def _find(s: str, sub: str, start: int, end: int) -> int:
    return s.find(sub, start, end)


@extern("rt_str_rfind_in")
def _rfind(s: str, sub: str, start: int, end: int) -> int:
    return s.rfind(sub, start, end)


@extern("rt_str_count_in")
def _count(s: str, sub: str, start: int, end: int) -> int:
    return s.count(sub, start, end)


@extern("rt_str_replace")
def _replace(s: str, old: str, new: str, count: int) -> str:
    return s.replace(old, new, count)


@extern("rt_str_case")
def _case(s: str, mode: int) -> str:
    return [s.upper, s.lower, s.swapcase, s.title, s.capitalize, s.casefold][mode]()


@extern("rt_str_is")
def _is(s: str, kind: int) -> bool:
    return [s.isdigit, s.isalpha, s.isalnum, s.isdecimal, s.isnumeric, s.isupper, s.islower,
            s.istitle, s.isidentifier][kind]()


@extern("rt_str_isspace")
def _isspace(s: str) -> bool:
    return s.isspace()


@extern("rt_str_isprintable")
def _isprintable(s: str) -> bool:
    return s.isprintable()


@extern("rt_str_isascii")
def _isascii(s: str) -> bool:
    return s.isascii()


@extern("rt_str_ascii_lower")
def _ascii_lower(s: str) -> str:
    out = ""
    for c in s:
        out += chr(ord(c) + 32) if "A" <= c <= "Z" else c
    return out


@extern("rt_str_strip")
def _strip(s: str, chars: str | None, mode: int) -> str:
    return s.lstrip(chars) if mode == 1 else s.rstrip(chars) if mode == 2 else s.strip(chars)


@extern("rt_str_skip_space")
def _skip(s: str, index: int, space: bool) -> int:
    while index < len(s) and s[index].isspace() == space:
        index += 1
    return index


@extern("rt_str_space_before")
def _space_before(s: str, index: int) -> bool:
    return index > 0 and s[index - 1].isspace()


# --- methods ------------------------------------------------------------------------------------


def _bounds(start: int | None, end: int | None) -> tuple[int, int]:
    return (0 if start is None else start), (BIG if end is None else end)


def str_find(s: str, sub: str, start: int | None = None, end: int | None = None) -> int:
    a, b = _bounds(start, end)
    return _find(s, sub, a, b)


def str_rfind(s: str, sub: str, start: int | None = None, end: int | None = None) -> int:
    a, b = _bounds(start, end)
    return _rfind(s, sub, a, b)


def str_index(s: str, sub: str, start: int | None = None, end: int | None = None) -> int:
    found = str_find(s, sub, start, end)
    if found < 0:
        raise ValueError("substring not found")
    return found


def str_rindex(s: str, sub: str, start: int | None = None, end: int | None = None) -> int:
    found = str_rfind(s, sub, start, end)
    if found < 0:
        raise ValueError("substring not found")
    return found


def str_count(s: str, sub: str, start: int | None = None, end: int | None = None) -> int:
    a, b = _bounds(start, end)
    return _count(s, sub, a, b)


def str_replace(s: str, old: str, new: str, count: int = -1) -> str:
    return _replace(s, old, new, count)


def str_upper(s: str) -> str:
    return _case(s, 0)


def str_lower(s: str) -> str:
    return _case(s, 1)


def str_swapcase(s: str) -> str:
    return _case(s, 2)


def str_title(s: str) -> str:
    return _case(s, 3)


def str_capitalize(s: str) -> str:
    return _case(s, 4)


def str_casefold(s: str) -> str:
    return _case(s, 5)


def str_isdigit(s: str) -> bool:
    return _is(s, 0)


def str_isalpha(s: str) -> bool:
    return _is(s, 1)


def str_isalnum(s: str) -> bool:
    return _is(s, 2)


def str_isdecimal(s: str) -> bool:
    return _is(s, 3)


def str_isnumeric(s: str) -> bool:
    return _is(s, 4)


def str_isupper(s: str) -> bool:
    return _is(s, 5)


def str_islower(s: str) -> bool:
    return _is(s, 6)


def str_istitle(s: str) -> bool:
    return _is(s, 7)


def str_isidentifier(s: str) -> bool:
    return _is(s, 8)


def str_isspace(s: str) -> bool:
    return _isspace(s)


def str_isprintable(s: str) -> bool:
    return _isprintable(s)


def str_isascii(s: str) -> bool:
    return _isascii(s)


def codec_name(encoding: str) -> str:
    """An encoding's name as the codec lookup compares it: ASCII letters lower-cased (as
    CPython's normalization, which needs no Unicode table), '_' as '-'."""
    return str_replace(_ascii_lower(encoding), "_", "-")


def str_strip(s: str, chars: str | None = None) -> str:
    return _strip(s, chars, 3)


def str_lstrip(s: str, chars: str | None = None) -> str:
    return _strip(s, chars, 1)


def str_rstrip(s: str, chars: str | None = None) -> str:
    return _strip(s, chars, 2)


def str_removeprefix(s: str, prefix: str) -> str:
    return s[len(prefix):] if s.startswith(prefix) else s


def str_removesuffix(s: str, suffix: str) -> str:
    return s[:len(s) - len(suffix)] if suffix != "" and s.endswith(suffix) else s


def str_split(s: str, sep: str | None = None, maxsplit: int = -1) -> list[str]:
    parts: list[str] = []
    if sep is None:
        i = _skip(s, 0, True)
        while i < len(s):
            if maxsplit >= 0 and len(parts) == maxsplit:
                parts.append(s[i:])  # the rest keeps its trailing whitespace, as CPython's
                return parts
            j = _skip(s, i, False)
            parts.append(s[i:j])
            i = _skip(s, j, True)
        return parts
    if sep == "":
        raise ValueError("empty separator")
    start = 0
    while maxsplit < 0 or len(parts) < maxsplit:
        found = _find(s, sep, start, BIG)
        if found < 0:
            break
        parts.append(s[start:found])
        start = found + len(sep)
    parts.append(s[start:])
    return parts


def str_rsplit(s: str, sep: str | None = None, maxsplit: int = -1) -> list[str]:
    parts: list[str] = []
    if sep is None:
        end = len(s)
        while end > 0 and _space_before(s, end):
            end -= 1
        while end > 0:
            if maxsplit >= 0 and len(parts) == maxsplit:
                parts.append(s[:end])  # the rest keeps its leading whitespace
                break
            start = end
            while start > 0 and not _space_before(s, start):
                start -= 1
            parts.append(s[start:end])
            end = start
            while end > 0 and _space_before(s, end):
                end -= 1
        parts.reverse()
        return parts
    if sep == "":
        raise ValueError("empty separator")
    end = len(s)
    while maxsplit < 0 or len(parts) < maxsplit:
        found = _rfind(s, sep, 0, end)
        if found < 0:
            break
        parts.append(s[found + len(sep):end])
        end = found
    parts.append(s[:end])
    parts.reverse()
    return parts


def str_splitlines(s: str, keepends: bool = False) -> list[str]:
    lines: list[str] = []
    start = 0
    i = 0
    while i < len(s):
        c = s[i]
        if c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
            end = i
            if c == "\r" and i + 1 < len(s) and s[i + 1] == "\n":
                i += 1
            lines.append(s[start:i + 1] if keepends else s[start:end])
            start = i + 1
        i += 1
    if start < len(s):
        lines.append(s[start:])
    return lines


def str_partition(s: str, sep: str) -> tuple[str, str, str]:
    if sep == "":
        raise ValueError("empty separator")
    found = _find(s, sep, 0, BIG)
    if found < 0:
        return s, "", ""
    return s[:found], sep, s[found + len(sep):]


def str_rpartition(s: str, sep: str) -> tuple[str, str, str]:
    if sep == "":
        raise ValueError("empty separator")
    found = _rfind(s, sep, 0, BIG)
    if found < 0:
        return "", "", s
    return s[:found], sep, s[found + len(sep):]


def _fill(width: int, fillchar: str) -> str:
    if len(fillchar) != 1:
        raise TypeError("The fill character must be exactly one character long")
    return fillchar * width if width > 0 else ""


def str_center(s: str, width: int, fillchar: str = " ") -> str:
    pad = width - len(s)
    if pad <= 0:
        return s
    left = pad // 2 + (pad & width & 1)
    return _fill(left, fillchar) + s + _fill(pad - left, fillchar)


def str_ljust(s: str, width: int, fillchar: str = " ") -> str:
    return s + _fill(width - len(s), fillchar)


def str_rjust(s: str, width: int, fillchar: str = " ") -> str:
    return _fill(width - len(s), fillchar) + s


def str_zfill(s: str, width: int) -> str:
    pad = width - len(s)
    if pad <= 0:
        return s
    if s != "" and (s[0] == "+" or s[0] == "-"):
        return s[0] + "0" * pad + s[1:]
    return "0" * pad + s


def str_expandtabs(s: str, tabsize: int = 8) -> str:
    out = ""
    column = 0
    for c in s:
        if c == "\t":
            spaces = tabsize - column % tabsize if tabsize > 0 else 0
            out += " " * spaces
            column += spaces
        else:
            out += c
            column = 0 if c == "\n" or c == "\r" else column + 1
    return out


# --- encoding -----------------------------------------------------------------------------------


@extern("rt_str_encode")
def _utf8(s: str) -> bytes:
    return s.encode()


def _codec(encoding: str, errors: str) -> str:
    """The codec's canonical name: "utf-8", "ascii" or "latin-1" (LookupError otherwise)."""
    if errors != "strict":
        raise ValueError(f"pyrage supports only errors='strict', not {errors!r}")
    name = codec_name(encoding)
    if name in ("utf-8", "utf8", "u8"):
        return "utf-8"
    if name in ("ascii", "us-ascii", "646"):
        return "ascii"
    if name in ("latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1"):
        return "latin-1"
    raise LookupError(f"unknown encoding: {encoding}")


def str_encode_utf8(s: str) -> bytes:
    """s.encode() with no arguments (irbuild's METHOD_ALIASES)."""
    return _utf8(s)


def str_encode(s: str, encoding: str = "utf-8", errors: str = "strict") -> bytes:
    codec = _codec(encoding, errors)
    if codec == "utf-8":
        return _utf8(s)
    limit = 128 if codec == "ascii" else 256
    for i in range(len(s)):
        if ord(s[i]) >= limit:
            end = i + 1
            while end < len(s) and ord(s[end]) >= limit:
                end += 1
            raise UnicodeEncodeError(codec, s, i, end, f"ordinal not in range({limit})")
    if codec == "ascii":
        return _utf8(s)
    from pyrage.stdlib._bytes import bytes_of_list

    return bytes_of_list([ord(c) for c in s])


def _char_escape(c: str) -> str:
    """How a codec error names a character: \\xNN, \\uNNNN or \\UNNNNNNNN."""
    code = ord(c)  # (zero-padded hex without a format spec: str.encode, which every console
    digits = hex(code)[2:]  # write runs, then needs no spec parser in the image)
    if code < 0x100:
        return "\\x" + digits.rjust(2, "0")
    if code < 0x10000:
        return "\\u" + digits.rjust(4, "0")
    return "\\U" + digits.rjust(8, "0")


def encode_error_message(encoding: str, text: str, start: int, end: int, reason: str) -> str:
    """str(UnicodeEncodeError(encoding, text, start, end, reason)), as CPython words it."""
    if end == start + 1 and 0 <= start < len(text):
        return (f"'{encoding}' codec can't encode character '{_char_escape(text[start])}' in "
                f"position {start}: {reason}")
    return f"'{encoding}' codec can't encode characters in position {start}-{end - 1}: {reason}"


def decode_error_message(encoding: str, data: bytes, start: int, end: int, reason: str) -> str:
    """str(UnicodeDecodeError(encoding, data, start, end, reason)), as CPython words it."""
    if end == start + 1 and 0 <= start < len(data):
        return (f"'{encoding}' codec can't decode byte {data[start]:#04x} in position {start}: "
                f"{reason}")
    return f"'{encoding}' codec can't decode bytes in position {start}-{end - 1}: {reason}"


def str_affix_at(s: str, affix: str, start: int | None, end: int | None, at_end: bool) -> bool:
    """s.startswith(affix, start, end) (or endswith): compared within s[start:end], except
    that a start past the end finds nothing, not even ""."""
    size = len(s)
    a = 0 if start is None else (max(start + size, 0) if start < 0 else start)
    z = size if end is None else (max(end + size, 0) if end < 0 else min(end, size))
    if a > size or z - a < len(affix):
        return False
    if at_end:
        return s[z - len(affix):z] == affix
    return s[a:a + len(affix)] == affix
