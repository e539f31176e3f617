"""Properties of every codec: arbitrary or mutated bytes raise nothing but WireError (and once
`checked` has passed, no accessor raises at all); parse(emit(r)) == r for every record."""

from __future__ import annotations

from typing import Callable

from hypothesis import given
from hypothesis import strategies as st

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, MacAddress
from pyrage.stdlib.wire import arp, ethernet, icmpv4, ipv4, udp
from pyrage.stdlib.wire.errors import WireError
from tests.wire.codec_vectors import FRAMES, decode

addresses = st.builds(Ipv4Address, st.integers(0, 0xFFFFFFFF))
macs = st.builds(MacAddress, st.integers(0, (1 << 48) - 1))
u8 = st.integers(0, 0xFF)
u16 = st.integers(0, 0xFFFF)


@st.composite
def mutated_frames(draw: st.DrawFn) -> bytes:
    """A captured frame with a few bytes changed, and cut or extended: most such frames get
    past the first checks, so the deeper ones are exercised too."""
    data = bytearray(bytes.fromhex(draw(st.sampled_from(FRAMES))[1]))
    for _ in range(draw(st.integers(0, 4))):
        data[draw(st.integers(0, len(data) - 1))] = draw(u8)
    if draw(st.booleans()):
        return bytes(data)
    cut = draw(st.integers(0, len(data) + 8))
    return bytes(data[:cut]) + bytes(max(0, cut - len(data)))


def read_all_ethernet(p: ethernet.EthernetPacket) -> None:
    p.dst(), p.src(), p.ethertype(), p.payload()


def read_all_arp(p: arp.ArpPacket) -> None:
    p.htype(), p.ptype(), p.hlen(), p.plen(), p.op()
    p.sender_mac(), p.sender_ip(), p.target_mac(), p.target_ip()


def read_ipv4_header(p: ipv4.Ipv4Packet) -> None:
    p.version(), p.header_len(), p.dscp(), p.ecn(), p.total_len(), p.ident()
    p.dont_fragment(), p.more_fragments(), p.frag_offset(), p.ttl(), p.proto(), p.checksum()
    p.src(), p.dst(), p.header(), p.options(), p.verify_checksum()


def read_all_ipv4(p: ipv4.Ipv4Packet) -> None:
    read_ipv4_header(p)
    p.payload()


def read_all_icmp(p: icmpv4.Icmpv4Packet) -> None:
    p.msg_type(), p.code(), p.checksum(), p.rest(), p.ident(), p.seq_no(), p.next_hop_mtu()
    p.payload(), p.verify_checksum()


def read_all_udp(p: udp.UdpPacket, src: Ipv4Address, dst: Ipv4Address) -> None:
    p.src_port(), p.dst_port(), p.length(), p.checksum(), p.payload()
    p.verify_checksum(src, dst)


def every_codec(data: bytes, src: Ipv4Address, dst: Ipv4Address) -> None:
    """Each codec on data (as its own layer), each step allowed to raise only WireError."""
    buf = Buffer.of_bytes(data)
    steps: list[Callable[[], object]] = [
        lambda: read_all_ethernet(ethernet.EthernetPacket.checked(buf)),
        lambda: ethernet.EthernetRepr.parse(ethernet.EthernetPacket.checked(buf)),
        lambda: read_all_arp(arp.ArpPacket.checked(buf)),
        lambda: arp.ArpRepr.parse(arp.ArpPacket.checked(buf)),
        lambda: read_all_ipv4(ipv4.Ipv4Packet.checked(buf)),
        lambda: ipv4.Ipv4Repr.parse(ipv4.Ipv4Packet.checked(buf)),
        lambda: read_all_icmp(icmpv4.Icmpv4Packet.checked(buf)),
        lambda: icmp_all(buf),
        lambda: read_all_udp(udp.UdpPacket.checked(buf), src, dst),
        lambda: udp.UdpRepr.parse(udp.UdpPacket.checked(buf), src, dst),
    ]
    for step in steps:
        try:
            step()
        except WireError:
            pass


def icmp_all(buf: Buffer) -> None:
    r = icmpv4.Icmpv4Repr.parse(icmpv4.Icmpv4Packet.checked(buf))
    if r.is_error():
        read_ipv4_header(r.quoted_header())  # (its payload is not quoted: only the header)
        r.quoted_payload()


@given(st.binary(max_size=120), addresses, addresses)
def test_arbitrary_bytes_raise_only_wire_errors(data: bytes, src: Ipv4Address,
                                                dst: Ipv4Address) -> None:
    every_codec(data, src, dst)


@given(mutated_frames(), addresses, addresses)
def test_mutated_frames_raise_only_wire_errors(data: bytes, src: Ipv4Address,
                                               dst: Ipv4Address) -> None:
    every_codec(data, src, dst)
    every_codec(data[14:], src, dst)
    every_codec(data[34:], src, dst)
    decode(Buffer.of_bytes(data))  # (the whole chain: it catches WireError itself)


