"""Ethernet II framing."""

from typing import Final, NamedTuple

ETHERTYPE_IPV4: Final = 0x0800
MIN_PAYLOAD: Final = 46


class Frame(NamedTuple):
    dst: bytes
    src: bytes
    ethertype: int


def encode(f: Frame, payload: bytes) -> bytes:
    pad = bytes(max(0, MIN_PAYLOAD - len(payload)))
    return f.dst + f.src + f.ethertype.to_bytes(2, "big") + payload + pad


def decode(raw: bytes) -> tuple[Frame, bytes]:
    return Frame(raw[0:6], raw[6:12], int.from_bytes(raw[12:14], "big")), raw[14:]
