"""DNS over TCP without a network: the stream framer (pyrage/dns/stream.py) on messages split
anywhere and run together, and zone transfers (Authority.transfer) checked with dnspython."""

from __future__ import annotations

from pathlib import Path

import dns.message
import dns.rcode
import dns.rdatatype
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyrage.dns.authority import NOTAUTH, REFUSED, TRANSFER_MESSAGE, Authority
from pyrage.dns.message import emit_message, parse_message
from pyrage.dns.name import Name
from pyrage.dns.rdata import Record, SoaRdata
from pyrage.dns.stream import StreamFramer, framed
from pyrage.dns.zone import parse_zone

ZONE = Path(__file__).resolve().parents[2] / "examples" / "dns" / "zones" / "example.org.zone"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(min_size=0, max_size=300), min_size=1, max_size=8),
       st.lists(st.integers(1, 50), min_size=1, max_size=50))
def test_messages_come_out_whole_however_the_stream_is_cut(messages: list[bytes],
                                                           cuts: list[int]) -> None:
    stream = b"".join(framed(m) for m in messages)
    framer = StreamFramer()
    out: list[bytes] = []
    at = 0
    i = 0
    while at < len(stream):
        step = cuts[i % len(cuts)]
        framer.feed(stream[at:at + step])
        at += step
        i += 1
        message = framer.next()
        while message is not None:
            out.append(message)
            message = framer.next()
    assert out == messages
    assert framer.buffered() == 0


def test_a_partial_length_or_body_waits() -> None:
    framer = StreamFramer()
    framer.feed(b"\x00")
    assert framer.next() is None
    framer.feed(b"\x03ab")
    assert framer.next() is None and framer.buffered() == 4
    framer.feed(b"c\x00")
    assert framer.next() == b"abc"
    assert framer.next() is None and framer.buffered() == 1


def test_framing_refuses_a_message_over_65535_bytes() -> None:
    assert framed(b"x" * 65535)[:2] == b"\xff\xff"
    with pytest.raises(ValueError, match="65536 bytes"):
        framed(b"x" * 65536)


def authority(records: list[Record] | None = None) -> Authority:
    if records is None:
        records = parse_zone(ZONE.read_text(), Name.of_text("example.org."), ZONE.name)
    return Authority([records])


def query(name: str, rdtype: str, serial: int | None = None) -> bytes:
    q = dns.message.make_query(name, rdtype, use_edns=0)
    if serial is not None:
        q = dns.message.make_query(name, dns.rdatatype.IXFR, use_edns=0)
        q.authority.append(dns.rrset.from_text(
            name + ".", 0, "IN", "SOA", f". . {serial} 0 0 0 0"))
    return q.to_wire()


def transfer(auth: Authority, wire: bytes, allowed: bool = True) -> list[dns.message.Message]:
    q = parse_message(wire)
    assert auth.is_transfer(q)
    return [dns.message.from_wire(emit_message(m), one_rr_per_rrset=True)
            for m in auth.transfer(q, allowed)]


def test_axfr_sends_the_zone_between_two_soas() -> None:
    replies = transfer(authority(), query("example.org", "AXFR"))
    assert len(replies) == 1
    answer = replies[0].answer
    types = [rrset.rdtype for rrset in answer]
    assert types[0] == types[-1] == dns.rdatatype.SOA and types.count(dns.rdatatype.SOA) == 2
    assert len(answer) == 26  # 25 records, the SOA twice
    assert replies[0].flags & dns.flags.AA and replies[0].rcode() == dns.rcode.NOERROR


def test_transfers_are_refused_or_not_authoritative_as_nsd_says() -> None:
    auth = authority()
    assert transfer(auth, query("example.org", "AXFR"), allowed=False)[0].rcode() == REFUSED
    assert transfer(auth, query("www.example.org", "AXFR"))[0].rcode() == NOTAUTH
    assert transfer(auth, query("example.net", "AXFR"))[0].rcode() == NOTAUTH
    assert not authority().is_transfer(parse_message(query("example.org", "SOA")))


def test_ixfr_from_the_current_serial_is_the_soa_and_from_an_older_the_zone() -> None:
    auth = authority()
    current = [r for r in auth.zones[Name.of_text("example.org.").wire_key()].records
               if isinstance(r.rdata, SoaRdata)][0].rdata
    assert isinstance(current, SoaRdata)
    same = transfer(auth, query("example.org", "IXFR", current.serial))
    assert len(same) == 1 and [r.rdtype for r in same[0].answer] == [dns.rdatatype.SOA]
    newer = transfer(auth, query("example.org", "IXFR", (current.serial + 5) & 0xFFFFFFFF))
    assert [r.rdtype for r in newer[0].answer] == [dns.rdatatype.SOA]
    older = transfer(auth, query("example.org", "IXFR", current.serial - 1))
    assert len(older[0].answer) == 26


def test_a_large_zone_goes_in_several_messages_each_under_the_limit() -> None:
    text = ZONE.read_text() + "".join(f"host{i} 300 IN TXT \"{'x' * 200} {i}\"\n"
                                      for i in range(400))
    records = parse_zone(text, Name.of_text("example.org."), "big.zone")
    auth = authority(records)
    q = parse_message(query("example.org", "AXFR"))
    messages = auth.transfer(q, True)
    wires = [emit_message(m) for m in messages]
    assert len(wires) >= 5 and all(len(w) <= TRANSFER_MESSAGE for w in wires)
    parsed = [dns.message.from_wire(w, one_rr_per_rrset=True) for w in wires]
    names = [str(rr.name) for m in parsed for rr in m.answer]
    assert len(names) == len(records) + 1
    assert sorted(set(names)) == sorted({str(r.name.to_text()) for r in records})
