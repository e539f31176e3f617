"""SYN cookies: a listener whose backlog is full answers a SYN without keeping any state, and
rebuilds the connection from the ACK that completes the handshake (as Linux does, RFC 4987 3.6).

Our initial sequence number *is* the cookie:

    bits 31..27  the minute counter (now // 64 s, modulo 32) it was made in
    bits 26..24  an index into MSS_TABLE: the largest entry not above the peer's MSS
    bits 23..0   a keyed hash of the four-tuple, the peer's ISN, the counter and the index

An ACK for no connection, to a listening port, whose ack - 1 is a cookie made in the last two
counters with a matching hash, makes the connection ESTABLISHED. The peer's window scale and
SACK-permitted cannot live in 32 bits with the rest: when the peer sends timestamps they ride in
the low bits of our TSval (which the peer echoes), as Linux does; without timestamps the
connection goes on without window scaling and SACK.

The hash is SHA-256 keyed with a secret from RANDOM (one 64-byte block per cookie).
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib.sha256 import sha256

COUNTER_NS: Final = 64_000_000_000
MSS_TABLE: Final = [536, 1200, 1360, 1400, 1440, 1452, 1460, 8960]
HASH_MASK: Final = 0xFFFFFF
#: TSval's low bits: wscale + 1 (0 = none) in bits 0..3, SACK-permitted in bit 4.
TS_OPTION_BITS: Final = 5
TS_OPTION_MASK: Final = (1 << TS_OPTION_BITS) - 1


def counter(now: int) -> int:
    return (now // COUNTER_NS) & 31


def mss_index(mss: int) -> int:
    """The largest MSS_TABLE entry that does not exceed mss (the first for a smaller one)."""
    best = 0
    for i in range(len(MSS_TABLE)):
        if MSS_TABLE[i] <= mss:
            best = i
    return best


def keyed(secret: bytes, four_tuple: bytes, peer_isn: int, count: int, index: int) -> int:
    data = secret[:16] + four_tuple + peer_isn.to_bytes(4, "big") + bytes([count, index])
    digest = sha256(data)
    return int.from_bytes(digest[:3], "big")


def make(secret: bytes, four_tuple: bytes, peer_isn: int, mss: int, now: int) -> int:
    """The cookie (our ISN) for a SYN with peer_isn and mss on four_tuple."""
    count = counter(now)
    index = mss_index(mss)
    return count << 27 | index << 24 | keyed(secret, four_tuple, peer_isn, count, index)


def check(secret: bytes, four_tuple: bytes, peer_isn: int, cookie: int, now: int) -> int:
    """The MSS a cookie stands for, or 0 when it is not one of ours from the last two
    counters (about 64 to 128 seconds)."""
    count = cookie >> 27 & 31
    index = cookie >> 24 & 7
    age = (counter(now) - count) & 31
    if age > 1:
        return 0
    if keyed(secret, four_tuple, peer_isn, count, index) != cookie & HASH_MASK:
        return 0
    return MSS_TABLE[index]


def encode_options(ts_now: int, wscale: int, sack: bool) -> int:
    """A TSval carrying the peer's window scale and SACK-permitted in its low bits, never
    later than ts_now (so that our next timestamps do not go backwards)."""
    bits = (wscale + 1) | (16 if sack else 0)
    ts = (ts_now & ~TS_OPTION_MASK & 0xFFFFFFFF) | bits
    if ts > ts_now:
        ts -= TS_OPTION_MASK + 1
    return ts & 0xFFFFFFFF


def decode_options(ts_ecr: int) -> tuple[int, bool]:
    """(wscale or -1, sack) from the TSval the peer echoes."""
    return (ts_ecr & 15) - 1, ts_ecr & 16 != 0
