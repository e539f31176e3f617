"""Zone files: the RFC 1035 5.1 master-file format as NSD and BIND read it (docs/dns.md).

    records = parse_zone(text, Name.of_text("example.com."), "example.com.zone")

gives every record of the zone in file order, with absolute owner names, or raises ZoneError
with `FILE:LINE: what is wrong`, LINE being where the offending record (or the quote or
parenthesis never closed) starts. The first error stops the parse.

Two stages. The lexer scans the text once, as octets, and cuts it into entries: one record or
directive each, its raw fields with comments and parentheses removed (a newline inside
parentheses is whitespace), a quoted string one field with its quotes and escapes as written
(a quote also ends a word and starts a field, as NSD reads `"abc"def`), and whether the
entry's line starts with whitespace (the previous owner). The parser reads the owner, the TTL
and the class (each optional, in either order), the type, and hands the rest to
rdata.rdata_from_text with the current origin; then the zone's checks: the SOA first, once, at
the origin; nothing out of the zone; no CNAME beside other data, no two CNAMEs or DNAMEs,
nothing below a DNAME; class IN only. A record that repeats another (same name, type and
rdata) is dropped, as NSD and BIND drop it.

Where NSD 4.6 decides otherwise (a relative $ORIGIN, the default TTL, what it is lenient
with): docs/dns.md and tests/dns/test_zone.py.
"""

from __future__ import annotations

from typing import Final

from pyrage.dns.name import Name
from pyrage.dns.rdata import (
    Rdata,
    Record,
    class_name,
    class_of_text,
    rdata_from_text,
    type_name,
    type_of_text,
)

#: The TTL of a record that gives none, with no $TTL and no earlier TTL (NSD's default).
DEFAULT_TTL: Final = 3600
MAX_TTL: Final = 2147483647
#: Types and classes used by the checks.
_IN: Final = 1
_CNAME: Final = 5
_SOA: Final = 6
_SIG: Final = 24
_NXT: Final = 30
_DNAME: Final = 39
_RRSIG: Final = 46
_NSEC: Final = 47
_NSEC3: Final = 50

#: Octet classes of the lexer.
_WORD: Final = 0
_SPACE: Final = 1
_NEWLINE: Final = 2
_COMMENT: Final = 3
_OPEN: Final = 4
_CLOSE: Final = 5
_QUOTE: Final = 6
_BACKSLASH: Final = 7


def _octet_classes() -> bytes:
    table = bytearray(256)
    table[0x20] = _SPACE
    table[0x09] = _SPACE
    table[0x0D] = _SPACE  # CRLF line ends: the CR is whitespace
    table[0x0A] = _NEWLINE
    table[0x3B] = _COMMENT  # ;
    table[0x28] = _OPEN
    table[0x29] = _CLOSE
    table[0x22] = _QUOTE
    table[0x5C] = _BACKSLASH
    return bytes(table)


_CLASSES: Final = _octet_classes()


class ZoneError(Exception):
    """A zone file that cannot be loaded: `FILE:LINE: reason`."""

    def __init__(self, file: str, line: int, reason: str) -> None:
        super().__init__(f"{file}:{line}: {reason}")
        self.file = file
        self.line = line
        self.reason = reason


class Entry:
    """One record or directive of a zone file, as the lexer cuts it."""

    def __init__(self, line: int, indented: bool, tokens: list[str]) -> None:
        #: The line of its first field.
        self.line = line
        #: Whether its line starts with whitespace (a record of the previous owner).
        self.indented = indented
        #: Its fields: comments and parentheses removed, quoted strings with their quotes.
        self.tokens = tokens

    def __repr__(self) -> str:
        return f"Entry({self.line}, {self.indented}, {self.tokens!r})"


