"""Names on the wire (RFC 1035 3.1, 4.1.4): reading them, compression pointers included, out of
a message, and writing messages with compression.

    r = Reader(msg_buf, HEADER_LEN)         # pointers may target offsets >= 12
    name = r.name(at, end)                   # r.pos: just after the name's in-line part
    w = Writer(512)
    w.name(name, True)                       # compressed against the names written before

Reading refuses what a server must refuse, each a FormatError: a name running past `end` (or
the message), a label type 0x40 or 0x80 (reserved; a 64-octet label is one of these, since a
length byte 64..127 has the 0x40 bit), more than 255 octets, and a pointer that does not go
strictly backwards: each pointer must target an offset before the start of the run of labels
it ends (the name's own start for the first one). Every legitimate compressor points at a
name written earlier, so this loses nothing, and it makes loops impossible: the targets
decrease, so the walk ends after at most one pointer per offset, never hangs.

Writing keeps a table from the lower-cased wire form of each suffix already written (a
Name.wire_key() suffix) to its offset; a suffix found there becomes a pointer. Only offsets
below 0x4000 can be pointed at (14 bits). A typical answer has a few names, so the first
SMALL_TABLE suffixes are kept in lists scanned in place (no hashing, and no allocation but
the suffixes' own bytes: the lists are reused from one message to the next); past that, the
table moves to a dict.
"""

from __future__ import annotations

from typing import Final

from pyrage.dns.errors import FormatError
from pyrage.dns.name import MAX_NAME, Name
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.rawbytes import RawBytes

#: The largest offset a compression pointer holds.
MAX_POINTER: Final = 0x3FFF
#: Up to this many suffixes, the compression table is a list scanned linearly.
SMALL_TABLE: Final = 32
#: The root, as every OPT record's owner is: one object for all of them.
_ROOT: Final = Name.root()


class Reader:
    """Reads names out of the message in `buf`; pointers may target offsets in [floor, start of
    the run that ends with them). A standalone rdata (RFC 3597 `\\#` data) uses a floor of its
    length, which refuses every pointer."""

    def __init__(self, buf: Buffer, floor: int) -> None:
        self.buf = buf
        self.raw = buf.storage()
        self.base = buf.start()
        self.size = len(buf)
        self.floor = floor
        #: after name(): the offset just past the name's in-line part
        self.pos = 0

    def name(self, at: int, end: int) -> Name:
        """The name at `at`, whose in-line part must end by `end` (a record's rdata end, or the
        message's size); sets self.pos past that part."""
        buf = self.buf
        pos = at
        limit = end  # labels are read up to here: end in-line, the message after a jump
        run_start = at
        labels: list[bytes] = []
        total = 1
        jumped = False
        while True:
            if pos >= limit:
                raise FormatError(f"a name at offset {at} runs past the end of its data")
            length = buf.get_u8(pos)
            if length == 0:
                pos += 1
                break
            kind = length & 0xC0
            if kind == 0:
                if pos + 1 + length > limit:
                    raise FormatError(f"a name at offset {at}: a label of {length} octets at "
                                      f"{pos} runs past the end of its data")
                total += length + 1
                if total > MAX_NAME:
                    raise FormatError(f"a name at offset {at} is longer than {MAX_NAME} octets")
                # (straight from the storage: the check above keeps it inside the view)
                labels.append(self.raw.to_bytes(self.base + pos + 1, length))
                pos += length + 1
            elif kind == 0xC0:
                if pos + 2 > limit:
                    raise FormatError(f"a name at offset {at}: a compression pointer at {pos} "
                                      "runs past the end of its data")
                target = ((length & 0x3F) << 8) | buf.get_u8(pos + 1)
                if target >= run_start or target < self.floor:
                    if self.floor >= self.size:
                        raise FormatError(f"a name at offset {at}: a compression pointer at "
                                          f"{pos}, where none is allowed")
                    if target < self.floor:
                        raise FormatError(f"a name at offset {at}: the compression pointer at "
                                          f"{pos} targets {target}, in the header")
                    raise FormatError(f"a name at offset {at}: the compression pointer at {pos}"
                                      f" targets {target}, not before {run_start} (pointers "
                                      "must go back)")
                if not jumped:
                    self.pos = pos + 2
                    jumped = True
                pos = target
                run_start = target
                limit = self.size
            else:
                raise FormatError(f"a name at offset {at}: label type {kind:#04x} at {pos} "
                                  f"(length byte {length}) is reserved")
        if not jumped:
            self.pos = pos
        return Name(labels) if len(labels) > 0 else _ROOT


