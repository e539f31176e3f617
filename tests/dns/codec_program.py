"""The DNS codec as a pyrage program: messages made by dnspython (frozen here as hex), broken
ones, records from text, emit_within at several limits, and a seeded fuzz, printing what the
codec makes of each. tests/dns/test_codec_compiled.py runs it under CPython and compiled and
compares the two outputs; given a count argument it times parse and emit instead."""

from __future__ import annotations

from typing import Final

from pyrage.dns.errors import DnsError, FormatError
from pyrage.dns.message import Edns, Message, Question, emit_message, emit_within, parse_message
from pyrage.dns.name import Name
from pyrage.stdlib import platform
from pyrage.dns.rdata import (
    AAAA,
    CAA,
    IN,
    MX,
    NS,
    SOA,
    SRV,
    TXT,
    A,
    Record,
    rdata_from_text,
    type_of_text,
)

#: Made by dnspython 2.9 (tests/dns/msggen.py, seed 7, and test_malformed's good messages).
VECTORS: Final = [
    ("e2480100000100000000000103777777076578616d706c6503636f6d000001000100002904d0000080000000"),
    ("04d285000001000200020007076578616d706c6503636f6d00000f0001c00c000f00010000012c0014001402"
     "6d78056f74686572076578616d706c6500c00c000f00010000012c0009000a046d61696cc00cc00c00020001"
     "0000012c0006036e7331c00cc00c000600010000012c0023c05e0a686f73746d6173746572c00c0000000100"
     "000002000000030000000400000005c04b000100010000012c0004c0000201c04b001c00010000012c001020"
     "010db8000000000000000000000001c04b001000010000012c00100b763d73706631202d616c6c0374776f04"
     "5f736970045f746370c00c002100010000012c00180000000513c4046d61696c076578616d706c6503636f6d"
     "00c00c010100010000012c00150005697373756563612e6578616d706c652e6e6574c00cfffe00010000012c"
     "000301020300002904d0000000000000"),
    ("abcd0100000100010000000003777777076578616d706c6503636f6d0000010001c00c000100010000012c00"
     "04c0000201"),
    ("f0ae24b00001000000020002045f736970036e73313f78787878787878787878787878787878787878787878"
     "7878787878787878787878787878787878787878787878787878787878787878787878787878787878074578"
     "616d706c6503434f4d00001c000303777777c055001c0001072a98d200100000ffffffff000000001f2e0001"
     "ffffc066001c0001072a98d20010fffff2de00000000074affff0001000000000c00037936d536000a074578"
     "616d706c65c055000029ffff660080000019000300074347c1e89129a7fde9000aeb0ab4154d8babd51ca9"),
    ("3d9c279f0000000000010003046d61696c036e7332074578616d706c6503434f4d00000100fe000000000001"
     "71016100fffe000333dcd77f002114a164e05c0140e02dbf32f11ee984edeba3744205963bece34b3c8f6296"
     "8be4f108776974682e646f74047465737400010100014e14d571002080025831516f28752d8b5c3076416469"
     "491d37292241713e4b5542253e343747c05b010100014e14d57100160005696f6465663b2f337232313c2c5e"
     "72dc53392b22"),
    ("6967fc73000000000000000303434f4d06737020616365036e733200fffe0003121ae3e6001930d04bfdea2d"
     "f958569d5cfb2368ec0d2fde44d67fca3b2103c00cfffe0003121ae3e60020a2deca4ebbd70fb0161c163721"
     "3981fb9adac43a977dbb57cd0dd93204bb10d50000290200800080000000"),
    ("3de781a60001000000040006076578616d706c65036f726700001c0003046d61696c01610474657374000002"
     "00016d80de7c000a036f7267045f74637000c01d000200016d80de7c000f0161074578616d706c6503434f4d"
     "00012a012a036f7267c04c0002000178e10e70000603622d63c024c0590002000178e10e70000a076578616d"
     "706c65c04c03622d630161c00c010100013b8a27ba002a8005696f6465662f52fe5959662e2e4f6822546342"
     "276930633b7f724722d95c5ec863592d3377ea144000000c000142c927b9000d036e7332036e7332036e7331"
     "0000000c000142c927b900413f78787878787878787878787878787878787878787878787878787878787878"
     "787878787878787878787878787878787878787878787878787878787878787800c04c000100014eb19fca00"
     "04787e0ed2c04c000100014eb19fca0004eb8ea17c0000290200940000000005ffff0001f0"),
    ("1c510b210001000000010001036f72670377777703622d63076578616d706c65036f72670000ff00ff03622d"
     "630474657374000006000100bc22cb0034045f746370045f73697006737020616365c018074578616d706c65"
     "03434f4d00b5b94af32f217e722a66f91330d0a2b877b5abcb0000290200ad0080000013ffff0001414e2000"
     "0a9664a06c0b57d7ecc65e"),
    ("5bf0b24f000100020002000400fffe000103ff6869036e7331076578616d706c6503636f6d00002b00011c0d"
     "f6450024632d0802d2aeb1212f8852fb63e7bce2ad30eb7dbe9bb249e64fe6f4055d9dcf63ad81eac011002b"
     "00011c0df645002445ba0802dc879e0675f268dbd452fe1080fe01ff3137379df0e169bb54ed4ab11126a3d0"
     "0161076578616d706c65c019001c00014737fed100100000ffff0000ffff0000000000000000c084001c0001"
     "4737fed1001000010000ffff18de00010000c9db0000045f74637000002b000140ef5ec20024e27208025561"
     "e43a97e23f2d9820899d31395cbe382c3ef53bd45c0c51c8df4b4e01e0d103777777046d61696c076578616d"
     "706c65036f726700000c00010c3b1266000f03434f4d046d61696c03777777c019c0fa000c00010c3b126600"
     "0f08776974682e646f7403ff6869c0c600002910002e0080000000"),
    ("015695b80002000400020001074578616d706c6504746573740000020001036e7332036e7331074578616d70"
     "6c65074578616d706c6503434f4d00000f00ff076578616d706c65036f726700002100010b43b6dd0013e333"
     "fc577f3b074578616d706c6503434f4d00c03f002100010b43b6dd001b1f800ceacfdd076578616d706c6507"
     "4578616d706c6503434f4d00c02e000600fe2ce678fe002ac01406737020616365036e733106737020616365"
     "c01469c60d1b9cf99a99823209b510530be2a03f2a2bc02e0006000128c06f250020c02e03434f4d036f7267"
     "c02e1f8e65210d72cb97ade25655f8cde59be4e8d8d2045f73697003434f4d3f787878787878787878787878"
     "7878787878787878787878787878787878787878787878787878787878787878787878787878787878787878"
     "78787878787878c02e002100fe00000000000003434f4d03622d63c0d80005000306e315e30002c02e000029"
     "04d0bb000000000a4e200006e6366695184d"),
    ("369e22d00000000000010000076578616d706c6503636f6d0000050001340252a60006036f7267c00c"),
    ("115601a90001000300000000036e7332076578616d706c6503636f6d00000200ff08776974682e646f740161"
     "076578616d706c65036f72670000100001310afae00032136f4f7c623e387d352d4d46572d2d51215760451d"
     "83537c576b5575723d72dd70555370d82254743749512d6f662c5a7b22c02100100001310afae0002c034f6d"
     "442754327a6e2b44004426fb5e6b61343b3d2e2a792d4dca2b7269566077307872a7597e5b4030723e087769"
     "74682e646f740673702061636500002100016651b3c40055c8f43eaab60001613f7878787878787878787878"
     "7878787878787878787878787878787878787878787878787878787878787878787878787878787878787878"
     "7878787878787878076578616d706c6503636f6d00"),
    ("840b878f000100030001000201613f7878787878787878787878787878787878787878787878787878787878"
     "78787878787878787878787878787878787878787878787878787878787878787878076578616d706c65036f"
     "726700000f000106737020616365047465737400002b000138761dc7002406750802552dc877632b9cb7924a"
     "9fe9c251f231566381ccfa1e38098c472e28a05d7ced074578616d706c6506737020616365076578616d706c"
     "6503636f6d000101000163e08fb2001c800569737375653d704a27e73233542345352d5d1d75674467573e2c"
     "076578616d706c65046d61696c03622d63c04e00210001495125cc000ce25cae8b47c0047465737400046d61"
     "696c08776974682e646f74036f7267c04e001c00014edbfef80010000075f90000000000000000ffffffffc0"
     "a9002100fe000000000000000029ffff350000000007000300039b48ad"),
    ("b1fe93af00000000000400000161047465737400000c000101300da20012045f746370076578616d706c6503"
     "636f6d00c00c000c000101300da2001903ff6869036e7331036e7332076578616d706c65036f7267003f7878"
     "7878787878787878787878787878787878787878787878787878787878787878787878787878787878787878"
     "7878787878787878787878787878787878046d61696cc0230023000122662de700390064000a017507453255"
     "2b73697018215e2e2a24217369703a78406578616d706c652e636f6d2103ff68690377777703ff6869047465"
     "737400036e7331c023001c000171b7e67c001000000000000031640000ffffffff7a0b"),
    ("b38e0015000000000004000503434f4d074578616d706c6503434f4d00002100010d4da0840055cb10542209"
     "7903ff6869046d61696c3f787878787878787878787878787878787878787878787878787878787878787878"
     "787878787878787878787878787878787878787878787878787878787878047465737400c00c002100010d4d"
     "a0840021b9fcad56cd2908776974682e646f74045f736970074578616d706c6503434f4d0000000100015d4b"
     "69e00004b47fd805036e7331c0100101000165a52d100005ff02583155c01000230001037fb23b002f006400"
     "0a0175074532552b73697018215e2e2a24217369703a78406578616d706c652e636f6d21012a046d61696c00"
     "c01000230001037fb23b00340064000a0175074532552b73697018215e2e2a24217369703a78406578616d70"
     "6c652e636f6d21076578616d706c65036f726700046d61696c047465737400000500010f726519000c036e73"
     "310673702061636500c14d001c00fe00000000000611e1cc93ce490000291000380080000000"),
    ("8c58049900010003000000013f78787878787878787878787878787878787878787878787878787878787878"
     "78787878787878787878787878787878787878787878787878787878787878780000ff000104006e756c0400"
     "6e756c04746573740000020001621789c90011036f7267076578616d706c65036f72670003777777045f7463"
     "70076578616d706c650000100001691124870013113b22224c27582d763375766e62f3707a3400c07c001000"
     "0169112487005125cb698f6de744456351205f469b576a4a6d495621835f64645762574db32163545369605e"
     "6f25632ba22961966155636138276d152147669b2c7559667261693e3626fb6e2777497935326a045922ca25"
     "046d61696c074578616d706c6503434f4d00001c00017c00f4ae001000000000ffff00010000c79300010001"),
    ("39d709730000000000040001076578616d706c6503636f6d00000c000140113e7100493f7878787878787878"
     "7878787878787878787878787878787878787878787878787878787878787878787878787878787878787878"
     "7878787878787878787878074578616d706c6500067370206163650377777700001000012cdc124000392024"
     "24c834596e4e3b30254e4a5148f7226d4a3242866931242c5671903e32464b1771664aac5d3f4c69e852466b"
     "9a40664b612a465b782848012a03777777076578616d706c65036f72670000210001144d8e2c0022794b0a46"
     "6fc606737020616365036f726703622d63076578616d706c6503636f6d00c0bb00210001144d8e2c001364b7"
     "7bc41d14074578616d706c6503434f4d000000290200e10000000000"),
    ("aeac05f80002000000000004046d61696c076578616d706c65036f7267000001000304006e756c3f78787878"
     "7878787878787878787878787878787878787878787878787878787878787878787878787878787878787878"
     "787878787878787878787878787878076578616d706c6503636f6d00001c0003046d61696c08776974682e64"
     "6f7400001000fe170196eb0002014908776974682e646f74045f746370c011000c00fe46202aed000c04006e"
     "756c046d61696cc067c093000c00fe46202aed000a012a0161045f74637000000029ffffcf00000000170003"
     "000a7654a952ce5f42ec0f074e20000589e5a553de"),
    ("43838171000100020001000104746573740000ff0001076578616d706c6503636f6d00000c00fe297e127500"
     "0100c016000c00fe297e12750011074578616d706c65076578616d706c6500036f7267045f7463703f787878"
     "7878787878787878787878787878787878787878787878787878787878787878787878787878787878787878"
     "78787878787878787878787878787878c00c00060003432774b7002b04006e756c0003622d63076578616d70"
     "6c65036f726700b592572d3de884525ab3af974757b10f7fa456c700002910004d0000000000"),
    ("a9be7a070001000000030000036f7267046d61696c036f7267076578616d706c65036f726700000f00ff0745"
     "78616d706c6503622d6303777777074578616d706c6503434f4d00000c00015a077da7000e074578616d706c"
     "6503ff6869c03a06737020616365c03a00050003228455880002c03a08776974682e646f7400000d000125df"
     "1fb70007000538f9633665"),
]

