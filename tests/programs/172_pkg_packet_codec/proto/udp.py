"""UDP datagrams (checksum left at zero, which IPv4 allows)."""

from typing import Final, NamedTuple

PROTO: Final = 17


class Udp(NamedTuple):
    sport: int
    dport: int
    payload: bytes


def encode(u: Udp) -> bytes:
    length = 8 + len(u.payload)
    return (u.sport.to_bytes(2, "big") + u.dport.to_bytes(2, "big") + length.to_bytes(2, "big")
            + b"\x00\x00" + u.payload)


def decode(raw: bytes) -> Udp:
    length = int.from_bytes(raw[4:6], "big")
    return Udp(int.from_bytes(raw[0:2], "big"), int.from_bytes(raw[2:4], "big"), raw[8:length])
