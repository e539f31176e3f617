"""Resource records and their data (RFC 1035 3.2-3.4, RFC 3596, RFC 2782, RFC 8659, RFC 3597):
wire form both ways, presentation form both ways.

    rd = rdata_from_text(MX, ["10", "mail"], Name.of_text("example.org."))
    rd.to_text() == "10 mail.example.org."
    Record(owner, MX, IN, 3600, rd).to_text() == "example.org. 3600 IN MX 10 mail.example.org."

Each type of data is a subclass of Rdata overriding emit / to_text / target / same. The types
this module knows are A, AAAA, NS, CNAME, PTR (and RFC 1035's obsolete single-name MD, MF, MB,
MG, MR, read and written like NS), SOA, MX, TXT, SRV and CAA; every other type is carried as
OpaqueRdata, its bytes as received (RFC 3597), and written as `\\# LENGTH HEX`.

Compression (RFC 3597 section 4): names in the rdata of RFC 1035's types (NS, CNAME, PTR,
SOA, MX and the obsolete ones) are compressed when written and may be compressed when read;
an SRV target is read compressed or not (RFC 2782 forbids it, RFC 2052 mandated it) and always
written in full. Other types with names inside (RP, AFSDB, NAPTR...) are opaque here, so a
peer's compression pointer in one of those would be carried as it is: none of them is
compressed in practice (and RFC 3597 forbids it for all but RFC 1035's types, among which only
the obsolete MINFO is opaque here).

The text forms are dig's (BIND 9.18), field for field: TXT and CAA strings quoted with `"`
and `\\` escaped and other octets outside printable ASCII as \\DDD, AAAA as RFC 5952, unknown
types' data as upper-case hex in words of 56 digits.
"""

from __future__ import annotations

from typing import Final

from pyrage.dns import text
from pyrage.dns.errors import FormatError
from pyrage.dns.name import Name
from pyrage.dns.wire import Reader, Writer
from pyrage.stdlib.buffer import Buffer

# --- types and classes --------------------------------------------------------------------------

A: Final = 1
NS: Final = 2
MD: Final = 3
MF: Final = 4
CNAME: Final = 5
SOA: Final = 6
MB: Final = 7
MG: Final = 8
MR: Final = 9
PTR: Final = 12
MX: Final = 15
TXT: Final = 16
AAAA: Final = 28
SRV: Final = 33
OPT: Final = 41
IXFR: Final = 251
AXFR: Final = 252
ANY: Final = 255
CAA: Final = 257

IN: Final = 1
CH: Final = 3
HS: Final = 4
NONE_CLASS: Final = 254
ANY_CLASS: Final = 255

#: The mnemonics dig prints (BIND 9.18's table, but for the experimental and obsolete types no
#: zone has); the others are TYPEnnn.
_TYPE_NAMES: Final = {
    1: "A", 2: "NS", 3: "MD", 4: "MF", 5: "CNAME", 6: "SOA", 7: "MB", 8: "MG", 9: "MR",
    10: "NULL", 11: "WKS", 12: "PTR", 13: "HINFO", 14: "MINFO", 15: "MX", 16: "TXT", 17: "RP",
    18: "AFSDB", 19: "X25", 20: "ISDN", 21: "RT", 22: "NSAP", 23: "NSAP-PTR", 24: "SIG",
    25: "KEY", 26: "PX", 27: "GPOS", 28: "AAAA", 29: "LOC", 30: "NXT", 33: "SRV", 35: "NAPTR",
    36: "KX", 37: "CERT", 38: "A6", 39: "DNAME", 41: "OPT", 42: "APL", 43: "DS", 44: "SSHFP",
    45: "IPSECKEY", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY", 49: "DHCID", 50: "NSEC3",
    51: "NSEC3PARAM", 52: "TLSA", 53: "SMIMEA", 55: "HIP", 59: "CDS", 60: "CDNSKEY",
    61: "OPENPGPKEY", 62: "CSYNC", 63: "ZONEMD", 64: "SVCB", 65: "HTTPS", 99: "SPF",
    108: "EUI48", 109: "EUI64", 249: "TKEY", 250: "TSIG", 251: "IXFR", 252: "AXFR",
    253: "MAILB", 254: "MAILA", 255: "ANY", 256: "URI", 257: "CAA",
}
_TYPE_CODES: Final = {name: code for code, name in _TYPE_NAMES.items()}
_CLASS_NAMES: Final = {1: "IN", 3: "CH", 4: "HS", 254: "NONE", 255: "ANY"}
_CLASS_CODES: Final = {name: code for code, name in _CLASS_NAMES.items()}


