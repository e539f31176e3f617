"""What parse_message refuses: every truncation, compression pointers that loop, point forward
or into the header, reserved label types (a 64-octet label is one), names over 255 octets, bad
counts, misplaced or repeated OPT records, trailing bytes; each a FormatError carrying what a
FORMERR reply needs. Then a seeded fuzz of mutated messages: parse returns a Message or raises
a DnsError, nothing else, and what it returns emits and parses back to the same bytes."""

from __future__ import annotations

import os
import random
import time

import dns.message
import pytest

from pyrage.dns.errors import DnsError, FormatError
from pyrage.dns.message import Message, emit_message, parse_message
from tests.dns.msggen import random_message, wire

#: How many mutated messages the fuzz test parses (DNS_FUZZ_COUNT overrides it).
FUZZ_COUNT = int(os.environ.get("DNS_FUZZ_COUNT", "100000"))


def header(qd: int = 1, an: int = 0, ns: int = 0, ar: int = 0, flags: int = 0x0100) -> bytes:
    """id 0xabcd, RD (by default), the four counts."""
    return b"\xab\xcd" + b"".join(n.to_bytes(2, "big") for n in (flags, qd, an, ns, ar))


QNAME = bytes.fromhex("03777777076578616d706c6503636f6d00")  # www.example.com. (17 bytes)
QUESTION = QNAME + bytes.fromhex("00010001")  # A IN
OPT = bytes.fromhex("00 0029 04d0 00008000 0000".replace(" ", ""))
A_RR = bytes.fromhex("c00c 0001 0001 0000012c 0004 c0000201".replace(" ", ""))


def rr(owner: bytes, rtype: int, rdata: bytes, rclass: int = 1) -> bytes:
    return owner + rtype.to_bytes(2, "big") + rclass.to_bytes(2, "big") + \
        b"\x00\x00\x00\x3c" + len(rdata).to_bytes(2, "big") + rdata


def refused(data: bytes) -> FormatError:
    with pytest.raises(FormatError) as info:
        parse_message(data)
    return info.value


def good_messages() -> list[bytes]:
    q = dns.message.make_query("www.example.com.", "A", use_edns=0, want_dnssec=True)
    q.id = 0xE248  # (make_query picks one at random: the fuzz must be the same every run)
    r = dns.message.from_text("""id 1234
opcode QUERY
rcode NOERROR
flags QR AA RD
edns 0
payload 1232
;QUESTION
example.com. IN MX
;ANSWER
example.com. 300 IN MX 10 mail.example.com.
example.com. 300 IN MX 20 mx.other.example.
;AUTHORITY
example.com. 300 IN NS ns1.example.com.
example.com. 300 IN SOA ns1.example.com. hostmaster.example.com. 1 2 3 4 5
;ADDITIONAL
mail.example.com. 300 IN A 192.0.2.1
mail.example.com. 300 IN AAAA 2001:db8::1
mail.example.com. 300 IN TXT "v=spf1 -all" "two"
_sip._tcp.example.com. 300 IN SRV 0 5 5060 mail.example.com.
example.com. 300 IN CAA 0 issue "ca.example.net"
example.com. 300 IN TYPE65534 \\# 3 010203
""")
    return [q.to_wire(), wire(r), header(an=1) + QUESTION + A_RR]


def test_the_good_messages_parse() -> None:
    for data in good_messages():
        assert emit_message(parse_message(data)) == data


@pytest.mark.parametrize("which", range(3))
def test_every_truncation_is_refused(which: int) -> None:
    data = good_messages()[which]
    for size in range(len(data)):
        e = refused(data[:size])
        assert e.has_header == (size >= 12)
        if size >= 12:
            assert e.id == int.from_bytes(data[:2], "big")


def test_trailing_bytes_are_refused() -> None:
    for data in good_messages():
        e = refused(data + b"\x00")
        assert "1 bytes after the last record" in str(e)
        assert e.qname is not None  # the question did parse
        # as NSD does, on request
        assert emit_message(parse_message(data + b"\x01\x02", allow_trailing=True)) == data


