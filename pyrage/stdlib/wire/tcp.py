"""TCP segments (RFC 9293) over IPv4, with the options of RFC 7323 and RFC 2018.

    packet = TcpPacket.checked(ip_payload)           # data offset vs the buffer
    tcp = TcpRepr.parse(packet, ip.src, ip.dst)      # checksum with the pseudo-header, options
    deliver(tcp, packet.payload())

    TcpRepr(sport, dport, seq, ack, SYN | ACK, window=64240, mss=1460).emit(
        TcpPacket(segment), src, dst)                # the payload already after header_len()

The checksum covers an IPv4 pseudo-header (the addresses, the protocol, the segment's length),
the header and the payload; unlike UDP's, a zero checksum is a checksum like any other. The
segment is the whole IPv4 payload: the IP layer has cut it to the total length.

Options: the SYN-only ones (MSS, window scale, SACK permitted) are read from a SYN and ignored
on any other segment (RFC 9293 3.7.1, RFC 7323 2.2), and emitted only on a SYN; timestamps and
SACK blocks on any segment. They are emitted in the order and with the padding Linux uses.

Sequence numbers compare modulo 2**32 (RFC 9293 3.4): seq_add, seq_sub, seq_lt and friends.
"""

from __future__ import annotations

from typing import Final

from attrs import frozen

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.wire import checksum
from pyrage.stdlib.wire.errors import BadChecksum, Malformed, Truncated
from pyrage.stdlib.wire.ipv4 import PROTO_TCP

# Field offsets.
SRC_PORT: Final = 0
DST_PORT: Final = 2
SEQ: Final = 4
ACK_NO: Final = 8
DATA_OFFSET: Final = 12  # the high nibble, in 32-bit words; the rest is reserved
FLAGS: Final = 13
WINDOW: Final = 14
CHECKSUM: Final = 16
URGENT: Final = 18
HEADER_LEN: Final = 20  # without options
MAX_HEADER_LEN: Final = 60  # data offset 15
MAX_OPTIONS_LEN: Final = 40
MAX_LEN: Final = 65535

FIN: Final = 0x01
SYN: Final = 0x02
RST: Final = 0x04
PSH: Final = 0x08
ACK: Final = 0x10
URG: Final = 0x20
ECE: Final = 0x40
CWR: Final = 0x80

# Option kinds.
EOL: Final = 0
NOP: Final = 1
MSS: Final = 2  # SYN only
WSCALE: Final = 3  # SYN only
SACK_PERMITTED: Final = 4  # SYN only
SACK: Final = 5
TIMESTAMP: Final = 8

MAX_WSCALE: Final = 14  # RFC 7323 2.3: a larger shift is taken as 14
MAX_SACK_BLOCKS: Final = 4
SEQ_MOD: Final = 1 << 32
U32_MAX: Final = 0xFFFFFFFF


