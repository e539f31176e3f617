"""TCP: Linux's segments (made with scapy) parsed to exact records and emitted back byte for
byte, every malformed header and option, the checksum (zero included), the option layouts emit
writes, sequence numbers at the wrap; properties (round trips, only WireError on any bytes) and
scapy both ways."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.wire import ipv4, tcp
from pyrage.stdlib.wire.errors import BadChecksum, Malformed, Truncated, WireError
from pyrage.stdlib.wire.tcp import ACK, FIN, PSH, RST, SYN, TcpPacket, TcpRepr
from tests.wire.codec_vectors import (ETH, FRAMES, IP, TCP_DATA, TCP_FIN, TCP_RST, TCP_SACK,
                                      TCP_SYN, TCP_SYN_ACK, frame, tcp_frame)

A_IP, B_IP = Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2")
REQUEST = b"GET / HTTP/1.1\r\nHost: 10.0.0.2\r\n\r\n"
ISS_A, ISS_B = 0x1A2B3C4D, 0x5E6F7081

#: Each captured segment, who sent it, and what it parses to.
PARSED: list[tuple[str, Ipv4Address, TcpRepr]] = [
    (TCP_SYN, A_IP, TcpRepr(45678, 80, ISS_A, 0, SYN, window=64240, mss=1460, wscale=7,
                            sack_permitted=True, ts_val=123456789, has_ts=True)),
    (TCP_SYN_ACK, B_IP, TcpRepr(80, 45678, ISS_B, ISS_A + 1, SYN | ACK, window=65160, mss=1460,
                                wscale=7, sack_permitted=True, ts_val=987654321,
                                ts_ecr=123456789, has_ts=True)),
    (TCP_DATA, A_IP, TcpRepr(45678, 80, ISS_A + 1, ISS_B + 1, PSH | ACK, window=502,
                             ts_val=123456799, ts_ecr=987654321, has_ts=True,
                             payload_len=len(REQUEST))),
    (TCP_SACK, B_IP, TcpRepr(80, 45678, ISS_B + 1, ISS_A + 1 + len(REQUEST), ACK, window=509,
                             sack=((0x1A2B4000, 0x1A2B4800), (0x1A2B5000, 0x1A2B5400)),
                             ts_val=987654340, ts_ecr=123456799, has_ts=True)),
    (TCP_FIN, A_IP, TcpRepr(45678, 80, ISS_A + 1 + len(REQUEST), ISS_B + 1, FIN | ACK,
                            window=502, ts_val=123456810, ts_ecr=987654340, has_ts=True)),
    (TCP_RST, B_IP, TcpRepr(80, 45679, 0, 0x77777778, RST | ACK)),
]


def other(sender: Ipv4Address) -> Ipv4Address:
    return B_IP if sender == A_IP else A_IP


def segment_of(hex_text: str) -> Buffer:
    """The TCP segment of a captured frame, without the Ethernet padding."""
    return ipv4.Ipv4Packet.checked(frame(hex_text).shift(ETH)).payload()


def parse(buf: Buffer, src: Ipv4Address = A_IP, dst: Ipv4Address = B_IP) -> TcpRepr:
    return TcpRepr.parse(TcpPacket.checked(buf), src, dst)


def emitted(r: TcpRepr, payload: bytes = b"", src: Ipv4Address = A_IP,
            dst: Ipv4Address = B_IP) -> Buffer:
    buf = Buffer.create(r.header_len() + len(payload))
    buf.blit_from_bytes(payload, 0, r.header_len(), len(payload))
    r.emit(TcpPacket(buf), src, dst)
    return buf


def with_options(flags: int, options_hex: str) -> Buffer:
    """A segment 10.0.0.1:40000 -> 10.0.0.2:80 with raw options, checksum right."""
    return tcp_frame(flags, bytes.fromhex(options_hex)).shift(IP)


# --- captured segments ---------------------------------------------------------------------------


@pytest.mark.parametrize("hex_text, sender, expected", PARSED)
def test_captured_segments_parse_exactly(hex_text: str, sender: Ipv4Address,
                                         expected: TcpRepr) -> None:
    assert parse(segment_of(hex_text), sender, other(sender)) == expected


@pytest.mark.parametrize("hex_text, sender, expected", PARSED)
def test_emit_makes_the_captured_bytes_again(hex_text: str, sender: Ipv4Address,
                                             expected: TcpRepr) -> None:
    original = segment_of(hex_text)
    payload = TcpPacket.checked(original).payload().to_bytes()
    assert expected.size() == len(original)
    assert emitted(expected, payload, sender, other(sender)) == original


def test_the_syn_view() -> None:
    packet = TcpPacket.checked(segment_of(TCP_SYN))
    assert (packet.src_port(), packet.dst_port(), packet.seq(), packet.ack()) == \
        (45678, 80, ISS_A, 0)
    assert (packet.data_offset(), packet.flags(), packet.window(), packet.checksum(),
            packet.urgent()) == (40, SYN, 64240, 0x5B65, 0)
    assert packet.options().hex() == "020405b40402080a075bcd150000000001030307"
    assert len(packet.payload()) == 0
    assert packet.verify_checksum(A_IP, B_IP) and packet.verify_checksum(B_IP, A_IP)
    assert not packet.verify_checksum(A_IP, Ipv4Address.parse("10.0.0.3"))


def test_the_data_segment_view() -> None:
    packet = TcpPacket.checked(segment_of(TCP_DATA))
    assert packet.data_offset() == 32 and packet.payload().to_bytes() == REQUEST
    assert packet.options().hex() == "0101080a075bcd1f3ade68b1"


def test_setters() -> None:
    packet = TcpPacket(Buffer.create(24))
    packet.set_src_port(1)
    packet.set_dst_port(2)
    packet.set_seq(0xFFFFFFFF)
    packet.set_ack(4)
    packet.set_data_offset(24)
    packet.set_flags(0xFF)
    packet.set_window(0xFFFF)
    packet.set_urgent(6)
    packet.set_checksum(0x1234)
    assert packet.buf.hex() == "00010002ffffffff0000000460ffffff1234000600000000"
    for bad in [16, 22, 64]:
        with pytest.raises(ValueError, match=f"a header of {bad} bytes"):
            packet.set_data_offset(bad)


def test_reserved_bits_are_not_flags() -> None:
    buf = segment_of(TCP_RST)
    buf.set_u8(tcp.DATA_OFFSET, 0x5F)  # data offset 5, the 3 reserved bits and the old NS bit
    packet = TcpPacket.checked(buf)
    packet.fill_checksum(B_IP, A_IP)
    assert packet.data_offset() == 20 and packet.flags() == RST | ACK
    assert parse(buf, B_IP, A_IP) == PARSED[-1][2]


def test_helpers() -> None:
    syn = PARSED[0][2]
    assert syn.has(SYN) and not syn.has(ACK) and syn.has(SYN | ACK)
    assert syn.seq_len() == 1 and syn.header_len() == 40 and syn.options_len() == 20
    assert PARSED[2][2].seq_len() == len(REQUEST) and PARSED[4][2].seq_len() == 1
    assert TcpRepr(1, 2, 0, 0, SYN | FIN, payload_len=5).seq_len() == 7
    assert PARSED[-1][2].seq_len() == 0 and PARSED[-1][2].header_len() == 20


# --- checked -------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", range(tcp.HEADER_LEN))
def test_short_segments_are_truncated(size: int) -> None:
    with pytest.raises(Truncated, match=f"a segment of {size} bytes is shorter"):
        TcpPacket.checked(segment_of(TCP_SYN).sub(0, size))


@pytest.mark.parametrize("words", range(5))
def test_data_offset_below_5_is_malformed(words: int) -> None:
    buf = segment_of(TCP_SYN)
    buf.set_u8(tcp.DATA_OFFSET, words << 4)
    with pytest.raises(Malformed, match=f"data offset {words} is less than 5"):
        TcpPacket.checked(buf)


@pytest.mark.parametrize("words, size", [(11, 40), (15, 40), (6, 20), (15, 59)])
def test_data_offset_past_the_segment_is_truncated(words: int, size: int) -> None:
    buf = Buffer.of_bytes((segment_of(TCP_SYN).to_bytes() + bytes(20))[:size])
    buf.set_u8(tcp.DATA_OFFSET, words << 4)
    with pytest.raises(Truncated, match=f"a {4 * words}-byte header, but the segment has "
                                        f"{size} bytes"):
        TcpPacket.checked(buf)


def test_a_data_offset_of_the_whole_segment_leaves_no_payload() -> None:
    buf = segment_of(TCP_FIN)  # 32 bytes
    buf.set_u8(tcp.DATA_OFFSET, 0x80)
    assert len(TcpPacket.checked(buf).payload()) == 0


# --- checksum ------------------------------------------------------------------------------------


@pytest.mark.parametrize("at", range(len(segment_of(TCP_DATA))))
def test_any_changed_byte_fails_the_checksum(at: int) -> None:
    buf = segment_of(TCP_DATA)
    if at == tcp.DATA_OFFSET:
        return  # (checked first: the options and payload move)
    buf.set_u8(at, buf.get_u8(at) ^ 0x21)
    with pytest.raises(BadChecksum, match="TCP: checksum 0x[0-9a-f]{4} does not match the "
                                          "66-byte segment from 10.0.0.1:"):
        parse(buf)


def test_a_zero_checksum_is_checked() -> None:
    buf = segment_of(TCP_FIN)
    buf.set_u16_be(tcp.CHECKSUM, 0)
    with pytest.raises(BadChecksum, match="checksum 0x0000 does not match the 32-byte segment "
                                          "from 10.0.0.1:45678 to 10.0.0.2:80"):
        parse(buf)


def test_a_computed_zero_is_sent_as_zero() -> None:
    r = TcpRepr(1000, 2000, 0, 0, ACK)
    buf = emitted(r)
    fix = buf.get_u16_be(tcp.CHECKSUM)  # make the sum of everything else 0xFFFF...
    buf.set_u16_be(tcp.WINDOW, fix)
    TcpPacket(buf).fill_checksum(A_IP, B_IP)
    assert TcpPacket(buf).checksum() == 0  # ...and the checksum is zero, and valid
    assert parse(buf) == TcpRepr(1000, 2000, 0, 0, ACK, window=fix)


def test_the_wrong_addresses_fail_the_checksum() -> None:
    with pytest.raises(BadChecksum, match="to 10.0.0.9:80"):
        parse(segment_of(TCP_SYN), A_IP, Ipv4Address.parse("10.0.0.9"))


@pytest.mark.parametrize("at, message", [(tcp.DST_PORT, "destination port 0 \\(from "
                                          "10.0.0.1:45678\\)"),
                                         (tcp.SRC_PORT, "source port 0 \\(to 10.0.0.2:80\\)")])
def test_port_zero_is_malformed(at: int, message: str) -> None:
    buf = segment_of(TCP_DATA)
    buf.set_u16_be(at, 0)
    TcpPacket(buf).fill_checksum(A_IP, B_IP)
    with pytest.raises(Malformed, match=message):
        parse(buf)


# --- options -------------------------------------------------------------------------------------


@pytest.mark.parametrize("flags, options, message", [
    (SYN, "02030501", "MSS option of length 3 \\(it is 4\\)"),
    (ACK, "0205000000000000", "MSS option of length 5"),
    (SYN, "03040700", "window scale option of length 4 \\(it is 3\\)"),
    (SYN, "03020101", "window scale option of length 2"),
    (ACK, "04030000", "SACK permitted option of length 3 \\(it is 2\\)"),
    (SYN, "0808000000010000", "timestamp option of length 8 \\(it is 10\\)"),
    (ACK, "01080c" + "00" * 13, "timestamp option of length 12"),
    (ACK, "01010502", "SACK option of length 2 \\(2 \\+ 8 per block, 1 to 4 blocks\\)"),
    (ACK, "0101050600000000", "SACK option of length 6"),
    (ACK, "01050b" + "00" * 9, "SACK option of length 11"),
    (SYN, "1e010000", "option 30 at 0 has length 1, less than 2"),
    (ACK, "0101010101010200", "option 2 at 6 has length 0, less than 2"),
    (ACK, "01011e08", "option 30 at 2 has length 8, past the 4 bytes of options"),
    (SYN, "020405b40101080b00000000", "option 8 at 6 has length 11, past the 12 bytes"),
    (ACK, "0101011e", "option 30 at 3 has no length byte"),
    (SYN, "01010108", "option 8 at 3 has no length byte"),
])
def test_bad_options_are_malformed(flags: int, options: str, message: str) -> None:
    with pytest.raises(Malformed, match="TCP: " + message):
        parse(with_options(flags, options))


def test_sack_of_5_blocks_cannot_fit() -> None:
    buf = with_options(ACK, "0101052a" + "00" * 36)
    with pytest.raises(Malformed, match="option 5 at 2 has length 42, past the 40 bytes"):
        parse(buf)


def base(flags: int, **fields: Any) -> TcpRepr:
    """What with_options' segment parses to, with these option fields."""
    return attrs.evolve(TcpRepr(40000, 80, 1000, 2000 if flags & ACK else 0, flags,
                                window=1024), **fields)