#: Broken ones: a self-pointer, a forward pointer, a 64-octet label, a 256-octet name, two
#: OPTs, an OPT in the answer, trailing garbage, a bad count, a short header.
BROKEN: Final = [
    "abcd0100000100000000000" + "0c00c00010001",
    "abcd010000010000000000" + "00c012000100010377777700",
    "abcd01000001000000000000" + "40" + "78" * 64 + "0000010001",
    "abcd01000001000000000000" + ("3f" + "79" * 63) * 3 + "3e" + "79" * 62 + "0000010001",
    "abcd0100000100000000000201610000010001" + "0000290200000000000000" * 2,
    "abcd0100000100010000000001610000010001" + "0000290200000000000000",
    "abcd01000001000000000000016100000100010000",
    "abcd0100000200000000000001610000010001",
    "abcd0100",
]

TEXT_CASES: Final = [
    ("A", "192.0.2.1"), ("AAAA", "2001:db8::1"), ("AAAA", "::ffff:192.0.2.1"),
    ("AAAA", "1:0:0:2:0:0:0:3"), ("AAAA", "fe80::"), ("NS", "ns1"), ("NS", "@"),
    ("CNAME", "x.other."), ("PTR", "host\\.name"), ("MX", "10 mail"),
    ("SOA", "ns h 2024010101 1h 15m 1w 1d"), ("TXT", '"a b" c\\032d "\\"q\\"" "\\255"'),
    ("SRV", "0 5 5060 sip"), ("CAA", '0 issue "ca.example.net"'),
    ("TYPE65534", "\\# 4 0a000001"), ("A", "\\# 4 0a000001"), ("TYPE99", "\\# 0"),
    ("A", "1.2.3"), ("AAAA", "1::2::3"), ("MX", "65536 x"), ("TXT", '"' + "x" * 256 + '"'),
    ("SOA", "a b 1 2 3 4 1x"), ("CAA", "0 is-sue x"), ("A", "\\# 3 010203"),
    ("NS", "a..b"), ("HINFO", '"cpu" "os"'),
]


