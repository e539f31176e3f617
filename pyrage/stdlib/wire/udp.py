"""UDP datagrams (RFC 768) over IPv4.

    packet = UdpPacket.checked(ip_payload)           # length field vs the buffer
    udp = UdpRepr.parse(packet, ip.src, ip.dst)      # checksum with the pseudo-header
    deliver(udp.dst_port, packet.payload())

    UdpRepr(src_port, dst_port, len(payload)).emit(UdpPacket(datagram), src, dst)

The checksum covers an IPv4 pseudo-header (the addresses, the protocol, the UDP length), the
header and the payload. A received checksum of zero means the sender computed none (allowed
over IPv4), so it is not checked; a computed checksum of zero is sent as 0xFFFF (its other
one's-complement form), since zero would mean "none".
"""

from __future__ import annotations

from typing import Final

from attrs import frozen

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.wire import checksum
from pyrage.stdlib.wire.errors import BadChecksum, Malformed, Truncated
from pyrage.stdlib.wire.ipv4 import PROTO_UDP

# Field offsets.
SRC_PORT: Final = 0
DST_PORT: Final = 2
LENGTH: Final = 4
CHECKSUM: Final = 6
HEADER_LEN: Final = 8
MAX_LEN: Final = 65535


class UdpPacket:
    """UdpPacket(buf): a view of a UDP datagram (header and payload). Made directly, it trusts
    buf (for writing a header in front of a payload); `checked` makes sure."""

    def __init__(self, buf: Buffer) -> None:
        self.buf: Final = buf

    @staticmethod
    def checked(buf: Buffer) -> UdpPacket:
        """UdpPacket.checked(buf) -> a view whose accessors cannot fail. Truncated when buf is
        shorter than the 8-byte header or than the length field; Malformed for a length field
        below 8. Bytes past the length are not part of the datagram."""
        size = len(buf)
        if size < HEADER_LEN:
            raise Truncated(f"UDP: a datagram of {size} bytes is shorter than the "
                            f"{HEADER_LEN}-byte header")
        length = buf.get_u16_be(LENGTH)
        if length < HEADER_LEN:
            raise Malformed(f"UDP: length {length} is shorter than the {HEADER_LEN}-byte "
                            "header")
        if length > size:
            raise Truncated(f"UDP: length {length} is more than the {size} bytes received")
        return UdpPacket(buf)

    def src_port(self) -> int:
        return self.buf.get_u16_be(SRC_PORT)

    def dst_port(self) -> int:
        return self.buf.get_u16_be(DST_PORT)

    def length(self) -> int:
        """Header and payload, in bytes (the length field)."""
        return self.buf.get_u16_be(LENGTH)

    def checksum(self) -> int:
        return self.buf.get_u16_be(CHECKSUM)

    def payload(self) -> Buffer:
        """The bytes after the header up to the length field (a view)."""
        return self.buf.sub(HEADER_LEN, self.length() - HEADER_LEN)

    def checksum_sum(self, src: Ipv4Address, dst: Ipv4Address) -> int:
        """The sum the checksum makes valid: the pseudo-header and length() bytes."""
        length = self.length()
        return checksum.pseudo_header_sum(src, dst, PROTO_UDP, length) + \
            checksum.data_sum(self.buf.sub(0, length))

    def verify_checksum(self, src: Ipv4Address, dst: Ipv4Address) -> bool:
        """Whether the checksum matches, with the pseudo-header of src and dst; True for a
        zero checksum (none was computed)."""
        return self.checksum() == 0 or checksum.is_valid(self.checksum_sum(src, dst))

    def set_src_port(self, value: int) -> None:
        self.buf.set_u16_be(SRC_PORT, value)

    def set_dst_port(self, value: int) -> None:
        self.buf.set_u16_be(DST_PORT, value)

    def set_length(self, value: int) -> None:
        self.buf.set_u16_be(LENGTH, value)

    def set_checksum(self, value: int) -> None:
        self.buf.set_u16_be(CHECKSUM, value)

    def fill_checksum(self, src: Ipv4Address, dst: Ipv4Address) -> None:
        """Compute the checksum over the pseudo-header, the header and length() bytes (set
        the length and place the payload first), and write it (0 as 0xFFFF)."""
        self.set_checksum(0)
        self.set_checksum(checksum.finish(self.checksum_sum(src, dst)) or 0xFFFF)


@frozen
class UdpRepr:
    """UdpRepr(src_port, dst_port, payload_len): a UDP header."""

    src_port: int
    dst_port: int
    payload_len: int

    @staticmethod
    def parse(packet: UdpPacket, src: Ipv4Address, dst: Ipv4Address) -> UdpRepr:
        """UdpRepr.parse(packet, src, dst) -> the header of a checked packet that came from
        src to dst. Malformed for destination port 0; BadChecksum unless the checksum is zero
        or matches."""
        if packet.dst_port() == 0:
            raise Malformed(f"UDP: destination port 0 (from {src}:{packet.src_port()})")
        if not packet.verify_checksum(src, dst):
            raise BadChecksum(f"UDP: checksum {packet.checksum():#06x} does not match the "
                              f"{packet.length()}-byte datagram from {src}:{packet.src_port()}"
                              f" to {dst}:{packet.dst_port()}")
        return UdpRepr(packet.src_port(), packet.dst_port(), packet.length() - HEADER_LEN)

    def size(self) -> int:
        """The datagram's length: HEADER_LEN + payload_len."""
        return HEADER_LEN + self.payload_len

    def emit(self, packet: UdpPacket, src: Ipv4Address, dst: Ipv4Address) -> None:
        """Write the header into packet, whose buffer holds the payload after it already
        (size() bytes at least), and the checksum for src and dst. ValueError past 65535
        bytes."""
        if self.size() > MAX_LEN:
            raise ValueError(f"UDP: a payload of {self.payload_len} bytes makes a datagram "
                             f"longer than {MAX_LEN}")
        packet.set_src_port(self.src_port)
        packet.set_dst_port(self.dst_port)
        packet.set_length(self.size())
        packet.fill_checksum(src, dst)
