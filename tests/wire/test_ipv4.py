"""IPv4 headers: captured datagrams (with options, fragmented, padded), emitting, and every
length the header can get wrong."""

from __future__ import annotations

import pytest

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.wire import ipv4
from pyrage.stdlib.wire.errors import BadChecksum, Malformed, Truncated, WireError
from tests.wire.codec_vectors import (ETH, ICMP_ECHO_REQUEST, IPV4_FRAGMENT, IPV4_OPTIONS_UDP,
                                      UDP_DNS, frame, patched)

A_IP, B_IP = Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2")


def parse(buf: Buffer) -> ipv4.Ipv4Repr:
    return ipv4.Ipv4Repr.parse(ipv4.Ipv4Packet.checked(buf))


def ip_of(hex_text: str) -> Buffer:
    return frame(hex_text).shift(ETH)


def test_echo_request_header() -> None:
    packet = ipv4.Ipv4Packet.checked(ip_of(ICMP_ECHO_REQUEST))
    assert (packet.version(), packet.header_len(), packet.total_len(), packet.ident()) == \
        (4, 20, 76, 0x1C46)
    assert packet.dont_fragment() and not packet.more_fragments() and packet.frag_offset() == 0
    assert (packet.ttl(), packet.proto(), packet.checksum()) == (64, ipv4.PROTO_ICMP, 0x0A69)
    assert (packet.src(), packet.dst()) == (A_IP, B_IP)
    assert packet.verify_checksum() and len(packet.payload()) == 56
    assert len(packet.options()) == 0 and len(packet.header()) == 20
    assert parse(ip_of(ICMP_ECHO_REQUEST)) == ipv4.Ipv4Repr(
        A_IP, B_IP, ipv4.PROTO_ICMP, 56, ttl=64, ident=0x1C46, dont_fragment=True)


def test_options_are_skipped_and_covered_by_the_checksum() -> None:
    packet = ipv4.Ipv4Packet.checked(ip_of(IPV4_OPTIONS_UDP))
    assert packet.header_len() == 24 and packet.options().hex() == "94040000"
    assert packet.payload().to_bytes()[:4] == b"\x13\x88\x13\x89"  # UDP's ports, after them
    r = parse(ip_of(IPV4_OPTIONS_UDP))
    assert (r.payload_len, r.ttl, r.dscp, r.ecn) == (12, 1, 48, 0)
    with pytest.raises(BadChecksum):
        parse(patched(IPV4_OPTIONS_UDP, ETH + 21, 0).shift(ETH))  # an option's byte changed


def test_fragment_fields() -> None:
    r = parse(ip_of(IPV4_FRAGMENT))
    assert r.more_fragments and not r.dont_fragment
    assert r.frag_offset == 185 * 8 and r.ident == 0x777 and r.payload_len == 64


def test_padding_after_the_total_length_is_not_payload() -> None:
    buf = Buffer.of_bytes(ip_of(UDP_DNS).to_bytes() + bytes(9))
    packet = ipv4.Ipv4Packet.checked(buf)
    assert len(packet.payload()) == 37 and parse(buf).payload_len == 37


def test_emit_and_round_trip() -> None:
    r = ipv4.Ipv4Repr(src=A_IP, dst=B_IP, proto=ipv4.PROTO_UDP, payload_len=37, ttl=64,
                      ident=1234, dont_fragment=True)
    buf = Buffer.create(r.size())
    r.emit(ipv4.Ipv4Packet(buf))
    assert buf.sub(0, 20) == ip_of(UDP_DNS).sub(0, 20)
    assert parse(buf) == r
    every = ipv4.Ipv4Repr(A_IP, B_IP, 200, 0, ttl=1, ident=0xFFFF, more_fragments=True,
                          frag_offset=ipv4.MAX_FRAG_OFFSET, dscp=63, ecn=3)
    out = Buffer.create(every.size())
    every.emit(ipv4.Ipv4Packet(out))
    assert parse(out) == every


def test_fill_checksum_of_a_changed_header() -> None:
    buf = ip_of(UDP_DNS)
    packet = ipv4.Ipv4Packet.checked(buf)
    packet.set_ttl(63)
    assert not packet.verify_checksum()
    packet.fill_checksum()
    assert packet.verify_checksum() and packet.checksum() == 0x22E0


@pytest.mark.parametrize("payload_len, frag_offset, words", [
    (65516, 0, "longer than 65535"),
    (0, 12, "fragment offset 12"),
    (0, 65536, "fragment offset 65536"),
])
def test_emit_refuses_what_does_not_fit(payload_len: int, frag_offset: int, words: str) -> None:
    r = ipv4.Ipv4Repr(A_IP, B_IP, 17, payload_len, frag_offset=frag_offset)
    with pytest.raises(ValueError, match=words):
        r.emit(ipv4.Ipv4Packet(Buffer.create(20)))


@pytest.mark.parametrize("size", range(ipv4.HEADER_LEN))
def test_short_packets_are_truncated(size: int) -> None:
    with pytest.raises(Truncated, match=f"a packet of {size} bytes"):
        ipv4.Ipv4Packet.checked(ip_of(UDP_DNS).sub(0, size))


@pytest.mark.parametrize("ihl", range(5))
def test_ihl_below_5_is_malformed(ihl: int) -> None:
    with pytest.raises(Malformed, match=f"IHL {ihl} is less than 5"):
        ipv4.Ipv4Packet.checked(patched(UDP_DNS, ETH, 0x40 | ihl).shift(ETH))


@pytest.mark.parametrize("first, total, padding, error, words", [
    (0x4F, None, 0, Truncated, "IHL 15 makes a 60-byte header, but the packet has 57"),
    (0x4F, None, 10, Malformed, "total length 57 is shorter than the 60-byte header"),
    (0x46, 23, 0, Malformed, "total length 23 is shorter than the 24-byte header"),
    (0x45, 19, 0, Malformed, "total length 19 is shorter than the 20-byte header"),
    (0x45, 58, 0, Truncated, "total length 58 is more than the 57 bytes"),
    (0x45, 65535, 0, Truncated, "total length 65535"),
    (0x65, None, 0, Malformed, "version 6 is not 4"),
    (0x05, None, 0, Malformed, "version 0 is not 4"),
])
def test_lengths_and_version(first: int, total: int | None, padding: int,
                             error: type[WireError], words: str) -> None:
    buf = Buffer.of_bytes(ip_of(UDP_DNS).to_bytes() + bytes(padding))
    buf.set_u8(0, first)
    if total is not None:
        buf.set_u16_be(2, total)
    with pytest.raises(error, match=words):
        parse(buf)


@pytest.mark.parametrize("at", range(ipv4.HEADER_LEN))
def test_any_changed_header_byte_fails_the_checksum(at: int) -> None:
    buf = ip_of(UDP_DNS)
    if at in (0, 2, 3):
        return  # (version, IHL, total length: checked before the checksum)
    buf.set_u8(at, buf.get_u8(at) ^ 0x10)
    with pytest.raises(BadChecksum, match="IPv4: header checksum"):
        parse(buf)
