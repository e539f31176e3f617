"""Decoding TCP header fields from bytes: flags as IntEnum bits, offsets, and a handshake trace.

Features: enum, fixed-width, int-bytes, bytes, bytes-hex, list, tuple, fstring
"""

from enum import IntEnum


class Flag(IntEnum):
    FIN = 0x01
    SYN = 0x02
    RST = 0x04
    PSH = 0x08
    ACK = 0x10
    URG = 0x20


def build(sport: int, dport: int, seq: int, ack: int, flags: int, window: int) -> bytes:
    offset_flags = (5 << 12) | flags
    return (sport.to_bytes(2, "big") + dport.to_bytes(2, "big") + seq.to_bytes(4, "big")
            + ack.to_bytes(4, "big") + offset_flags.to_bytes(2, "big")
            + window.to_bytes(2, "big") + bytes(4))


def decode(seg: bytes) -> str:
    sport, dport = int.from_bytes(seg[0:2], "big"), int.from_bytes(seg[2:4], "big")
    seq, ack = int.from_bytes(seg[4:8], "big"), int.from_bytes(seg[8:12], "big")
    word = int.from_bytes(seg[12:14], "big")
    names = "|".join(f.name for f in Flag if word & f) or "-"
    return f"{sport}->{dport} seq={seq} ack={ack} hdr={(word >> 12) * 4}B [{names}]"


client_isn, server_isn = 0xFFFFFFF0, 1000
trace = [
    build(40000, 80, client_isn, 0, Flag.SYN, 65535),
    build(80, 40000, server_isn, (client_isn + 1) & 0xFFFFFFFF, Flag.SYN | Flag.ACK, 29200),
    build(40000, 80, (client_isn + 1) & 0xFFFFFFFF, server_isn + 1, Flag.ACK, 65535),
    build(40000, 80, (client_isn + 1) & 0xFFFFFFFF, server_isn + 1, Flag.PSH | Flag.ACK, 65535),
    build(80, 40000, server_isn + 1, (client_isn + 101) & 0xFFFFFFFF, Flag.FIN | Flag.ACK, 29200),
    build(40000, 80, 7, 0, Flag.RST, 0),
]
for seg in trace:
    print(decode(seg))
print(trace[1][:14].hex(" "))
print(int(Flag.SYN | Flag.ACK), Flag(0x10).name, [f.value for f in Flag], hex(sum(Flag)))
