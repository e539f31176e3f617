"""Random DNS messages made with dnspython (the oracle), for round trips and as the fuzzer's
seeds, and the master-file tokenizer rdata_from_text's contract assumes."""

from __future__ import annotations

import random
import re

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rdata
import dns.rdataclass
import dns.rcode
import dns.rdatatype
import dns.rrset

#: A master-file field as the zone parser hands it over: a quoted string with its quotes and
#: escapes, or a run of non-blanks (escapes kept).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|(?:[^\s"\\]|\\.)+')


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


_LABELS = ["www", "mail", "ns1", "ns2", "Example", "example", "org", "COM", "a", "b-c", "_sip",
           "_tcp", "x" * 63, "with\\.dot", "sp\\032ace", "\\000nul", "\\255hi", "*"]
_SUFFIXES = ["example.com.", "Example.COM.", "example.org.", "test.", "."]


def random_name(rng: random.Random) -> str:
    """Names that share suffixes often (so compression has work), with odd octets."""
    base = rng.choice(_SUFFIXES)
    labels = [rng.choice(_LABELS) for _ in range(rng.randrange(0, 4))]
    if len(labels) == 0 and base == ".":
        return "."
    text = ".".join(labels + ([] if base == "." else [base[:-1]])) + "."
    try:
        dns.name.from_text(text)
    except dns.name.NameTooLong:
        return base
    return text


def random_string(rng: random.Random, limit: int = 40) -> str:
    out = []
    for _ in range(rng.randrange(0, limit)):
        c = rng.randrange(256) if rng.random() < 0.2 else rng.randrange(0x20, 0x7F)
        out.append("\\%03d" % c if c < 0x21 or c >= 0x7F or chr(c) in '"\\;()' else chr(c))
    return '"' + "".join(out) + '"'


def random_ipv6(rng: random.Random) -> str:
    words = [rng.choice([0, 0, 0, 1, 0xFFFF, rng.randrange(65536)]) for _ in range(8)]
    return ":".join(f"{w:x}" for w in words)


#: Types whose data dnspython reads the same in every class (the others are class IN's).
_ANY_CLASS_TYPES = ["NS", "CNAME", "PTR", "SOA", "MX", "TXT", "CAA", "TYPE65534"]
_TYPES = _ANY_CLASS_TYPES + ["A", "AAAA", "SRV", "HINFO", "DS", "NAPTR"]


def random_rdata(rng: random.Random, kind: str) -> str:
    """The presentation form of random data of type kind."""
    def n() -> str:
        return random_name(rng)

    def r16() -> int:
        return rng.randrange(65536)

    if kind == "A":
        return ".".join(str(rng.randrange(256)) for _ in range(4))
    if kind == "AAAA":
        return random_ipv6(rng)
    if kind in ("NS", "CNAME", "PTR"):
        return n()
    if kind == "SOA":
        nums = " ".join(str(rng.randrange(2**32)) for _ in range(5))
        return f"{n()} {n()} {nums}"
    if kind == "MX":
        return f"{r16()} {n()}"
    if kind == "TXT":
        return " ".join(random_string(rng) for _ in range(rng.randrange(1, 4)))
    if kind == "SRV":
        return f"{r16()} {r16()} {r16()} {n()}"
    if kind == "CAA":
        tag = rng.choice(["issue", "issuewild", "iodef", "tbs", "X1"])
        return f"{rng.choice([0, 128, 255])} {tag} {random_string(rng)}"
    if kind == "HINFO":
        return f"{random_string(rng, 10)} {random_string(rng, 10)}"
    if kind == "DS":
        return f"{r16()} 8 2 {rng.randbytes(32).hex()}"
    if kind == "NAPTR":
        return f'100 10 "u" "E2U+sip" "!^.*$!sip:x@example.com!" {n()}'
    data = rng.randbytes(rng.randrange(0, 40))
    return f"\\# {len(data)} {data.hex()}"


def rdclass_of(value: int) -> dns.rdataclass.RdataClass:
    return dns.rdataclass.RdataClass.make(value)


def rdtype_of(value: int) -> dns.rdatatype.RdataType:
    return dns.rdatatype.RdataType.make(value)


def random_message(rng: random.Random) -> dns.message.Message:
    """A query or response with random flags, sections of random RRsets and maybe EDNS (with
    options and an extended RCODE)."""
    m = dns.message.Message(id=rng.randrange(65536))
    m.flags = rng.randrange(65536) & 0x87F0  # QR, AA, TC, RD, RA, Z, AD, CD
    # (not 5, UPDATE: dnspython reads those as updates, with an update's rules)
    m.set_opcode(dns.opcode.Opcode.make(rng.choice([0, 0, 0, 1, 2, 4, 6, 15])))
    if rng.random() < 0.6:
        options: list[dns.edns.Option] = [
            dns.edns.GenericOption(dns.edns.OptionType.make(rng.choice([3, 20000, 65001, 65535])),
                                   rng.randbytes(rng.randrange(0, 12)))
            for _ in range(rng.randrange(0, 3))]
        m.use_edns(0, dns.flags.DO if rng.random() < 0.5 else 0,
                   rng.choice([512, 1232, 4096, 65535]), options=options)
        m.set_rcode(dns.rcode.Rcode.make(rng.randrange(4096)))
    else:
        m.set_rcode(dns.rcode.Rcode.make(rng.randrange(16)))
    for _ in range(rng.choice([0, 1, 1, 1, 2])):
        m.question.append(dns.rrset.RRset(dns.name.from_text(random_name(rng)),
                                          rdclass_of(rng.choice([1, 3, 255])),
                                          rdtype_of(rng.choice([1, 2, 15, 28, 255, 65534]))))
    for section in (m.answer, m.authority, m.additional):
        for _ in range(rng.randrange(0, 4)):
            owner = dns.name.from_text(random_name(rng))
            # (not class ANY: dnspython 2.9 then caches its generic rdata class for the type
            # in every class, and IN A records would stop parsing in this process)
            rdclass = rdclass_of(rng.choice([1, 1, 1, 3, 254]))
            if rdclass == 254 and rng.random() < 0.5:
                # an UPDATE's form: IN-only types are opaque in class NONE (and may be empty)
                kind = rng.choice(["A", "AAAA", "SRV"])
                data = rng.randbytes(rng.randrange(0, 8))
                rrset = dns.rrset.RRset(owner, rdclass, dns.rdatatype.from_text(kind))
                rrset.add(dns.rdata.from_text(rdclass, kind, f"\\# {len(data)} {data.hex()}"),
                          0)
                section.append(rrset)
                continue
            kind = rng.choice(_TYPES if rdclass == 1 else _ANY_CLASS_TYPES)
            rrset = dns.rrset.RRset(owner, rdclass, dns.rdatatype.from_text(kind))
            for _ in range(rng.randrange(1, 3)):
                rrset.add(dns.rdata.from_text(rdclass, kind, random_rdata(rng, kind),
                                              relativize=False), rng.randrange(2**31))
            section.append(rrset)
    return m


def wire(m: dns.message.Message) -> bytes:
    """m's wire form (dnspython would otherwise stop at the EDNS payload size it carries)."""
    return m.to_wire(max_size=65535)