class Lexer:
    """Cuts a zone file's text into entries, scanning it once."""

    def __init__(self, text: str, file: str) -> None:
        self.data = text.encode()
        self.file = file
        self.pos = 0
        self.line = 1

    def error(self, line: int, reason: str) -> ZoneError:
        return ZoneError(self.file, line, reason)

    def next_entry(self) -> Entry | None:
        """The next entry, or None at the end of the text."""
        data = self.data
        n = len(data)
        classes = _CLASSES
        pos = self.pos
        line = self.line
        tokens: list[str] = []
        first_line = 0
        paren_line = 0  # the line of the open parenthesis, 0 when none is open
        # at the start of each physical line, until the entry has a field
        indented = pos < n and (data[pos] == 0x20 or data[pos] == 0x09)
        while pos < n:
            c = data[pos]
            k = classes[c]
            if k == _SPACE:
                pos += 1
            elif k == _NEWLINE:
                pos += 1
                line += 1
                if paren_line == 0:
                    if len(tokens) > 0:
                        break
                    indented = pos < n and (data[pos] == 0x20 or data[pos] == 0x09)
            elif k == _COMMENT:
                end = data.find(b"\n", pos)
                pos = n if end < 0 else end
            elif k == _OPEN:
                if paren_line != 0:
                    raise self.error(line, "nested parentheses")
                paren_line = line
                pos += 1
            elif k == _CLOSE:
                if paren_line == 0:
                    raise self.error(line, "')' without '('")
                paren_line = 0
                pos += 1
            elif k == _QUOTE:
                start = pos
                pos += 1
                while True:
                    if pos >= n or data[pos] == 0x0A:
                        raise self.error(line, "unterminated quoted string (it must end on "
                                         "its line)")
                    q = data[pos]
                    if q == 0x22:
                        pos += 1
                        break
                    if q == 0x5C:
                        if pos + 1 >= n or data[pos + 1] == 0x0A or data[pos + 1] == 0x0D:
                            raise self.error(line, "a backslash at the end of a line")
                        pos += 2
                    else:
                        pos += 1
                if first_line == 0:
                    first_line = line
                tokens.append(data[start:pos].decode())
            else:
                start = pos
                while pos < n:
                    k = classes[data[pos]]
                    if k == _WORD:
                        pos += 1
                    elif k == _BACKSLASH:
                        if pos + 1 >= n or data[pos + 1] == 0x0A or data[pos + 1] == 0x0D:
                            raise self.error(line, "a backslash at the end of a line")
                        pos += 2
                    else:
                        break
                if first_line == 0:
                    first_line = line
                tokens.append(data[start:pos].decode())
        if paren_line != 0:
            raise self.error(paren_line, "unterminated parenthesis")
        self.pos = pos
        self.line = line
        if len(tokens) == 0:
            return None
        return Entry(first_line, indented, tokens)


def tokenize(text: str, file: str) -> list[Entry]:
    """Every entry of a zone file's text, in order (the lexer alone)."""
    lexer = Lexer(text, file)
    entries: list[Entry] = []
    while True:
        entry = lexer.next_entry()
        if entry is None:
            return entries
        entries.append(entry)


_UNITS: Final = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800,
                 "S": 1, "M": 60, "H": 3600, "D": 86400, "W": 604800}


def ttl_of_text(text: str) -> int:
    """A TTL: seconds, or numbers each with a unit (`1h30m`, `2w`; s m h d w, any case), the
    last number possibly without one (`1h30` is 3630, as NSD reads it). ValueError when it is
    not one or is past MAX_TTL."""
    if len(text) == 0 or not ("0" <= text[0] <= "9"):
        raise ValueError(f"bad TTL '{text}'")
    total = 0
    current = -1  # -1: no digit since the last unit
    for c in text:
        if "0" <= c <= "9":
            current = (0 if current < 0 else current * 10) + (ord(c) - 48)
            if current > MAX_TTL:
                raise ValueError(f"TTL {text} is out of range (0 to {MAX_TTL})")
        else:
            unit = _UNITS.get(c, 0)
            if unit == 0 or current < 0:
                raise ValueError(f"bad TTL '{text}'")
            total += current * unit
            current = -1
            if total > MAX_TTL:
                raise ValueError(f"TTL {text} is out of range (0 to {MAX_TTL})")
    if current > 0:
        total += current
    if total > MAX_TTL:
        raise ValueError(f"TTL {text} is out of range (0 to {MAX_TTL})")
    return total


#: An RRset this large looks up duplicates by canonical wire form rather than one by one.
_SCAN_LIMIT: Final = 8


class _RRset:
    """The data of one name and type so far, to drop the records that repeat one."""

    def __init__(self, rdata: Rdata) -> None:
        self.rdatas = [rdata]
        self.canonical: set[bytes] = set()

    def add(self, rdata: Rdata) -> bool:
        """Adds rdata unless the RRset has it already (RFC 2181 5: names compared without
        regard to case); whether it was added."""
        if len(self.rdatas) < _SCAN_LIMIT:
            for known in self.rdatas:
                if known.same(rdata):
                    return False
            self.rdatas.append(rdata)
            if len(self.rdatas) == _SCAN_LIMIT:
                for known in self.rdatas:
                    self.canonical.add(known.canonical())
            return True
        key = rdata.canonical()
        if key in self.canonical:
            return False
        self.canonical.add(key)
        return True


