"""ICMPv4 messages (RFC 792): echo request and reply, destination unreachable, time exceeded.

    message = Icmpv4Packet.checked(ip_payload)       # Truncated below 8 bytes
    icmp = Icmpv4Repr.parse(message)                 # checksum, type, the quoted header
    if icmp.msg_type == TYPE_ECHO_REQUEST: ...

An echo carries an identifier, a sequence number and data, which a reply returns. An error
(destination unreachable, time exceeded) quotes the datagram it is about: its IPv4 header and
(at least) the first 8 bytes of its payload, enough for the sender to find the UDP or TCP ports.
The checksum covers the whole message, with no pseudo-header.
"""

from __future__ import annotations

from typing import Final

from attrs import frozen

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.wire import checksum, ipv4
from pyrage.stdlib.wire.errors import BadChecksum, Malformed, Truncated

# Field offsets.
TYPE: Final = 0
CODE: Final = 1
CHECKSUM: Final = 2
REST: Final = 4  # "rest of header": 4 bytes whose meaning depends on the type
IDENT: Final = 4  # echo
SEQ_NO: Final = 6  # echo
NEXT_HOP_MTU: Final = 6  # destination unreachable, code 4 (RFC 1191)
HEADER_LEN: Final = 8

TYPE_ECHO_REPLY: Final = 0
TYPE_DEST_UNREACHABLE: Final = 3
TYPE_ECHO_REQUEST: Final = 8
TYPE_TIME_EXCEEDED: Final = 11

# Destination unreachable codes (RFC 792, RFC 1122 §3.2.2.1).
UNREACHABLE_NET: Final = 0
UNREACHABLE_HOST: Final = 1
UNREACHABLE_PROTOCOL: Final = 2
UNREACHABLE_PORT: Final = 3
UNREACHABLE_FRAG_NEEDED: Final = 4
# Time exceeded codes.
EXCEEDED_TTL: Final = 0
EXCEEDED_REASSEMBLY: Final = 1

#: What an error quotes of the datagram after its header (RFC 792: 64 bits).
QUOTED_PAYLOAD: Final = 8


class Icmpv4Packet:
    """Icmpv4Packet(buf): a view of an ICMPv4 message (the whole IPv4 payload). Made
    directly, it trusts buf to hold HEADER_LEN bytes; `checked` makes sure."""

    def __init__(self, buf: Buffer) -> None:
        self.buf: Final = buf

    @staticmethod
    def checked(buf: Buffer) -> Icmpv4Packet:
        """Icmpv4Packet.checked(buf) -> a view whose accessors cannot fail; Truncated when buf
        is shorter than the 8-byte header."""
        if len(buf) < HEADER_LEN:
            raise Truncated(f"ICMPv4: a message of {len(buf)} bytes is shorter than the "
                            f"{HEADER_LEN}-byte header")
        return Icmpv4Packet(buf)

    def msg_type(self) -> int:
        return self.buf.get_u8(TYPE)

    def code(self) -> int:
        return self.buf.get_u8(CODE)

    def checksum(self) -> int:
        return self.buf.get_u16_be(CHECKSUM)

    def rest(self) -> int:
        """The 4 bytes after the checksum as one int (unused by most errors: zero)."""
        return self.buf.get_u32_be(REST)

    def ident(self) -> int:
        """An echo's identifier."""
        return self.buf.get_u16_be(IDENT)

    def seq_no(self) -> int:
        """An echo's sequence number."""
        return self.buf.get_u16_be(SEQ_NO)

    def next_hop_mtu(self) -> int:
        """A "fragmentation needed" error's MTU of the next hop."""
        return self.buf.get_u16_be(NEXT_HOP_MTU)

    def payload(self) -> Buffer:
        """After the header (a view): an echo's data, an error's quoted datagram."""
        return self.buf.shift(HEADER_LEN)

    def verify_checksum(self) -> bool:
        return checksum.is_valid(checksum.data_sum(self.buf))

    def set_msg_type(self, value: int) -> None:
        self.buf.set_u8(TYPE, value)

    def set_code(self, value: int) -> None:
        self.buf.set_u8(CODE, value)

    def set_checksum(self, value: int) -> None:
        self.buf.set_u16_be(CHECKSUM, value)

    def set_rest(self, value: int) -> None:
        self.buf.set_u32_be(REST, value)

    def set_ident(self, value: int) -> None:
        self.buf.set_u16_be(IDENT, value)

    def set_seq_no(self, value: int) -> None:
        self.buf.set_u16_be(SEQ_NO, value)

    def set_next_hop_mtu(self, value: int) -> None:
        self.buf.set_u16_be(NEXT_HOP_MTU, value)

    def fill_checksum(self) -> None:
        """Compute the checksum over the whole message (set everything else first)."""
        self.set_checksum(0)
        self.set_checksum(checksum.checksum(self.buf))


