"""Every wire codec and address type on real frames and broken ones, printing what it makes of
each: a pyrage program. tests/wire/test_compiled.py compiles it and compares its output with
CPython's; the hosted tests import the vectors from here.

The frames were made with scapy 2.8 (its own checksums) between 10.0.0.1 (52:54:00:12:34:56)
and 10.0.0.2 (52:54:00:ab:cd:ef), as a tap hands them over: no FCS, short frames padded to 60.
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, Ipv4Prefix, MacAddress
from pyrage.stdlib.wire import arp, checksum, ethernet, icmpv4, ipv4, tcp, udp
from pyrage.stdlib.wire.errors import WireError

#: who-has 10.0.0.2 tell 10.0.0.1, broadcast, padded to 60 bytes.
ARP_REQUEST: Final = (
    "ffffffffffff525400123456080600010800060400015254001234560a000001000000000000"
    "0a000002000000000000000000000000000000000000")
#: 10.0.0.2 is-at 52:54:00:ab:cd:ef.
ARP_REPLY: Final = (
    "525400123456525400abcdef08060001080006040002525400abcdef0a0000025254001234560a000001")
#: ping 10.0.0.2 (DF, id 0x1c46): echo request ident 0x0c1f seq 1, Linux ping's 56 bytes.
ICMP_ECHO_REQUEST: Final = (
    "525400abcdef52540012345608004500004c1c46400040010a690a0000010a00000208000ae30c1f0001"
    "d2c34f6600000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30"
    "31323334353637")
#: Its reply (id 0x8a2b, no DF).
ICMP_ECHO_REPLY: Final = (
    "525400123456525400abcdef08004500004c8a2b00004001dc830a0000020a000001000012e30c1f0001"
    "d2c34f6600000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30"
    "31323334353637")
#: A DNS query for example.com, 10.0.0.1:53000 -> 10.0.0.2:53; UDP checksum 0x3ac2.
UDP_DNS: Final = (
    "525400abcdef52540012345608004500003904d24000401121e00a0000010a000002cf08003500253ac2"
    "123401000001000000000000076578616d706c6503636f6d0000010001")
#: Port unreachable for UDP_DNS, quoting its IPv4 header and 8 bytes (the UDP header).
ICMP_PORT_UNREACHABLE: Final = (
    "525400123456525400abcdef080045000038009900004001662a0a0000020a0000010303f2d700000000"
    "4500003904d24000401121e00a0000010a000002cf08003500253ac2")
#: IHL 6 (a Router Alert option), TOS 0xc0, TTL 1, to 224.0.0.22: UDP 5000 -> 5001 "opts".
IPV4_OPTIONS_UDP: Final = (
    "01005e000016525400123456080046c0002400000000011139ee0a000001e00000169404000013881389"
    "000c0aca6f707473")
#: A middle fragment: MF, offset 185 (1480 bytes), id 0x777, 64 bytes of a UDP payload.
IPV4_FRAGMENT: Final = (
    "525400abcdef525400123456080045000054077720b940113e670a0000010a00000200010203040506"
    "0708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
    "303132333435363738393a3b3c3d3e3f")
#: UDP without a checksum (zero): 1234 -> 7 "no checksum".
UDP_ZERO_CHECKSUM: Final = (
    "525400abcdef52540012345608004500002700010000401166c30a0000010a00000204d20007001300"
    "006e6f20636865636b73756d")
#: UDP whose checksum computes to zero, sent as 0xffff: 4000 -> 4001 "zero!!\xbe\x94".
UDP_CHECKSUM_FFFF: Final = (
    "525400abcdef52540012345608004500002400020000401166c50a0000010a0000020fa00fa10010ffff"
    "7a65726f2121be94")
#: Linux's SYN, 10.0.0.1:45678 -> 10.0.0.2:80: MSS 1460, SACK permitted, timestamps, NOP,
#: window scale 7; window 64240.
TCP_SYN: Final = (
    "525400abcdef52540012345608004500003c3a0140004006ecb80a0000010a000002b26e00501a2b3c4d"
    "00000000a002faf05b650000020405b40402080a075bcd150000000001030307")
#: Its SYN-ACK: the same options, the timestamp echoed; window 65160.
TCP_SYN_ACK: Final = (
    "525400123456525400abcdef08004500003c00004000400626ba0a0000020a0000010050b26e5e6f7081"
    "1a2b3c4ea012fe88e53b0000020405b40402080a3ade68b1075bcd1501030307")
#: PSH-ACK with NOP NOP timestamps and an HTTP request.
TCP_DATA: Final = (
    "525400abcdef5254001234560800450000563a0240004006ec9d0a0000010a000002b26e00501a2b3c4e"
    "5e6f7082801801f672f500000101080a075bcd1f3ade68b1474554202f20485454502f312e310d0a486f"
    "73743a2031302e302e302e320d0a0d0a")
#: An ACK with timestamps and two SACK blocks (NOP NOP before each option).
TCP_SACK: Final = (
    "525400123456525400abcdef0800450000489c41400040068a6c0a0000020a0000010050b26e5e6f7082"
    "1a2b3c70d01001fd258000000101080a3ade68c4075bcd1f010105121a2b40001a2b48001a2b50001a2b"
    "5400")
#: FIN-ACK with timestamps.
TCP_FIN: Final = (
    "525400abcdef5254001234560800450000343a0340004006ecbe0a0000010a000002b26e00501a2b3c70"
    "5e6f7082801101f6105000000101080a075bcd2a3ade68c4")
#: RST-ACK to port 45679 (no options, window 0), padded to 60.
TCP_RST: Final = (
    "525400123456525400abcdef08004500002800004000400626ce0a0000020a0000010050b26f00000000"
    "7777777850140000fa1e0000000000000000")

FRAMES: Final = [
    ("arp request", ARP_REQUEST), ("arp reply", ARP_REPLY),
    ("icmp echo request", ICMP_ECHO_REQUEST), ("icmp echo reply", ICMP_ECHO_REPLY),
    ("udp dns", UDP_DNS), ("icmp port unreachable", ICMP_PORT_UNREACHABLE),
    ("ipv4 options", IPV4_OPTIONS_UDP), ("ipv4 fragment", IPV4_FRAGMENT),
    ("udp zero checksum", UDP_ZERO_CHECKSUM), ("udp checksum ffff", UDP_CHECKSUM_FFFF),
    ("tcp syn", TCP_SYN), ("tcp syn-ack", TCP_SYN_ACK), ("tcp data", TCP_DATA),
    ("tcp sack", TCP_SACK), ("tcp fin", TCP_FIN), ("tcp rst", TCP_RST),
]

ETH: Final = ethernet.HEADER_LEN
IP: Final = ETH + ipv4.HEADER_LEN  # where a payload starts, without options


def frame(hex_text: str) -> Buffer:
    return Buffer.of_bytes(bytes.fromhex(hex_text))


def patched(hex_text: str, at: int, value: int) -> Buffer:
    """The frame with byte `at` set to value."""
    buf = frame(hex_text)
    buf.set_u8(at, value)
    return buf


def patched16(hex_text: str, at: int, value: int) -> Buffer:
    """The frame with the big-endian u16 at `at` set to value."""
    buf = frame(hex_text)
    buf.set_u16_be(at, value)
    return buf


def error(err: WireError) -> str:
    return f"{type(err).__name__}: {err}"


# --- decoding whole frames ------------------------------------------------------------------------


def decode(buf: Buffer) -> list[str]:
    """What each layer of a frame parses to, down to the first error."""
    out: list[str] = []
    try:
        eth = ethernet.EthernetPacket.checked(buf)
        out.append(str(ethernet.EthernetRepr.parse(eth)))
        if eth.ethertype() == ethernet.ETHERTYPE_ARP:
            out.append(str(arp.ArpRepr.parse(arp.ArpPacket.checked(eth.payload()))))
        elif eth.ethertype() == ethernet.ETHERTYPE_IPV4:
            packet = ipv4.Ipv4Packet.checked(eth.payload())
            ip = ipv4.Ipv4Repr.parse(packet)
            out.append(str(ip))
            out.append(f"header {packet.header().hex()} options {packet.options().hex()!r}")
            if ip.frag_offset != 0 or ip.more_fragments:
                out.append(f"fragment payload {len(packet.payload())} bytes")
            elif ip.proto == ipv4.PROTO_ICMP:
                out += decode_icmp(packet.payload())
            elif ip.proto == ipv4.PROTO_UDP:
                out += decode_udp(packet.payload(), ip.src, ip.dst)
            elif ip.proto == ipv4.PROTO_TCP:
                out += decode_tcp(packet.payload(), ip.src, ip.dst)
    except WireError as err:
        out.append(error(err))
    return out


def decode_icmp(payload: Buffer) -> list[str]:
    message = icmpv4.Icmpv4Packet.checked(payload)
    icmp = icmpv4.Icmpv4Repr.parse(message)
    out = [str(icmp)]
    if icmp.is_error():
        quoted = icmp.quoted_header()
        out.append(f"quoted {quoted.src()} -> {quoted.dst()} proto {quoted.proto()} "
                   f"payload {icmp.quoted_payload().hex()} next-hop MTU {icmp.next_hop_mtu}")
    return out


def decode_udp(payload: Buffer, src: Ipv4Address, dst: Ipv4Address) -> list[str]:
    packet = udp.UdpPacket.checked(payload)
    repr_ = udp.UdpRepr.parse(packet, src, dst)
    return [str(repr_), f"checksum {packet.checksum():#06x} data {packet.payload().to_bytes()!r}"]


def decode_tcp(payload: Buffer, src: Ipv4Address, dst: Ipv4Address) -> list[str]:
    packet = tcp.TcpPacket.checked(payload)
    repr_ = tcp.TcpRepr.parse(packet, src, dst)
    return [f"checksum {packet.checksum():#06x} options {packet.options().hex()} seq_len "
            f"{repr_.seq_len()} data {packet.payload().to_bytes()!r}", str(repr_)]


def rebuild(buf: Buffer) -> Buffer:
    """The frame made again from its parsed records (no options, no padding)."""
    eth = ethernet.EthernetRepr.parse(ethernet.EthernetPacket.checked(buf))
    body = buf.shift(ETH)
    if eth.ethertype == ethernet.ETHERTYPE_ARP:
        a = arp.ArpRepr.parse(arp.ArpPacket.checked(body))
        out = Buffer.create(ETH + a.size())
        a.emit(arp.ArpPacket(out.shift(ETH)))
    else:
        packet = ipv4.Ipv4Packet.checked(body)
        ip = ipv4.Ipv4Repr.parse(packet)
        out = Buffer.create(ETH + ip.size())
        inner = out.shift(IP)
        if ip.proto == ipv4.PROTO_ICMP and not ip.more_fragments:
            icmpv4.Icmpv4Repr.parse(icmpv4.Icmpv4Packet.checked(packet.payload())).emit(
                icmpv4.Icmpv4Packet(inner))
        elif ip.proto == ipv4.PROTO_UDP and not ip.more_fragments:
            datagram = udp.UdpPacket.checked(packet.payload())
            u = udp.UdpRepr.parse(datagram, ip.src, ip.dst)
            inner.blit(datagram.payload(), 0, udp.HEADER_LEN, u.payload_len)
            u.emit(udp.UdpPacket(inner), ip.src, ip.dst)
        elif ip.proto == ipv4.PROTO_TCP and not ip.more_fragments:
            segment = tcp.TcpPacket.checked(packet.payload())
            t = tcp.TcpRepr.parse(segment, ip.src, ip.dst)
            inner.blit(segment.payload(), 0, t.header_len(), t.payload_len)
            t.emit(tcp.TcpPacket(inner), ip.src, ip.dst)
        else:
            inner.blit(packet.payload(), 0, 0, ip.payload_len)
        ip.emit(ipv4.Ipv4Packet(out.shift(ETH)))
    eth.emit(ethernet.EthernetPacket(out))
    return out


def show_frames() -> None:
    print("== frames")
    for name, hex_text in FRAMES:
        buf = frame(hex_text)
        print(f"{name} ({len(buf)} bytes)")
        for line in decode(buf):
            print("  " + line)
        again = rebuild(buf)
        same = again == buf.sub(0, len(again))
        print(f"  rebuilt {len(again)} bytes, same: {same}")
        if not same:
            print("  " + again.hex())


# --- broken frames -------------------------------------------------------------------------------


def broken_cases() -> list[tuple[str, Buffer]]:
    cases: list[tuple[str, Buffer]] = []
    for n in range(ETH):
        cases.append((f"ethernet cut to {n}", frame(ARP_REPLY).sub(0, n)))
    for n in [ETH, ETH + 7, ETH + 8, ETH + 27]:
        cases.append((f"arp cut to {n - ETH}", frame(ARP_REPLY).sub(0, n)))
    cases.append(("arp htype 6", patched(ARP_REQUEST, ETH + 1, 6)))
    cases.append(("arp ptype 0x86dd", patched16(ARP_REQUEST, ETH + 2, 0x86DD)))
    cases.append(("arp hlen 8 (padded)", patched(ARP_REQUEST, ETH + 4, 8)))
    cases.append(("arp hlen 8 (unpadded)", patched(ARP_REPLY, ETH + 4, 8)))
    cases.append(("arp plen 16", patched(ARP_REQUEST, ETH + 5, 16)))
    cases.append(("arp hlen 5", patched(ARP_REQUEST, ETH + 4, 5)))
    cases.append(("arp op 3", patched(ARP_REQUEST, ETH + 7, 3)))
    for n in [0, 1, 19]:
        cases.append((f"ipv4 cut to {n}", frame(UDP_DNS).sub(0, ETH + n)))
    for ihl in range(5):
        cases.append((f"ipv4 ihl {ihl}", patched(UDP_DNS, ETH, 0x40 | ihl)))
    cases.append(("ipv4 ihl 15 past the packet", patched(UDP_DNS, ETH, 0x4F)))
    cases.append(("ipv4 ihl 15 past total length", patched(UDP_DNS + "00" * 10, ETH, 0x4F)))
    cases.append(("ipv4 padded", frame(UDP_DNS + "00" * 10)))
    cases.append(("ipv4 version 6", patched(UDP_DNS, ETH, 0x65)))
    cases.append(("ipv4 total length past the frame", patched(UDP_DNS, ETH + 3, 0x3A)))
    cases.append(("ipv4 total length 19", patched16(UDP_DNS, ETH + 2, 19)))
    cases.append(("ipv4 bad checksum", patched(UDP_DNS, ETH + 11, 0xE1)))
    cases.append(("ipv4 ttl changed", patched(UDP_DNS, ETH + 8, 63)))
    cases.append(("ipv4 options bad checksum", patched(IPV4_OPTIONS_UDP, ETH + 21, 0)))
    cases.append(("icmp cut to 7", cut_ip(ICMP_ECHO_REQUEST, 7)))
    cases.append(("icmp bad checksum", patched(ICMP_ECHO_REQUEST, IP + 10, 0)))
    cases.append(("icmp type 13", icmp_message(13, 0, bytes(12))))
    cases.append(("icmp unreachable quoting 12 bytes", icmp_message(3, 3, bytes(12))))
    cases.append(("icmp unreachable quoting ipv6", icmp_message(3, 3, b"\x60" + bytes(39))))
    cases.append(("icmp unreachable quoting ihl 4", icmp_message(3, 1, b"\x44" + bytes(27))))
    cases.append(("icmp unreachable quoting ihl 8 in 28", icmp_message(3, 0, b"\x48" + bytes(27))))
    cases.append(("icmp frag needed mtu 1400", icmp_message(3, 4, bytes.fromhex(
        ICMP_PORT_UNREACHABLE)[IP + 8:], 1400)))
    cases.append(("udp cut to 7", cut_ip(UDP_DNS, 7)))
    cases.append(("udp length 7", patched(UDP_DNS, IP + 5, 7)))
    cases.append(("udp length past the packet", patched(UDP_DNS, IP + 5, 0x26)))
    cases.append(("udp length short of the packet", patched(UDP_DNS, IP + 5, 0x24)))
    cases.append(("udp bad checksum", patched(UDP_DNS, IP + 7, 0xC3)))
    cases.append(("udp payload changed", patched(UDP_DNS, IP + 8, 0x13)))
    cases.append(("udp dst port 0", patched(UDP_ZERO_CHECKSUM, IP + 3, 0)))
    return cases + tcp_broken_cases()


def tcp_broken_cases() -> list[tuple[str, Buffer]]:
    cases: list[tuple[str, Buffer]] = []
    for n in [0, 19]:
        cases.append((f"tcp cut to {n}", cut_ip(TCP_RST, n)))
    for words in [0, 4]:
        cases.append((f"tcp data offset {words}", patched(TCP_RST, IP + 12, words << 4)))
    cases.append(("tcp data offset 6 past the segment", patched(TCP_RST, IP + 12, 0x60)))
    cases.append(("tcp data offset 15 past the segment", patched(TCP_SYN, IP + 12, 0xF0)))
    cases.append(("tcp reserved bits", tcp_refilled(TCP_RST, 12, 0x5F)))
    cases.append(("tcp bad checksum", patched(TCP_DATA, IP + 17, 0xF6)))
    cases.append(("tcp zero checksum", patched16(TCP_FIN, IP + 16, 0)))
    cases.append(("tcp payload changed", patched(TCP_DATA, IP + 32, 0x48)))
    cases.append(("tcp option changed", patched(TCP_SYN, IP + 23, 0xB5)))
    cases.append(("tcp src port 0", tcp_refilled(TCP_DATA, 1, 0, 0)))
    cases.append(("tcp dst port 0", tcp_refilled(TCP_DATA, 3, 0, 2)))
    syn, ack = tcp.SYN, tcp.ACK
    for name, flags, options in [
            ("mss length 3", syn, "02030501"), ("mss length 4 on an ack", ack, "02040101"),
            ("wscale length 4", syn, "03040700"), ("sack permitted length 3", syn, "04030000"),
            ("timestamp length 8", ack, "0808000000010000"),
            ("sack length 2", ack, "01010502"), ("sack length 6", ack, "0101050600000001"),
            ("sack length 11", ack, "01050b" + "00" * 9), ("length 1", ack, "1e010000"),
            ("length 0", syn, "1e000000"), ("length past the options", ack, "01011e08"),
            ("no length byte", ack, "0101011e"),
            ("unknown kinds skipped", syn, "1e04abcdfd0600010203020405b40000"),
            ("eol ends the list", syn, "020405b400ff02ff"),
            ("syn-only options on an ack", ack | tcp.PSH, "020405b40303080104020101"),
            ("wscale 15 on a syn", syn, "0103030f"),
            ("sack on a syn-ack", syn | ack, "0101050a0000000100000002"),
            ("timestamps twice", ack, "0101080a00000001000000020101080a0000000300000004")]:
        cases.append((f"tcp options: {name}", tcp_frame(flags, bytes.fromhex(options))))
    return cases


def tcp_refilled(hex_text: str, at: int, value: int, also: int = -1) -> Buffer:
    """The frame with byte `at` of its TCP segment set to value (and byte `also` too), the
    checksum made to match."""
    buf = frame(hex_text)
    ip = ipv4.Ipv4Packet(buf.shift(ETH))
    segment = tcp.TcpPacket(ip.payload())
    segment.buf.set_u8(at, value)
    if also >= 0:
        segment.buf.set_u8(also, value)
    segment.fill_checksum(ip.src(), ip.dst())
    return buf


def tcp_frame(flags: int, options: bytes, data: bytes = b"") -> Buffer:
    """A frame with a TCP segment 10.0.0.1:40000 -> 10.0.0.2:80 with these flags, raw
    options (a multiple of 4 bytes) and data, checksum right."""
    header_len = tcp.HEADER_LEN + len(options)
    size = header_len + len(data)
    buf = Buffer.create(IP + size)
    segment = tcp.TcpPacket(buf.shift(IP))
    segment.set_src_port(40000)
    segment.set_dst_port(80)
    segment.set_seq(1000)
    segment.set_ack(2000 if flags & tcp.ACK != 0 else 0)
    segment.set_data_offset(header_len)
    segment.set_flags(flags)
    segment.set_window(1024)
    segment.buf.blit_from_bytes(options, 0, tcp.HEADER_LEN, len(options))
    segment.buf.blit_from_bytes(data, 0, header_len, len(data))
    a, b = Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2")
    segment.fill_checksum(a, b)
    ipv4.Ipv4Repr(a, b, ipv4.PROTO_TCP, size).emit(ipv4.Ipv4Packet(buf.shift(ETH)))
    ethernet.EthernetRepr(MacAddress.parse("52:54:00:12:34:56"),
                          MacAddress.parse("52:54:00:ab:cd:ef"),
                          ethernet.ETHERTYPE_IPV4).emit(ethernet.EthernetPacket(buf))
    return buf


def cut_ip(hex_text: str, payload_len: int) -> Buffer:
    """The frame with its IPv4 payload cut to payload_len bytes (total length and checksum
    made to match)."""
    buf = frame(hex_text).sub(0, IP + payload_len)
    packet = ipv4.Ipv4Packet(buf.shift(ETH))
    packet.set_total_len(ipv4.HEADER_LEN + payload_len)
    packet.fill_checksum()
    return buf


def icmp_message(kind: int, code: int, data: bytes, rest: int = 0) -> Buffer:
    """A frame with an ICMP message of this type, code, rest of header and data (checksum
    right) from 10.0.0.2 to 10.0.0.1."""
    size = icmpv4.HEADER_LEN + len(data)
    buf = Buffer.create(IP + size)
    message = icmpv4.Icmpv4Packet(buf.shift(IP))
    message.set_msg_type(kind)
    message.set_code(code)
    message.set_rest(rest)
    message.buf.blit_from_bytes(data, 0, icmpv4.HEADER_LEN, len(data))
    message.fill_checksum()
    ipv4.Ipv4Repr(Ipv4Address.parse("10.0.0.2"), Ipv4Address.parse("10.0.0.1"),
                  ipv4.PROTO_ICMP, size).emit(ipv4.Ipv4Packet(buf.shift(ETH)))
    ethernet.EthernetRepr(MacAddress.parse("52:54:00:ab:cd:ef"),
                          MacAddress.parse("52:54:00:12:34:56"),
                          ethernet.ETHERTYPE_IPV4).emit(ethernet.EthernetPacket(buf))
    return buf


def show_broken() -> None:
    print("== broken frames")
    for name, buf in broken_cases():
        print(f"{name}: {decode(buf)[-1]}")


# --- emitting ------------------------------------------------------------------------------------


def show_emit() -> None:
    print("== emit")
    a, b = Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2")
    payload = b"hello, world"
    room = ETH + ipv4.HEADER_LEN + udp.HEADER_LEN
    buf = Buffer.create(room + len(payload))
    buf.blit_from_bytes(payload, 0, room, len(payload))
    udp.UdpRepr(40000, 7, len(payload)).emit(udp.UdpPacket(buf.shift(IP)), a, b)
    ip = ipv4.Ipv4Repr(src=a, dst=b, proto=ipv4.PROTO_UDP,
                       payload_len=udp.HEADER_LEN + len(payload), ttl=17, ident=0xBEEF,
                       dont_fragment=True, dscp=46, ecn=1)
    ip.emit(ipv4.Ipv4Packet(buf.shift(ETH)))
    ethernet.EthernetRepr(MacAddress.parse("52:54:00:12:34:56"), MacAddress.BROADCAST,
                          ethernet.ETHERTYPE_IPV4).emit(ethernet.EthernetPacket(buf))
    print(buf.hex())
    print(decode(buf))
    frag = ipv4.Ipv4Repr(a, b, ipv4.PROTO_UDP, 16, more_fragments=True, frag_offset=65528)
    head = Buffer.create(ipv4.HEADER_LEN)
    frag.emit(ipv4.Ipv4Packet(head))
    print(head.hex(), ipv4.Ipv4Packet(head).frag_offset())
    for bad in [ipv4.Ipv4Repr(a, b, 17, 65516), ipv4.Ipv4Repr(a, b, 17, 0, frag_offset=12)]:
        try:
            bad.emit(ipv4.Ipv4Packet(Buffer.create(ipv4.HEADER_LEN)))
        except ValueError as e:
            print("ValueError:", e)
    echo = icmpv4.Icmpv4Repr.echo_request(7, 9, b"ping")
    out = Buffer.create(echo.size())
    echo.emit(icmpv4.Icmpv4Packet(out))
    print(out.hex(), icmpv4.Icmpv4Repr.parse(icmpv4.Icmpv4Packet.checked(out)) == echo)
    request = arp.ArpRepr(arp.OP_REQUEST, MacAddress.parse("02:00:00:00:00:01"),
                          Ipv4Address.parse("192.168.1.1"), MacAddress.ZERO,
                          Ipv4Address.parse("192.168.1.254"))
    out = Buffer.create(request.size())
    request.emit(arp.ArpPacket(out))
    print(out.hex(), arp.ArpRepr.parse(arp.ArpPacket.checked(out)) == request)
    show_tcp_emit(a, b)


def show_tcp_emit(a: Ipv4Address, b: Ipv4Address) -> None:
    data = b"tcp payload"
    segments = [
        tcp.TcpRepr(40000, 80, 0xFFFFFFFF, 0, tcp.SYN, window=65535, mss=1460, wscale=14,
                    sack_permitted=True, ts_val=1, has_ts=True),
        tcp.TcpRepr(80, 40000, 7, 0, tcp.SYN | tcp.ACK, window=1024, mss=536, has_ts=True,
                    ts_val=0xFFFFFFFF, ts_ecr=1),
        tcp.TcpRepr(40000, 80, 1, 2, tcp.SYN, sack_permitted=True, wscale=0),
        tcp.TcpRepr(40000, 80, 1, 2, tcp.SYN),
        tcp.TcpRepr(40000, 80, 100, 200, tcp.ACK | tcp.PSH, window=50, urgent=3,
                    sack=((1, 2), (0xFFFFFFF0, 0x10), (5, 6)), ts_val=9, ts_ecr=8, has_ts=True,
                    payload_len=len(data)),
        tcp.TcpRepr(40000, 80, 100, 200, tcp.ACK, mss=1460, wscale=3, sack_permitted=True,
                    sack=((1, 2), (3, 4), (5, 6), (7, 8))),
        tcp.TcpRepr(40000, 80, 0, 0, 0xFF, payload_len=len(data)),
    ]
    for r in segments:
        out = Buffer.create(r.size())
        out.blit_from_bytes(data, 0, r.header_len(), r.payload_len)
        r.emit(tcp.TcpPacket(out), a, b)
        back = tcp.TcpRepr.parse(tcp.TcpPacket.checked(out), a, b)
        print(r.header_len(), r.seq_len(), out.hex(), back == r)
        if back != r:
            print("  ", back)
    bad = [tcp.TcpRepr(65536, 80, 0, 0, 0), tcp.TcpRepr(1, 80, 1 << 32, 0, 0),
           tcp.TcpRepr(1, 80, 0, -1, 0), tcp.TcpRepr(1, 80, 0, 0, 256),
           tcp.TcpRepr(1, 80, 0, 0, 0, window=65536), tcp.TcpRepr(1, 2, 0, 0, tcp.SYN, wscale=15),
           tcp.TcpRepr(1, 2, 0, 0, tcp.SYN, mss=70000),
           tcp.TcpRepr(1, 2, 0, 0, 0, sack=((1, 2),) * 5),
           tcp.TcpRepr(1, 2, 0, 0, 0, sack=((1, 1 << 32),)),
           tcp.TcpRepr(1, 2, 0, 0, tcp.ACK, sack=((1, 2),) * 4, has_ts=True),
           tcp.TcpRepr(1, 2, 0, 0, 0, payload_len=65516)]
    for r in bad:
        try:
            r.emit(tcp.TcpPacket(Buffer.create(100)), a, b)
            print("emitted", r)
        except ValueError as e:
            print("ValueError:", e)


def show_seq() -> None:
    print("== sequence numbers")
    top = 0xFFFFFFFF
    print(tcp.seq_add(top, 1), tcp.seq_add(0, -1), tcp.seq_add(top - 5, 10), tcp.seq_add(5, top))
    pairs = [(0, top), (top, 0), (0x80000000, 0), (0, 0x80000000), (0x7FFFFFFF, 0),
             (5, 5), (0xFFFFFFF0, 0x10), (0x10, 0xFFFFFFF0)]
    for x, y in pairs:
        print(x, y, tcp.seq_sub(x, y), tcp.seq_lt(x, y), tcp.seq_le(x, y), tcp.seq_gt(x, y),
              tcp.seq_ge(x, y))


# --- checksum ------------------------------------------------------------------------------------


def slow_sum(buf: Buffer) -> int:
    """The one's-complement sum the way RFC 1071 writes it, to check data_sum against."""
    total = 0
    for i in range(0, len(buf) - 1, 2):
        total += buf.get_u16_be(i)
    if len(buf) % 2 == 1:
        total += buf.get_u8(len(buf) - 1) << 8
    return checksum.fold(total)


