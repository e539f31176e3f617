"""The presentation (master-file) forms of rdata fields, both ways: addresses, integers, time
values, character-strings and hex, as RFC 1035 5.1, RFC 3597 and RFC 4291/5952 write them and
as dig (BIND 9.18) prints them.

Parsing takes one field as the zone file has it (see rdata_from_text's contract: escapes not
yet decoded, a quoted string with its quotes) and raises ValueError with a short message that
names the field; the zone parser adds the file and line. A str field's non-ASCII characters
stand for their UTF-8 octets.
"""

from __future__ import annotations

from typing import Final

U8: Final = 0xFF
U16: Final = 0xFFFF
U32: Final = 0xFFFFFFFF
_HEX_DIGITS: Final = "0123456789abcdefABCDEF"
#: Seconds per time unit in a TTL or an SOA timer ("1h30m"), as BIND and NSD read them.
_UNITS: Final = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
#: dig breaks the hex of RFC 3597 rdata into words of this many digits.
_HEX_WORD: Final = 56


# --- integers and times -------------------------------------------------------------------------


def _is_decimal(text: str) -> bool:
    # isdigit() alone would take other scripts' digits (and int() would read them).
    return len(text) > 0 and text.isascii() and text.isdigit()


def parse_int(text: str, limit: int, what: str) -> int:
    """A decimal integer 0..limit (a u8, u16 or u32 field)."""
    if not _is_decimal(text):
        raise ValueError(f"{what} {text!r} is not a decimal number")
    # More than 10 significant digits is past any u32 (and would overflow a pyrage int).
    if len(text.lstrip("0")) > 10 or int(text) > limit:
        raise ValueError(f"{what} {text} is out of range (0 to {limit})")
    return int(text)


def parse_ttl(text: str) -> int:
    """A TTL or SOA timer: seconds as a number, or numbers each followed by a unit s, m, h, d
    or w in either case ("1h30m", "2W"); a number with no unit at the end counts seconds
    (NSD reads "1h30" as 3630). 0 to 2**32 - 1."""
    if _is_decimal(text):
        return parse_int(text, U32, "time")
    if len(text) == 0 or not text.isascii():
        raise ValueError(f"time {text!r} is not a number of seconds or like 1h30m")
    total = 0
    digits = ""
    for c in text.lower():
        if "0" <= c <= "9":
            digits += c
            if len(digits.lstrip("0")) > 10:
                raise ValueError(f"time {text} is out of range (0 to {U32})")
        elif c in _UNITS:
            if digits == "":
                raise ValueError(f"time {text!r}: unit {c!r} without a number before it")
            total += int(digits) * _UNITS[c]
            digits = ""
            if total > U32:
                raise ValueError(f"time {text} is out of range (0 to {U32} seconds)")
        else:
            raise ValueError(f"time {text!r}: {c!r} is not a digit or a unit (s, m, h, d, w)")
    if digits != "":
        total += int(digits)
    if total > U32:
        raise ValueError(f"time {text} is out of range (0 to {U32} seconds)")
    return total


# --- addresses ----------------------------------------------------------------------------------


def parse_ipv4(text: str) -> bytes:
    """Four decimal octets 0..255 separated by dots, without leading zeros (as inet_pton)."""
    parts = text.split(".")
    if len(parts) != 4:
        raise ValueError(f"{text!r} is not an IPv4 address (four octets separated by dots)")
    out = bytearray()
    for part in parts:
        if not _is_decimal(part) or len(part) > 3 or (len(part) > 1 and part[0] == "0"):
            raise ValueError(f"{text!r} is not an IPv4 address: bad octet {part!r}")
        value = int(part)
        if value > 255:
            raise ValueError(f"{text!r} is not an IPv4 address: octet {value} is over 255")
        out.append(value)
    return bytes(out)


def _hex_group(group: str, text: str) -> int:
    if len(group) == 0 or len(group) > 4:
        raise ValueError(f"{text!r} is not an IPv6 address: bad group {group!r}")
    for c in group:
        if c not in _HEX_DIGITS:
            raise ValueError(f"{text!r} is not an IPv6 address: bad group {group!r}")
    return int(group, 16)


def parse_ipv6(text: str) -> bytes:
    """An IPv6 address in any RFC 4291 2.2 text form: eight groups of 1 to 4 hex digits, one
    `::` for a run of one or more zero groups, the last 32 bits possibly as a dotted quad."""
    double = text.find("::")
    head_text = text
    tail_text = ""
    if double >= 0:
        if text.find("::", double + 1) >= 0:
            raise ValueError(f"{text!r} is not an IPv6 address: more than one '::'")
        head_text = text[:double]
        tail_text = text[double + 2:]
    head = head_text.split(":") if head_text != "" else []
    tail = tail_text.split(":") if tail_text != "" else []
    # The embedded IPv4 form (RFC 4291 2.2 item 3) is only ever the text's last group.
    quad: list[int] = []
    last = tail if double >= 0 else head
    if len(last) > 0 and "." in last[-1]:
        four = parse_ipv4(last[-1])
        quad = [(four[0] << 8) | four[1], (four[2] << 8) | four[3]]
        if double >= 0:
            tail = tail[:-1]
        else:
            head = head[:-1]
    words: list[int] = []
    for g in head:
        words.append(_hex_group(g, text))
    tail_words: list[int] = []
    for g in tail:
        tail_words.append(_hex_group(g, text))
    tail_words += quad
    if double < 0:
        words += tail_words
        if len(words) != 8:
            raise ValueError(f"{text!r} is not an IPv6 address: {len(words) * 16} bits, "
                             "not 128")
    else:
        fill = 8 - len(words) - len(tail_words)
        if fill < 1:
            raise ValueError(f"{text!r} is not an IPv6 address: more than 128 bits with '::'")
        words += [0] * fill + tail_words
    out = bytearray()
    for w in words:
        out.append(w >> 8)
        out.append(w & 0xFF)
    return bytes(out)