def type_name(rtype: int) -> str:
    """"A", "MX", ... or "TYPE65534" (RFC 3597 5) for a type without a mnemonic."""
    name = _TYPE_NAMES.get(rtype)
    return name if name is not None else f"TYPE{rtype}"


def type_of_text(name: str) -> int:
    """The type a mnemonic (any case) or TYPEnnn names; ValueError otherwise."""
    return _code_of_text(name, _TYPE_CODES, "TYPE", "type")


def class_name(rclass: int) -> str:
    name = _CLASS_NAMES.get(rclass)
    return name if name is not None else f"CLASS{rclass}"


def class_of_text(name: str) -> int:
    """The class "IN", "CH", "HS", "NONE", "ANY" (any case) or CLASSnnn names."""
    return _code_of_text(name, _CLASS_CODES, "CLASS", "class")


def _code_of_text(name: str, codes: dict[str, int], prefix: str, what: str) -> int:
    upper = name.upper()
    code = codes.get(upper)
    if code is not None:
        return code
    if upper.startswith(prefix):
        digits = upper[len(prefix):]
        if len(digits) > 0 and len(digits) <= 5 and digits.isascii() and digits.isdigit():
            value = int(digits)
            if value <= 0xFFFF:
                return value
    raise ValueError(f"unknown {what} {name!r}")


def _is_name_type(rtype: int) -> bool:
    """The types whose rdata is one compressible name: RFC 1035's NS, MD, MF, CNAME, MB, MG,
    MR and PTR."""
    return rtype == NS or rtype == CNAME or rtype == PTR or (MD <= rtype <= MR and rtype != SOA)


# --- rdata --------------------------------------------------------------------------------------


class Rdata:
    """The data of one resource record, of type `rtype`."""

    def __init__(self, rtype: int) -> None:
        self.rtype = rtype

    def emit(self, w: Writer) -> None:
        """Write the wire form (names compressed through w where RFC 3597 allows)."""
        raise NotImplementedError("Rdata.emit")

    def to_text(self) -> str:
        """The presentation form, as dig prints it."""
        raise NotImplementedError("Rdata.to_text")

    def target(self) -> Name | None:
        """The name additional-section processing looks up (NS, MX, SRV), else None."""
        return None

    def to_wire(self) -> bytes:
        """The wire form on its own: names uncompressed, their case kept."""
        w = Writer(64)
        w.compress = False
        self.emit(w)
        return w.to_bytes()

    def canonical(self) -> bytes:
        """The wire form with names uncompressed and lower-cased (RFC 4034 6.2)."""
        w = Writer(64)
        w.compress = False
        w.canonical = True
        self.emit(w)
        return w.to_bytes()

    def same(self, other: Rdata) -> bool:
        """Whether the two are the same RR data (RFC 2181 5: duplicates in an RRset): the same
        type and the same canonical wire form, so names compare without regard to case."""
        return self.rtype == other.rtype and self.canonical() == other.canonical()

    def __repr__(self) -> str:
        return f"<{type_name(self.rtype)} {self.to_text()}>"


class ARdata(Rdata):
    """An IPv4 address: 4 bytes."""

    def __init__(self, address: bytes) -> None:
        super().__init__(A)
        if len(address) != 4:
            raise ValueError(f"an A record's address is 4 bytes, not {len(address)}")
        self.address = address

    def emit(self, w: Writer) -> None:
        w.data(self.address)

    def to_text(self) -> str:
        return text.format_ipv4(self.address)

    def same(self, other: Rdata) -> bool:
        return isinstance(other, ARdata) and self.address == other.address


