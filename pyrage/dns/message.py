"""DNS messages (RFC 1035 4.1) with EDNS (RFC 6891): parsing, as a server must parse what
anyone sends it, and emitting, within a size limit as UDP answers must be.

    query = parse_message(datagram)          # FormatError (a DnsError) for anything malformed
    reply = Message(query.id); reply.qr = True; ...
    out = emit_within(reply, 1232)           # drops additional RRsets, then sets TC

What parse_message refuses, each a FormatError that carries the header's id, opcode and RD
flag (when 12 bytes were there) and the first question (when it parsed), for the FORMERR
reply: a header shorter than 12 bytes; counts that need more records than the bytes could
hold; a section that runs past the data (every truncation); a name that breaks wire.Reader's
rules (label types 0x40 and 0x80, which is what a 64-octet label is; more than 255 octets;
a compression pointer that does not go strictly backwards, so no loop, no forward pointer,
none into the header); rdata whose fields do not fill exactly RDLENGTH; an OPT record outside
the additional section, a second one, or one whose owner is not the root (RFC 6891 6.1.1);
EDNS options that overrun the OPT's data; and bytes after the last record (trailing garbage:
a datagram is one message, so extra bytes mean a confused or hostile sender; BIND refuses
them too, NSD ignores them: `allow_trailing=True` does as NSD).

The OPT record is not among `additional`: it is `edns`, and its extended RCODE bits are part of
`rcode` (12 bits). Speed matters here (the server must beat NSD): parsing walks a Buffer view
of the datagram with no copy but each label's and rdata's own bytes; emitting writes into one
growing buffer, each name with one dictionary lookup per suffix until one is found.
"""

from __future__ import annotations

from typing import Final

from pyrage.dns.errors import DnsError, FormatError
from pyrage.dns.name import Name
from pyrage.dns.rdata import OPT, Record, class_name, decode_rdata, type_name
from pyrage.dns.wire import Reader, Writer
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.rawbytes import RawBytes

__all__ = ["DnsError", "FormatError", "Question", "Edns", "Message", "parse_message",
           "emit_message", "emit_within", "HEADER_LEN", "MAX_MESSAGE"]

HEADER_LEN: Final = 12
MAX_MESSAGE: Final = 65535
#: Section numbers (where a record was found).
_ANSWER: Final = 0
_AUTHORITY: Final = 1
_ADDITIONAL: Final = 2
_SECTION_NAMES: Final = ["answer", "authority", "additional"]
#: The fixed part of a record after its owner: TYPE, CLASS, TTL, RDLENGTH.
_RR_FIXED: Final = 10


class Question:
    """What a query asks: a name, a type and a class."""

    def __init__(self, name: Name, qtype: int, qclass: int) -> None:
        self.name = name
        self.qtype = qtype
        self.qclass = qclass

    def to_text(self) -> str:
        """`name class type`, as dig's question section (without its `;`)."""
        return f"{self.name.to_text()} {class_name(self.qclass)} {type_name(self.qtype)}"

    def __repr__(self) -> str:
        return f"Question({self.to_text()!r})"


class Edns:
    """The OPT pseudo-record's fields (RFC 6891 6.1.3): the sender's UDP payload size, the
    extended RCODE bits as received, the EDNS version, the DO bit, and the options as
    (code, data) pairs in order. Emitting takes the extended RCODE from Message.rcode, not
    from ext_rcode, so that a reply has one place for its RCODE; the other flag bits (Z) are
    sent as zero and ignored when received, as RFC 6891 says."""

    def __init__(self, payload: int, ext_rcode: int, version: int, dnssec_ok: bool,
                 options: list[tuple[int, bytes]]) -> None:
        self.payload = payload
        self.ext_rcode = ext_rcode
        self.version = version
        self.dnssec_ok = dnssec_ok
        self.options = options

    def size(self) -> int:
        """The OPT record's size on the wire."""
        total = 1 + _RR_FIXED
        for _code, data in self.options:
            total += 4 + len(data)
        return total


