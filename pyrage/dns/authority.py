"""An authoritative server's answers (RFC 1034 4.3.2, RFC 2308, RFC 4592), as NSD gives them.

    auth = Authority([zone_records])           # records of each zone, from zone.py
    reply = auth.answer(query)                 # a Message, for message.emit_within

No bytes and no I/O here: a parsed query in, a response Message out (the server in
examples/dns does the UDP and TCP). What NSD 4.6 does where the RFCs leave room, and what this
follows (tests/dns/test_against_nsd.py checks it query by query):

- a positive answer carries the zone's NS RRset in the authority section (unless the answer is
  that RRset) and, in the additional section, the A and AAAA records of the names the answer
  and authority sections point at (NS, MX and SRV targets), answer targets first;
- a negative answer (NXDOMAIN or NODATA) carries the SOA, its TTL the lesser of the SOA's own
  and its minimum field (RFC 2308 section 3);
- ANY is answered with one RRset, the first of the name in zone-file order (RFC 8482);
- below a zone cut, a referral: the cut's NS RRset in authority, glue in additional, AA clear;
  a DS query at the cut is answered by the parent (NODATA: no DNSSEC here);
- a CNAME chain is followed inside the zone (at most MAX_CHAIN links, loops stop it);
- a name that exists only because names below it do (an empty non-terminal) is NODATA;
- wildcards synthesize records at the query name, from the closest encloser's `*` child;
- REFUSED for names in no zone and for classes other than IN (with an Extended DNS Error,
  RFC 8914: 20 Not Authoritative, 21 Not Supported, when the query has EDNS); NOTIMP for
  opcodes other than QUERY and NOTIFY (which is REFUSED), and for AXFR over UDP (IXFR:
  REFUSED); BADVERS for an EDNS version other than 0; FORMERR for a query without exactly one
  question. Where NSD leaves the question out of such replies, so does this.

Over TCP, `transfer` answers AXFR and IXFR (RFC 5936, RFC 1995) as NSD does: NOTAUTH for a
name that is not a zone's apex, REFUSED for a client the server does not allow, else the zone
(its SOA, every record in zone-file order, its SOA again) in messages of at most
TRANSFER_MESSAGE bytes; an IXFR whose serial is not older than the zone's gets the SOA alone,
and an older one the whole zone (there is no history to send differences from).
"""

from __future__ import annotations

from pyrage.dns.message import Edns, Message, emit_message, record_size
from pyrage.dns.name import Name
from pyrage.dns.rdata import (
    AAAA,
    ANY,
    ANY_CLASS,
    CH,
    A,
    AXFR,
    CNAME,
    IN,
    IXFR,
    NS,
    SOA,
    NameRdata,
    Record,
    SoaRdata,
)

MAX_CHAIN = 16
DS = 43
#: Response codes.
NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED, NOTAUTH, BADVERS = 0, 1, 2, 3, 4, 5, 9, 16
#: The size a zone transfer's messages are filled to (RFC 5936 leaves it free; under 65,535).
TRANSFER_MESSAGE = 16384
#: The EDNS payload this server offers (and the most it sends over UDP), as NSD's default.
PAYLOAD = 1232
#: Extended DNS Error option (RFC 8914) and its codes.
EDE_OPTION = 15
EDE_NOT_AUTHORITATIVE = 20
EDE_NOT_SUPPORTED = 21
#: Opcodes.
QUERY_OPCODE = 0
NOTIFY_OPCODE = 4


class Node:
    """The records of one name of a zone, by type, in zone-file order."""

    def __init__(self, name: Name) -> None:
        self.name = name
        self.types: list[int] = []
        self.rrsets: dict[int, list[Record]] = {}

    def add(self, record: Record) -> None:
        rrset = self.rrsets.get(record.rtype)
        if rrset is None:
            rrset = []
            self.rrsets[record.rtype] = rrset
            self.types.append(record.rtype)
        for known in rrset:
            if known.rdata.same(record.rdata):
                return  # a duplicate RR: one RRset holds it once
        rrset.append(record)


