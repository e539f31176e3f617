"""Frame assembly and demultiplexing over the layer classes."""

from .base import Header
from .ethernet import Ethernet
from .ipv4 import IPv4
from .udp import Udp


def build_frame(src: int, dst: int, sport: int, dport: int, payload: bytes) -> bytearray:
    total = Ethernet.SIZE + IPv4.SIZE + Udp.SIZE + len(payload)
    frame = bytearray(total)
    Ethernet(b"\x02\x00\x00\x00\x00\x01", b"\x02\x00\x00\x00\x00\x02", 0x0800).encode(frame, 0)
    IPv4(src, dst, 17, total - Ethernet.SIZE).encode(frame, Ethernet.SIZE)
    at = Ethernet.SIZE + IPv4.SIZE
    Udp(sport, dport, Udp.SIZE + len(payload)).encode(frame, at)
    frame[at + Udp.SIZE:] = payload
    return frame


def parse_frame(frame: bytes) -> list[Header]:
    layers: list[Header] = []
    eth = Ethernet.decode(frame, 0)
    layers.append(eth)
    if eth.ethertype != 0x0800:
        return layers
    ip = IPv4.decode(frame, Ethernet.SIZE)
    layers.append(ip)
    if not ip.valid or ip.proto != 17:
        return layers
    layers.append(Udp.decode(frame, Ethernet.SIZE + IPv4.SIZE))
    return layers