def format_ipv4(address: bytes) -> str:
    return f"{address[0]}.{address[1]}.{address[2]}.{address[3]}"


def format_ipv6(address: bytes) -> str:
    """RFC 5952 as inet_ntop (and so dig) writes it: lower-case hex without leading zeros, the
    longest run of two or more zero groups (the first of equal ones) as `::`, and the
    IPv4-compatible (::a.b.c.d) and mapped (::ffff:a.b.c.d) forms as dotted quads."""
    words: list[int] = []
    for i in range(8):
        words.append((address[2 * i] << 8) | address[2 * i + 1])
    best_start = -1
    best_len = 0
    i = 0
    while i < 8:
        if words[i] == 0:
            j = i
            while j < 8 and words[j] == 0:
                j += 1
            if j - i > best_len:
                best_start = i
                best_len = j - i
            i = j
        else:
            i += 1
    if best_len < 2:
        best_start = -1
    if best_start == 0 and (best_len == 6 or (best_len == 5 and words[5] == 0xFFFF)):
        prefix = "::" if best_len == 6 else "::ffff:"
        return prefix + format_ipv4(address[12:])
    if best_start < 0:
        return ":".join([f"{w:x}" for w in words])
    head = ":".join([f"{w:x}" for w in words[:best_start]])
    tail = ":".join([f"{w:x}" for w in words[best_start + best_len:]])
    return head + "::" + tail


# --- character-strings --------------------------------------------------------------------------


def decode_escapes(body: str, what: str) -> bytes:
    """The octets of a field's text: `\\DDD` (three decimal digits, at most 255) is that
    octet, `\\X` is X, anything else itself (non-ASCII as UTF-8)."""
    data = body.encode()
    if data.find(b"\\") < 0:
        return data
    out = bytearray()
    i = 0
    n = len(data)
    while i < n:
        c = data[i]
        if c != 0x5C:
            out.append(c)
            i += 1
            continue
        if i + 1 >= n:
            raise ValueError(f"{what} {body!r} ends with a lone backslash")
        d = data[i + 1]
        if 0x30 <= d <= 0x39:
            digits = data[i + 1:i + 4]
            if len(digits) != 3 or not digits.isdigit():
                raise ValueError(f"{what} {body!r}: \\DDD needs three digits")
            value = int(digits.decode())
            if value > 255:
                raise ValueError(f"{what} {body!r}: \\{digits.decode()} is not an octet")
            out.append(value)
            i += 4
        else:
            out.append(d)
            i += 2
    return bytes(out)


def unquote(token: str, what: str) -> str:
    """A token's text without its double quotes, if it has them."""
    if token.startswith('"'):
        if len(token) < 2 or not token.endswith('"'):
            raise ValueError(f"{what} {token!r} has no closing quote")
        return token[1:-1]
    return token


def parse_string(token: str, limit: int, what: str) -> bytes:
    """A character-string field, quoted or not, decoded; at most `limit` octets (255 for an
    RFC 1035 <character-string>)."""
    body = unquote(token, what)
    if token.startswith('"') and body.endswith("\\"):
        # `"abc\"` is an escaped quote and no closing one (the tokenizer's job, but be sure)
        trailing = len(body) - len(body.rstrip("\\"))
        if trailing % 2 == 1:
            raise ValueError(f"{what} {token!r} has no closing quote")
    data = decode_escapes(body, what)
    if len(data) > limit:
        raise ValueError(f"{what} {token!r} is {len(data)} octets long (at most {limit})")
    return data


def format_string(data: bytes) -> str:
    """A character-string as dig prints it: in double quotes, `"` and `\\` after a backslash,
    octets outside printable ASCII (below 0x20, from 0x7F) as \\DDD."""
    plain = True
    for c in data:
        if c < 0x20 or c >= 0x7F or c == 0x22 or c == 0x5C:
            plain = False
            break
    if plain:
        return '"' + data.decode() + '"'
    parts: list[str] = ['"']
    for c in data:
        if c < 0x20 or c >= 0x7F:
            parts.append("\\" + str(c).rjust(3, "0"))
        elif c == 0x22 or c == 0x5C:
            parts.append("\\" + chr(c))
        else:
            parts.append(chr(c))
    parts.append('"')
    return "".join(parts)


# --- hex ----------------------------------------------------------------------------------------


def parse_hex(text: str, what: str) -> bytes:
    """Hex digits (either case), an even number of them."""
    for c in text:
        if c not in _HEX_DIGITS:
            raise ValueError(f"{what}: {c!r} is not a hex digit")
    if len(text) % 2 != 0:
        raise ValueError(f"{what}: an odd number of hex digits ({len(text)})")
    return bytes.fromhex(text)


def format_hex(data: bytes) -> str:
    """Upper-case hex in words of 56 digits separated by spaces, as dig prints RFC 3597 data."""
    digits = data.hex().upper()
    if len(digits) <= _HEX_WORD:
        return digits
    words: list[str] = []
    for at in range(0, len(digits), _HEX_WORD):
        words.append(digits[at:at + _HEX_WORD])
    return " ".join(words)