class Message:
    """A DNS message. rcode is the whole 12-bit RCODE (the header's 4 bits, and the OPT's 8
    above them when there is one); `additional` holds no OPT: that is `edns`."""

    def __init__(self, id: int = 0) -> None:
        self.id = id
        self.qr = False
        self.opcode = 0
        self.aa = False
        self.tc = False
        self.rd = False
        self.ra = False
        self.z = False
        self.ad = False
        self.cd = False
        self.rcode = 0
        self.questions: list[Question] = []
        self.answers: list[Record] = []
        self.authority: list[Record] = []
        self.additional: list[Record] = []
        self.edns: Edns | None = None

    def flags(self) -> int:
        """The header's second 16-bit word (the low 4 bits of rcode)."""
        return ((0x8000 if self.qr else 0) | ((self.opcode & 0xF) << 11) |
                (0x400 if self.aa else 0) | (0x200 if self.tc else 0) |
                (0x100 if self.rd else 0) | (0x80 if self.ra else 0) |
                (0x40 if self.z else 0) | (0x20 if self.ad else 0) |
                (0x10 if self.cd else 0) | (self.rcode & 0xF))


# --- parsing ------------------------------------------------------------------------------------


def parse_message(data: bytes, allow_trailing: bool = False) -> Message:
    """The message in data; FormatError (carrying the header and the question when they were
    read) for anything malformed, and no other exception for any input. allow_trailing
    ignores bytes after the last record instead (NSD 4.6 answers such queries as if they
    were not there; BIND answers FORMERR, as this does by default)."""
    size = len(data)
    if size < HEADER_LEN:
        raise FormatError(f"a message of {size} bytes is shorter than the 12-byte header")
    if size > MAX_MESSAGE:
        raise FormatError(f"a message of {size} bytes is longer than {MAX_MESSAGE}")
    buf = Buffer(RawBytes.view_of(data), 0, size)
    msg = Message(buf.get_u16_be(0))
    flags = buf.get_u16_be(2)
    msg.qr = flags & 0x8000 != 0
    msg.opcode = (flags >> 11) & 0xF
    msg.aa = flags & 0x400 != 0
    msg.tc = flags & 0x200 != 0
    msg.rd = flags & 0x100 != 0
    msg.ra = flags & 0x80 != 0
    msg.z = flags & 0x40 != 0
    msg.ad = flags & 0x20 != 0
    msg.cd = flags & 0x10 != 0
    msg.rcode = flags & 0xF
    try:
        end = _parse_sections(msg, buf)
        if end != size and not allow_trailing:
            raise FormatError(f"{size - end} bytes after the last record (at {end})")
    except FormatError as e:
        e.has_header = True
        e.id = msg.id
        e.opcode = msg.opcode
        e.rd = msg.rd
        if len(msg.questions) > 0:
            q = msg.questions[0]
            e.qname = q.name
            e.qtype = q.qtype
            e.qclass = q.qclass
        raise
    return msg