@given(macs, macs, u16)
def test_ethernet_round_trip(src: MacAddress, dst: MacAddress, ethertype: int) -> None:
    r = ethernet.EthernetRepr(src, dst, max(ethertype, ethernet.ETHERTYPE_MIN))
    buf = Buffer.create(r.size())
    r.emit(ethernet.EthernetPacket(buf))
    assert ethernet.EthernetRepr.parse(ethernet.EthernetPacket.checked(buf)) == r


@given(st.sampled_from([arp.OP_REQUEST, arp.OP_REPLY]), macs, addresses, macs, addresses)
def test_arp_round_trip(op: int, smac: MacAddress, sip: Ipv4Address, tmac: MacAddress,
                        tip: Ipv4Address) -> None:
    r = arp.ArpRepr(op, smac, sip, tmac, tip)
    buf = Buffer.create(r.size())
    r.emit(arp.ArpPacket(buf))
    assert arp.ArpRepr.parse(arp.ArpPacket.checked(buf)) == r


@given(addresses, addresses, u8, st.integers(0, 65535 - 20), u8, u16, st.booleans(),
       st.booleans(), st.integers(0, 0x1FFF), st.integers(0, 63), st.integers(0, 3))
def test_ipv4_round_trip(src: Ipv4Address, dst: Ipv4Address, proto: int, payload_len: int,
                         ttl: int, ident: int, df: bool, mf: bool, frag: int, dscp: int,
                         ecn: int) -> None:
    r = ipv4.Ipv4Repr(src, dst, proto, payload_len, ttl, ident, df, mf, frag * 8, dscp, ecn)
    buf = Buffer.create(r.size())
    r.emit(ipv4.Ipv4Packet(buf))
    assert ipv4.Ipv4Repr.parse(ipv4.Ipv4Packet.checked(buf)) == r


@given(st.sampled_from([icmpv4.TYPE_ECHO_REQUEST, icmpv4.TYPE_ECHO_REPLY]), u8, u16, u16,
       st.binary(max_size=100))
def test_icmp_echo_round_trip(kind: int, code: int, ident: int, seq: int, data: bytes) -> None:
    r = icmpv4.Icmpv4Repr(kind, code, ident, seq, data)
    buf = Buffer.create(r.size())
    r.emit(icmpv4.Icmpv4Packet(buf))
    assert icmpv4.Icmpv4Repr.parse(icmpv4.Icmpv4Packet.checked(buf)) == r


@given(st.sampled_from([icmpv4.TYPE_DEST_UNREACHABLE, icmpv4.TYPE_TIME_EXCEEDED]), u8, u16,
       addresses, addresses, st.integers(0, 10), st.binary(max_size=16))
def test_icmp_error_round_trip(kind: int, code: int, mtu: int, src: Ipv4Address,
                               dst: Ipv4Address, option_words: int, quoted_payload: bytes
                               ) -> None:
    header = Buffer.create(20 + 4 * option_words)
    ipv4.Ipv4Repr(src, dst, ipv4.PROTO_UDP, 1000).emit(ipv4.Ipv4Packet(header))
    header.set_u8(0, 0x45 + option_words)
    quoted = header.to_bytes() + quoted_payload
    frag_needed = kind == icmpv4.TYPE_DEST_UNREACHABLE and \
        code == icmpv4.UNREACHABLE_FRAG_NEEDED
    r = icmpv4.Icmpv4Repr(kind, code, data=quoted, next_hop_mtu=mtu if frag_needed else 0)
    buf = Buffer.create(r.size())
    r.emit(icmpv4.Icmpv4Packet(buf))
    parsed = icmpv4.Icmpv4Repr.parse(icmpv4.Icmpv4Packet.checked(buf))
    assert parsed == r
    assert parsed.quoted_header().src() == src and parsed.quoted_payload() == quoted_payload


@given(u16, st.integers(1, 0xFFFF), st.binary(max_size=100), addresses, addresses)
def test_udp_round_trip(sport: int, dport: int, payload: bytes, src: Ipv4Address,
                        dst: Ipv4Address) -> None:
    r = udp.UdpRepr(sport, dport, len(payload))
    buf = Buffer.create(r.size())
    buf.blit_from_bytes(payload, 0, udp.HEADER_LEN, len(payload))
    r.emit(udp.UdpPacket(buf), src, dst)
    packet = udp.UdpPacket.checked(buf)
    assert packet.checksum() != 0
    assert udp.UdpRepr.parse(packet, src, dst) == r
    assert packet.payload().to_bytes() == payload


@given(st.sampled_from(FRAMES))
def test_captured_frames_parse_without_error(named: tuple[str, str]) -> None:
    assert not any(line.startswith(("Truncated", "Malformed", "BadChecksum"))
                   for line in decode(Buffer.of_bytes(bytes.fromhex(named[1]))))