class Zone:
    """One zone's names: its nodes by key, and the names that exist only as ancestors."""

    def __init__(self, records: list[Record]) -> None:
        soa: Record | None = None
        for r in records:
            if r.rtype == SOA:
                soa = r
                break
        if soa is None:
            raise ValueError("a zone without an SOA record")
        self.origin = soa.name
        self.soa = soa
        self.records = records  # in zone-file order, for transfers
        #: by the names' wire keys (Name.wire_key: lower-cased wire form)
        self.nodes: dict[bytes, Node] = {}
        self.ancestors: set[bytes] = set()
        for r in records:
            node = self.nodes.get(r.name.wire_key())
            if node is None:
                node = Node(r.name)
                self.nodes[r.name.wire_key()] = node
            node.add(r)
            parent = r.name.parent()
            while parent.label_count() > self.origin.label_count():
                self.ancestors.add(parent.wire_key())
                parent = parent.parent()
        apex = self.nodes[self.origin.wire_key()]
        self.apex_ns: list[Record] = apex.rrsets.get(NS, [])

    def negative_soa(self) -> Record:
        """The SOA for the authority section of a negative answer (RFC 2308 section 3)."""
        rdata = self.soa.rdata
        ttl = self.soa.ttl
        if isinstance(rdata, SoaRdata) and rdata.minimum < ttl:
            ttl = rdata.minimum
        return Record(self.soa.name, SOA, self.soa.rclass, ttl, rdata)

    def exists(self, key: bytes) -> bool:
        return key in self.nodes or key in self.ancestors


class Answer:
    """The sections of a response being built."""

    def __init__(self) -> None:
        self.rcode = NOERROR
        self.aa = True
        self.answer: list[Record] = []
        self.authority: list[Record] = []
        self.additional: list[Record] = []
        #: names whose A and AAAA the additional section wants, in order
        self.wanted: list[Name] = []


def renamed(records: list[Record], owner: Name) -> list[Record]:
    """records with owner as their name (the query's own spelling, or a wildcard's
    synthesis); the records themselves when they are spelled so already (no copies)."""
    if len(records) > 0 and records[0].name.to_wire() == owner.to_wire():
        return records
    out: list[Record] = []
    for r in records:
        out.append(Record(owner, r.rtype, r.rclass, r.ttl, r.rdata))
    return out