@pytest.mark.parametrize("flags, options, fields", [
    (SYN, "1e04abcdfd0600010203020405b40000", {"mss": 1460}),  # unknown kinds skipped
    (SYN, "fe020402", {"sack_permitted": True}),  # an unknown kind of length 2
    (SYN, "020405b400ff02ff", {"mss": 1460}),  # EOL ends the list: nothing after it is read
    (SYN, "00000000", {}),
    (SYN, "01010101", {}),
    (ACK | PSH, "020405b40303080104020101", {}),  # SYN-only options on an ACK: ignored
    (ACK, "0303ff01", {}),
    (SYN, "0103030f", {"wscale": 14}),  # RFC 7323 2.3: more than 14 is 14
    (SYN | ACK, "010303ff", {"wscale": 14}),
    (SYN, "01030300", {"wscale": 0}),
    (SYN, "0204000004020000", {"mss": 0, "sack_permitted": True}),
    (SYN | ACK, "0101050a0000000100000002", {"sack": ((1, 2),)}),
    (ACK, "01010522" + "0000000100000002" * 4, {"sack": ((1, 2),) * 4}),
    (FIN, "080affffffff00000000010101010000", {"ts_val": 0xFFFFFFFF, "has_ts": True}),
    (ACK, "0101080a00000001000000020101080a0000000300000004",
     {"ts_val": 3, "ts_ecr": 4, "has_ts": True}),  # the last one counts
    (SYN, "020405b40204021800000000", {"mss": 536}),
])
def test_options(flags: int, options: str, fields: dict[str, Any]) -> None:
    assert parse(with_options(flags, options)) == base(flags, **fields)


