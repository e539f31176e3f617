"""Ethernet II headers."""

from .base import Header, field, put


class Ethernet(Header):
    name = "eth"
    SIZE = 14

    def __init__(self, src: bytes, dst: bytes, ethertype: int) -> None:
        super().__init__()
        self.src = src
        self.dst = dst
        self.ethertype = ethertype

    def encode(self, buf: bytearray, at: int) -> None:
        buf[at:at + 6] = self.dst
        buf[at + 6:at + 12] = self.src
        put(buf, at + 12, 2, self.ethertype)

    @staticmethod
    def decode(data: bytes, at: int) -> "Ethernet":
        return Ethernet(data[at + 6:at + 12], data[at:at + 6], field(data, at + 12, 2))

    def describe(self) -> str:
        return f"{super().describe()} {self.src.hex(':')} > {self.dst.hex(':')} type={self.ethertype:#06x}"