def test_short_header() -> None:
    e = refused(b"\xab\xcd\x01")
    assert not e.has_header and e.qname is None


def test_format_error_carries_the_header_and_question() -> None:
    e = refused(header(an=1, flags=0x2100) + QUESTION + A_RR[:-1])  # opcode 4, RD
    assert (e.has_header, e.id, e.opcode, e.rd) == (True, 0xABCD, 4, True)
    assert e.qname is not None and e.qname.to_text() == "www.example.com."
    assert (e.qtype, e.qclass) == (1, 1)
    e = refused(header(flags=0) + QNAME[:-1])
    assert e.has_header and not e.rd and e.qname is None


def test_pointer_loops_and_forward_pointers() -> None:
    assert "targets 12" in str(refused(header() + b"\xc0\x0c" + b"\x00\x01\x00\x01"))  # self
    # forward: the question's name points at a name after it
    refused(header() + b"\xc0\x12\x00\x01\x00\x01" + QNAME)
    # a cycle: the answer's owner points back at 12, whose name points forward at the owner
    body = b"\x01a\xc0\x12" + b"\x00\x01\x00\x01"  # 12: a + pointer to 18
    owner = b"\x01b\xc0\x0c"  # 18: b + pointer to 12
    refused(header(an=1) + body + rr(owner, 1, b"\x01\x02\x03\x04"))
    # pointer into the header, and a pointer cut short
    refused(header() + b"\xc0\x04\x00\x01\x00\x01")
    refused(header() + b"\xc0")
    # a pointer inside rdata to a later offset
    refused(header(an=1) + QUESTION + rr(b"\xc0\x0c", 2, b"\xc0\x30"))


def test_pointers_to_earlier_names_chain() -> None:
    """A pointer to a name that itself ends in a pointer further back: legitimate."""
    q = header(an=2) + QUESTION
    first = rr(b"\x04mail\xc0\x10", 1, b"\x01\x02\x03\x04")  # at 33: mail + example.com
    second = rr(b"\x04smtp\xc0\x21", 1, b"\x01\x02\x03\x04")  # smtp + mail.example.com
    m = parse_message(q + first + second)
    assert m.answers[1].name.to_text() == "smtp.mail.example.com."


def test_reserved_label_types_and_long_labels() -> None:
    label64 = b"\x40" + b"x" * 64 + b"\x00"
    assert "0x40" in str(refused(header() + label64 + b"\x00\x01\x00\x01"))
    refused(header() + b"\x80" + b"x" * 0x80 + b"\x00\x00\x01\x00\x01")
    ok = b"\x3f" + b"x" * 63 + b"\x00"
    assert parse_message(header() + ok + b"\x00\x01\x00\x01").questions[0].name.labels[0] == \
        b"x" * 63


def long_name(sizes: list[int]) -> bytes:
    return b"".join(bytes([n]) + b"y" * n for n in sizes) + b"\x00"


def test_names_over_255_octets() -> None:
    assert len(long_name([63, 63, 63, 61])) == 255
    parse_message(header() + long_name([63, 63, 63, 61]) + b"\x00\x01\x00\x01")
    assert len(long_name([63, 63, 63, 62])) == 256
    refused(header() + long_name([63, 63, 63, 62]) + b"\x00\x01\x00\x01")
    # over 255 only once a pointer is followed: 200 octets, then 60 more in front of them
    first = long_name([63, 63, 63, 7])
    q = header(an=1) + first + b"\x00\x01\x00\x01"
    refused(q + rr(long_name([59])[:-1] + b"\xc0\x0c", 1, b"\x01\x02\x03\x04"))


def test_bad_counts() -> None:
    refused(header(qd=2) + QUESTION)
    refused(header(an=1) + QUESTION)
    e = refused(header(an=0xFFFF) + QUESTION + A_RR)
    assert "counts of" in str(e)
    refused(header(qd=0, ar=1) + QUESTION)  # a question read as a record: cut short


