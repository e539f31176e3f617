"""Record data both ways, checked against dnspython: each type's wire form from its text (and
back), its text form (dig's, which dnspython shares but for RFC 3597 hex), type and class
names, TTL units, and the ValueErrors of bad fields."""

from __future__ import annotations

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import pytest

from pyrage.dns import text
from pyrage.dns.errors import FormatError
from pyrage.dns.name import Name
from pyrage.dns.rdata import (
    AAAA,
    ANY,
    CAA,
    CH,
    CNAME,
    IN,
    MX,
    NS,
    OPT,
    SOA,
    SRV,
    TXT,
    A,
    ARdata,
    NameRdata,
    OpaqueRdata,
    Record,
    class_name,
    class_of_text,
    rdata_from_text,
    rdata_from_wire,
    type_name,
    type_of_text,
)
from pyrage.stdlib.buffer import Buffer
from tests.dns.msggen import tokens

ORIGIN = Name.of_text("example.org.")

#: (type, presentation form): every type the codec knows, at its edges, and some it does not.
CASES = [
    ("A", "192.0.2.1"), ("A", "0.0.0.0"), ("A", "255.255.255.255"),
    ("AAAA", "2001:db8::1"), ("AAAA", "::"), ("AAAA", "::1"), ("AAAA", "1::"),
    ("AAAA", "::ffff:192.0.2.1"), ("AAAA", "::192.0.2.1"), ("AAAA", "1:0:0:2:0:0:0:3"),
    ("AAAA", "1:0:0:2:2:0:0:3"), ("AAAA", "2001:db8:0:1:1:1:1:1"), ("AAAA", "fe80::1:2:3:4"),
    ("AAAA", "1:2:3:4:5:6:7:8"), ("AAAA", "0:0:1::"), ("AAAA", "ffff::"),
    ("AAAA", "::ffff:0:0"), ("AAAA", "64:ff9b::192.0.2.33"),
    ("NS", "ns1.example.org."), ("NS", "."), ("CNAME", "Target.Example.ORG."),
    ("PTR", "host\\.name\\032x.example."), ("NS", "\\000\\255.example."),
    ("SOA", "ns1.example.org. hostmaster.example.org. 2024010101 3600 900 604800 86400"),
    ("SOA", ". . 4294967295 0 0 0 4294967295"),
    ("MX", "10 mail.example.org."), ("MX", "0 ."), ("MX", "65535 Mx.Example.org."),
    ("TXT", '"hello world"'), ("TXT", '"a" "b" "c"'), ("TXT", '"q\\"uote" "back\\\\slash"'),
    ("TXT", '"\\000\\255\\127 tab\\009 del\\127"'), ("TXT", '""'), ("TXT", '"' + "x" * 255 + '"'),
    ("TXT", '"semi;colon" "paren(" "at@" "dollar$"'), ("TXT", "unquoted"),
    ("TXT", 'two "words"'),
    ("SRV", "0 5 5060 sip.example.org."), ("SRV", "65535 65535 65535 ."),
    ("CAA", '0 issue "ca.example.net"'), ("CAA", '128 tbs "Unknown"'),
    ("CAA", '0 iodef "mailto:security@example.com"'), ("CAA", '0 issue ""'),
    ("CAA", '0 issue ";"'), ("CAA", '255 X1 "a\\"b\\\\c\\255"'),
    ("TYPE65534", "\\# 4 0a000001"), ("TYPE65534", "\\# 0"),
    ("TYPE65000", "\\# 40 " + "ab" * 40), ("TYPE65000", "\\# 28 " + "cd" * 28),
]

#: What dig prints where dnspython prints something else: RFC 3597 data in upper-case hex
#: words of 56 digits (dnspython: lower case, words of 128).
DIG_TEXT = {
    "\\# 4 0a000001": "\\# 4 0A000001",
    "\\# 0": "\\# 0",  # dnspython adds a space
    "\\# 40 " + "ab" * 40: "\\# 40 " + "AB" * 28 + " " + "AB" * 12,
    "\\# 28 " + "cd" * 28: "\\# 28 " + "CD" * 28,
}


def dnspython(rtype: str, presentation: str) -> dns.rdata.Rdata:
    return dns.rdata.from_text(dns.rdataclass.IN, rtype, presentation, origin=None,
                               relativize=False)