class AAAARdata(Rdata):
    """An IPv6 address: 16 bytes."""

    def __init__(self, address: bytes) -> None:
        super().__init__(AAAA)
        if len(address) != 16:
            raise ValueError(f"an AAAA record's address is 16 bytes, not {len(address)}")
        self.address = address

    def emit(self, w: Writer) -> None:
        w.data(self.address)

    def to_text(self) -> str:
        return text.format_ipv6(self.address)

    def same(self, other: Rdata) -> bool:
        return isinstance(other, AAAARdata) and self.address == other.address


class NameRdata(Rdata):
    """One domain name: NS, CNAME, PTR (and the obsolete MD, MF, MB, MG, MR)."""

    def __init__(self, rtype: int, name: Name) -> None:
        super().__init__(rtype)
        if not _is_name_type(rtype):
            raise ValueError(f"{type_name(rtype)} is not a type whose data is one name")
        self.name = name

    def emit(self, w: Writer) -> None:
        w.name(self.name, True)

    def to_text(self) -> str:
        return self.name.to_text()

    def target(self) -> Name | None:
        return self.name if self.rtype == NS else None

    def same(self, other: Rdata) -> bool:
        return isinstance(other, NameRdata) and self.rtype == other.rtype and \
            self.name == other.name


class SoaRdata(Rdata):
    """The start of a zone's authority: its primary server, the mailbox of whoever runs it,
    and five 32-bit numbers."""

    def __init__(self, mname: Name, rname: Name, serial: int, refresh: int, retry: int,
                 expire: int, minimum: int) -> None:
        super().__init__(SOA)
        for value in (serial, refresh, retry, expire, minimum):
            if value < 0 or value > text.U32:
                raise ValueError(f"an SOA field of {value} is not a 32-bit number")
        self.mname = mname
        self.rname = rname
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum

    def emit(self, w: Writer) -> None:
        w.name(self.mname, True)
        w.name(self.rname, True)
        w.u32(self.serial)
        w.u32(self.refresh)
        w.u32(self.retry)
        w.u32(self.expire)
        w.u32(self.minimum)

    def to_text(self) -> str:
        return (f"{self.mname.to_text()} {self.rname.to_text()} {self.serial} {self.refresh} "
                f"{self.retry} {self.expire} {self.minimum}")


class MxRdata(Rdata):
    """A mail exchange and its preference (lower is preferred)."""

    def __init__(self, preference: int, exchange: Name) -> None:
        super().__init__(MX)
        _check_u16(preference, "MX preference")
        self.preference = preference
        self.exchange = exchange

    def emit(self, w: Writer) -> None:
        w.u16(self.preference)
        w.name(self.exchange, True)

    def to_text(self) -> str:
        return f"{self.preference} {self.exchange.to_text()}"

    def target(self) -> Name | None:
        return self.exchange

    def same(self, other: Rdata) -> bool:
        return isinstance(other, MxRdata) and self.preference == other.preference and \
            self.exchange == other.exchange


class TxtRdata(Rdata):
    """One or more character-strings of at most 255 octets each."""

    def __init__(self, strings: list[bytes]) -> None:
        super().__init__(TXT)
        if len(strings) == 0:
            raise ValueError("a TXT record needs at least one string")
        for s in strings:
            if len(s) > 255:
                raise ValueError(f"a TXT string of {len(s)} octets (at most 255)")
        self.strings = strings

    def emit(self, w: Writer) -> None:
        for s in self.strings:
            w.u8(len(s))
            w.data(s)

    def to_text(self) -> str:
        return " ".join([text.format_string(s) for s in self.strings])

    def same(self, other: Rdata) -> bool:
        return isinstance(other, TxtRdata) and self.strings == other.strings


class SrvRdata(Rdata):
    """A service's server (RFC 2782): priority, weight, port and target host. The target is
    the attribute `host`: `target` is the method every Rdata has (here it returns host)."""

    def __init__(self, priority: int, weight: int, port: int, target: Name) -> None:
        super().__init__(SRV)
        _check_u16(priority, "SRV priority")
        _check_u16(weight, "SRV weight")
        _check_u16(port, "SRV port")
        self.priority = priority
        self.weight = weight
        self.port = port
        self.host = target

    def emit(self, w: Writer) -> None:
        w.u16(self.priority)
        w.u16(self.weight)
        w.u16(self.port)
        w.name(self.host, False)  # RFC 2782: "name compression is not to be used"

    def to_text(self) -> str:
        return f"{self.priority} {self.weight} {self.port} {self.host.to_text()}"

    def target(self) -> Name | None:
        return self.host


