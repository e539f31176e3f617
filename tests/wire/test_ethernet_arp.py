"""Ethernet II and ARP on captured frames, round trips, and every way they can be cut short
or carry the wrong types."""

from __future__ import annotations

import pytest

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, MacAddress
from pyrage.stdlib.wire import arp, ethernet
from pyrage.stdlib.wire.errors import Malformed, Truncated, WireError
from tests.wire.codec_vectors import ARP_REPLY, ARP_REQUEST, ETH, frame, patched

A_MAC, B_MAC = MacAddress.parse("52:54:00:12:34:56"), MacAddress.parse("52:54:00:ab:cd:ef")
A_IP, B_IP = Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2")


def parse_arp(buf: Buffer) -> arp.ArpRepr:
    return arp.ArpRepr.parse(arp.ArpPacket.checked(buf))


def test_ethernet_view_and_repr() -> None:
    packet = ethernet.EthernetPacket.checked(frame(ARP_REQUEST))
    assert packet.dst() == MacAddress.BROADCAST and packet.src() == A_MAC
    assert packet.ethertype() == ethernet.ETHERTYPE_ARP
    assert len(packet.payload()) == 46  # the ARP packet and its padding
    header = ethernet.EthernetRepr.parse(packet)
    assert header == ethernet.EthernetRepr(A_MAC, MacAddress.BROADCAST, ethernet.ETHERTYPE_ARP)
    out = Buffer.create(header.size())
    header.emit(ethernet.EthernetPacket(out))
    assert out == frame(ARP_REQUEST).sub(0, ethernet.HEADER_LEN)


def test_ethernet_setters_write_in_place() -> None:
    buf = Buffer.create(20)
    packet = ethernet.EthernetPacket(buf)
    packet.set_dst(B_MAC)
    packet.set_src(A_MAC)
    packet.set_ethertype(ethernet.ETHERTYPE_IPV4)
    assert buf.to_bytes()[:14] == B_MAC.to_bytes() + A_MAC.to_bytes() + b"\x08\x00"


@pytest.mark.parametrize("size", range(ethernet.HEADER_LEN))
def test_ethernet_short_frames_are_truncated(size: int) -> None:
    with pytest.raises(Truncated, match=f"Ethernet: a frame of {size} bytes"):
        ethernet.EthernetPacket.checked(frame(ARP_REPLY).sub(0, size))


def test_ethernet_header_alone_has_an_empty_payload() -> None:
    assert len(ethernet.EthernetPacket.checked(frame(ARP_REPLY).sub(0, 14)).payload()) == 0


def test_ethernet_8023_length_is_malformed() -> None:
    packet = ethernet.EthernetPacket.checked(patched(ARP_REPLY, 12, 0x05))
    with pytest.raises(Malformed, match="802.3 length"):
        ethernet.EthernetRepr.parse(packet)


def test_arp_request_and_reply() -> None:
    request = parse_arp(frame(ARP_REQUEST).shift(ETH))
    assert request == arp.ArpRepr(arp.OP_REQUEST, A_MAC, A_IP, MacAddress.ZERO, B_IP)
    reply = parse_arp(frame(ARP_REPLY).shift(ETH))
    assert reply == arp.ArpRepr(arp.OP_REPLY, B_MAC, B_IP, A_MAC, A_IP)
    for r, hex_text in [(request, ARP_REQUEST), (reply, ARP_REPLY)]:
        out = Buffer.create(r.size())
        r.emit(arp.ArpPacket(out))
        assert out == frame(hex_text).sub(ETH, arp.PACKET_LEN)
        assert parse_arp(out) == r


def test_arp_view_accessors() -> None:
    packet = arp.ArpPacket.checked(frame(ARP_REPLY).shift(ETH))
    assert (packet.htype(), packet.ptype(), packet.hlen(), packet.plen(), packet.op()) == \
        (1, 0x0800, 6, 4, 2)
    assert (packet.sender_mac(), packet.sender_ip(), packet.target_mac(), packet.target_ip()) \
        == (B_MAC, B_IP, A_MAC, A_IP)


@pytest.mark.parametrize("size", range(arp.PACKET_LEN))
def test_arp_short_packets_are_truncated(size: int) -> None:
    with pytest.raises(Truncated):
        arp.ArpPacket.checked(frame(ARP_REPLY).sub(ETH, size))


@pytest.mark.parametrize("at, value, error, words", [
    (1, 6, Malformed, "hardware type 6"),
    (2, 0x86, Malformed, "protocol type 0x8600"),
    (4, 5, Malformed, "address lengths 5 and 4"),
    (4, 8, Malformed, "address lengths 8 and 4"),  # (the padding holds what hlen 8 says)
    (5, 6, Malformed, "address lengths 6 and 6"),
    (5, 16, Truncated, "make 52 bytes"),
    (4, 255, Truncated, "make 526 bytes"),
    (7, 3, Malformed, "operation 3"),
    (7, 0, Malformed, "operation 0"),
])
def test_arp_wrong_fields(at: int, value: int, error: type[WireError], words: str) -> None:
    with pytest.raises(error, match=words):
        parse_arp(patched(ARP_REQUEST, ETH + at, value).shift(ETH))


def test_arp_wrong_hlen_without_padding_is_truncated() -> None:
    with pytest.raises(Truncated, match="hlen 8 and plen 4 make 32 bytes"):
        parse_arp(patched(ARP_REPLY, ETH + 4, 8).shift(ETH))
