"""UDP headers."""

from .base import Header, field, put


class Udp(Header):
    name = "udp"
    SIZE = 8

    def __init__(self, sport: int, dport: int, length: int) -> None:
        super().__init__()
        self.sport = sport
        self.dport = dport
        self.length = length

    def encode(self, buf: bytearray, at: int) -> None:
        put(buf, at, 2, self.sport)
        put(buf, at + 2, 2, self.dport)
        put(buf, at + 4, 2, self.length)

    @staticmethod
    def decode(data: bytes, at: int) -> "Udp":
        return Udp(field(data, at, 2), field(data, at + 2, 2), field(data, at + 4, 2))

    def describe(self) -> str:
        return f"{super().describe()} {self.sport} > {self.dport} len={self.length}"
