"""Encode and decode an IPv4 header: bit fields, big-endian u16/u32, the ones'-complement checksum.

Features: fixed-width, int-bytes, bytes, bytearray, namedtuple, hex-bin-oct, fstring
"""

from typing import NamedTuple


class IPv4(NamedTuple):
    src: str
    dst: str
    proto: int
    ttl: int = 64
    ident: int = 0
    payload_len: int = 0


def addr_to_int(a: str) -> int:
    n = 0
    for part in a.split("."):
        n = (n << 8) | int(part)
    return n


def int_to_addr(n: int) -> str:
    return ".".join(str((n >> s) & 0xFF) for s in (24, 16, 8, 0))


def checksum(data: bytes) -> int:
    total = 0
    for i in range(0, len(data), 2):
        total += (data[i] << 8) | data[i + 1]
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def encode(h: IPv4) -> bytes:
    buf = bytearray(20)
    buf[0] = (4 << 4) | 5
    buf[2:4] = (20 + h.payload_len).to_bytes(2, "big")
    buf[4:6] = h.ident.to_bytes(2, "big")
    buf[6:8] = (0x4000).to_bytes(2, "big")
    buf[8] = h.ttl
    buf[9] = h.proto
    buf[12:16] = addr_to_int(h.src).to_bytes(4, "big")
    buf[16:20] = addr_to_int(h.dst).to_bytes(4, "big")
    buf[10:12] = checksum(bytes(buf)).to_bytes(2, "big")
    return bytes(buf)


def decode(raw: bytes) -> IPv4:
    version, ihl = raw[0] >> 4, raw[0] & 0xF
    if version != 4 or ihl != 5:
        raise ValueError(f"not a plain IPv4 header: version {version}, ihl {ihl}")
    total = int.from_bytes(raw[2:4], "big")
    return IPv4(int_to_addr(int.from_bytes(raw[12:16], "big")),
                int_to_addr(int.from_bytes(raw[16:20], "big")), raw[9], raw[8],
                int.from_bytes(raw[4:6], "big"), total - 20)


hdr = IPv4("192.168.1.10", "10.0.0.254", proto=17, ident=0xBEEF, payload_len=12)
raw = encode(hdr)
print(raw.hex(" "))
print(f"checksum field {int.from_bytes(raw[10:12], 'big'):#06x}, verify {checksum(raw):#06x}")
back = decode(raw)
print(back)
print(back == hdr, hex(addr_to_int("255.255.255.0")), int_to_addr(0xC0A80001))
flags = int.from_bytes(raw[6:8], "big")
print(f"DF={flags >> 14 & 1} MF={flags >> 13 & 1} frag={flags & 0x1FFF} {bin(raw[0])}")