# --- emit ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("r, options", [
    (TcpRepr(1, 2, 3, 0, SYN, mss=1460, sack_permitted=True, has_ts=True, ts_val=5, wscale=7),
     "020405b40402080a000000050000000001030307"),
    (TcpRepr(1, 2, 3, 0, SYN, mss=1460, has_ts=True, ts_val=5, wscale=7),
     "020405b40101080a000000050000000001030307"),
    (TcpRepr(1, 2, 3, 0, SYN, mss=1460, sack_permitted=True, wscale=0),
     "020405b40101040201030300"),
    (TcpRepr(1, 2, 3, 0, SYN, mss=1460, sack_permitted=True), "020405b401010402"),
    (TcpRepr(1, 2, 3, 0, SYN, mss=536), "02040218"),
    (TcpRepr(1, 2, 3, 0, SYN, wscale=14), "0103030e"),
    (TcpRepr(1, 2, 3, 0, SYN), ""),
    (TcpRepr(1, 2, 3, 4, ACK, has_ts=True, ts_val=1, ts_ecr=2), "0101080a0000000100000002"),
    (TcpRepr(1, 2, 3, 4, ACK, sack=((10, 20),)), "0101050a0000000a00000014"),
    (TcpRepr(1, 2, 3, 4, ACK, has_ts=True, sack=((10, 20), (30, 40), (50, 60))),
     "0101080a0000000000000000"
     "0101051a0000000a000000140000001e00000028000000320000003c"),
    (TcpRepr(1, 2, 3, 4, ACK, mss=1460, wscale=7, sack_permitted=True), ""),
    (TcpRepr(1, 2, 3, 4, SYN | ACK, mss=1, sack=((1, 2),)), "020400010101050a0000000100000002"),
])
def test_option_layouts(r: TcpRepr, options: str) -> None:
    buf = emitted(r)
    assert r.header_len() == 20 + len(options) // 2 == TcpPacket.checked(buf).data_offset()
    assert TcpPacket(buf).options().hex() == options
    back = parse(buf)
    if r.has(SYN):
        assert back == r
    else:  # (the SYN-only options are neither sent nor read)
        assert back == base_of(r)


