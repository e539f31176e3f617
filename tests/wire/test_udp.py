"""UDP: a captured DNS query with its known checksum, the zero ("none") and 0xFFFF checksums,
emitting in front of a payload, and lengths that disagree with the buffer."""

from __future__ import annotations

import pytest

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.wire import udp
from pyrage.stdlib.wire.errors import BadChecksum, Malformed, Truncated
from tests.wire.codec_vectors import IP, UDP_CHECKSUM_FFFF, UDP_DNS, UDP_ZERO_CHECKSUM, frame

A_IP, B_IP = Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2")
DNS_QUERY = bytes.fromhex("123401000001000000000000076578616d706c6503636f6d0000010001")


def datagram_of(hex_text: str) -> Buffer:
    return frame(hex_text).shift(IP)


def parse(buf: Buffer, src: Ipv4Address = A_IP, dst: Ipv4Address = B_IP) -> udp.UdpRepr:
    return udp.UdpRepr.parse(udp.UdpPacket.checked(buf), src, dst)


def test_dns_query() -> None:
    packet = udp.UdpPacket.checked(datagram_of(UDP_DNS))
    assert (packet.src_port(), packet.dst_port(), packet.length(), packet.checksum()) == \
        (53000, 53, 37, 0x3AC2)
    assert packet.payload().to_bytes() == DNS_QUERY
    assert packet.verify_checksum(A_IP, B_IP)
    assert packet.verify_checksum(B_IP, A_IP)  # (a sum cannot tell the source from the destination)
    assert not packet.verify_checksum(A_IP, Ipv4Address.parse("10.0.0.3"))
    assert parse(datagram_of(UDP_DNS)) == udp.UdpRepr(53000, 53, len(DNS_QUERY))


def test_emit_in_front_of_the_payload() -> None:
    buf = Buffer.create(udp.HEADER_LEN + len(DNS_QUERY))
    buf.blit_from_bytes(DNS_QUERY, 0, udp.HEADER_LEN, len(DNS_QUERY))
    r = udp.UdpRepr(53000, 53, len(DNS_QUERY))
    assert r.size() == 37
    r.emit(udp.UdpPacket(buf), A_IP, B_IP)
    assert buf == datagram_of(UDP_DNS)


def test_zero_checksum_means_none() -> None:
    assert parse(datagram_of(UDP_ZERO_CHECKSUM)) == udp.UdpRepr(1234, 7, 11)
    assert parse(datagram_of(UDP_ZERO_CHECKSUM), B_IP, A_IP).dst_port == 7


def test_a_computed_zero_is_sent_as_ffff() -> None:
    payload = datagram_of(UDP_CHECKSUM_FFFF).shift(udp.HEADER_LEN).to_bytes()
    buf = Buffer.create(udp.HEADER_LEN + len(payload))
    buf.blit_from_bytes(payload, 0, udp.HEADER_LEN, len(payload))
    udp.UdpRepr(4000, 4001, len(payload)).emit(udp.UdpPacket(buf), A_IP, B_IP)
    assert udp.UdpPacket(buf).checksum() == 0xFFFF
    assert buf == datagram_of(UDP_CHECKSUM_FFFF)
    assert parse(buf) == udp.UdpRepr(4000, 4001, 8)


def test_bytes_past_the_length_are_not_the_datagram() -> None:
    buf = Buffer.of_bytes(datagram_of(UDP_DNS).to_bytes() + b"trailing")
    packet = udp.UdpPacket.checked(buf)
    assert packet.payload().to_bytes() == DNS_QUERY and parse(buf).payload_len == 29


@pytest.mark.parametrize("size", range(udp.HEADER_LEN))
def test_short_datagrams_are_truncated(size: int) -> None:
    with pytest.raises(Truncated, match=f"a datagram of {size} bytes"):
        udp.UdpPacket.checked(datagram_of(UDP_DNS).sub(0, size))


@pytest.mark.parametrize("length", range(udp.HEADER_LEN))
def test_length_below_8_is_malformed(length: int) -> None:
    buf = datagram_of(UDP_DNS)
    buf.set_u16_be(udp.LENGTH, length)
    with pytest.raises(Malformed, match=f"length {length} is shorter"):
        udp.UdpPacket.checked(buf)


@pytest.mark.parametrize("length", [38, 100, 65535])
def test_length_past_the_buffer_is_truncated(length: int) -> None:
    buf = datagram_of(UDP_DNS)
    buf.set_u16_be(udp.LENGTH, length)
    with pytest.raises(Truncated, match=f"length {length} is more than the 37 bytes"):
        udp.UdpPacket.checked(buf)


@pytest.mark.parametrize("at", range(37))
def test_any_changed_byte_fails_the_checksum(at: int) -> None:
    buf = datagram_of(UDP_DNS)
    if at in (4, 5):
        return  # (the length: checked first, or shortening the datagram)
    buf.set_u8(at, buf.get_u8(at) ^ 0x40)
    if at in (2, 3) and udp.UdpPacket(buf).dst_port() == 0:
        return
    with pytest.raises(BadChecksum, match="UDP: checksum"):
        parse(buf)


def test_shorter_length_changes_what_the_checksum_covers() -> None:
    buf = datagram_of(UDP_DNS)
    buf.set_u16_be(udp.LENGTH, 36)
    with pytest.raises(BadChecksum, match="36-byte datagram"):
        parse(buf)


def test_destination_port_zero_is_malformed() -> None:
    buf = datagram_of(UDP_ZERO_CHECKSUM)
    buf.set_u16_be(udp.DST_PORT, 0)
    with pytest.raises(Malformed, match="destination port 0"):
        parse(buf)


def test_emit_refuses_a_datagram_past_65535() -> None:
    with pytest.raises(ValueError, match="longer than 65535"):
        udp.UdpRepr(1, 2, 65528).emit(udp.UdpPacket(Buffer.create(8)), A_IP, B_IP)