@frozen
class Icmpv4Repr:
    """Icmpv4Repr(msg_type, code, ident=0, seq_no=0, data=b"", next_hop_mtu=0): an echo
    (ident, seq_no and the echoed data) or an error (data: the quoted datagram; next_hop_mtu
    for "fragmentation needed", zero otherwise). Make them with echo_request, echo_reply,
    dest_unreachable and time_exceeded."""

    msg_type: int
    code: int
    ident: int = 0
    seq_no: int = 0
    data: bytes = b""
    next_hop_mtu: int = 0

    @staticmethod
    def echo_request(ident: int, seq_no: int, data: bytes) -> Icmpv4Repr:
        return Icmpv4Repr(TYPE_ECHO_REQUEST, 0, ident, seq_no, data)

    @staticmethod
    def echo_reply(ident: int, seq_no: int, data: bytes) -> Icmpv4Repr:
        return Icmpv4Repr(TYPE_ECHO_REPLY, 0, ident, seq_no, data)

    @staticmethod
    def dest_unreachable(code: int, quoted: bytes, next_hop_mtu: int = 0) -> Icmpv4Repr:
        """quoted: the datagram's header and the first QUOTED_PAYLOAD bytes of its payload."""
        return Icmpv4Repr(TYPE_DEST_UNREACHABLE, code, data=quoted, next_hop_mtu=next_hop_mtu)

    @staticmethod
    def time_exceeded(code: int, quoted: bytes) -> Icmpv4Repr:
        return Icmpv4Repr(TYPE_TIME_EXCEEDED, code, data=quoted)

    @staticmethod
    def parse(packet: Icmpv4Packet) -> Icmpv4Repr:
        """Icmpv4Repr.parse(packet) -> the message in a checked packet. BadChecksum unless the
        checksum matches; Malformed for a type other than the four above, or an error whose
        quoted header is not IPv4's; Truncated for an error that quotes less than the
        header."""
        if not packet.verify_checksum():
            raise BadChecksum(f"ICMPv4: checksum {packet.checksum():#06x} does not match the "
                              f"{len(packet.buf)}-byte message")
        kind = packet.msg_type()
        if kind == TYPE_ECHO_REQUEST or kind == TYPE_ECHO_REPLY:
            return Icmpv4Repr(kind, packet.code(), packet.ident(), packet.seq_no(),
                              packet.payload().to_bytes())
        if kind == TYPE_DEST_UNREACHABLE or kind == TYPE_TIME_EXCEEDED:
            _check_quoted(packet.payload())
            mtu = packet.next_hop_mtu() if kind == TYPE_DEST_UNREACHABLE and \
                packet.code() == UNREACHABLE_FRAG_NEEDED else 0
            return Icmpv4Repr(kind, packet.code(), data=packet.payload().to_bytes(),
                              next_hop_mtu=mtu)
        raise Malformed(f"ICMPv4: type {kind} is not supported (echo request, echo reply, "
                        "destination unreachable and time exceeded are)")

    def is_error(self) -> bool:
        """Whether data is a quoted datagram (destination unreachable, time exceeded)."""
        return self.msg_type == TYPE_DEST_UNREACHABLE or self.msg_type == TYPE_TIME_EXCEEDED

    def quoted_header(self) -> ipv4.Ipv4Packet:
        """An error's quoted IPv4 header, as a view of exactly its bytes (a copy): its header
        fields can be read (src, dst, proto, ident...), but not its payload(), which the
        error does not hold. ValueError for an echo; WireError for a quote that is not a
        whole IPv4 header (parse has checked that)."""
        if not self.is_error():
            raise ValueError(f"ICMPv4: type {self.msg_type} quotes no datagram")
        header = Buffer.of_bytes(self.data)
        _check_quoted(header)  # (parse did; a Repr made by hand may quote anything)
        return ipv4.Ipv4Packet(header.sub(0, ipv4.Ipv4Packet(header).header_len()))

    def quoted_payload(self) -> bytes:
        """The first bytes of an error's quoted datagram's payload (8 from most hosts: the
        UDP or TCP ports are in them)."""
        return self.data[self.quoted_header().header_len():]

    def size(self) -> int:
        """The bytes emit writes: HEADER_LEN + len(data)."""
        return HEADER_LEN + len(self.data)

    def emit(self, packet: Icmpv4Packet) -> None:
        """Write the message (size() bytes) into packet, checksum included."""
        packet.set_msg_type(self.msg_type)
        packet.set_code(self.code)
        if self.msg_type == TYPE_ECHO_REQUEST or self.msg_type == TYPE_ECHO_REPLY:
            packet.set_ident(self.ident)
            packet.set_seq_no(self.seq_no)
        elif self.msg_type == TYPE_DEST_UNREACHABLE and self.code == UNREACHABLE_FRAG_NEEDED:
            packet.set_rest(self.next_hop_mtu)
        else:
            packet.set_rest(0)
        packet.buf.blit_from_bytes(self.data, 0, HEADER_LEN, len(self.data))
        packet.fill_checksum()


def _check_quoted(quoted: Buffer) -> None:
    """That an error quotes a whole IPv4 header (its total length is the original datagram's,
    longer than what is quoted: only the header is checked)."""
    if len(quoted) < ipv4.HEADER_LEN:
        raise Truncated(f"ICMPv4: an error quotes {len(quoted)} bytes, less than an IPv4 "
                        "header")
    header = ipv4.Ipv4Packet(quoted)
    if header.version() != 4:
        raise Malformed(f"ICMPv4: the quoted datagram's version is {header.version()}, not 4")
    if header.header_len() < ipv4.HEADER_LEN:
        raise Malformed(f"ICMPv4: the quoted header's IHL is {header.header_len() // 4}, less "
                        "than 5")
    if header.header_len() > len(quoted):
        raise Truncated(f"ICMPv4: the quoted header is {header.header_len()} bytes, but only "
                        f"{len(quoted)} are quoted")
