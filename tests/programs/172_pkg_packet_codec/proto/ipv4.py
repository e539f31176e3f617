"""IPv4 headers without options."""

from typing import NamedTuple

from . import checksum


class Header(NamedTuple):
    src: int
    dst: int
    proto: int
    ttl: int = 64
    total: int = 0


def parse_addr(text: str) -> int:
    out = 0
    for part in text.split("."):
        out = out << 8 | int(part)
    return out


def format_addr(n: int) -> str:
    return ".".join(str(n >> s & 0xFF) for s in (24, 16, 8, 0))


def encode(h: Header, payload: bytes) -> bytes:
    head = bytearray(20)
    head[0] = 0x45
    head[2:4] = (20 + len(payload)).to_bytes(2, "big")
    head[8], head[9] = h.ttl, h.proto
    head[12:16] = h.src.to_bytes(4, "big")
    head[16:20] = h.dst.to_bytes(4, "big")
    head[10:12] = checksum.internet(bytes(head)).to_bytes(2, "big")
    return bytes(head) + payload


def decode(raw: bytes) -> tuple[Header, bytes]:
    total = int.from_bytes(raw[2:4], "big")
    h = Header(int.from_bytes(raw[12:16], "big"), int.from_bytes(raw[16:20], "big"), raw[9], raw[8],
               total)
    return h, raw[20:total]
