"""The codecs against an independent implementation: scapy builds packets with random fields
and we parse them; we emit packets and scapy parses them and recomputes their checksums."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, MacAddress
from pyrage.stdlib.wire import arp, ethernet, icmpv4, ipv4, udp

scapy_inet = pytest.importorskip("scapy.layers.inet")
scapy_l2 = pytest.importorskip("scapy.layers.l2")
IP, UDP, ICMP = scapy_inet.IP, scapy_inet.UDP, scapy_inet.ICMP
Ether, ARP = scapy_l2.Ether, scapy_l2.ARP

addresses = st.integers(0, 0xFFFFFFFF)
macs = st.integers(0, (1 << 48) - 1)
u16 = st.integers(0, 0xFFFF)
payloads = st.binary(max_size=64)
# (Few examples: scapy is slow, and the codecs' own properties run many more.)
few = settings(max_examples=40, deadline=None)


def dotted(value: int) -> str:
    return str(Ipv4Address(value))


@few
@given(addresses, addresses, u16, st.integers(1, 0xFFFF), payloads, st.integers(0, 255),
       st.integers(0, 0xFF), u16)
def test_we_parse_what_scapy_builds(src: int, dst: int, sport: int, dport: int, data: bytes,
                                    ttl: int, tos: int, ident: int) -> None:
    built = bytes(IP(src=dotted(src), dst=dotted(dst), ttl=ttl, tos=tos, id=ident, flags="DF")
                  / UDP(sport=sport, dport=dport) / data)
    packet = ipv4.Ipv4Packet.checked(Buffer.of_bytes(built))
    ip = ipv4.Ipv4Repr.parse(packet)
    assert ip == ipv4.Ipv4Repr(Ipv4Address(src), Ipv4Address(dst), ipv4.PROTO_UDP,
                               8 + len(data), ttl, ident, True, False, 0, tos >> 2, tos & 3)
    datagram = udp.UdpPacket.checked(packet.payload())
    assert udp.UdpRepr.parse(datagram, ip.src, ip.dst) == udp.UdpRepr(sport, dport, len(data))
    assert datagram.payload().to_bytes() == data


@few
@given(addresses, addresses, u16, st.integers(1, 0xFFFF), payloads, u16)
def test_scapy_parses_what_we_emit(src: int, dst: int, sport: int, dport: int, data: bytes,
                                   ident: int) -> None:
    a, b = Ipv4Address(src), Ipv4Address(dst)
    buf = Buffer.create(28 + len(data))
    buf.blit_from_bytes(data, 0, 28, len(data))
    udp.UdpRepr(sport, dport, len(data)).emit(udp.UdpPacket(buf.shift(20)), a, b)
    ipv4.Ipv4Repr(a, b, ipv4.PROTO_UDP, 8 + len(data), ident=ident).emit(ipv4.Ipv4Packet(buf))
    ours = buf.to_bytes()
    theirs = IP(ours)
    assert (theirs.src, theirs.dst, theirs.id, theirs[UDP].sport, theirs[UDP].dport) == \
        (str(a), str(b), ident, sport, dport)
    assert bytes(theirs[UDP].payload) == data
    del theirs.chksum  # scapy recomputes both checksums on rebuilding
    del theirs[UDP].chksum
    assert bytes(theirs) == ours


@few
@given(st.sampled_from([0, 8]), u16, u16, payloads)
def test_icmp_echo_against_scapy(kind: int, ident: int, seq: int, data: bytes) -> None:
    r = icmpv4.Icmpv4Repr(kind, 0, ident, seq, data)
    out = Buffer.create(r.size())
    r.emit(icmpv4.Icmpv4Packet(out))
    assert out.to_bytes() == bytes(ICMP(type=kind, id=ident, seq=seq) / data)
    assert icmpv4.Icmpv4Repr.parse(icmpv4.Icmpv4Packet.checked(out)) == r


@few
@given(st.sampled_from([1, 2]), macs, addresses, macs, addresses, macs)
def test_arp_against_scapy(op: int, smac: int, sip: int, tmac: int, tip: int, dst: int
                           ) -> None:
    src_mac, dst_mac = MacAddress(smac), MacAddress(dst)
    built = bytes(Ether(src=str(src_mac), dst=str(dst_mac)) /
                  ARP(op=op, hwsrc=str(src_mac), psrc=dotted(sip), hwdst=str(MacAddress(tmac)),
                      pdst=dotted(tip)))
    frame = Buffer.of_bytes(built)
    eth = ethernet.EthernetPacket.checked(frame)
    assert ethernet.EthernetRepr.parse(eth) == ethernet.EthernetRepr(src_mac, dst_mac,
                                                                     ethernet.ETHERTYPE_ARP)
    r = arp.ArpRepr.parse(arp.ArpPacket.checked(eth.payload()))
    assert r == arp.ArpRepr(op, src_mac, Ipv4Address(sip), MacAddress(tmac), Ipv4Address(tip))
    out = Buffer.create(r.size())
    r.emit(arp.ArpPacket(out))
    assert out.to_bytes() == built[14:]