def base_of(r: TcpRepr) -> TcpRepr:
    return attrs.evolve(r, mss=0, wscale=-1, sack_permitted=False)


def test_emit_checksums_only_the_segment() -> None:
    r = TcpRepr(1, 2, 3, 4, ACK | PSH, payload_len=3)
    buf = Buffer.create(100)
    buf.fill(0xEE)
    buf.blit_from_bytes(b"abc", 0, 20, 3)
    r.emit(TcpPacket(buf), A_IP, B_IP)
    assert parse(buf.sub(0, 23)) == r
    assert buf.get_u8(23) == 0xEE


@pytest.mark.parametrize("r, message", [
    (TcpRepr(65536, 2, 0, 0, 0), "source port 65536 does not fit \\(0 to 65535\\)"),
    (TcpRepr(1, -1, 0, 0, 0), "destination port -1"),
    (TcpRepr(1, 2, 1 << 32, 0, 0), "sequence number 4294967296 does not fit"),
    (TcpRepr(1, 2, 0, -1, 0), "acknowledgment number -1"),
    (TcpRepr(1, 2, 0, 0, 0x100), "flags 256"),
    (TcpRepr(1, 2, 0, 0, 0, window=65536), "window 65536"),
    (TcpRepr(1, 2, 0, 0, 0, urgent=-3), "urgent pointer -3"),
    (TcpRepr(1, 2, 0, 0, SYN, mss=65536), "MSS 65536"),
    (TcpRepr(1, 2, 0, 0, SYN, wscale=15), "window scale 15 \\(-1 for none, or 0 to 14\\)"),
    (TcpRepr(1, 2, 0, 0, SYN, wscale=-2), "window scale -2"),
    (TcpRepr(1, 2, 0, 0, 0, ts_val=1 << 32, has_ts=True), "timestamp value 4294967296"),
    (TcpRepr(1, 2, 0, 0, 0, ts_ecr=-1, has_ts=True), "timestamp echo reply -1"),
    (TcpRepr(1, 2, 0, 0, 0, sack=((1, 2),) * 5), "5 SACK blocks \\(at most 4\\)"),
    (TcpRepr(1, 2, 0, 0, 0, sack=((-1, 2),)), "SACK block edge -1"),
    (TcpRepr(1, 2, 0, 0, ACK, has_ts=True, sack=((1, 2),) * 4),
     "48 bytes of options, more than 40"),
    (TcpRepr(1, 2, 0, 0, SYN | ACK, mss=1, has_ts=True, sack=((1, 2),) * 3),
     "44 bytes of options"),
    (TcpRepr(1, 2, 0, 0, 0, payload_len=65516),
     "a payload of 65516 bytes makes a segment longer than 65535"),
])
def test_emit_refuses_what_does_not_fit(r: TcpRepr, message: str) -> None:
    buf = Buffer.create(200)
    with pytest.raises(ValueError, match="TCP: " + message):
        r.emit(TcpPacket(buf), A_IP, B_IP)
    assert buf == Buffer.create(200)  # (nothing written)


