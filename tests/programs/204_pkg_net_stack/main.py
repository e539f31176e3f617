"""A layered packet stack as a package: a Header base class with per-protocol subclasses
(super().describe, overridden encode into bytearray slices, static decoders over bytes),
a demux by ethertype/protocol, and a checksum module; frames are built, parsed, corrupted.

Features: packages, modules, bytearray, bytes, int-bytes, inheritance, static-classmethod, class, list, try-except, builtin-exception, fstring, bytes-hex
"""

from net import build_frame, parse_frame
from net.base import Header
from net.checksum import ones_complement
from net.ipv4 import IPv4

frames = [
    build_frame(0x0A000001, 0x0A000002, 5353, 53, b"query"),
    build_frame(0xC0A80001, 0x08080808, 40000, 123, b"ntp-request-0123"),
    build_frame(0x7F000001, 0x7F000001, 1, 2, b""),
]
for f in frames:
    print(f.hex()[:56], len(f))
    for layer in parse_frame(bytes(f)):
        print("   ", layer)
bad = frames[0]
bad[14 + 8] = 1
print([str(x) for x in parse_frame(bytes(bad))])
try:
    parse_frame(bytes(frames[1][:30]))
except IndexError as e:
    print("IndexError:", e)
print(Header.parsed, IPv4.parsed, sorted(Header.kinds()))
print(hex(ones_complement(b"\x45\x00\x00\x1c")), hex(ones_complement(b"\xff")))