class _Node:
    """What the checks know of one owner name."""

    def __init__(self) -> None:
        self.rrsets: dict[int, _RRset] = {}
        self.cname_line = 0
        self.dname_line = 0
        #: The first record that may not stand beside a CNAME.
        self.other_line = 0
        self.other_type = 0


class _Parser:
    def __init__(self, text: str, origin: Name, file: str) -> None:
        self.lexer = Lexer(text, file)
        self.file = file
        self.zone = origin
        self.origin = origin  # the current $ORIGIN
        self.dollar_ttl = -1
        self.last_ttl = -1
        self.previous: Name | None = None
        self.soa_line = 0
        self.nodes: dict[str, _Node] = {}
        self.dnames: dict[str, int] = {}
        self.records: list[Record] = []
        self.record_lines: list[int] = []

    def error(self, line: int, reason: str) -> ZoneError:
        return ZoneError(self.file, line, reason)

    def parse(self) -> list[Record]:
        while True:
            entry = self.lexer.next_entry()
            if entry is None:
                break
            if not entry.indented and entry.tokens[0].startswith("$"):
                self.directive(entry)
            else:
                self.record(entry)
        if self.soa_line == 0:
            raise self.error(1, "no SOA record: a zone starts with its SOA")
        if len(self.dnames) > 0:
            self.check_below_dnames()
        return self.records

    def directive(self, entry: Entry) -> None:
        tokens = entry.tokens
        word = tokens[0].upper()
        if word == "$ORIGIN":
            if len(tokens) != 2:
                raise self.error(entry.line, "$ORIGIN takes one name")
            try:
                self.origin = Name.of_text(tokens[1], self.origin)
            except ValueError as e:
                raise self.error(entry.line, f"bad $ORIGIN '{tokens[1]}': {e}") from None
        elif word == "$TTL":
            if len(tokens) != 2:
                raise self.error(entry.line, "$TTL takes one TTL")
            try:
                self.dollar_ttl = ttl_of_text(tokens[1])
            except ValueError as e:
                raise self.error(entry.line, f"$TTL: {e}") from None
        elif word == "$INCLUDE" or word == "$GENERATE":
            raise self.error(entry.line, f"{word} is not supported")
        else:
            raise self.error(entry.line, f"unknown directive '{tokens[0]}'")

    def owner(self, entry: Entry) -> Name:
        if entry.indented:
            if self.previous is None:
                raise self.error(entry.line, "no previous owner for a line that starts with "
                                 "whitespace")
            return self.previous
        text = entry.tokens[0]
        if text.startswith('"'):
            raise self.error(entry.line, f"a quoted owner name ({text}) is not supported")
        try:
            name = Name.of_text(text, self.origin)
        except ValueError as e:
            raise self.error(entry.line, f"bad owner name '{text}': {e}") from None
        self.previous = name
        return name

    def record(self, entry: Entry) -> None:
        line = entry.line
        tokens = entry.tokens
        owner = self.owner(entry)
        i = 0 if entry.indented else 1
        ttl = -1
        rclass = -1
        rtype = -1
        # the TTL and the class, each optional, in either order, then the type
        while i < len(tokens):
            t = tokens[i]
            i += 1
            if "0" <= t[0] <= "9":
                if ttl >= 0:
                    raise self.error(line, f"a second TTL '{t}'")
                try:
                    ttl = ttl_of_text(t)
                except ValueError as e:
                    raise self.error(line, str(e)) from None
                continue
            value = _IN if t == "IN" or t == "in" else -1
            if value < 0:
                try:
                    rtype = type_of_text(t)
                    break
                except ValueError:
                    pass
                try:
                    value = class_of_text(t)
                except ValueError:
                    raise self.error(line, f"unknown type '{t}'") from None
            if rclass >= 0:
                raise self.error(line, f"a second class '{t}'")
            rclass = value
        if rtype < 0:
            raise self.error(line, "no type")
        if rclass < 0:
            rclass = _IN
        elif rclass != _IN:
            raise self.error(line, f"class {class_name(rclass)} is not supported (only IN)")
        if ttl < 0:
            if self.dollar_ttl >= 0:
                ttl = self.dollar_ttl
            elif self.last_ttl >= 0:
                ttl = self.last_ttl
            else:
                ttl = DEFAULT_TTL
        else:
            self.last_ttl = ttl
        try:
            rdata = rdata_from_text(rtype, tokens[i:], self.origin)
        except ValueError as e:
            raise self.error(line, f"bad {type_name(rtype)} data: {e}") from None
        self.add(Record(owner, rtype, rclass, ttl, rdata), line)

    def add(self, record: Record, line: int) -> None:
        owner = record.name
        rtype = record.rtype
        if rtype == _SOA:
            if self.soa_line != 0:
                raise self.error(line, f"a second SOA record (the first is on line "
                                 f"{self.soa_line})")
            if owner != self.zone:
                raise self.error(line, f"the SOA record must be at the origin "
                                 f"{self.zone.to_text()}, not at {owner.to_text()}")
            self.soa_line = line
        elif self.soa_line == 0:
            raise self.error(line, f"{type_name(rtype)} record before the SOA record: a zone "
                             "starts with its SOA")
        if not owner.is_subdomain_of(self.zone):
            raise self.error(line, f"out-of-zone data: {owner.to_text()} is not at or under "
                             f"the origin {self.zone.to_text()}")
        key = owner.key()
        node = self.nodes.get(key)
        if node is None:
            node = _Node()
            self.nodes[key] = node
        rrset = node.rrsets.get(rtype)
        if rrset is None:
            node.rrsets[rtype] = _RRset(record.rdata)
        elif not rrset.add(record.rdata):
            return  # a duplicate: the RRset holds it once
        if rtype == _CNAME:
            if node.cname_line != 0:
                raise self.clash(line, "a second CNAME", owner, "the first", node.cname_line)
            if node.dname_line != 0:
                raise self.clash(line, "CNAME and DNAME", owner, "the DNAME", node.dname_line)
            if node.other_line != 0:
                raise self.clash(line, "CNAME and other data", owner,
                                 type_name(node.other_type), node.other_line)
            node.cname_line = line
        elif rtype == _DNAME:
            if node.dname_line != 0:
                raise self.clash(line, "a second DNAME", owner, "the first", node.dname_line)
            if node.cname_line != 0:
                raise self.clash(line, "CNAME and DNAME", owner, "the CNAME", node.cname_line)
            node.dname_line = line
            self.dnames[key] = line
        if _beside_cname(rtype):
            if node.other_line == 0:
                node.other_line = line
                node.other_type = rtype
            if node.cname_line != 0:
                raise self.clash(line, "CNAME and other data", owner, "the CNAME",
                                 node.cname_line)
        self.records.append(record)
        self.record_lines.append(line)

    def clash(self, line: int, what: str, owner: Name, other: str, other_line: int) -> ZoneError:
        return self.error(line, f"{what} at {owner.to_text()} ({other} is on line {other_line})")

    def check_below_dnames(self) -> None:
        """No name under a DNAME's owner (RFC 6672 2.3)."""
        depth = self.zone.label_count()
        for index in range(len(self.records)):
            owner = self.records[index].name
            labels = owner.labels
            for above in range(1, len(labels) - depth + 1):
                ancestor = Name(labels[above:])
                dname_line = self.dnames.get(ancestor.key(), 0)
                if dname_line != 0:
                    raise self.error(self.record_lines[index],
                                     f"{owner.to_text()} is below the DNAME at "
                                     f"{ancestor.to_text()} (line {dname_line})")


def _beside_cname(rtype: int) -> bool:
    """Whether a record of this type may not stand beside a CNAME (RRSIG, NSEC and NSEC3 may,
    RFC 4035 2.5; SIG and NXT, their forerunners, as NSD has it; DNAME is checked apart)."""
    return not (rtype == _CNAME or rtype == _DNAME or rtype == _RRSIG or rtype == _NSEC
                or rtype == _NSEC3 or rtype == _SIG or rtype == _NXT)


def parse_zone(text: str, origin: Name, file: str) -> list[Record]:
    """Every record of the zone file's text, in file order, owners absolute (`@` and the
    relative names are the current $ORIGIN's, at first origin). ZoneError when the text is not
    a zone for origin."""
    return _Parser(text, origin, file).parse()