def _parse_sections(msg: Message, buf: Buffer) -> int:
    """Reads the sections into msg; returns the offset after the last record."""
    size = len(buf)
    qdcount = buf.get_u16_be(4)
    ancount = buf.get_u16_be(6)
    nscount = buf.get_u16_be(8)
    arcount = buf.get_u16_be(10)
    # A question takes 5 bytes at least (the root and two 16-bit fields), a record 11.
    least = qdcount * 5 + (ancount + nscount + arcount) * (1 + _RR_FIXED)
    if least > size - HEADER_LEN:
        raise FormatError(f"counts of {qdcount}/{ancount}/{nscount}/{arcount} records need "
                          f"{least} bytes at least, after the header there are "
                          f"{size - HEADER_LEN}")
    r = Reader(buf, HEADER_LEN)
    pos = HEADER_LEN
    for _ in range(qdcount):
        name = r.name(pos, size)
        pos = r.pos
        if pos + 4 > size:
            raise FormatError(f"the question at {pos} is cut short")
        msg.questions.append(Question(name, buf.get_u16_be(pos), buf.get_u16_be(pos + 2)))
        pos += 4
    for section in range(3):
        out = msg.answers if section == _ANSWER else \
            msg.authority if section == _AUTHORITY else msg.additional
        count = ancount if section == _ANSWER else nscount if section == _AUTHORITY else arcount
        for _ in range(count):
            start = pos
            owner = r.name(pos, size)
            pos = r.pos
            if pos + _RR_FIXED > size:
                raise FormatError(f"the {_SECTION_NAMES[section]} record at {start} is cut "
                                  "short")
            rtype = buf.get_u16_be(pos)
            rclass = buf.get_u16_be(pos + 2)
            ttl = buf.get_u32_be(pos + 4)
            length = buf.get_u16_be(pos + 8)
            pos += _RR_FIXED
            if pos + length > size:
                raise FormatError(f"the {_SECTION_NAMES[section]} record at {start} has "
                                  f"{length} bytes of rdata, {size - pos} remain")
            if rtype == OPT:
                _parse_opt(msg, buf, section, start, owner, rclass, ttl, pos, length)
            else:
                rdata = decode_rdata(r, rtype, pos, length, rclass)
                out.append(Record(owner, rtype, rclass, ttl, rdata))
            pos += length
    return pos


def _parse_opt(msg: Message, buf: Buffer, section: int, start: int, owner: Name, rclass: int,
               ttl: int, at: int, length: int) -> None:
    """The OPT pseudo-record at start (RFC 6891 6.1): only one, only in additional, owned by
    the root; its options must fill its data exactly."""
    if section != _ADDITIONAL:
        raise FormatError(f"an OPT record in the {_SECTION_NAMES[section]} section (at "
                          f"{start})")
    if msg.edns is not None:
        raise FormatError(f"a second OPT record (at {start})")
    if not owner.is_root():
        raise FormatError(f"an OPT record (at {start}) owned by {owner.to_text()}, not the "
                          "root")
    options: list[tuple[int, bytes]] = []
    p = at
    end = at + length
    while p < end:
        if p + 4 > end:
            raise FormatError(f"the OPT record at {start}: an option header at {p} runs past "
                              "its data")
        code = buf.get_u16_be(p)
        n = buf.get_u16_be(p + 2)
        if p + 4 + n > end:
            raise FormatError(f"the OPT record at {start}: option {code} of {n} bytes at {p} "
                              "runs past its data")
        options.append((code, buf.sub(p + 4, n).to_bytes()))
        p += 4 + n
    ext = ttl >> 24
    msg.edns = Edns(rclass, ext, (ttl >> 16) & 0xFF, ttl & 0x8000 != 0, options)
    msg.rcode |= ext << 4


# --- emitting -----------------------------------------------------------------------------------


def emit_message(msg: Message) -> bytes:
    """The wire form of msg, names compressed, the OPT last in additional. ValueError if it
    is longer than 65535 bytes, or has an RCODE above 15 and no EDNS to carry it."""
    return _emit(msg, MAX_MESSAGE, False)


def emit_within(msg: Message, limit: int) -> bytes:
    """The wire form of msg if it fits in limit bytes (a UDP reply: 512, or the EDNS payload
    size the server allows). If not, whole RRsets are dropped from the end of additional
    (the OPT stays, TC stays clear: additional data is optional, RFC 2181 9) until it fits;
    if the answer and authority sections with the OPT still do not fit, the result is the
    header with TC set, the question and the OPT only (NSD does this; the client retries
    over TCP). That last form is returned even if it is over limit (a limit below its ~300
    bytes at most, which no UDP reply has). msg itself is not changed."""
    return _emit(msg, min(limit, MAX_MESSAGE), True)


#: The one Writer every message is emitted with: its buffer is kept from one message to the
#: next (emitting never waits, so two messages are never written at once).
_WRITER: Final = Writer(512)


