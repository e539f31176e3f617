"""IPv4 headers (RFC 791).

    packet = Ipv4Packet.checked(payload)    # lengths: IHL, total length vs the buffer
    ip = Ipv4Repr.parse(packet)             # version, checksum
    deliver(ip.src, ip.proto, packet.payload())

Lengths are checked before anything is read past the first 20 bytes: an IHL below 5 is
Malformed; an IHL whose header runs past the buffer, or a total length past the buffer, is
Truncated; a total length shorter than the header is Malformed. Options (IHL > 5) are covered
by the checksum and otherwise skipped, never interpreted. Bytes after the total length (the
padding of a short Ethernet frame) are not part of the payload.

Fragment offsets are in bytes here, as reassembly uses them (the wire holds units of 8).
"""

from __future__ import annotations

from typing import Final

from attrs import frozen

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.wire import checksum
from pyrage.stdlib.wire.errors import BadChecksum, Malformed, Truncated

# Field offsets.
VER_IHL: Final = 0
DSCP_ECN: Final = 1
TOTAL_LEN: Final = 2
IDENT: Final = 4
FLAGS_FRAG: Final = 6
TTL: Final = 8
PROTO: Final = 9
CHECKSUM: Final = 10
SRC: Final = 12
DST: Final = 16
HEADER_LEN: Final = 20  # without options: what this stack sends
MAX_HEADER_LEN: Final = 60  # IHL 15
MAX_TOTAL_LEN: Final = 65535

FLAG_RESERVED: Final = 0x8000
FLAG_DF: Final = 0x4000
FLAG_MF: Final = 0x2000
FRAG_OFFSET_MASK: Final = 0x1FFF  # in units of 8 bytes
MAX_FRAG_OFFSET: Final = FRAG_OFFSET_MASK * 8

PROTO_ICMP: Final = 1
PROTO_TCP: Final = 6
PROTO_UDP: Final = 17


