"""Whole messages against dnspython: random messages made by dnspython parse and emit back
byte for byte (the same compression), header flags and EDNS both ways, and emit_within's
truncation at every limit."""

from __future__ import annotations

import random

import dns.edns
import dns.flags
import dns.message
import dns.rcode
import dns.rrset
import pytest

from pyrage.dns.message import (
    Edns,
    Message,
    Question,
    emit_message,
    emit_within,
    parse_message,
)
from pyrage.dns.name import Name
from pyrage.dns.rdata import AAAA, IN, NS, A, Record, rdata_from_text
from tests.dns.msggen import random_message, wire

ORIGIN = Name.of_text("example.com.")


def test_a_query_as_dig_sends_it() -> None:
    cookie = dns.edns.GenericOption(dns.edns.OptionType.COOKIE, b"c" * 8)
    q = dns.message.make_query("www.Example.com.", "AAAA", use_edns=0, payload=1232,
                               want_dnssec=True, options=[cookie])
    data = q.to_wire()
    m = parse_message(data)
    assert (m.id, m.qr, m.opcode, m.rd, m.rcode) == (q.id, False, 0, True, 0)
    assert len(m.questions) == 1 and m.questions[0].to_text() == "www.Example.com. IN AAAA"
    assert m.answers == m.authority == m.additional == []
    assert m.edns is not None
    assert (m.edns.payload, m.edns.version, m.edns.dnssec_ok) == (1232, 0, True)
    assert m.edns.options == [(10, b"c" * 8)]
    assert emit_message(m) == data