@pytest.mark.parametrize("rtype,presentation", CASES)
def test_text_to_wire_and_back_as_dnspython(rtype: str, presentation: str) -> None:
    expected = dnspython(rtype, presentation)
    wire = expected.to_wire()
    assert wire is not None
    ours = rdata_from_text(type_of_text(rtype), tokens(presentation), ORIGIN)
    assert ours.to_wire() == wire
    assert ours.rtype == type_of_text(rtype)
    parsed = rdata_from_wire(type_of_text(rtype), Buffer.of_bytes(wire), 0, len(wire))
    assert parsed.to_wire() == wire
    assert type(parsed) is type(ours)
    dig = DIG_TEXT.get(presentation, expected.to_text())
    assert ours.to_text() == dig == parsed.to_text()
    # and the text we print reads back as the same data
    again = rdata_from_text(type_of_text(rtype), tokens(ours.to_text()), ORIGIN)
    assert again.to_wire() == wire


@pytest.mark.parametrize("rtype,presentation", [c for c in CASES if not c[0].startswith("TYPE")])
def test_rfc3597_form_of_known_types(rtype: str, presentation: str) -> None:
    """`\\# LEN HEX` of a known type is that type's data, decoded."""
    wire = dnspython(rtype, presentation).to_wire()
    assert wire is not None
    generic = ["\\#", str(len(wire))] + ([wire.hex()[:6], wire.hex()[6:]] if wire else [])
    ours = rdata_from_text(type_of_text(rtype), [t for t in generic if t], ORIGIN)
    assert not isinstance(ours, OpaqueRdata)
    assert ours.to_wire() == wire


def test_names_relative_to_the_origin() -> None:
    mx = rdata_from_text(MX, ["10", "mail"], ORIGIN)
    assert mx.to_text() == "10 mail.example.org."
    assert rdata_from_text(NS, ["@"], ORIGIN).to_text() == "example.org."
    soa = rdata_from_text(SOA, ["ns", "host\\.master", "1", "1h", "30M", "2w", "1d"], ORIGIN)
    assert soa.to_text() == "ns.example.org. host\\.master.example.org. 1 3600 1800 1209600 86400"
    srv = rdata_from_text(SRV, ["1", "2", "3", "sip.other."], ORIGIN)
    assert srv.to_text() == "1 2 3 sip.other."


def test_txt_escapes_and_utf8() -> None:
    txt = rdata_from_text(TXT, ['"a\\032b"', "c\\\"d", '"\\\\"', '"é"'], ORIGIN)
    assert txt.to_wire() == b"\x03a b\x03c\"d\x01\\\x02\xc3\xa9"
    assert txt.to_text() == '"a b" "c\\"d" "\\\\" "\\195\\169"'


def test_target_and_same() -> None:
    ns = rdata_from_text(NS, ["NS1.Example.org."], ORIGIN)
    assert ns.target() == Name.of_text("ns1.example.org.")
    assert rdata_from_text(MX, ["1", "mx"], ORIGIN).target() == Name.of_text("mx.example.org.")
    assert rdata_from_text(SRV, ["1", "2", "3", "t"], ORIGIN).target() == \
        Name.of_text("t.example.org.")
    assert rdata_from_text(CNAME, ["x"], ORIGIN).target() is None
    assert rdata_from_text(A, ["1.2.3.4"], ORIGIN).target() is None
    assert ns.same(rdata_from_text(NS, ["ns1.EXAMPLE.org."], ORIGIN))
    assert not ns.same(rdata_from_text(NS, ["ns2.example.org."], ORIGIN))
    assert not ns.same(rdata_from_text(CNAME, ["ns1.example.org."], ORIGIN))
    soa = ["Ns", "h", "1", "2", "3", "4", "5"]
    assert rdata_from_text(SOA, soa, ORIGIN).same(
        rdata_from_text(SOA, ["ns", "H", "1", "2", "3", "4", "5"], ORIGIN))
    assert not rdata_from_text(SOA, soa, ORIGIN).same(
        rdata_from_text(SOA, ["ns", "h", "1", "2", "3", "4", "6"], ORIGIN))
    assert not rdata_from_text(TXT, ['"A"'], ORIGIN).same(rdata_from_text(TXT, ['"a"'], ORIGIN))
    assert rdata_from_text(CAA, ["0", "issue", "x"], ORIGIN).same(
        rdata_from_text(CAA, ["0", "issue", '"x"'], ORIGIN))
    assert not ARdata(b"\x01\x02\x03\x04").same(OpaqueRdata(A, b"\x01\x02\x03\x04"))
    assert OpaqueRdata(99, b"x").same(OpaqueRdata(99, b"x"))
    assert not OpaqueRdata(99, b"x").same(OpaqueRdata(98, b"x"))