class Authority:
    """The zones a server is authoritative for."""

    def __init__(self, zones: list[list[Record]]) -> None:
        self.zones: dict[bytes, Zone] = {}
        for records in zones:
            zone = Zone(records)
            self.zones[zone.origin.wire_key()] = zone

    def zone_for(self, name: Name) -> Zone | None:
        """The zone whose origin is the closest enclosing one of name."""
        count = name.label_count()
        while count >= 0:
            zone = self.zones.get(name.suffix_key(count))
            if zone is not None:
                return zone
            count -= 1
        return None

    def answer(self, query: Message) -> Message | None:
        """The response to query, or None when there must be none (a response sent to us)."""
        if query.qr:
            return None
        reply = Message(query.id)
        reply.qr = True
        reply.opcode = query.opcode
        reply.rd = query.rd
        reply.cd = query.cd
        if query.opcode != QUERY_OPCODE:
            reply.rcode = REFUSED if query.opcode == NOTIFY_OPCODE else NOTIMP
            return reply  # NSD: no question and no OPT with these
        reply.questions = query.questions
        if query.edns is not None:  # the DO bit is echoed (RFC 3225)
            reply.edns = Edns(PAYLOAD, 0, 0, query.edns.dnssec_ok, [])
            if query.edns.version != 0:
                reply.rcode = BADVERS
                return reply
        if len(query.questions) != 1:
            reply.rcode = FORMERR  # NSD: no question, RD clear
            reply.questions = []
            reply.rd = False
            return reply
        q = query.questions[0]
        if q.qclass == ANY_CLASS:
            return reply  # NSD: NOERROR, and nothing
        if q.qclass != IN:
            if q.qclass != CH:
                reply.questions = []  # NSD echoes the question for CH only
            return self.refused(reply, query, EDE_NOT_SUPPORTED)
        if q.qtype == AXFR or q.qtype == IXFR:  # transfers are for TCP
            reply.rcode = NOTIMP if q.qtype == AXFR else REFUSED
            return reply
        zone = self.zone_for(q.name)
        if zone is None:
            return self.refused(reply, query, EDE_NOT_AUTHORITATIVE)
        a = Answer()
        final = self.resolve(zone, q.name, q.qtype, a)
        self.add_additional(final, a)
        reply.rcode = a.rcode
        reply.aa = a.aa
        reply.answers = a.answer
        reply.authority = a.authority
        reply.additional = a.additional
        return reply

    def is_transfer(self, query: Message) -> bool:
        """Whether query asks for a zone transfer (AXFR or IXFR, a well-formed QUERY)."""
        return not query.qr and query.opcode == QUERY_OPCODE and len(query.questions) == 1 \
            and (query.questions[0].qtype == AXFR or query.questions[0].qtype == IXFR) and \
            query.questions[0].qclass == IN and \
            (query.edns is None or query.edns.version == 0)

    def transfer(self, query: Message, allowed: bool) -> list[Message]:
        """The messages answering a transfer query (is_transfer) over TCP; `allowed`: whether
        the client may have the zone."""
        q = query.questions[0]
        reply = self.transfer_message(query)
        zone = self.zones.get(q.name.wire_key())
        if zone is None:
            reply.rcode = NOTAUTH
            return [reply]
        if not allowed:
            reply.rcode = REFUSED
            return [reply]
        if q.qtype == IXFR and not self.older(query, zone):
            reply.answers = [zone.soa]
            return [reply]
        replies: list[Message] = []
        records = [zone.soa] + [r for r in zone.records if r is not zone.soa] + [zone.soa]
        start = 0
        while start < len(records):
            size = len(emit_message(reply))  # the header, the question and the OPT
            end = start
            while end < len(records):
                more = record_size(records[end])
                if end > start and size + more > TRANSFER_MESSAGE:
                    break
                size += more
                end += 1
            reply.answers = records[start:end]
            replies.append(reply)
            reply = self.transfer_message(query)
            start = end
        return replies

    def transfer_message(self, query: Message) -> Message:
        reply = Message(query.id)
        reply.qr = True
        reply.aa = True
        reply.opcode = query.opcode
        reply.rd = query.rd
        reply.cd = query.cd
        reply.questions = query.questions
        if query.edns is not None:
            reply.edns = Edns(PAYLOAD, 0, 0, query.edns.dnssec_ok, [])
        return reply

    def older(self, query: Message, zone: Zone) -> bool:
        """Whether an IXFR's serial (the SOA in its authority section) is older than the
        zone's, in serial number arithmetic (RFC 1982); True when it has none."""
        ours = zone.soa.rdata
        for r in query.authority:
            if r.rtype == SOA and isinstance(r.rdata, SoaRdata) and isinstance(ours, SoaRdata):
                diff = (ours.serial - r.rdata.serial) & 0xFFFFFFFF
                return 0 < diff < 0x80000000
        return True

    def refused(self, reply: Message, query: Message, ede: int) -> Message:
        reply.rcode = REFUSED
        if reply.edns is not None:
            code = bytes([ede >> 8, ede & 0xFF])
            reply.edns.options = [(EDE_OPTION, code)]
        return reply

    def resolve(self, zone: Zone, qname: Name, qtype: int, a: Answer) -> Zone:
        """Fills a for qname/qtype, following CNAMEs into any zone served here (as NSD does);
        the zone of the last name, whose NS and glue the answer then carries."""
        name = qname
        seen: list[bytes] = []  # the names of a CNAME chain: a few at most
        for _ in range(MAX_CHAIN):
            seen.append(name.wire_key())
            target = self.step(zone, name, qtype, a)
            if target is None or target.wire_key() in seen:
                return zone  # the end, or a loop
            next_zone = self.zone_for(target)
            if next_zone is None:
                a.authority = []  # a target elsewhere: the resolver follows it
                return zone
            zone = next_zone
            name = target
        return zone

    def step(self, zone: Zone, name: Name, qtype: int, a: Answer) -> Name | None:
        """One link of the answer: records of name, a referral, or a negative answer; the
        CNAME target to go on with, if any."""
        # a zone cut between the apex and name: a referral (DS at the cut is the parent's)
        depth = zone.origin.label_count() + 1
        while depth <= name.label_count():
            node = zone.nodes.get(name.suffix_key(depth))
            if node is not None and NS in node.rrsets and \
                    not (depth == name.label_count() and qtype == DS):
                self.referral(node, a)
                return None
            depth += 1
        node = zone.nodes.get(name.wire_key())
        owner = name
        if node is None:
            if name.wire_key() in zone.ancestors:
                self.nodata(zone, a)
                return None
            node = self.wildcard(zone, name)
            if node is None:
                if len(a.answer) == 0:
                    a.rcode = NXDOMAIN
                a.authority = [zone.negative_soa()]
                return None
        cname = node.rrsets.get(CNAME)
        if cname is not None and qtype != CNAME and qtype != ANY:
            a.answer += renamed(cname, owner)
            rdata = cname[0].rdata
            return rdata.name if isinstance(rdata, NameRdata) else None
        if qtype == ANY:
            if len(node.types) == 0:
                self.nodata(zone, a)
                return None
            first = node.rrsets[node.types[0]]
            a.answer += renamed(first, owner)
            self.want_targets(first, a)
            return None
        rrset = node.rrsets.get(qtype)
        if rrset is None:
            self.nodata(zone, a)
            return None
        a.answer += renamed(rrset, owner)
        self.want_targets(rrset, a)
        if not (qtype == NS and name.wire_key() == zone.origin.wire_key()):
            a.authority = list(zone.apex_ns)
        return None

    def want_targets(self, rrset: list[Record], a: Answer) -> None:
        for r in rrset:
            t = r.rdata.target()
            if t is not None:
                a.wanted.append(t)

    def wildcard(self, zone: Zone, name: Name) -> Node | None:
        """The `*` node that synthesizes name (RFC 4592): the child `*` of name's closest
        encloser, if there is one."""
        count = name.label_count() - 1
        while count >= zone.origin.label_count():
            encloser = name.suffix_key(count)
            if zone.exists(encloser):
                return zone.nodes.get(b"\x01*" + encloser)
            count -= 1
        return None

    def nodata(self, zone: Zone, a: Answer) -> None:
        a.authority = [zone.negative_soa()]

    def referral(self, cut: Node, a: Answer) -> None:
        a.aa = False
        ns = cut.rrsets[NS]
        a.authority = list(ns)
        self.want_targets(ns, a)

    def add_additional(self, zone: Zone, a: Answer) -> None:
        """A and AAAA of the names the answer wants, then of the authority's NS targets."""
        if a.rcode != NOERROR:
            return
        if len(a.authority) > 0 and a.authority[0].rtype == NS and a.aa:
            self.want_targets(a.authority, a)
        if len(a.wanted) == 0:
            return
        # lists, not sets: a handful of names, and no hashing on the way
        done: list[bytes] = []
        present: list[bytes] = []  # RRsets the answer holds already are not repeated
        for r in a.answer:
            if r.rtype == A or r.rtype == AAAA:
                present.append(r.name.wire_key() + bytes([r.rtype]))
        for name in a.wanted:
            key = name.wire_key()
            if key in done:
                continue
            done.append(key)
            node = zone.nodes.get(key)
            if node is None:
                continue
            for rtype in (A, AAAA):
                rrset = node.rrsets.get(rtype)
                if rrset is not None and (len(present) == 0 or
                                          key + bytes([rtype]) not in present):
                    a.additional += rrset