def show_checksum() -> None:
    print("== checksum")
    data = Buffer.create(300)
    seed = 12345
    for i in range(len(data)):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        data.set_u8(i, seed >> 23)
    mismatches = 0
    sums = 0
    for start in range(8):
        for n in range(0, 260, 3):
            view = data.sub(start, n)
            if checksum.data_sum(view) != slow_sum(view):
                mismatches += 1
            sums += checksum.data_sum(view)
    print("mismatches", mismatches, "total", sums)
    ones = Buffer.create(64)
    ones.fill(0xFF)
    zeros = Buffer.create(64)
    print(checksum.data_sum(ones), checksum.data_sum(zeros), checksum.data_sum(ones.sub(0, 1)),
          checksum.checksum(zeros), checksum.fold(0x2FFFD), checksum.finish(0xFFFF))
    print(checksum.pseudo_header_sum(Ipv4Address.parse("10.0.0.1"),
                                     Ipv4Address.parse("10.0.0.2"), 17, 37))


# --- addresses -----------------------------------------------------------------------------------


def show_addresses() -> None:
    print("== addresses")
    mac = MacAddress.parse("52:54:00:AB:cd:EF")
    print(mac, repr(mac), mac.value, mac.to_bytes().hex(), mac.is_unicast(), mac.is_local())
    print(MacAddress.BROADCAST.is_broadcast(), MacAddress.BROADCAST.is_multicast(),
          MacAddress.of_ipv4_multicast(Ipv4Address.parse("239.255.1.2")),
          MacAddress.of_bytes(b"\x01\x00\x5e\x00\x00\x01").is_multicast(),
          mac == MacAddress(0x525400ABCDEF), mac != MacAddress.ZERO,
          hash(mac) == hash(MacAddress.of_bytes(mac.to_bytes())))
    ip = Ipv4Address.parse("10.0.0.2")
    print(ip, repr(ip), ip.value, ip == Ipv4Address(0x0A000002), ip.to_bytes().hex(),
          Ipv4Address.of_bytes(b"\xc0\xa8\x01\x01"), sorted([ip, Ipv4Address(1), Ipv4Address(0)]),
          ip < Ipv4Address.parse("10.0.0.10"), ip >= Ipv4Address(0x0A000002))
    for text in ["0.0.0.0", "255.255.255.255", "127.0.0.1", "224.0.0.251", "169.254.3.4",
                 "192.168.1.1"]:
        a = Ipv4Address.parse(text)
        print(text, a.is_unspecified(), a.is_broadcast(), a.is_multicast(), a.is_loopback(),
              a.is_link_local(), a.is_unicast())
    net = Ipv4Prefix.parse("10.0.0.2/24")
    print(net, repr(net), net.address, net.prefix_len, net.network(), net.netmask(),
          net.broadcast(), net.contains(Ipv4Address.parse("10.0.0.77")),
          net.contains(Ipv4Address.parse("10.0.1.1")), net == Ipv4Prefix(ip, 24),
          {net: 1}[Ipv4Prefix.parse("10.0.0.2/24")])
    for text in ["0.0.0.0/0", "10.1.2.3/32", "172.16.5.4/12", "192.168.7.9/31"]:
        p = Ipv4Prefix.parse(text)
        print(text, p.network(), p.netmask(), p.broadcast(), p.contains(Ipv4Address(0)))
    table = {Ipv4Address.parse("10.0.0.1"): "a", ip: "b"}
    print(table[Ipv4Address(0x0A000001)], MacAddress.BROADCAST in {MacAddress(MAC_ALL): 1})
    bad_texts = ["10.0.0.01", "1.2.3", "1.2.3.4.5", "1.2.3.256", "1.2.3.-1", "1.2.3.+1",
                 " 1.2.3.4", "1.2.3.4 ", "1,2,3,4", "", "1..2.3", "a.b.c.d", "1.2.3.4444"]
    for text in bad_texts:
        try:
            print(Ipv4Address.parse(text))
        except ValueError as e:
            print("ValueError:", e)
    for text in ["10.0.0.2", "10.0.0.2/33", "10.0.0.2/-1", "10.0.0.2/024", "10.0.0.2/",
                 "10.0.0.256/8", "10.0.0.2/24/8", "10.0.0.2\\24"]:
        try:
            print(Ipv4Prefix.parse(text))
        except ValueError as e:
            print("ValueError:", e)
    for text in ["52:54:00:12:34", "52-54-00-12-34-56", "52:54:00:12:34:5g", "5:54:00:12:34:56",
                 "52:54:00:12:34:56:78", "525400123456"]:
        try:
            print(MacAddress.parse(text))
        except ValueError as e:
            print("ValueError:", e)
    for value in [-1, 1 << 32]:
        try:
            print(Ipv4Address(value))
        except ValueError as e:
            print("ValueError:", e)
    try:
        print(Ipv4Prefix(ip, 40))
    except ValueError as e:
        print("ValueError:", e)


MAC_ALL: Final = 0xFFFFFFFFFFFF


def main() -> None:
    show_addresses()
    show_checksum()
    show_frames()
    show_broken()
    show_emit()
    show_seq()


if __name__ == "__main__":
    main()
