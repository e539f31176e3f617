"""IPv4 headers with a verified header checksum."""

from .base import Header, field, put
from .checksum import ones_complement


def dotted(addr: int) -> str:
    return ".".join(str(addr >> s & 0xFF) for s in (24, 16, 8, 0))


class IPv4(Header):
    name = "ipv4"
    SIZE = 20
    parsed = 0

    def __init__(self, src: int, dst: int, proto: int, length: int, ttl: int = 64) -> None:
        super().__init__()
        self.src = src
        self.dst = dst
        self.proto = proto
        self.length = length
        self.ttl = ttl
        self.valid = True

    def encode(self, buf: bytearray, at: int) -> None:
        buf[at] = 0x45
        put(buf, at + 2, 2, self.length)
        buf[at + 8] = self.ttl
        buf[at + 9] = self.proto
        put(buf, at + 12, 4, self.src)
        put(buf, at + 16, 4, self.dst)
        put(buf, at + 10, 2, 0)
        put(buf, at + 10, 2, ones_complement(bytes(buf[at:at + IPv4.SIZE])))

    @staticmethod
    def decode(data: bytes, at: int) -> "IPv4":
        IPv4.parsed += 1
        h = IPv4(field(data, at + 12, 4), field(data, at + 16, 4), data[at + 9],
                 field(data, at + 2, 2), data[at + 8])
        h.valid = ones_complement(data[at:at + IPv4.SIZE]) == 0
        return h

    def describe(self) -> str:
        state = "ok" if self.valid else "BAD-CSUM"
        return (f"{super().describe()} {dotted(self.src)} > {dotted(self.dst)} proto={self.proto}"
                f" len={self.length} ttl={self.ttl} {state}")