def fields(text: str) -> list[str]:
    """Split as the zone parser does: quoted strings whole, escapes kept."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        j = i
        quoted = text[i] == '"'
        if quoted:
            j += 1
        while j < len(text):
            c = text[j]
            if c == "\\":
                j += 2
                continue
            if quoted and c == '"':
                j += 1
                break
            if not quoted and c == " ":
                break
            j += 1
        out.append(text[i:j])
        i = j
    return out


def fold(acc: int, data: bytes) -> int:
    for b in data:
        acc = (acc * 31 + b) & 0xFFFFFFFF
    return acc


def show(m: Message) -> None:
    print(f"  id={m.id} qr={m.qr} opcode={m.opcode} aa={m.aa} tc={m.tc} rd={m.rd} ra={m.ra} "
          f"z={m.z} ad={m.ad} cd={m.cd} rcode={m.rcode}")
    for q in m.questions:
        print("  Q " + q.to_text())
    for r in m.answers:
        print("  AN " + r.to_text())
    for r in m.authority:
        print("  NS " + r.to_text())
    for r in m.additional:
        print("  AR " + r.to_text())
    edns = m.edns
    if edns is not None:
        print(f"  EDNS payload={edns.payload} version={edns.version} do={edns.dnssec_ok} "
              f"options={[(c, d.hex()) for c, d in edns.options]}")


def vectors() -> None:
    print("== vectors")
    for text in VECTORS:
        data = bytes.fromhex(text)
        m = parse_message(data)
        show(m)
        out = emit_message(m)
        print("  same bytes" if out == data else "  emitted " + out.hex())
        for limit in (512, 200, 60):
            cut = emit_within(m, limit)
            print(f"  within {limit}: {len(cut)} bytes {fold(0, cut):08x}")


def broken() -> None:
    print("== broken")
    for text in BROKEN:
        try:
            parse_message(bytes.fromhex(text))
            print("  parsed?!")
        except FormatError as e:
            q = e.qname.to_text() if e.qname is not None else "-"
            print(f"  FormatError: {e} (header {e.has_header} id {e.id} opcode {e.opcode} "
                  f"rd {e.rd} question {q})")
    lenient = parse_message(bytes.fromhex(BROKEN[6]), allow_trailing=True)
    print("  trailing bytes allowed: " + emit_message(lenient).hex())


def from_text() -> None:
    print("== text")
    origin = Name.of_text("example.org.")
    for rtype, text in TEXT_CASES:
        try:
            rd = rdata_from_text(type_of_text(rtype), fields(text), origin)
            print("  " + Record(origin, rd.rtype, IN, 300, rd).to_text() + " | " +
                  rd.to_wire().hex())
        except ValueError as e:
            print(f"  ValueError: {e}")


def answer(query: Message, extra: int) -> Message:
    """A typical authoritative answer (the server's shape), with `extra` glue RRsets."""
    origin = Name.of_text("example.com.")
    m = Message(query.id)
    m.qr = True
    m.aa = True
    m.rd = query.rd
    m.questions = query.questions
    m.answers = [Record(query.questions[0].name, A, IN, 300,
                        rdata_from_text(A, ["192.0.2.1"], origin))]
    m.authority = [Record(origin, NS, IN, 3600, rdata_from_text(NS, ["ns1"], origin)),
                   Record(origin, NS, IN, 3600, rdata_from_text(NS, ["ns2"], origin))]
    for i in range(extra):
        host = Name.of_text(f"ns{i + 1}.example.com.")
        m.additional.append(Record(host, A, IN, 3600,
                                   rdata_from_text(A, [f"192.0.2.{i + 53}"], origin)))
        m.additional.append(Record(host, AAAA, IN, 3600,
                                   rdata_from_text(AAAA, [f"2001:db8::{i + 53}"], origin)))
    m.edns = Edns(1232, 0, 0, False, [])
    return m


QUERY: Final = ("e2480100000100000000000103777777076578616d706c6503636f6d000001000100002904d000"
                "0080000000")


def built() -> None:
    print("== built")
    query = parse_message(bytes.fromhex(QUERY))
    m = answer(query, 2)
    out = emit_message(m)
    print("  " + out.hex())
    show(parse_message(out))
    big = answer(query, 40)
    for limit in (65535, 1232, 512, 100):
        cut = emit_within(big, limit)
        back = parse_message(cut)
        print(f"  within {limit}: {len(cut)} bytes tc={back.tc} additional={len(back.additional)}"
              f" edns={back.edns is not None}")
    m.rcode = 16
    print("  BADVERS " + emit_message(m)[-11:].hex())
    m.edns = None
    try:
        emit_message(m)
    except ValueError as e:
        print(f"  ValueError: {e}")


class Rng:
    """A 31-bit LCG (glibc's constants), the same under CPython and compiled (the program cannot
    use random); state * 1103515245 stays below 2**62, so nothing overflows."""

    def __init__(self, seed: int) -> None:
        self.state = seed

    def below(self, n: int) -> int:
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return (self.state >> 8) % n


def mutate(data: bytes, rng: Rng) -> bytes:
    out = bytearray(data)
    for _ in range(1 + rng.below(3)):
        n = len(out)
        if n == 0:
            out.append(rng.below(256))
            continue
        at = rng.below(n)
        kind = rng.below(6)
        if kind == 0:
            out[at] ^= 1 << rng.below(8)
        elif kind == 1:
            out[at] = [0x00, 0x3F, 0x40, 0x80, 0xC0, 0xFF, rng.below(256)][rng.below(7)]
        elif kind == 2:
            del out[at:]
        elif kind == 3:
            other = bytes.fromhex(VECTORS[rng.below(len(VECTORS))])
            start = rng.below(len(other))
            out[at:at + rng.below(20)] = other[start:start + 1 + rng.below(30)]
        elif kind == 4:
            del out[at:at + 1 + rng.below(6)]
        else:
            out[at:at] = out[at:at + 1 + rng.below(20)]
    return bytes(out)


def fuzz(count: int) -> None:
    print("== fuzz")
    rng = Rng(2024)
    parsed = 0
    refused = 0
    acc = 0
    for i in range(count):
        data = mutate(bytes.fromhex(VECTORS[i % len(VECTORS)]), rng)
        try:
            m = parse_message(data)
        except DnsError as e:
            refused += 1
            acc = fold(acc, str(e).encode())
            continue
        parsed += 1
        acc = fold(acc, emit_message(m))
    print(f"  {count}: parsed {parsed} refused {refused} fingerprint {acc:08x}")


def reply_to(query: Message, template: Message) -> Message:
    """The server's part per query: a new message around records it already holds."""
    m = Message(query.id)
    m.qr = True
    m.aa = True
    m.rd = query.rd
    m.questions = query.questions
    m.answers = template.answers
    m.authority = template.authority
    m.additional = template.additional
    m.edns = Edns(1232, 0, 0, False, [])
    return m


def bench(count: int) -> None:
    """Time parse (a typical query) and emit (a typical answer) with the platform's clock."""
    from pyrage.stdlib.platform import clock_monotonic

    data = bytes.fromhex(QUERY)
    query = parse_message(data)
    template = answer(query, 2)
    t0 = clock_monotonic()
    for _ in range(count):
        query = parse_message(data)
    t1 = clock_monotonic()
    out = b""
    reply = reply_to(query, template)
    for _ in range(count):
        out = emit_within(reply, 1232)
    t2 = clock_monotonic()
    for _ in range(count):
        out = emit_within(reply_to(parse_message(data), template), 1232)
    t3 = clock_monotonic()
    print(f"query {len(data)} bytes, answer {len(out)} bytes: parse {(t1 - t0) // count} ns, "
          f"emit {(t2 - t1) // count} ns, parse + reply + emit {(t3 - t2) // count} ns")


def main() -> None:
    if platform.argc() > 1:
        bench(int(platform.argv(1)))
        return
    vectors()
    broken()
    from_text()
    built()
    fuzz(3000)


main()