class Writer:
    """A growing buffer for a message: fixed-width integers in network order, bytes, and names
    compressed against the table of those written before. With `compress` False no name is
    compressed (a lone rdata's wire form); `canonical` also lower-cases them (RFC 4034 6.2's
    canonical form, for comparing rdata)."""

    def __init__(self, capacity: int) -> None:
        self.buf = Buffer.create(max(capacity, 16))
        self.pos = 0
        # the compression table: suffixes[i] (a wire key's suffix) is at offsets[i] in the
        # message, for i < count; the lists keep stale entries past count, to be overwritten.
        self.suffixes: list[bytes] = []
        self.offsets: list[int] = []
        self.count = 0
        self.table: dict[bytes, int] = {}  # all of them instead, once count > SMALL_TABLE
        self.compress = True
        self.canonical = False

    def reset(self) -> None:
        """Empty, to write another message in the same buffer (message.py keeps one Writer
        for every message it emits: they are written one at a time, with no await between)."""
        self.pos = 0
        self.count = 0
        if len(self.table) > 0:
            self.table = {}

    def _find(self, key: bytes, start: int) -> int:
        """The offset of key[start:] in the message, or -1."""
        if self.count > SMALL_TABLE:
            return self.table.get(key[start:] if start > 0 else key, -1)
        length = len(key) - start
        suffixes = self.suffixes
        raw = RawBytes.view_of(key)  # (compiled, key itself: no copy, no slice)
        for i in range(self.count):
            known = suffixes[i]
            if len(known) == length and \
                    raw.compare(start, length, RawBytes.view_of(known), 0, length) == 0:
                return self.offsets[i]
        return -1

    def _add(self, key: bytes, start: int, at: int) -> None:
        """Record that key[start:] is at offset `at`."""
        suffix = key[start:] if start > 0 else key
        n = self.count
        if n < SMALL_TABLE:
            if n < len(self.suffixes):
                self.suffixes[n] = suffix
                self.offsets[n] = at
            else:
                self.suffixes.append(suffix)
                self.offsets.append(at)
        else:
            if n == SMALL_TABLE:
                table: dict[bytes, int] = {}
                for i in range(n):
                    table[self.suffixes[i]] = self.offsets[i]
                self.table = table
            self.table[suffix] = at
        self.count = n + 1

    def _grow(self, need: int) -> None:
        size = len(self.buf) * 2
        while size < self.pos + need:
            size *= 2
        bigger = Buffer.create(size)
        bigger.blit(self.buf, 0, 0, self.pos)
        self.buf = bigger

    def u8(self, value: int) -> None:
        if self.pos + 1 > len(self.buf):
            self._grow(1)
        self.buf.set_u8(self.pos, value)
        self.pos += 1

    def u16(self, value: int) -> None:
        if self.pos + 2 > len(self.buf):
            self._grow(2)
        self.buf.set_u16_be(self.pos, value)
        self.pos += 2

    def u32(self, value: int) -> None:
        if self.pos + 4 > len(self.buf):
            self._grow(4)
        self.buf.set_u32_be(self.pos, value)
        self.pos += 4

    def data(self, data: bytes) -> None:
        self.part(data, len(data))

    def part(self, data: bytes, length: int) -> None:
        """The first `length` bytes of data."""
        if self.pos + length > len(self.buf):
            self._grow(length)
        self.buf.blit_from_bytes(data, 0, self.pos, length)
        self.pos += length

    def set_u16(self, at: int, value: int) -> None:
        """Overwrite two bytes already written (a count, a length)."""
        self.buf.set_u16_be(at, value)

    def record_header(self, rtype: int, rclass: int, ttl: int) -> int:
        """TYPE, CLASS, TTL and a zero RDLENGTH (after the owner); returns the RDLENGTH's offset,
        for set_u16 once the rdata is written."""
        if self.pos + 10 > len(self.buf):
            self._grow(10)
        buf = self.buf
        at = self.pos
        buf.set_u16_be(at, rtype)
        buf.set_u16_be(at + 2, rclass)
        if ttl < 0 or ttl > 0xFFFFFFFF:
            raise ValueError(f"a TTL of {ttl} is not 32 bits")
        # (two 16-bit halves: set_u16_be is inlined, set_u32_be is a runtime call)
        buf.set_u16_be(at + 4, ttl >> 16)
        buf.set_u16_be(at + 6, ttl & 0xFFFF)
        buf.set_u16_be(at + 8, 0)
        self.pos = at + 10
        return at + 8

    def name(self, name: Name, compress: bool) -> None:
        """The name, ending in a pointer to the longest suffix already in the table when
        compress; the suffixes it writes in full join the table (when compress)."""
        if self.canonical:
            self.data(name.wire_key())
            return
        wire = name.to_wire()
        if not compress or not self.compress:
            self.data(wire)
            return
        key = name.wire_key()
        offset = 0  # of the current suffix within the name's wire form
        for label in name.labels:
            target = self._find(key, offset)
            if target >= 0:
                self.part(wire, offset)
                self.u16(0xC000 | target)
                return
            at = self.pos + offset
            if at <= MAX_POINTER:
                self._add(key, offset, at)
            offset += len(label) + 1
        self.data(wire)

    def to_bytes(self) -> bytes:
        return self.buf.storage().to_bytes(self.buf.start(), self.pos)