class CaaRdata(Rdata):
    """A certification authority authorization (RFC 8659): flags, a tag of 1 to 255 ASCII
    letters and digits, and a value (the rest of the rdata)."""

    def __init__(self, flags: int, tag: bytes, value: bytes) -> None:
        super().__init__(CAA)
        if flags < 0 or flags > 255:
            raise ValueError(f"CAA flags {flags} are not an octet")
        if len(tag) == 0 or len(tag) > 255 or not tag.isalnum():
            raise ValueError(f"CAA tag {tag!r} is not 1 to 255 ASCII letters and digits")
        if len(value) > 0xFFFF - 2 - len(tag):
            raise ValueError(f"a CAA value of {len(value)} octets is too long")
        self.flags = flags
        self.tag = tag
        self.value = value

    def emit(self, w: Writer) -> None:
        w.u8(self.flags)
        w.u8(len(self.tag))
        w.data(self.tag)
        w.data(self.value)

    def to_text(self) -> str:
        return f"{self.flags} {self.tag.decode()} {text.format_string(self.value)}"


class OpaqueRdata(Rdata):
    """The data of a type this module does not know, as bytes (RFC 3597)."""

    def __init__(self, rtype: int, data: bytes) -> None:
        super().__init__(rtype)
        if len(data) > 0xFFFF:
            raise ValueError(f"rdata of {len(data)} octets (at most 65535)")
        self.data = data

    def emit(self, w: Writer) -> None:
        w.data(self.data)

    def to_text(self) -> str:
        if len(self.data) == 0:
            return "\\# 0"
        return f"\\# {len(self.data)} {text.format_hex(self.data)}"

    def same(self, other: Rdata) -> bool:
        return isinstance(other, OpaqueRdata) and self.rtype == other.rtype and \
            self.data == other.data


def _check_u16(value: int, what: str) -> None:
    if value < 0 or value > 0xFFFF:
        raise ValueError(f"{what} {value} is not a 16-bit number")


# --- records ------------------------------------------------------------------------------------


class Record:
    """A resource record: owner, type, class, TTL (seconds, 32 bits) and data."""

    def __init__(self, name: Name, rtype: int, rclass: int, ttl: int, rdata: Rdata) -> None:
        self.name = name
        self.rtype = rtype
        self.rclass = rclass
        self.ttl = ttl
        self.rdata = rdata

    def to_text(self) -> str:
        """`name ttl class type rdata` separated by single spaces (dig separates them with
        tabs; the fields are dig's)."""
        return (f"{self.name.to_text()} {self.ttl} {class_name(self.rclass)} "
                f"{type_name(self.rtype)} {self.rdata.to_text()}")

    def __repr__(self) -> str:
        return f"Record({self.to_text()!r})"


# --- from the wire ------------------------------------------------------------------------------

#: Pointers in a message may target offsets from the end of its header on.
_HEADER_LEN: Final = 12


def rdata_from_wire(rtype: int, msg: Buffer, at: int, length: int, rclass: int = IN) -> Rdata:
    """The `length` bytes of rdata at `at` in msg (a whole message, for names compressed
    against it), as type rtype. FormatError for data that does not fill exactly `length`
    bytes as the type lays it out, or that runs past msg.

    The class matters for the types whose layout is class IN's (A, AAAA, SRV): in another
    class they are opaque (RFC 3597 5: an A in class CH is a Chaosnet address). Empty rdata in
    class ANY or NONE is opaque too, for any type (RFC 2136's "delete" forms in UPDATE)."""
    return decode_rdata(Reader(msg, _HEADER_LEN), rtype, at, length, rclass)


