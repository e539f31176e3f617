"""The Internet checksum (RFC 1071) of 1500-byte packets, as an IP stack computes it.

N rounds over PACKETS distinct packets, so that no compiler can hoist a sum out of the loop.
Each packet is printable ASCII built with str.join and encoded, a way of making bytes that the
compiled subset has had from the start.
"""

from typing import Final

N: Final = 20_000  # the benchmark's size; SMALL_N is the quick one (tests, run.py --quick)
SMALL_N: Final = 3
PACKETS: Final = 16
PACKET_SIZE: Final = 1500


def make_packet(seed: int) -> bytes:
    """PACKET_SIZE pseudo-random printable ASCII bytes (a linear congruential generator)."""
    chars: list[str] = []
    state = seed
    for _ in range(PACKET_SIZE):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        chars.append(chr(32 + (state >> 16) % 95))
    return "".join(chars).encode()


def internet_checksum(data: bytes) -> int:
    """The ones' complement of the ones' complement sum of the big-endian 16-bit words."""
    total = 0
    odd = len(data) % 2
    for i in range(0, len(data) - odd, 2):
        total += data[i] << 8 | data[i + 1]
    if odd:
        total += data[-1] << 8  # the last byte, padded with a zero
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def main(rounds: int) -> None:
    packets = [make_packet(seed) for seed in range(PACKETS)]
    digest = 0
    for _ in range(rounds):
        for packet in packets:
            digest = (digest * 31 + internet_checksum(packet)) & 0xFFFFFFFF
    print(f"checksum: {rounds} rounds of {PACKETS} x {PACKET_SIZE} bytes: {digest:08x}")


if __name__ == "__main__":
    main(N)
