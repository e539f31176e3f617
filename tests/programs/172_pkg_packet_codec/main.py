"""Build an Ethernet/IPv4/UDP frame with one module per layer, then parse it back.

Features: packages, modules, module-constants, fixed-width, int-bytes, bytes, bytes-hex, namedtuple
"""

from proto import checksum, ethernet, ipv4, udp
from proto.ethernet import ETHERTYPE_IPV4

payload = b"pyrage says hi"
seg = udp.encode(udp.Udp(5000, 53, payload))
pkt = ipv4.encode(ipv4.Header(src=ipv4.parse_addr("10.0.0.1"), dst=ipv4.parse_addr("10.0.0.53"),
                              proto=udp.PROTO, ttl=64), seg)
frame = ethernet.encode(ethernet.Frame(bytes.fromhex("ffffffffffff"),
                                       bytes.fromhex("020000c0ffee"), ETHERTYPE_IPV4), pkt)
print(len(frame), "bytes")
for off in range(0, len(frame), 16):
    print(f"  {off:04x} {frame[off:off + 16].hex(' ')}")

eth, rest = ethernet.decode(frame)
print(eth.dst.hex(":"), eth.src.hex(":"), hex(eth.ethertype))
hdr, rest = ipv4.decode(rest)
print(ipv4.format_addr(hdr.src), "->", ipv4.format_addr(hdr.dst), "ttl", hdr.ttl, "proto", hdr.proto)
u = udp.decode(rest)
print(u.sport, u.dport, u.payload, checksum.verify(frame[14:34]))
print(checksum.internet(b"\x45\x00\x00\x1c"), hex(checksum.internet(b"")), ethernet.MIN_PAYLOAD)