def test_the_most_options_a_segment_takes() -> None:
    r = TcpRepr(1, 2, 0, 0, ACK, has_ts=True, sack=((1, 2),) * 3)
    assert r.options_len() == 40 and r.header_len() == 60
    assert parse(emitted(r)) == r


# --- sequence numbers ----------------------------------------------------------------------------

TOP = 0xFFFFFFFF


def test_seq_add_wraps() -> None:
    assert tcp.seq_add(TOP, 1) == 0 and tcp.seq_add(TOP, 2) == 1
    assert tcp.seq_add(0, -1) == TOP and tcp.seq_add(5, -10) == TOP - 4
    assert tcp.seq_add(7, 1 << 32) == 7 and tcp.seq_add(1, TOP) == 0


@pytest.mark.parametrize("a, b, diff", [
    (0, TOP, 1), (TOP, 0, -1), (5, 5, 0), (0x10, 0xFFFFFFF0, 0x20), (0xFFFFFFF0, 0x10, -0x20),
    (0x7FFFFFFF, 0, 0x7FFFFFFF), (0x80000000, 0, -0x80000000), (0, 0x80000000, -0x80000000),
    (0x80000001, 1, -0x80000000), (0x80000000, 1, 0x7FFFFFFF), (1, 0x80000002, 0x7FFFFFFF),
])
def test_seq_sub_and_comparisons_at_the_wrap(a: int, b: int, diff: int) -> None:
    assert tcp.seq_sub(a, b) == diff
    assert tcp.seq_add(b, diff) == a
    assert (tcp.seq_lt(a, b), tcp.seq_le(a, b), tcp.seq_gt(a, b), tcp.seq_ge(a, b)) == \
        (diff < 0, diff <= 0, diff > 0, diff >= 0)


