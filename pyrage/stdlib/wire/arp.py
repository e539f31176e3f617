"""ARP packets (RFC 826) for IPv4 over Ethernet: the only kind this stack speaks.

    arp = ArpRepr.parse(ArpPacket.checked(payload))
    ArpRepr(OP_REPLY, our_mac, our_ip, arp.sender_mac, arp.sender_ip).emit(ArpPacket(out))

The view checks the lengths the packet states (hlen, plen) against the buffer and that the
buffer holds an Ethernet/IPv4 packet (28 bytes), so its address accessors cannot fail; ArpRepr
rejects other hardware and protocol types as Malformed. Bytes past the packet (Ethernet
padding) are ignored.
"""

from __future__ import annotations

from typing import Final

from attrs import frozen

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, MacAddress
from pyrage.stdlib.wire.errors import Malformed, Truncated

# Field offsets (the addresses' for Ethernet/IPv4: 6-byte hardware, 4-byte protocol).
HTYPE: Final = 0
PTYPE: Final = 2
HLEN: Final = 4
PLEN: Final = 5
OPER: Final = 6
SHA: Final = 8
SPA: Final = 14
THA: Final = 18
TPA: Final = 24
FIXED_LEN: Final = 8  # up to the addresses, whose lengths it states
PACKET_LEN: Final = 28  # an Ethernet/IPv4 packet

HTYPE_ETHERNET: Final = 1
PTYPE_IPV4: Final = 0x0800
OP_REQUEST: Final = 1
OP_REPLY: Final = 2


class ArpPacket:
    """ArpPacket(buf): a view of an ARP packet. Made directly, it trusts buf to hold
    PACKET_LEN bytes (for writing one); `checked` makes sure."""

    def __init__(self, buf: Buffer) -> None:
        self.buf: Final = buf

    @staticmethod
    def checked(buf: Buffer) -> ArpPacket:
        """ArpPacket.checked(buf) -> a view whose accessors cannot fail. Truncated when buf is
        shorter than the fixed header, than the addresses its hlen and plen state, or than
        an Ethernet/IPv4 packet."""
        size = len(buf)
        if size < FIXED_LEN:
            raise Truncated(f"ARP: a packet of {size} bytes is shorter than the "
                            f"{FIXED_LEN}-byte fixed header")
        stated = FIXED_LEN + 2 * (buf.get_u8(HLEN) + buf.get_u8(PLEN))
        if size < stated:
            raise Truncated(f"ARP: hlen {buf.get_u8(HLEN)} and plen {buf.get_u8(PLEN)} make "
                            f"{stated} bytes, but the packet has {size}")
        if size < PACKET_LEN:
            raise Truncated(f"ARP: a packet of {size} bytes is shorter than an Ethernet/IPv4 "
                            f"one ({PACKET_LEN})")
        return ArpPacket(buf)

    def htype(self) -> int:
        return self.buf.get_u16_be(HTYPE)

    def ptype(self) -> int:
        return self.buf.get_u16_be(PTYPE)

    def hlen(self) -> int:
        return self.buf.get_u8(HLEN)

    def plen(self) -> int:
        return self.buf.get_u8(PLEN)

    def op(self) -> int:
        return self.buf.get_u16_be(OPER)

    def sender_mac(self) -> MacAddress:
        return MacAddress.read_from(self.buf, SHA)

    def sender_ip(self) -> Ipv4Address:
        return Ipv4Address.read_from(self.buf, SPA)

    def target_mac(self) -> MacAddress:
        return MacAddress.read_from(self.buf, THA)

    def target_ip(self) -> Ipv4Address:
        return Ipv4Address.read_from(self.buf, TPA)

    def set_htype(self, value: int) -> None:
        self.buf.set_u16_be(HTYPE, value)

    def set_ptype(self, value: int) -> None:
        self.buf.set_u16_be(PTYPE, value)

    def set_hlen(self, value: int) -> None:
        self.buf.set_u8(HLEN, value)

    def set_plen(self, value: int) -> None:
        self.buf.set_u8(PLEN, value)

    def set_op(self, value: int) -> None:
        self.buf.set_u16_be(OPER, value)

    def set_sender_mac(self, mac: MacAddress) -> None:
        mac.write_to(self.buf, SHA)

    def set_sender_ip(self, ip: Ipv4Address) -> None:
        ip.write_to(self.buf, SPA)

    def set_target_mac(self, mac: MacAddress) -> None:
        mac.write_to(self.buf, THA)

    def set_target_ip(self, ip: Ipv4Address) -> None:
        ip.write_to(self.buf, TPA)


@frozen
class ArpRepr:
    """ArpRepr(op, sender_mac, sender_ip, target_mac, target_ip): an Ethernet/IPv4 ARP
    request (OP_REQUEST: target_mac is unknown, MacAddress.ZERO) or reply (OP_REPLY)."""

    op: int
    sender_mac: MacAddress
    sender_ip: Ipv4Address
    target_mac: MacAddress
    target_ip: Ipv4Address

    @staticmethod
    def parse(packet: ArpPacket) -> ArpRepr:
        """ArpRepr.parse(packet) -> the request or reply in a checked packet; Malformed for
        another hardware type, protocol type, address length or operation."""
        if packet.htype() != HTYPE_ETHERNET:
            raise Malformed(f"ARP: hardware type {packet.htype()} is not Ethernet "
                            f"({HTYPE_ETHERNET})")
        if packet.ptype() != PTYPE_IPV4:
            raise Malformed(f"ARP: protocol type {packet.ptype():#06x} is not IPv4 "
                            f"({PTYPE_IPV4:#06x})")
        if packet.hlen() != 6 or packet.plen() != 4:
            raise Malformed(f"ARP: address lengths {packet.hlen()} and {packet.plen()} are "
                            "not Ethernet's 6 and IPv4's 4")
        op = packet.op()
        if op != OP_REQUEST and op != OP_REPLY:
            raise Malformed(f"ARP: operation {op} is neither a request ({OP_REQUEST}) nor a "
                            f"reply ({OP_REPLY})")
        return ArpRepr(op, packet.sender_mac(), packet.sender_ip(), packet.target_mac(),
                       packet.target_ip())

    def size(self) -> int:
        """The bytes emit writes: PACKET_LEN."""
        return PACKET_LEN

    def emit(self, packet: ArpPacket) -> None:
        """Write the whole packet (PACKET_LEN bytes) into packet."""
        packet.set_htype(HTYPE_ETHERNET)
        packet.set_ptype(PTYPE_IPV4)
        packet.set_hlen(6)
        packet.set_plen(4)
        packet.set_op(self.op)
        packet.set_sender_mac(self.sender_mac)
        packet.set_sender_ip(self.sender_ip)
        packet.set_target_mac(self.target_mac)
        packet.set_target_ip(self.target_ip)