def test_opt_placement() -> None:
    q = header(ar=1) + QUESTION
    assert parse_message(q + OPT).edns is not None
    assert "second OPT" in str(refused(header(ar=2) + QUESTION + OPT + OPT))
    assert "answer section" in str(refused(header(an=1) + QUESTION + OPT))
    assert "authority section" in str(refused(header(ns=1) + QUESTION + OPT))
    assert "not the root" in str(refused(q + b"\xc0\x0c" + OPT[1:]))
    refused(q + OPT[:-2] + b"\x00\x03" + b"\x00\x0a\x00")  # an option header cut short
    refused(q + OPT[:-2] + b"\x00\x05" + b"\x00\x0a\x00\x02\x00")  # an option's data
    with_option = q + OPT[:-2] + b"\x00\x06" + b"\x00\x0a\x00\x02\x01\x02"
    edns = parse_message(with_option).edns
    assert edns is not None and edns.options == [(10, b"\x01\x02")]


def test_rdata_lengths() -> None:
    q = header(an=1) + QUESTION
    refused(q + A_RR[:-6] + b"\x00\x05\xc0\x00\x02\x01\x00")  # an A of 5 bytes
    refused(q + A_RR[:-6] + b"\x00\x08\xc0\x00\x02\x01")  # rdlength past the end
    # an NS whose name runs past its rdlength (into bytes that would make a name)
    refused(q + rr(b"\xc0\x0c", 2, b"\x03abc")[:-4] + b"\x00\x02\x03abc\x00")
    refused(q + rr(b"\xc0\x0c", 16, b""))  # an empty TXT


def test_huge_message() -> None:
    refused(header(qd=0) + bytes(65536 - 12))


MUTATIONS = ["flip", "byte", "truncate", "splice", "insert", "delete", "duplicate", "count"]


def mutate(data: bytes, seeds: list[bytes], rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        kind = rng.choice(MUTATIONS)
        n = len(out)
        if n == 0:
            out += rng.randbytes(rng.randrange(1, 20))
            continue
        at = rng.randrange(n)
        if kind == "flip":
            for _ in range(rng.randrange(1, 5)):
                out[rng.randrange(n)] ^= 1 << rng.randrange(8)
        elif kind == "byte":
            out[at] = rng.choice([0x00, 0x3F, 0x40, 0x80, 0xC0, 0xC0, 0xFF, rng.randrange(256)])
        elif kind == "truncate":
            del out[at:]
        elif kind == "splice":
            other = rng.choice(seeds)
            start = rng.randrange(len(other))
            piece = other[start:start + rng.randrange(1, 40)]
            out[at:at + rng.randrange(0, 40)] = piece
        elif kind == "insert":
            out[at:at] = rng.randbytes(rng.randrange(1, 8))
        elif kind == "delete":
            del out[at:at + rng.randrange(1, 8)]
        elif kind == "duplicate":
            out[at:at] = out[at:at + rng.randrange(1, 30)]
        elif n >= 12:  # count
            i = rng.choice([5, 7, 9, 11])
            out[i] = rng.choice([0, 1, 2, 3, 255])
    return bytes(out)


def test_fuzz_mutated_messages() -> None:
    rng = random.Random(20240601)
    seeds = good_messages() + [wire(random_message(rng)) for _ in range(60)]
    outcomes = {"parsed": 0, "refused": 0}
    started = time.monotonic()
    for i in range(FUZZ_COUNT):
        data = mutate(seeds[i % len(seeds)], seeds, rng)
        try:
            m = parse_message(data)
        except DnsError:
            outcomes["refused"] += 1
            continue
        except Exception as e:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{type(e).__name__}: {e} on {data.hex()}")
        assert isinstance(m, Message)
        outcomes["parsed"] += 1
        again = emit_message(m)
        assert emit_message(parse_message(again)) == again, data.hex()
    elapsed = time.monotonic() - started
    print(f"{FUZZ_COUNT} mutated messages in {elapsed:.1f} s: {outcomes}")
    assert outcomes["parsed"] > FUZZ_COUNT // 50 and outcomes["refused"] > FUZZ_COUNT // 2
