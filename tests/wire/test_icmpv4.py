"""ICMPv4: a captured ping and its reply, a port unreachable quoting a DNS query, emitting
each kind, and the messages that must be refused."""

from __future__ import annotations

import pytest

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.wire import icmpv4, ipv4
from pyrage.stdlib.wire.errors import BadChecksum, Malformed, Truncated, WireError
from tests.wire.codec_vectors import (ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST,
                                      ICMP_PORT_UNREACHABLE, IP, UDP_DNS, frame, icmp_message)

PING_DATA = bytes.fromhex("d2c34f6600000000") + bytes(range(0x10, 0x38))


def message_of(hex_text: str) -> Buffer:
    return frame(hex_text).shift(IP)


def parse(buf: Buffer) -> icmpv4.Icmpv4Repr:
    return icmpv4.Icmpv4Repr.parse(icmpv4.Icmpv4Packet.checked(buf))


def test_echo_request_and_reply() -> None:
    packet = icmpv4.Icmpv4Packet.checked(message_of(ICMP_ECHO_REQUEST))
    assert (packet.msg_type(), packet.code(), packet.checksum()) == (8, 0, 0x0AE3)
    assert (packet.ident(), packet.seq_no()) == (0x0C1F, 1) and packet.verify_checksum()
    assert packet.payload().to_bytes() == PING_DATA
    assert parse(message_of(ICMP_ECHO_REQUEST)) == \
        icmpv4.Icmpv4Repr.echo_request(0x0C1F, 1, PING_DATA)
    assert parse(message_of(ICMP_ECHO_REPLY)) == \
        icmpv4.Icmpv4Repr.echo_reply(0x0C1F, 1, PING_DATA)


def test_answering_a_ping_in_place() -> None:
    # What the stack does: turn the request into the reply and refill the checksum.
    buf = message_of(ICMP_ECHO_REQUEST)
    packet = icmpv4.Icmpv4Packet.checked(buf)
    packet.set_msg_type(icmpv4.TYPE_ECHO_REPLY)
    packet.fill_checksum()
    assert buf == message_of(ICMP_ECHO_REPLY)


@pytest.mark.parametrize("hex_text", [ICMP_ECHO_REQUEST, ICMP_ECHO_REPLY, ICMP_PORT_UNREACHABLE])
def test_emit_makes_the_captured_bytes(hex_text: str) -> None:
    r = parse(message_of(hex_text))
    out = Buffer.create(r.size())
    r.emit(icmpv4.Icmpv4Packet(out))
    assert out == message_of(hex_text)


def test_port_unreachable_quotes_the_datagram() -> None:
    r = parse(message_of(ICMP_PORT_UNREACHABLE))
    quoted = frame(UDP_DNS).to_bytes()[14:14 + 28]
    assert r == icmpv4.Icmpv4Repr.dest_unreachable(icmpv4.UNREACHABLE_PORT, quoted)
    assert r.is_error()
    header = r.quoted_header()
    assert (header.src(), header.dst(), header.proto()) == (
        Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"), ipv4.PROTO_UDP)
    assert r.quoted_payload() == bytes.fromhex("cf08003500253ac2")  # 53000 -> 53


def test_frag_needed_carries_the_mtu_and_time_exceeded_round_trips() -> None:
    quoted = frame(UDP_DNS).to_bytes()[14:14 + 28]
    for r in [icmpv4.Icmpv4Repr.dest_unreachable(icmpv4.UNREACHABLE_FRAG_NEEDED, quoted, 1400),
              icmpv4.Icmpv4Repr.time_exceeded(icmpv4.EXCEEDED_TTL, quoted)]:
        out = Buffer.create(r.size())
        r.emit(icmpv4.Icmpv4Packet(out))
        assert parse(out) == r
    assert icmpv4.Icmpv4Packet(out).rest() == 0


def test_quoted_header_of_an_echo_is_refused() -> None:
    with pytest.raises(ValueError):
        icmpv4.Icmpv4Repr.echo_request(1, 1, b"").quoted_header()


@pytest.mark.parametrize("size", range(icmpv4.HEADER_LEN))
def test_short_messages_are_truncated(size: int) -> None:
    with pytest.raises(Truncated, match=f"a message of {size} bytes"):
        icmpv4.Icmpv4Packet.checked(message_of(ICMP_ECHO_REQUEST).sub(0, size))


def test_header_alone_is_an_echo_without_data() -> None:
    r = icmpv4.Icmpv4Repr.echo_request(5, 6, b"")
    out = Buffer.create(r.size())
    r.emit(icmpv4.Icmpv4Packet(out))
    assert len(out) == 8 and parse(out) == r


@pytest.mark.parametrize("at", range(8, 56, 6))
def test_any_changed_byte_fails_the_checksum(at: int) -> None:
    buf = message_of(ICMP_ECHO_REQUEST)
    buf.set_u8(at, buf.get_u8(at) ^ 1)
    with pytest.raises(BadChecksum, match="ICMPv4: checksum 0x0ae3"):
        parse(buf)


@pytest.mark.parametrize("kind, code, data, error, words", [
    (13, 0, bytes(12), Malformed, "type 13 is not supported"),
    (5, 1, bytes(28), Malformed, "type 5 is not supported"),
    (3, 3, bytes(12), Truncated, "quotes 12 bytes"),
    (3, 3, b"", Truncated, "quotes 0 bytes"),
    (11, 0, b"\x60" + bytes(39), Malformed, "version is 6"),
    (3, 1, b"\x44" + bytes(27), Malformed, "IHL is 4"),
    (3, 0, b"\x48" + bytes(27), Truncated, "32 bytes, but only 28"),
])
def test_refused_messages(kind: int, code: int, data: bytes, error: type[WireError],
                          words: str) -> None:
    with pytest.raises(error, match=words):
        parse(icmp_message(kind, code, data).shift(IP))
