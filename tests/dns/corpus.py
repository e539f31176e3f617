"""The differential corpus: queries generated from zone files, sent to NSD and to pyrage.

Every name of each zone (owners, the empty non-terminals above them, names a wildcard
synthesizes, names below delegations, names that do not exist, names in no zone) times every
type of interest, in several EDNS variants, with case variations; plus the odd ones (other
opcodes and classes, EDNS version 1, no question or two, a zone transfer over UDP).
"""

from __future__ import annotations

import random
from pathlib import Path

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rdataclass
import dns.rdatatype
import dns.zone

TYPES = ["A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "AAAA", "SRV", "CAA", "ANY", "DS",
         "TYPE65534", "HINFO", "NAPTR"]
#: (EDNS version or -1 for none, payload, DNSSEC OK)
EDNS = [(-1, 0, False), (0, 1232, False), (0, 512, True), (0, 4096, False)]


def zone_names(path: Path) -> list[str]:
    """The names worth asking about in one zone file."""
    origin = dns.name.from_text(path.name[:-len(".zone")])
    zone = dns.zone.from_file(str(path), origin=origin, relativize=False)
    names: set[str] = set()
    for name, node in zone.nodes.items():
        text = name.to_text()
        if text.startswith("*."):
            base = text[2:]
            names.update({f"x.{base}", f"a.b.{base}", text, base})
        else:
            names.add(text)
        parent = name.parent()
        while parent != origin and parent.is_subdomain(origin) and len(parent) > len(origin):
            names.add(parent.to_text())
            parent = parent.parent()
        for rdataset in node:
            if rdataset.rdtype == dns.rdatatype.NS and name != origin:
                names.update({f"a.{text}", f"deeper.a.{text}"})
    base = origin.to_text()
    names.update({f"nope.{base}", f"a.nope.{base}", f"NoPe.{base}"})
    return sorted(names)


def mixed_case(name: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c for c in name)


def queries(zone_dir: Path, seed: int = 1) -> list[bytes]:
    """The corpus, as wire-format queries (ids fixed by the seed)."""
    rng = random.Random(seed)
    names: list[str] = []
    for path in sorted(zone_dir.glob("*.zone")):
        names += zone_names(path)
    names += ["example.com.", "org.", ".", "nonexistent.invalid."]
    out: list[bytes] = []
    for name in names:
        for rtype in TYPES:
            # without EDNS, with NSD's own payload, and one of the others
            for version, payload, do in (EDNS[0], EDNS[1], EDNS[2 + rng.randrange(2)]):
                asked = mixed_case(name, rng) if rng.random() < 0.2 else name
                q = dns.message.make_query(asked, rtype, use_edns=version,
                                           payload=payload or 1232, want_dnssec=do)
                q.id = rng.randrange(65536)
                if rng.random() < 0.7:
                    q.flags &= ~dns.flags.RD
                out.append(q.to_wire())
    out += odd_queries(rng, names)
    return out


def odd_queries(rng: random.Random, names: list[str]) -> list[bytes]:
    """Queries a server must refuse or reject, each as NSD does."""
    out: list[bytes] = []
    zone_name = next(n for n in names if n.count(".") == 2)
    for opcode in (dns.opcode.NOTIFY, dns.opcode.UPDATE, dns.opcode.STATUS, 3, 6, 15):
        q = dns.message.make_query(zone_name, "SOA")
        q.set_opcode(dns.opcode.Opcode(opcode))
        out.append(q.to_wire())
    # trailing bytes after the question: NSD ignores them
    out.append(dns.message.make_query(zone_name, "A").to_wire() + b"trailing")
    for rdclass in ("CH", "ANY", "HS", "CLASS42"):
        out.append(dns.message.make_query(zone_name, "A", rdclass=rdclass).to_wire())
    for version in (1, 2):
        out.append(dns.message.make_query(zone_name, "A", use_edns=version).to_wire())
    q = dns.message.make_query(zone_name, "AXFR")
    out.append(q.to_wire())
    q = dns.message.make_query(zone_name, "IXFR")
    out.append(q.to_wire())
    empty = dns.message.Message(id=rng.randrange(65536))
    out.append(empty.to_wire())
    two = dns.message.make_query(zone_name, "A")
    two.question.append(dns.rrset.RRset(dns.name.from_text(zone_name), dns.rdataclass.IN,
                                        dns.rdatatype.AAAA))
    out.append(two.to_wire())
    return out