@given(st.integers(0, TOP), st.integers(-(1 << 31) + 1, (1 << 31) - 1))
def test_seq_order_is_the_distance(a: int, n: int) -> None:
    b = tcp.seq_add(a, n)
    assert tcp.seq_sub(b, a) == n and tcp.seq_sub(a, b) == -n
    assert tcp.seq_lt(a, b) == (n > 0) and tcp.seq_gt(a, b) == (n < 0)
    assert tcp.seq_le(a, b) == (n >= 0) and tcp.seq_ge(a, b) == (n <= 0)


# --- properties ----------------------------------------------------------------------------------

addresses = st.builds(Ipv4Address, st.integers(0, TOP))
u16 = st.integers(0, 0xFFFF)
u32 = st.integers(0, TOP)


@st.composite
def reprs(draw: st.DrawFn) -> TcpRepr:
    """Any record emit takes and parse gives back: SYN-only options only on a SYN, no more
    than 40 bytes of options."""
    flags = draw(st.integers(0, 0xFF))
    syn = flags & SYN != 0
    has_ts = draw(st.booleans())
    r = TcpRepr(draw(st.integers(1, 0xFFFF)), draw(st.integers(1, 0xFFFF)), draw(u32),
                draw(u32), flags, window=draw(u16), urgent=draw(u16),
                mss=draw(u16) if syn else 0, wscale=draw(st.integers(-1, 14)) if syn else -1,
                sack_permitted=syn and draw(st.booleans()),
                sack=tuple(draw(st.lists(st.tuples(u32, u32), max_size=4))),
                ts_val=draw(u32) if has_ts else 0, ts_ecr=draw(u32) if has_ts else 0,
                has_ts=has_ts, payload_len=draw(st.integers(0, 64)))
    if r.options_len() > tcp.MAX_OPTIONS_LEN:
            r = attrs.evolve(r, sack=r.sack[:1])
    return r