#: A second Writer for measuring records (record_size) while _WRITER holds a message.
_SIZER: Final = Writer(512)


def record_size(r: Record) -> int:
    """The most bytes r takes in a message (its owner uncompressed; compression can only
    make it shorter)."""
    w = _SIZER
    w.reset()
    _emit_uncompressed(w, r)
    return w.pos


def _emit_uncompressed(w: Writer, r: Record) -> None:
    w.name(r.name, False)
    at = w.record_header(r.rtype, r.rclass, r.ttl)
    r.rdata.emit(w)
    w.set_u16(at, w.pos - at - 2)


def _same_rrset(a: Record, b: Record) -> bool:
    # (wire keys: emitting the owner made them already; Name.key() would build text)
    return a.rtype == b.rtype and a.rclass == b.rclass and \
        a.name.wire_key() == b.name.wire_key()


def _emit(msg: Message, limit: int, truncate: bool) -> bytes:
    edns = msg.edns
    if msg.rcode > 0xF and edns is None:
        raise ValueError(f"RCODE {msg.rcode} needs an OPT record (EDNS) to carry it")
    if msg.rcode < 0 or msg.rcode > 0xFFF:
        raise ValueError(f"RCODE {msg.rcode} is not 12 bits")
    opt_size = edns.size() if edns is not None else 0
    w = _WRITER
    w.reset()
    w.pos = HEADER_LEN  # the header is written last, when the counts are known
    for q in msg.questions:
        w.name(q.name, True)
        w.u16(q.qtype)
        w.u16(q.qclass)
    question_end = w.pos
    for r in msg.answers:
        _emit_record(w, r)
    for r in msg.authority:
        _emit_record(w, r)
    answers = len(msg.answers)
    authority = len(msg.authority)
    tc = msg.tc
    additional = msg.additional
    kept = 0  # how many additional records are in
    if w.pos + opt_size > limit:
        if not truncate:
            raise ValueError(f"a message of {w.pos + opt_size} bytes or more (at most "
                             f"{limit})")
        w.pos = question_end
        answers = 0
        authority = 0
        tc = True
    else:
        cut = w.pos
        n = len(additional)
        for i in range(n):
            r = additional[i]
            if i > 0 and not _same_rrset(additional[i - 1], r):
                if w.pos + opt_size > limit:
                    break
                cut = w.pos  # an RRset ends here, and everything so far fits
                kept = i
            _emit_record(w, r)
        if w.pos + opt_size <= limit:
            kept = n
        elif not truncate:
            raise ValueError(f"a message of {w.pos + opt_size} bytes (at most {limit})")
        else:
            w.pos = cut
    arcount = kept
    if edns is not None:
        _emit_opt(w, edns, msg.rcode >> 4)
        arcount += 1
    buf = w.buf  # (at least 16 bytes: room for the header)
    flags = msg.flags()
    buf.set_u16_be(0, msg.id)
    buf.set_u16_be(2, flags | 0x200 if tc else flags & ~0x200)
    buf.set_u16_be(4, len(msg.questions))
    buf.set_u16_be(6, answers)
    buf.set_u16_be(8, authority)
    buf.set_u16_be(10, arcount)
    return w.to_bytes()


def _emit_record(w: Writer, r: Record) -> None:
    w.name(r.name, True)
    at = w.record_header(r.rtype, r.rclass, r.ttl)
    r.rdata.emit(w)
    w.set_u16(at, w.pos - at - 2)


def _emit_opt(w: Writer, edns: Edns, ext_rcode: int) -> None:
    w.u8(0)  # the root
    ttl = (ext_rcode << 24) | ((edns.version & 0xFF) << 16) | (0x8000 if edns.dnssec_ok else 0)
    at = w.record_header(OPT, edns.payload, ttl)
    for code, data in edns.options:
        w.u16(code)
        w.u16(len(data))
        w.data(data)
    w.set_u16(at, w.pos - at - 2)