class TcpPacket:
    """TcpPacket(buf): a view of a TCP segment (header, options and payload). Made directly,
    it trusts buf (for writing a header in front of a payload); `checked` makes sure."""

    def __init__(self, buf: Buffer) -> None:
        self.buf: Final = buf

    @staticmethod
    def checked(buf: Buffer) -> TcpPacket:
        """TcpPacket.checked(buf) -> a view whose accessors cannot fail. Truncated when buf is
        shorter than the 20-byte header or than the header its data offset states; Malformed
        for a data offset below 5."""
        size = len(buf)
        if size < HEADER_LEN:
            raise Truncated(f"TCP: a segment of {size} bytes is shorter than the "
                            f"{HEADER_LEN}-byte header")
        words = buf.get_u8(DATA_OFFSET) >> 4
        if words < 5:
            raise Malformed(f"TCP: data offset {words} is less than 5 (a {4 * words}-byte "
                            "header)")
        if 4 * words > size:
            raise Truncated(f"TCP: data offset {words} makes a {4 * words}-byte header, but "
                            f"the segment has {size} bytes")
        return TcpPacket(buf)

    # --- getters --------------------------------------------------------------------------------

    def src_port(self) -> int:
        return self.buf.get_u16_be(SRC_PORT)

    def dst_port(self) -> int:
        return self.buf.get_u16_be(DST_PORT)

    def seq(self) -> int:
        return self.buf.get_u32_be(SEQ)

    def ack(self) -> int:
        """The acknowledgment number (meaningful with the ACK flag)."""
        return self.buf.get_u32_be(ACK_NO)

    def data_offset(self) -> int:
        """The header's length in bytes, options included: 20 to 60."""
        return (self.buf.get_u8(DATA_OFFSET) >> 4) * 4

    def flags(self) -> int:
        """FIN, SYN, RST, PSH, ACK, URG, ECE and CWR (the reserved bits are not included)."""
        return self.buf.get_u8(FLAGS)

    def window(self) -> int:
        """The window field as sent: not scaled."""
        return self.buf.get_u16_be(WINDOW)

    def checksum(self) -> int:
        return self.buf.get_u16_be(CHECKSUM)

    def urgent(self) -> int:
        return self.buf.get_u16_be(URGENT)

    def options(self) -> Buffer:
        """The options' bytes, padding included (a view; empty for a 20-byte header)."""
        return self.buf.sub(HEADER_LEN, self.data_offset() - HEADER_LEN)

    def payload(self) -> Buffer:
        """Everything after the header (a view)."""
        return self.buf.shift(self.data_offset())

    def checksum_sum(self, src: Ipv4Address, dst: Ipv4Address) -> int:
        """The sum the checksum makes valid: the pseudo-header and the whole segment."""
        return checksum.pseudo_header_sum(src, dst, PROTO_TCP, len(self.buf)) + \
            checksum.data_sum(self.buf)

    def verify_checksum(self, src: Ipv4Address, dst: Ipv4Address) -> bool:
        """Whether the checksum matches, with the pseudo-header of src and dst (a zero
        checksum too is checked)."""
        return checksum.is_valid(self.checksum_sum(src, dst))

    # --- setters --------------------------------------------------------------------------------

    def set_src_port(self, value: int) -> None:
        self.buf.set_u16_be(SRC_PORT, value)

    def set_dst_port(self, value: int) -> None:
        self.buf.set_u16_be(DST_PORT, value)

    def set_seq(self, value: int) -> None:
        self.buf.set_u32_be(SEQ, value)

    def set_ack(self, value: int) -> None:
        self.buf.set_u32_be(ACK_NO, value)

    def set_data_offset(self, header_len: int) -> None:
        """The header's length in bytes (a multiple of 4 from 20 to 60; ValueError otherwise).
        The reserved bits are cleared."""
        if header_len % 4 != 0 or not HEADER_LEN <= header_len <= MAX_HEADER_LEN:
            raise ValueError(f"TCP: a header of {header_len} bytes (a multiple of 4 from 20 "
                             "to 60)")
        self.buf.set_u8(DATA_OFFSET, (header_len // 4) << 4)

    def set_flags(self, value: int) -> None:
        self.buf.set_u8(FLAGS, value)

    def set_window(self, value: int) -> None:
        self.buf.set_u16_be(WINDOW, value)

    def set_checksum(self, value: int) -> None:
        self.buf.set_u16_be(CHECKSUM, value)

    def set_urgent(self, value: int) -> None:
        self.buf.set_u16_be(URGENT, value)

    def fill_checksum(self, src: Ipv4Address, dst: Ipv4Address) -> None:
        """Compute the checksum over the pseudo-header and the whole buffer (header, options
        and payload in place first), and write it."""
        self.set_checksum(0)
        self.set_checksum(checksum.finish(self.checksum_sum(src, dst)))


@frozen
class TcpRepr:
    """TcpRepr(src_port, dst_port, seq, ack, flags, window=0, urgent=0, mss=0, wscale=-1,
    sack_permitted=False, sack=(), ts_val=0, ts_ecr=0, has_ts=False, payload_len=0): a TCP
    header and its options. window is the field as sent (unscaled); mss 0 and wscale -1 mean
    absent; sack holds up to 4 (left, right) blocks; ts_val and ts_ecr count when has_ts."""

    src_port: int
    dst_port: int
    seq: int
    ack: int
    flags: int
    window: int = 0
    urgent: int = 0
    mss: int = 0
    wscale: int = -1
    sack_permitted: bool = False
    sack: tuple[tuple[int, int], ...] = ()
    ts_val: int = 0
    ts_ecr: int = 0
    has_ts: bool = False
    payload_len: int = 0

    @staticmethod
    def parse(packet: TcpPacket, src: Ipv4Address, dst: Ipv4Address) -> TcpRepr:
        """TcpRepr.parse(packet, src, dst) -> the header of a checked packet that came from
        src to dst. Malformed for port 0 or a bad option; BadChecksum unless the checksum
        matches."""
        sport, dport = packet.src_port(), packet.dst_port()
        if dport == 0:
            raise Malformed(f"TCP: destination port 0 (from {src}:{sport})")
        if sport == 0:
            raise Malformed(f"TCP: source port 0 (to {dst}:{dport})")
        if not packet.verify_checksum(src, dst):
            raise BadChecksum(f"TCP: checksum {packet.checksum():#06x} does not match the "
                              f"{len(packet.buf)}-byte segment from {src}:{sport} to "
                              f"{dst}:{dport}")
        flags = packet.flags()
        syn = flags & SYN != 0
        mss, wscale, sack_permitted = 0, -1, False
        ts_val, ts_ecr, has_ts = 0, 0, False
        blocks: list[tuple[int, int]] = []
        opts = packet.options()
        end = len(opts)
        at = 0
        while at < end:
            kind = opts.get_u8(at)
            if kind == EOL:
                break
            if kind == NOP:
                at += 1
                continue
            if at + 1 == end:
                raise Malformed(f"TCP: option {kind} at {at} has no length byte")
            length = opts.get_u8(at + 1)
            if length < 2:
                raise Malformed(f"TCP: option {kind} at {at} has length {length}, less than 2")
            if at + length > end:
                raise Malformed(f"TCP: option {kind} at {at} has length {length}, past the "
                                f"{end} bytes of options")
            if kind == MSS:
                _check_option_len("MSS", length, 4)
                if syn:
                    mss = opts.get_u16_be(at + 2)
            elif kind == WSCALE:
                _check_option_len("window scale", length, 3)
                if syn:
                    wscale = min(opts.get_u8(at + 2), MAX_WSCALE)
            elif kind == SACK_PERMITTED:
                _check_option_len("SACK permitted", length, 2)
                if syn:
                    sack_permitted = True
            elif kind == TIMESTAMP:
                _check_option_len("timestamp", length, 10)
                ts_val, ts_ecr, has_ts = opts.get_u32_be(at + 2), opts.get_u32_be(at + 6), True
            elif kind == SACK:
                if (length - 2) % 8 != 0 or not 10 <= length <= 2 + 8 * MAX_SACK_BLOCKS:
                    raise Malformed(f"TCP: SACK option of length {length} (2 + 8 per block, "
                                    f"1 to {MAX_SACK_BLOCKS} blocks)")
                blocks = [(opts.get_u32_be(i), opts.get_u32_be(i + 4))
                          for i in range(at + 2, at + length, 8)]
            at += length
        return TcpRepr(sport, dport, packet.seq(), packet.ack(), flags,
                       window=packet.window(), urgent=packet.urgent(), mss=mss, wscale=wscale,
                       sack_permitted=sack_permitted, sack=tuple(blocks), ts_val=ts_val,
                       ts_ecr=ts_ecr, has_ts=has_ts, payload_len=len(packet.payload()))

    def has(self, flag: int) -> bool:
        """Whether the flag (or any of the flags, or-ed) is set."""
        return self.flags & flag != 0

    def seq_len(self) -> int:
        """The sequence numbers the segment takes: its payload, and one each for SYN and FIN."""
        return self.payload_len + (1 if self.has(SYN) else 0) + (1 if self.has(FIN) else 0)

    def options_len(self) -> int:
        """The bytes emit writes for the options (NOPs included), before padding."""
        size = 0
        if self.has(SYN):
            size += 4 if self.mss != 0 else 0
            size += 4 if self.sack_permitted and not self.has_ts else 0
            size += 4 if self.wscale >= 0 else 0
        size += 12 if self.has_ts else 0
        size += 4 + 8 * len(self.sack) if len(self.sack) > 0 else 0
        return size

    def header_len(self) -> int:
        """HEADER_LEN and the options, padded to a multiple of 4."""
        return HEADER_LEN + (self.options_len() + 3) // 4 * 4

    def size(self) -> int:
        """The segment's length: header_len() + payload_len."""
        return self.header_len() + self.payload_len

    def emit(self, packet: TcpPacket, src: Ipv4Address, dst: Ipv4Address) -> None:
        """Write the header and options into packet, whose buffer holds the payload after them
        already (size() bytes at least: the checksum covers size() bytes), and the checksum for
        src and dst. ValueError for a field out of range or options past 40 bytes."""
        self._check_ranges()
        if self.options_len() > MAX_OPTIONS_LEN:
            raise ValueError(f"TCP: {self.options_len()} bytes of options, more than "
                             f"{MAX_OPTIONS_LEN}")
        if self.size() > MAX_LEN:
            raise ValueError(f"TCP: a payload of {self.payload_len} bytes makes a segment "
                             f"longer than {MAX_LEN}")
        header_len = self.header_len()
        segment = TcpPacket(packet.buf.sub(0, self.size()))
        segment.set_src_port(self.src_port)
        segment.set_dst_port(self.dst_port)
        segment.set_seq(self.seq)
        segment.set_ack(self.ack)
        segment.set_data_offset(header_len)
        segment.set_flags(self.flags)
        segment.set_window(self.window)
        segment.set_urgent(self.urgent)
        buf = segment.buf
        at = HEADER_LEN
        if self.has(SYN):
            if self.mss != 0:
                buf.set_u16_be(at + 2, self.mss)
                at = _put_option(buf, at, MSS, 4)
            if self.sack_permitted and self.has_ts:
                at = _put_option(buf, at, SACK_PERMITTED, 2)
                at = self._put_timestamp(buf, at)
            elif self.has_ts:
                at = self._put_timestamp(buf, _put_nops(buf, at, 2))
            elif self.sack_permitted:
                at = _put_option(buf, _put_nops(buf, at, 2), SACK_PERMITTED, 2)
            if self.wscale >= 0:
                at = _put_nops(buf, at, 1)
                buf.set_u8(at + 2, self.wscale)
                at = _put_option(buf, at, WSCALE, 3)
        elif self.has_ts:
            at = self._put_timestamp(buf, _put_nops(buf, at, 2))
        if len(self.sack) > 0:
            at = _put_nops(buf, at, 2)
            for i, (left, right) in enumerate(self.sack):
                buf.set_u32_be(at + 2 + 8 * i, left)
                buf.set_u32_be(at + 6 + 8 * i, right)
            at = _put_option(buf, at, SACK, 2 + 8 * len(self.sack))
        while at < header_len:
            buf.set_u8(at, EOL)
            at += 1
        segment.fill_checksum(src, dst)

    def _put_timestamp(self, buf: Buffer, at: int) -> int:
        buf.set_u32_be(at + 2, self.ts_val)
        buf.set_u32_be(at + 6, self.ts_ecr)
        return _put_option(buf, at, TIMESTAMP, 10)

    def _check_ranges(self) -> None:
        """ValueError for a field that does not fit its place on the wire."""
        _check_range("source port", self.src_port, 0xFFFF)
        _check_range("destination port", self.dst_port, 0xFFFF)
        _check_range("sequence number", self.seq, U32_MAX)
        _check_range("acknowledgment number", self.ack, U32_MAX)
        _check_range("flags", self.flags, 0xFF)
        _check_range("window", self.window, 0xFFFF)
        _check_range("urgent pointer", self.urgent, 0xFFFF)
        _check_range("MSS", self.mss, 0xFFFF)
        if not -1 <= self.wscale <= MAX_WSCALE:
            raise ValueError(f"TCP: window scale {self.wscale} (-1 for none, or 0 to "
                             f"{MAX_WSCALE})")
        _check_range("timestamp value", self.ts_val, U32_MAX)
        _check_range("timestamp echo reply", self.ts_ecr, U32_MAX)
        if len(self.sack) > MAX_SACK_BLOCKS:
            raise ValueError(f"TCP: {len(self.sack)} SACK blocks (at most {MAX_SACK_BLOCKS})")
        for left, right in self.sack:
            _check_range("SACK block edge", left, U32_MAX)
            _check_range("SACK block edge", right, U32_MAX)


def _check_option_len(name: str, length: int, expected: int) -> None:
    if length != expected:
        raise Malformed(f"TCP: {name} option of length {length} (it is {expected})")


def _check_range(name: str, value: int, limit: int) -> None:
    if not 0 <= value <= limit:
        raise ValueError(f"TCP: {name} {value} does not fit (0 to {limit})")


def _put_nops(buf: Buffer, at: int, count: int) -> int:
    for i in range(count):
        buf.set_u8(at + i, NOP)
    return at + count


def _put_option(buf: Buffer, at: int, kind: int, length: int) -> int:
    """Write an option's kind and length at `at` (its value, from at + 2, is the caller's);
    -> where the option ends."""
    buf.set_u8(at, kind)
    buf.set_u8(at + 1, length)
    return at + length


# --- sequence numbers (RFC 9293 3.4) -------------------------------------------------------------


def seq_add(a: int, n: int) -> int:
    """seq_add(a, n) -> a + n modulo 2**32 (n may be negative)."""
    return (a + n) & U32_MAX


def seq_sub(a: int, b: int) -> int:
    """seq_sub(a, b) -> how far a is after b: a - b modulo 2**32 as a signed 32-bit value
    (-2**31 .. 2**31 - 1), so that seq_add(b, seq_sub(a, b)) == a."""
    d = (a - b) & U32_MAX
    return d - SEQ_MOD if d >= SEQ_MOD // 2 else d


def seq_lt(a: int, b: int) -> bool:
    """Whether a comes before b (modulo 2**32: within 2**31 of each other). Exactly 2**31
    apart, each comes before the other, as Linux's before() has it."""
    return seq_sub(a, b) < 0


def seq_le(a: int, b: int) -> bool:
    return seq_sub(a, b) <= 0


def seq_gt(a: int, b: int) -> bool:
    return seq_sub(a, b) > 0


def seq_ge(a: int, b: int) -> bool:
    return seq_sub(a, b) >= 0