@pytest.mark.parametrize("seed", range(8))
def test_random_messages_round_trip_byte_for_byte(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(100):
        original = random_message(rng)
        data = wire(original)
        m = parse_message(data)
        assert emit_message(m) == data
        back = dns.message.from_wire(emit_message(m))
        assert back.rcode() == original.rcode() and back.opcode() == original.opcode()
        assert back.flags == original.flags and back.ednsflags == original.ednsflags
        # each record as dnspython prints it (as read from the wire: compression may have
        # given a name the case of an earlier one; dnspython merges repeated RRsets, with the
        # least TTL, and drops duplicates, so the records are compared as sets without TTLs)
        read = dns.message.from_wire(data)
        theirs = {without_ttl(line)
                  for section in (read.answer, read.authority, read.additional)
                  for rrset in section for line in rrset.to_text().split("\n")}
        ours = {without_ttl(r.to_text()) for r in m.answers + m.authority + m.additional}
        opaque = {t for t in ours if any(k in t for k in ("\\#", " HINFO ", " DS ", " NAPTR "))}
        assert ours - opaque <= theirs
        assert len(ours) == len(theirs)


def without_ttl(line: str) -> str:
    name, _ttl, rest = line.split(" ", 2)
    return f"{name} {rest}"


@pytest.mark.parametrize("bit,field", [(0x8000, "qr"), (0x400, "aa"), (0x200, "tc"),
                                       (0x100, "rd"), (0x80, "ra"), (0x40, "z"), (0x20, "ad"),
                                       (0x10, "cd")])
def test_each_header_flag(bit: int, field: str) -> None:
    data = bytes([0x12, 0x34, bit >> 8, bit & 0xFF]) + bytes(8)
    m = parse_message(data)
    assert getattr(m, field) and m.id == 0x1234
    assert [f for f in ("qr", "aa", "tc", "rd", "ra", "z", "ad", "cd") if getattr(m, f)] == [field]
    assert emit_message(m) == data


def test_opcode_and_extended_rcode() -> None:
    for opcode in range(16):
        for rcode in (0, 5, 15):
            data = bytes([0, 1, opcode << 3, rcode]) + bytes(8)
            m = parse_message(data)
            assert (m.opcode, m.rcode) == (opcode, rcode)
            assert emit_message(m) == data
    q = dns.message.make_query("x.", "A", use_edns=0)
    q.set_rcode(dns.rcode.BADVERS)
    m = parse_message(q.to_wire())
    assert m.rcode == 16 and m.edns is not None and m.edns.ext_rcode == 1
    assert dns.message.from_wire(emit_message(m)).rcode() == dns.rcode.BADVERS
    m.rcode = 0xFFF
    assert dns.message.from_wire(emit_message(m)).rcode() == 0xFFF
    m.edns = None
    with pytest.raises(ValueError):
        emit_message(m)


def test_names_compress_without_regard_to_case() -> None:
    m = Message(7)
    m.questions = [Question(Name.of_text("WWW.example.COM."), A, IN)]
    m.answers = [Record(Name.of_text("www.Example.com."), NS, IN, 1,
                        rdata_from_text(NS, ["ns.EXAMPLE.com."], ORIGIN))]
    data = emit_message(m)
    # the owner is a pointer to the question, the NS target "ns" and a pointer to its suffix
    assert data[12 + 17 + 4:] == bytes.fromhex("c00c 0002 0001 00000001 0005 026e73 c010")
    back = dns.message.from_wire(data)
    assert back.answer[0].name.to_text() == "WWW.example.COM."


def response(additional_rrsets: int, answer_size: int = 1) -> Message:
    """A response with answer_size A records and additional_rrsets RRsets of 3 records each."""
    m = Message(99)
    m.qr = True
    m.questions = [Question(Name.of_text("www.example.com."), A, IN)]
    for i in range(answer_size):
        m.answers.append(Record(Name.of_text("www.example.com."), A, IN, 300,
                                rdata_from_text(A, [f"10.0.{i // 256}.{i % 256}"], ORIGIN)))
    m.authority = [Record(ORIGIN, NS, IN, 300, rdata_from_text(NS, ["ns1"], ORIGIN))]
    for i in range(additional_rrsets):
        owner = Name.of_text(f"host{i}.example.com.")
        for j in range(3):
            m.additional.append(Record(owner, AAAA, IN, 300,
                                       rdata_from_text(AAAA, [f"2001:db8::{i}:{j}"], ORIGIN)))
    m.edns = Edns(1232, 0, 0, True, [(10, b"01234567")])
    return m


def test_emit_within_drops_whole_rrsets_from_additional() -> None:
    m = response(8)
    full = emit_message(m)
    assert emit_within(m, len(full)) == full
    assert emit_within(m, 65535) == full
    previous = -1
    for limit in range(len(full), 0, -1):
        out = emit_within(m, limit)
        back = dns.message.from_wire(out)
        assert back.opt is not None and back.ednsflags & dns.flags.DO
        if back.flags & dns.flags.TC:
            assert len(back.answer) == len(back.authority) == len(back.additional) == 0
            assert len(back.question) == 1
            continue
        assert len(out) <= limit
        assert len(back.answer) == 1 and len(back.authority) == 1
        kept = len(back.additional)  # whole RRsets of 3, the first ones
        assert [rrset.name.to_text() for rrset in back.additional] == \
            [f"host{i}.example.com." for i in range(kept)]
        assert all(len(rrset) == 3 for rrset in back.additional)
        assert previous == -1 or kept <= previous
        previous = kept
    assert previous == 0


def test_emit_within_sets_tc_when_the_answer_does_not_fit() -> None:
    m = response(2, answer_size=100)
    full = emit_message(m)
    out = emit_within(m, 512)
    back = dns.message.from_wire(out)
    assert back.flags & dns.flags.TC and back.id == 99 and len(out) < 512
    assert back.question[0].name.to_text() == "www.example.com."
    assert back.opt is not None and back.options[0].otype == 10
    assert len(back.answer) == len(back.authority) == len(back.additional) == 0
    assert emit_within(m, len(full)) == full
    assert not m.tc and len(m.answers) == 100  # msg itself is not changed
    m.edns = None
    out = emit_within(m, 512)
    assert len(out) == 12 + 17 + 4 and dns.message.from_wire(out).opt is None


def test_emit_message_refuses_over_65535_bytes() -> None:
    m = response(0, answer_size=5000)
    with pytest.raises(ValueError):
        emit_message(m)
    assert dns.message.from_wire(emit_within(m, 65535)).flags & dns.flags.TC


def test_pointers_only_below_0x4000() -> None:
    """Past 16383 bytes a name cannot be pointed at: written in full (and still correct)."""
    m = Message(1)
    m.questions = [Question(ORIGIN, A, IN)]
    for i in range(1200):  # ~16 bytes each
        m.answers.append(Record(Name.of_text(f"h{i}.example.com."), A, IN, 1,
                                rdata_from_text(A, ["1.2.3.4"], ORIGIN)))
    m.answers.append(Record(Name.of_text("late.example.com."), NS, IN, 1,
                            rdata_from_text(NS, ["late.example.com."], ORIGIN)))
    data = emit_message(m)
    assert len(data) > 0x4000
    back = dns.message.from_wire(data)
    assert back.answer[-1].name.to_text() == "late.example.com."
    assert parse_message(data).answers[-1].rdata.to_text() == "late.example.com."
    assert emit_message(parse_message(data)) == data
