"""Ethernet II frames: destination, source, EtherType, payload (IEEE 802.3 with the Ethernet II
type field; no 802.1Q tags, no frame check sequence: NICs strip and add it).

    packet = EthernetPacket.checked(frame)       # Truncated below 14 bytes
    if packet.ethertype() == ETHERTYPE_ARP: arp_input(packet.payload())

The payload is everything after the header: a short frame's padding (to the 60-byte minimum)
stays in it, and the layer above cuts it by its own length field.
"""

from __future__ import annotations

from typing import Final

from attrs import frozen

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import MacAddress
from pyrage.stdlib.wire.errors import Malformed, Truncated

# Field offsets.
DST: Final = 0
SRC: Final = 6
ETHERTYPE: Final = 12
HEADER_LEN: Final = 14

ETHERTYPE_IPV4: Final = 0x0800
ETHERTYPE_ARP: Final = 0x0806
ETHERTYPE_VLAN: Final = 0x8100
ETHERTYPE_IPV6: Final = 0x86DD
#: Below this the field is an IEEE 802.3 length, not an EtherType.
ETHERTYPE_MIN: Final = 0x0600


class EthernetPacket:
    """EthernetPacket(buf): a view of an Ethernet II frame. Made directly, it trusts buf to
    hold a header (for writing one); `checked` makes sure."""

    def __init__(self, buf: Buffer) -> None:
        self.buf: Final = buf

    @staticmethod
    def checked(buf: Buffer) -> EthernetPacket:
        """EthernetPacket.checked(buf) -> a view whose accessors cannot fail; Truncated when
        buf is shorter than the 14-byte header."""
        if len(buf) < HEADER_LEN:
            raise Truncated(f"Ethernet: a frame of {len(buf)} bytes is shorter than the "
                            f"{HEADER_LEN}-byte header")
        return EthernetPacket(buf)

    def dst(self) -> MacAddress:
        return MacAddress.read_from(self.buf, DST)

    def src(self) -> MacAddress:
        return MacAddress.read_from(self.buf, SRC)

    def ethertype(self) -> int:
        return self.buf.get_u16_be(ETHERTYPE)

    def payload(self) -> Buffer:
        """Everything after the header (a view), padding included."""
        return self.buf.shift(HEADER_LEN)

    def set_dst(self, mac: MacAddress) -> None:
        mac.write_to(self.buf, DST)

    def set_src(self, mac: MacAddress) -> None:
        mac.write_to(self.buf, SRC)

    def set_ethertype(self, ethertype: int) -> None:
        self.buf.set_u16_be(ETHERTYPE, ethertype)


@frozen
class EthernetRepr:
    """EthernetRepr(src, dst, ethertype): an Ethernet II header."""

    src: MacAddress
    dst: MacAddress
    ethertype: int

    @staticmethod
    def parse(packet: EthernetPacket) -> EthernetRepr:
        """EthernetRepr.parse(packet) -> the header of a checked packet; Malformed when the
        type field is an 802.3 length (below 0x0600): not an Ethernet II frame."""
        ethertype = packet.ethertype()
        if ethertype < ETHERTYPE_MIN:
            raise Malformed(f"Ethernet: type field {ethertype:#06x} is an IEEE 802.3 length, "
                            "not an EtherType")
        return EthernetRepr(packet.src(), packet.dst(), ethertype)

    def size(self) -> int:
        """The bytes emit writes: the header (the payload is the caller's)."""
        return HEADER_LEN

    def emit(self, packet: EthernetPacket) -> None:
        """Write the header into packet (which must hold at least HEADER_LEN bytes)."""
        packet.set_dst(self.dst)
        packet.set_src(self.src)
        packet.set_ethertype(self.ethertype)