@given(reprs(), addresses, addresses)
def test_round_trip(r: TcpRepr, src: Ipv4Address, dst: Ipv4Address) -> None:
    payload = bytes(range(r.payload_len))
    buf = emitted(r, payload, src, dst)
    packet = TcpPacket.checked(buf)
    assert TcpRepr.parse(packet, src, dst) == r
    assert packet.payload().to_bytes() == payload
    assert packet.data_offset() == r.header_len() <= 60


def read_all(p: TcpPacket, src: Ipv4Address, dst: Ipv4Address) -> None:
    p.src_port(), p.dst_port(), p.seq(), p.ack(), p.data_offset(), p.flags(), p.window()
    p.checksum(), p.urgent(), p.options(), p.payload(), p.verify_checksum(src, dst)


def only_wire_errors(data: bytes, src: Ipv4Address, dst: Ipv4Address,
                     fix_checksum: bool) -> None:
    buf = Buffer.of_bytes(data)
    try:
        packet = TcpPacket.checked(buf)
    except WireError:
        return
    read_all(packet, src, dst)
    if fix_checksum:
        packet.fill_checksum(src, dst)
    try:
        TcpRepr.parse(packet, src, dst)
    except WireError:
        pass


@given(st.binary(max_size=80), addresses, addresses, st.booleans())
def test_arbitrary_bytes_raise_only_wire_errors(data: bytes, src: Ipv4Address,
                                                dst: Ipv4Address, fix: bool) -> None:
    only_wire_errors(data, src, dst, fix)


@st.composite
def mutated_segments(draw: st.DrawFn) -> bytes:
    """A captured segment with a few bytes changed (mostly in the options), cut or
    extended."""
    data = bytearray(segment_of(draw(st.sampled_from(PARSED))[0]).to_bytes())
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data) - 1) |
                  st.integers(min(20, len(data) - 1), min(len(data), 40) - 1))
        data[at] = draw(st.integers(0, 0xFF))
    if draw(st.booleans()):
        return bytes(data)
    cut = draw(st.integers(0, len(data) + 8))
    return bytes(data[:cut]) + bytes(max(0, cut - len(data)))


@given(mutated_segments(), st.booleans())
def test_mutated_segments_raise_only_wire_errors(data: bytes, fix: bool) -> None:
    only_wire_errors(data, A_IP, B_IP, fix)


def test_the_captured_tcp_frames_are_in_the_shared_vectors() -> None:
    names = [name for name, _ in FRAMES if name.startswith("tcp")]
    assert names == ["tcp syn", "tcp syn-ack", "tcp data", "tcp sack", "tcp fin", "tcp rst"]


# --- scapy ---------------------------------------------------------------------------------------

scapy_inet = pytest.importorskip("scapy.layers.inet")
IP_, TCP_ = scapy_inet.IP, scapy_inet.TCP
few = settings(max_examples=60, deadline=None)


@st.composite
def scapy_options(draw: st.DrawFn) -> list[tuple[str, object]]:
    """Options as scapy takes them, in any order, with NOPs, within 40 bytes."""
    sizes = {"MSS": 4, "WScale": 3, "SAckOK": 2, "Timestamp": 10, "NOP": 1}
    out: list[tuple[str, object]] = []
    size = 0
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["MSS", "WScale", "SAckOK", "Timestamp", "NOP", "SAck"]))
        value: object = {"MSS": draw(u16), "WScale": draw(st.integers(0, 255)), "SAckOK": b"",
                         "Timestamp": (draw(u32), draw(u32)), "NOP": None}.get(kind)
        n = sizes.get(kind, 0)
        if kind == "SAck":
            blocks = draw(st.lists(st.tuples(u32, u32), min_size=1, max_size=4))
            value, n = tuple(e for block in blocks for e in block), 2 + 8 * len(blocks)
        if size + n <= tcp.MAX_OPTIONS_LEN:
            out.append((kind, value))
            size += n
    return out