def test_record_text_as_dnspython() -> None:
    owner = Name.of_text("www.example.org.")
    for rtype, presentation in CASES:
        rd = rdata_from_text(type_of_text(rtype), tokens(presentation), ORIGIN)
        record = Record(owner, rd.rtype, IN, 3600, rd)
        rrset = dns.rrset.from_rdata(dns.name.from_text("www.example.org."), 3600,
                                     dnspython(rtype, presentation))
        if presentation not in DIG_TEXT:
            assert record.to_text() == rrset.to_text()
    chaos = Record(Name.of_text("version.bind."), TXT, CH, 0, rdata_from_text(TXT, ["x"], ORIGIN))
    assert chaos.to_text() == 'version.bind. 0 CH TXT "x"'


def test_type_and_class_names() -> None:
    for code in [1, 2, 5, 6, 12, 15, 16, 28, 33, 41, 251, 252, 255, 257, 13, 43, 46, 48, 65]:
        assert type_name(code) == dns.rdatatype.to_text(dns.rdatatype.RdataType(code))
        assert type_of_text(type_name(code)) == code
        assert type_of_text(type_name(code).lower()) == code
    assert type_name(65534) == "TYPE65534" and type_of_text("type65534") == 65534
    assert type_of_text("TYPE1") == A and type_of_text("TYPE0") == 0
    assert type_of_text("Aaaa") == AAAA and type_of_text("any") == ANY
    for bad in ["FOO", "TYPE", "TYPE65536", "TYPE-1", "TYPE+1", "TYPE1x", "", "TYPE١"]:
        with pytest.raises(ValueError):
            type_of_text(bad)
    assert class_name(IN) == "IN" and class_name(CH) == "CH" and class_name(255) == "ANY"
    assert class_name(42) == "CLASS42" and class_of_text("class42") == 42
    assert class_of_text("in") == IN and class_of_text("Ch") == CH and class_of_text("hs") == 4
    for bad in ["INET", "CLASS", "CLASS70000"]:
        with pytest.raises(ValueError):
            class_of_text(bad)


def test_ttl_units() -> None:
    assert text.parse_ttl("0") == 0
    assert text.parse_ttl("4294967295") == 2**32 - 1
    assert text.parse_ttl("1h30m") == 5400
    assert text.parse_ttl("1W") == 604800
    assert text.parse_ttl("1w2d3h4m5s") == 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5
    assert text.parse_ttl("1h30") == 3630  # as NSD reads it
    assert text.parse_ttl("00000000000000000001") == 1
    for bad in ["", "h", "1x", "-1", "4294967296", "1h-1", "7102w", "99999999999999999999",
                "1.5h", "٣"]:
        with pytest.raises(ValueError):
            text.parse_ttl(bad)