def decode_rdata(r: Reader, rtype: int, at: int, length: int, rclass: int) -> Rdata:
    """rdata_from_wire with a Reader (message.py keeps one per message)."""
    buf = r.buf
    end = at + length
    if at < 0 or length < 0 or end > r.size:
        raise FormatError(f"{length} bytes of {type_name(rtype)} rdata at {at} run past the "
                          f"{r.size}-byte message")
    if rclass != IN and ((rtype == A or rtype == AAAA or rtype == SRV) or
                         (length == 0 and (rclass == ANY_CLASS or rclass == NONE_CLASS))):
        return OpaqueRdata(rtype, buf.sub(at, length).to_bytes())
    if rtype == A:
        if length != 4:
            raise FormatError(f"A rdata of {length} bytes at {at} (an address is 4)")
        return ARdata(buf.sub(at, 4).to_bytes())
    if rtype == AAAA:
        if length != 16:
            raise FormatError(f"AAAA rdata of {length} bytes at {at} (an address is 16)")
        return AAAARdata(buf.sub(at, 16).to_bytes())
    if _is_name_type(rtype):
        name = r.name(at, end)
        _ends_at(r.pos, end, rtype, at)
        return NameRdata(rtype, name)
    if rtype == MX:
        if length < 3:
            raise FormatError(f"MX rdata of {length} bytes at {at}")
        preference = buf.get_u16_be(at)
        exchange = r.name(at + 2, end)
        _ends_at(r.pos, end, rtype, at)
        return MxRdata(preference, exchange)
    if rtype == SOA:
        mname = r.name(at, end)
        rname = r.name(r.pos, end)
        p = r.pos
        _ends_at(p + 20, end, rtype, at)
        return SoaRdata(mname, rname, buf.get_u32_be(p), buf.get_u32_be(p + 4),
                        buf.get_u32_be(p + 8), buf.get_u32_be(p + 12), buf.get_u32_be(p + 16))
    if rtype == TXT:
        strings: list[bytes] = []
        p = at
        while p < end:
            n = buf.get_u8(p)
            if p + 1 + n > end:
                raise FormatError(f"TXT rdata at {at}: a string of {n} octets at {p} runs past "
                                  "the rdata")
            strings.append(buf.sub(p + 1, n).to_bytes())
            p += 1 + n
        if len(strings) == 0:
            raise FormatError(f"TXT rdata at {at} is empty (RFC 1035: one or more strings)")
        return TxtRdata(strings)
    if rtype == SRV:
        if length < 7:
            raise FormatError(f"SRV rdata of {length} bytes at {at}")
        host = r.name(at + 6, end)
        _ends_at(r.pos, end, rtype, at)
        return SrvRdata(buf.get_u16_be(at), buf.get_u16_be(at + 2), buf.get_u16_be(at + 4),
                        host)
    if rtype == CAA:
        if length < 2:
            raise FormatError(f"CAA rdata of {length} bytes at {at}")
        n = buf.get_u8(at + 1)
        if n == 0 or at + 2 + n > end:
            raise FormatError(f"CAA rdata at {at}: a tag of {n} octets in {length} bytes")
        tag = buf.sub(at + 2, n).to_bytes()
        if not tag.isalnum():
            raise FormatError(f"CAA rdata at {at}: tag {tag!r} is not letters and digits")
        return CaaRdata(buf.get_u8(at), tag, buf.sub(at + 2 + n, end - at - 2 - n).to_bytes())
    return OpaqueRdata(rtype, buf.sub(at, length).to_bytes())


def _ends_at(pos: int, end: int, rtype: int, at: int) -> None:
    if pos != end:
        raise FormatError(f"{type_name(rtype)} rdata at {at}: its fields end at {pos}, its "
                          f"length says {end}")


# --- from text ----------------------------------------------------------------------------------