class Ipv4Packet:
    """Ipv4Packet(buf): a view of an IPv4 datagram. Made directly, it trusts buf (for writing
    a header); `checked` makes sure that every accessor, payload() included, cannot fail."""

    def __init__(self, buf: Buffer) -> None:
        self.buf: Final = buf

    @staticmethod
    def checked(buf: Buffer) -> Ipv4Packet:
        """Ipv4Packet.checked(buf) -> a view whose accessors cannot fail. Truncated when buf
        is shorter than 20 bytes, than the header its IHL states, or than its total length;
        Malformed for an IHL below 5 or a total length shorter than the header."""
        size = len(buf)
        if size < HEADER_LEN:
            raise Truncated(f"IPv4: a packet of {size} bytes is shorter than the "
                            f"{HEADER_LEN}-byte header")
        packet = Ipv4Packet(buf)
        ihl = buf.get_u8(VER_IHL) & 0xF
        if ihl < 5:
            raise Malformed(f"IPv4: IHL {ihl} is less than 5 (a {4 * ihl}-byte header)")
        if 4 * ihl > size:
            raise Truncated(f"IPv4: IHL {ihl} makes a {4 * ihl}-byte header, but the packet "
                            f"has {size} bytes")
        total = packet.total_len()
        if total < 4 * ihl:
            raise Malformed(f"IPv4: total length {total} is shorter than the {4 * ihl}-byte "
                            "header")
        if total > size:
            raise Truncated(f"IPv4: total length {total} is more than the {size} bytes "
                            "received")
        return packet

    # --- getters --------------------------------------------------------------------------------

    def version(self) -> int:
        return self.buf.get_u8(VER_IHL) >> 4

    def header_len(self) -> int:
        """The header's length in bytes (4 * IHL): 20, or more with options."""
        return (self.buf.get_u8(VER_IHL) & 0xF) * 4

    def dscp(self) -> int:
        return self.buf.get_u8(DSCP_ECN) >> 2

    def ecn(self) -> int:
        return self.buf.get_u8(DSCP_ECN) & 3

    def total_len(self) -> int:
        """Header and payload, in bytes."""
        return self.buf.get_u16_be(TOTAL_LEN)

    def ident(self) -> int:
        return self.buf.get_u16_be(IDENT)

    def dont_fragment(self) -> bool:
        return self.buf.get_u16_be(FLAGS_FRAG) & FLAG_DF != 0

    def more_fragments(self) -> bool:
        return self.buf.get_u16_be(FLAGS_FRAG) & FLAG_MF != 0

    def frag_offset(self) -> int:
        """Where this fragment's payload goes in the datagram's, in bytes (a multiple of 8)."""
        return (self.buf.get_u16_be(FLAGS_FRAG) & FRAG_OFFSET_MASK) * 8

    def ttl(self) -> int:
        return self.buf.get_u8(TTL)

    def proto(self) -> int:
        """The protocol of the payload: PROTO_ICMP, PROTO_UDP..."""
        return self.buf.get_u8(PROTO)

    def checksum(self) -> int:
        return self.buf.get_u16_be(CHECKSUM)

    def src(self) -> Ipv4Address:
        return Ipv4Address.read_from(self.buf, SRC)

    def dst(self) -> Ipv4Address:
        return Ipv4Address.read_from(self.buf, DST)

    def header(self) -> Buffer:
        """The header, options included (a view): what ICMP errors quote."""
        return self.buf.sub(0, self.header_len())

    def options(self) -> Buffer:
        """The options' bytes (a view; empty for IHL 5). This stack never interprets them."""
        return self.buf.sub(HEADER_LEN, self.header_len() - HEADER_LEN)

    def payload(self) -> Buffer:
        """The bytes after the header up to the total length (a view): padding after the
        datagram is not in it."""
        start = self.header_len()
        return self.buf.sub(start, self.total_len() - start)

    def verify_checksum(self) -> bool:
        """Whether the header (options included) matches its checksum."""
        return checksum.is_valid(checksum.data_sum(self.header()))

    # --- setters --------------------------------------------------------------------------------

    def set_version_and_header_len(self, version: int, header_len: int) -> None:
        """The first byte: the version (4) and the header's length in bytes (a multiple of 4
        from 20 to 60; ValueError otherwise)."""
        if header_len % 4 != 0 or not HEADER_LEN <= header_len <= MAX_HEADER_LEN:
            raise ValueError(f"IPv4: a header of {header_len} bytes (a multiple of 4 from 20 "
                             "to 60)")
        self.buf.set_u8(VER_IHL, (version << 4) | (header_len // 4))

    def set_dscp_ecn(self, dscp: int, ecn: int) -> None:
        self.buf.set_u8(DSCP_ECN, (dscp << 2) | ecn)

    def set_total_len(self, value: int) -> None:
        self.buf.set_u16_be(TOTAL_LEN, value)

    def set_ident(self, value: int) -> None:
        self.buf.set_u16_be(IDENT, value)

    def set_flags_and_frag_offset(self, dont_fragment: bool, more_fragments: bool,
                                  frag_offset: int) -> None:
        """The flags and the fragment offset in bytes (a multiple of 8 up to 65528; ValueError
        otherwise). The reserved flag is cleared."""
        if frag_offset % 8 != 0 or not 0 <= frag_offset <= MAX_FRAG_OFFSET:
            raise ValueError(f"IPv4: fragment offset {frag_offset} (a multiple of 8 up to "
                             f"{MAX_FRAG_OFFSET})")
        flags = (FLAG_DF if dont_fragment else 0) | (FLAG_MF if more_fragments else 0)
        self.buf.set_u16_be(FLAGS_FRAG, flags | (frag_offset // 8))

    def set_ttl(self, value: int) -> None:
        self.buf.set_u8(TTL, value)

    def set_proto(self, value: int) -> None:
        self.buf.set_u8(PROTO, value)

    def set_checksum(self, value: int) -> None:
        self.buf.set_u16_be(CHECKSUM, value)

    def set_src(self, addr: Ipv4Address) -> None:
        addr.write_to(self.buf, SRC)

    def set_dst(self, addr: Ipv4Address) -> None:
        addr.write_to(self.buf, DST)

    def fill_checksum(self) -> None:
        """Compute the header's checksum (options included) and write it."""
        self.set_checksum(0)
        self.set_checksum(checksum.checksum(self.header()))


@frozen
class Ipv4Repr:
    """Ipv4Repr(src, dst, proto, payload_len, ttl=64, ident=0, dont_fragment=False,
    more_fragments=False, frag_offset=0, dscp=0, ecn=0): an IPv4 header without options;
    frag_offset in bytes."""

    src: Ipv4Address
    dst: Ipv4Address
    proto: int
    payload_len: int
    ttl: int = 64
    ident: int = 0
    dont_fragment: bool = False
    more_fragments: bool = False
    frag_offset: int = 0
    dscp: int = 0
    ecn: int = 0

    @staticmethod
    def parse(packet: Ipv4Packet) -> Ipv4Repr:
        """Ipv4Repr.parse(packet) -> the header of a checked packet (its options skipped);
        Malformed unless the version is 4, BadChecksum unless the header's checksum
        matches."""
        if packet.version() != 4:
            raise Malformed(f"IPv4: version {packet.version()} is not 4")
        if not packet.verify_checksum():
            raise BadChecksum(f"IPv4: header checksum {packet.checksum():#06x} does not match "
                              f"the header from {packet.src()} to {packet.dst()}")
        return Ipv4Repr(src=packet.src(), dst=packet.dst(), proto=packet.proto(),
                        payload_len=packet.total_len() - packet.header_len(), ttl=packet.ttl(),
                        ident=packet.ident(), dont_fragment=packet.dont_fragment(),
                        more_fragments=packet.more_fragments(),
                        frag_offset=packet.frag_offset(), dscp=packet.dscp(), ecn=packet.ecn())

    def size(self) -> int:
        """The datagram's total length: HEADER_LEN + payload_len."""
        return HEADER_LEN + self.payload_len

    def emit(self, packet: Ipv4Packet) -> None:
        """Write the header (HEADER_LEN bytes, no options) into packet, checksum included;
        the payload is the caller's. ValueError for a total length past 65535 or a bad
        fragment offset."""
        if self.size() > MAX_TOTAL_LEN:
            raise ValueError(f"IPv4: a payload of {self.payload_len} bytes makes a datagram "
                             f"longer than {MAX_TOTAL_LEN}")
        packet.set_version_and_header_len(4, HEADER_LEN)
        packet.set_dscp_ecn(self.dscp, self.ecn)
        packet.set_total_len(self.size())
        packet.set_ident(self.ident)
        packet.set_flags_and_frag_offset(self.dont_fragment, self.more_fragments,
                                         self.frag_offset)
        packet.set_ttl(self.ttl)
        packet.set_proto(self.proto)
        packet.set_src(self.src)
        packet.set_dst(self.dst)
        packet.fill_checksum()
