"""DNS message headers as a NamedTuple: flag bits packed with shifts, opcodes and rcodes as
IntEnums, _replace to build a response, and a question section with length-prefixed labels.

Features: namedtuple, enum, int-bytes, bytes, bytes-hex, match, tuple, fstring, list, hex-bin-oct
"""

from enum import IntEnum
from typing import NamedTuple


class Opcode(IntEnum):
    QUERY = 0
    IQUERY = 1
    STATUS = 2
    NOTIFY = 4


class Rcode(IntEnum):
    NOERROR = 0
    FORMERR = 1
    SERVFAIL = 2
    NXDOMAIN = 3
    REFUSED = 5


class Header(NamedTuple):
    ident: int
    qr: bool = False
    opcode: Opcode = Opcode.QUERY
    rd: bool = True
    ra: bool = False
    rcode: Rcode = Rcode.NOERROR
    qdcount: int = 1
    ancount: int = 0

    def flags(self) -> int:
        word = (int(self.qr) << 15) | (self.opcode.value << 11) | (int(self.rd) << 8)
        return word | (int(self.ra) << 7) | self.rcode.value

    def encode(self) -> bytes:
        out = self.ident.to_bytes(2, "big") + self.flags().to_bytes(2, "big")
        for n in (self.qdcount, self.ancount, 0, 0):
            out += n.to_bytes(2, "big")
        return out


def decode(data: bytes) -> Header:
    ident = int.from_bytes(data[0:2], "big")
    f = int.from_bytes(data[2:4], "big")
    return Header(ident, bool(f >> 15), Opcode((f >> 11) & 0xF), bool(f & 0x100),
                  bool(f & 0x80), Rcode(f & 0xF), int.from_bytes(data[4:6], "big"),
                  int.from_bytes(data[6:8], "big"))


def encode_name(name: str) -> bytes:
    out = bytearray()
    for label in name.rstrip(".").split("."):
        raw = label.encode("ascii")
        out.append(len(raw))
        out += raw
    out.append(0)
    return bytes(out)


def answer(q: Header, name: str) -> Header:
    match q.opcode, name.split(".")[-1]:
        case Opcode.QUERY, "local" | "lan":
            return q._replace(qr=True, ra=True, ancount=1)
        case Opcode.QUERY, "invalid":
            return q._replace(qr=True, ra=True, rcode=Rcode.NXDOMAIN)
        case Opcode.QUERY, _:
            return q._replace(qr=True, rcode=Rcode.REFUSED)
        case op, _:
            print(f"  unsupported opcode {op.name} ({int(op)})")
            return q._replace(qr=True, rcode=Rcode.FORMERR, qdcount=0)


queries = [(Header(0x1234), "printer.local"), (Header(0xBEEF, rd=False), "nope.invalid"),
           (Header(7, opcode=Opcode.STATUS), "x.lan"), (Header(0xFFFF), "example.com."),
           (Header(42, opcode=Opcode.NOTIFY, qdcount=2), "zone.lan")]
for q, name in queries:
    wire = q.encode() + encode_name(name)
    r = answer(decode(wire), name)
    rw = r.encode()
    print(f"{name:<14} q={wire[:12].hex()} flags={q.flags():#06x}")
    print(f"{'':<14} r={rw.hex(' ', 2)} {r.rcode.name:<8} qr={r.qr} ra={r.ra} an={r.ancount}")
    assert decode(rw) == r
print(encode_name("a.bc.def").hex("-"), len(encode_name("printer.local")))
print(Header._fields, Header(1)._asdict()["opcode"], decode(bytes(12)))
print([op.name for op in Opcode], Rcode(3), Rcode["REFUSED"].value, bin(Header(9, qr=True).flags()))