def expected_of(flags: int, options: list[tuple[str, object]]) -> dict[str, Any]:
    """What parse makes of scapy's options: the last of each kind, SYN-only ones on a SYN."""
    syn = flags & SYN != 0
    fields: dict[str, Any] = {}
    for kind, value in options:
        if kind == "MSS" and syn:
            fields["mss"] = value
        elif kind == "WScale" and syn:
            assert isinstance(value, int)
            fields["wscale"] = min(value, 14)
        elif kind == "SAckOK" and syn:
            fields["sack_permitted"] = True
        elif kind == "Timestamp":
            assert isinstance(value, tuple)
            fields.update(ts_val=value[0], ts_ecr=value[1], has_ts=True)
        elif kind == "SAck":
            assert isinstance(value, tuple)
            fields["sack"] = tuple(zip(value[0::2], value[1::2]))
    return fields


@few
@given(u32, u32, st.integers(1, 0xFFFF), st.integers(1, 0xFFFF), u32, u32,
       st.integers(0, 0xFF), u16, u16, scapy_options(), st.binary(max_size=40))
def test_we_parse_what_scapy_builds(src: int, dst: int, sport: int, dport: int, seq: int,
                                    ack: int, flags: int, window: int, urgent: int,
                                    options: list[tuple[str, object]], data: bytes) -> None:
    a, b = Ipv4Address(src), Ipv4Address(dst)
    built = bytes(IP_(src=str(a), dst=str(b)) /
                  TCP_(sport=sport, dport=dport, seq=seq, ack=ack, flags=flags, window=window,
                       urgptr=urgent, options=options) / data)
    segment = TcpPacket.checked(Buffer.of_bytes(built).shift(20))
    expected = attrs.evolve(TcpRepr(sport, dport, seq, ack, flags, window=window,
                                    urgent=urgent, payload_len=len(data)),
                            **expected_of(flags, options))
    assert TcpRepr.parse(segment, a, b) == expected
    assert segment.payload().to_bytes() == data


@few
@given(reprs(), u32, u32)
def test_scapy_parses_what_we_emit(r: TcpRepr, src: int, dst: int) -> None:
    a, b = Ipv4Address(src), Ipv4Address(dst)
    payload = bytes(range(r.payload_len))
    ours = emitted(r, payload, a, b).to_bytes()
    theirs = TCP_(ours)
    assert (theirs.sport, theirs.dport, theirs.seq, theirs.ack, int(theirs.flags),
            theirs.window, theirs.urgptr, theirs.dataofs * 4) == \
        (r.src_port, r.dst_port, r.seq, r.ack, r.flags, r.window, r.urgent, r.header_len())
    assert bytes(theirs.payload) == payload
    kinds = dict((kind, value) for kind, value in theirs.options if kind != "NOP")
    syn = r.has(SYN)
    assert kinds.get("MSS") == (r.mss if syn and r.mss != 0 else None)
    assert kinds.get("WScale") == (r.wscale if syn and r.wscale >= 0 else None)
    assert ("SAckOK" in kinds) == (syn and r.sack_permitted)
    assert kinds.get("Timestamp") == ((r.ts_val, r.ts_ecr) if r.has_ts else None)
    assert kinds.get("SAck") == (tuple(e for block in r.sack for e in block) or None)
    with_ip = IP_(src=str(a), dst=str(b)) / theirs
    del with_ip[TCP_].chksum  # scapy recomputes the checksum with the pseudo-header
    assert bytes(with_ip[TCP_]) == ours
    assert IP_(bytes(with_ip))[TCP_].chksum == TcpPacket(Buffer.of_bytes(ours)).checksum()