def rdata_from_text(rtype: int, tokens: list[str], origin: Name) -> Rdata:
    """The rdata of type rtype from its master-file fields (after the type): names relative to
    origin, escapes not yet decoded, a quoted string one token with its quotes. `\\# LENGTH
    HEX...` (RFC 3597) is accepted for every type. ValueError with a short message."""
    if rtype == OPT or rtype == 0 or 128 <= rtype <= 255:
        raise ValueError(f"{type_name(rtype)} is not a type of data a zone can hold")
    if len(tokens) > 0 and tokens[0] == "\\#":
        return _generic_from_text(rtype, tokens)
    if rtype == A:
        _fields(tokens, 1, "A", "an address")
        return ARdata(text.parse_ipv4(tokens[0]))
    if rtype == AAAA:
        _fields(tokens, 1, "AAAA", "an address")
        return AAAARdata(text.parse_ipv6(tokens[0]))
    if _is_name_type(rtype):
        _fields(tokens, 1, type_name(rtype), "a name")
        return NameRdata(rtype, _name(tokens[0], origin, type_name(rtype) + " name"))
    if rtype == MX:
        _fields(tokens, 2, "MX", "a preference and an exchange")
        return MxRdata(text.parse_int(tokens[0], text.U16, "MX preference"),
                       _name(tokens[1], origin, "MX exchange"))
    if rtype == SOA:
        _fields(tokens, 7, "SOA", "mname, rname, serial, refresh, retry, expire, minimum")
        return SoaRdata(_name(tokens[0], origin, "SOA mname"),
                        _name(tokens[1], origin, "SOA rname"),
                        text.parse_int(tokens[2], text.U32, "SOA serial"),
                        text.parse_ttl(tokens[3]), text.parse_ttl(tokens[4]),
                        text.parse_ttl(tokens[5]), text.parse_ttl(tokens[6]))
    if rtype == TXT:
        if len(tokens) == 0:
            raise ValueError("TXT takes one or more strings, found none")
        return TxtRdata([text.parse_string(t, 255, "TXT string") for t in tokens])
    if rtype == SRV:
        _fields(tokens, 4, "SRV", "priority, weight, port and target")
        return SrvRdata(text.parse_int(tokens[0], text.U16, "SRV priority"),
                        text.parse_int(tokens[1], text.U16, "SRV weight"),
                        text.parse_int(tokens[2], text.U16, "SRV port"),
                        _name(tokens[3], origin, "SRV target"))
    if rtype == CAA:
        _fields(tokens, 3, "CAA", "flags, a tag and a value")
        flags = text.parse_int(tokens[0], text.U8, "CAA flags")
        tag = text.parse_string(tokens[1], 255, "CAA tag")
        if len(tag) == 0 or not tag.isalnum():
            raise ValueError(f"CAA tag {tokens[1]!r} is not ASCII letters and digits")
        value = text.parse_string(tokens[2], 0xFFFF - 2 - len(tag), "CAA value")
        return CaaRdata(flags, tag, value)
    raise ValueError(f"{type_name(rtype)} data can only be written as \\# LENGTH HEX (RFC 3597)")


def _fields(tokens: list[str], count: int, what: str, expected: str) -> None:
    if len(tokens) != count:
        raise ValueError(f"{what} takes {count} field{'s' if count > 1 else ''} ({expected}), "
                         f"found {len(tokens)}")


def _name(token: str, origin: Name, what: str) -> Name:
    if token.startswith('"'):
        raise ValueError(f"{what} {token!r}: a quoted string where a name is expected")
    try:
        return Name.of_text(token, origin)
    except ValueError as e:
        raise ValueError(f"{what}: {e}") from None


def _generic_from_text(rtype: int, tokens: list[str]) -> Rdata:
    """`\\# LENGTH HEX...`: the hex may be split in several fields. For a type this module
    knows, the data is decoded as its wire form (uncompressed: RFC 3597 5)."""
    if len(tokens) < 2:
        raise ValueError("\\# needs a length")
    length = text.parse_int(tokens[1], 0xFFFF, "\\# length")
    data = text.parse_hex("".join(tokens[2:]), "\\# data")
    if len(data) != length:
        raise ValueError(f"\\# says {length} octets, its hex has {len(data)}")
    if rtype == A or rtype == AAAA or rtype == SOA or rtype == MX or rtype == TXT or \
            rtype == SRV or rtype == CAA or _is_name_type(rtype):
        buf = Buffer.of_bytes(data)
        try:
            # a floor of len(data) refuses every compression pointer
            return decode_rdata(Reader(buf, len(data)), rtype, 0, len(data), IN)
        except FormatError as e:
            raise ValueError(f"\\# data is not {type_name(rtype)} rdata: {e}") from None
    return OpaqueRdata(rtype, data)