@pytest.mark.parametrize("rtype,fields", [
    (A, ["1.2.3"]), (A, ["1.2.3.256"]), (A, ["01.2.3.4"]), (A, ["1.2.3.4", "5"]), (A, []),
    (A, ["1.2.3.-4"]), (A, ["٣.2.3.4"]), (A, ['"1.2.3.4"']),
    (AAAA, ["1:2:3:4:5:6:7"]), (AAAA, ["1::2::3"]), (AAAA, ["12345::"]),
    (AAAA, ["1:2:3:4:5:6:7:8:9"]), (AAAA, ["::1.2.3"]), (AAAA, ["1.2.3.4::"]),
    (AAAA, ["g::1"]), (AAAA, [":1::"]), (AAAA, ["1:2:3:4:5:6:7:8::"]), (AAAA, ["1:"]),
    (AAAA, ["::1:2:3:4:5:6:7:8"]), (AAAA, [":::"]), (AAAA, ["1:2:3:4:5:6:7:1.2.3.4"]),
    (AAAA, ["::1.2.3.4:5"]), (AAAA, ["1.2.3.4"]), (AAAA, [""]),
    (MX, ["65536", "x"]), (MX, ["-1", "x"]), (MX, ["x", "y"]), (MX, ["1"]),
    (MX, ["1", '"quoted"']), (MX, ["1", "a..b"]), (MX, ["1", "x" * 64]),
    (NS, ["a\\"]), (NS, ["\\256"]), (NS, ["\\1"]),
    (TXT, []), (TXT, ['"' + "x" * 256 + '"']), (TXT, ['"abc']), (TXT, ['"\\1"']),
    (TXT, ['"\\256"']), (TXT, ['"abc\\"']), (TXT, ["abc\\"]),
    (SOA, ["a", "b", "1", "2", "3", "4"]), (SOA, ["a", "b", "1h", "2", "3", "4", "5"]),
    (SOA, ["a", "b", "1", "2", "3", "4", "1x"]), (SOA, ["a", "b", "4294967296", "2", "3", "4",
                                                        "5"]),
    (SRV, ["1", "2", "70000", "x"]), (SRV, ["1", "2", "3"]),
    (CAA, ["0", "is-sue", "x"]), (CAA, ["0", '""', "x"]), (CAA, ["256", "issue", "x"]),
    (CAA, ["0", "issue"]),
    (A, ["\\#", "3", "010203"]), (A, ["\\#", "4", "0102"]), (A, ["\\#", "2", "01020"]),
    (A, ["\\#", "x", "00"]), (A, ["\\#"]), (A, ["\\#", "4", "zz000000"]),
    (NS, ["\\#", "2", "c00c"]), (TXT, ["\\#", "0"]), (MX, ["\\#", "3", "000101"]),
    (65534, ["\\#", "70000"]), (65534, ["abc"]), (13, ['"cpu"', '"os"']),
    (OPT, ["\\#", "0"]), (ANY, ["\\#", "0"]), (252, []), (0, ["\\#", "0"]),
])
def test_bad_fields_are_value_errors(rtype: int, fields: list[str]) -> None:
    with pytest.raises(ValueError) as info:
        rdata_from_text(rtype, fields, ORIGIN)
    assert str(info.value)  # a message to show after file:line
    assert not isinstance(info.value, FormatError)


@pytest.mark.parametrize("rtype,wire", [
    (A, "010203"), (A, "0102030405"), (AAAA, "00" * 15), (NS, ""), (NS, "0161"),
    (NS, "016100ff"), (MX, "0001"), (MX, "000101610000"), (SOA, "0000" + "00" * 19),
    (SOA, "0000" + "00" * 21), (TXT, ""), (TXT, "0361"), (TXT, "016101"), (SRV, "000000000000"),
    (CAA, "00"), (CAA, "0000"), (CAA, "0005697373"), (CAA, "00026 12d"),
])
def test_rdata_that_does_not_fill_its_length_is_a_format_error(rtype: int, wire: str) -> None:
    data = bytes.fromhex(wire.replace(" ", ""))
    with pytest.raises(FormatError):
        rdata_from_wire(rtype, Buffer.of_bytes(data), 0, len(data))


def test_class_specific_types_are_opaque_elsewhere() -> None:
    chaos_a = b"\x02ch\x00\x00\x01"  # a Chaosnet A: a domain and an address
    rd = rdata_from_wire(A, Buffer.of_bytes(chaos_a), 0, len(chaos_a), CH)
    assert isinstance(rd, OpaqueRdata) and rd.to_wire() == chaos_a
    assert rd.to_text() == "\\# 6 02636800" + "0001"
    empty = rdata_from_wire(NS, Buffer.of_bytes(b""), 0, 0, 255)  # UPDATE: delete an RRset
    assert isinstance(empty, OpaqueRdata) and empty.to_text() == "\\# 0"
    assert isinstance(rdata_from_wire(NS, Buffer.of_bytes(b"\x00"), 0, 1, CH), NameRdata)


def test_constructors_check_their_fields() -> None:
    with pytest.raises(ValueError):
        ARdata(b"\x01\x02\x03")
    with pytest.raises(ValueError):
        NameRdata(A, ORIGIN)
    with pytest.raises(ValueError):
        OpaqueRdata(99, bytes(65536))
