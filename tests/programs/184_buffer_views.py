"""stdlib.Buffer: zero-copy views with big/little-endian accessors, bounds checks, blits, and
the fixed-width helpers, building and parsing an Ethernet + IPv4 + UDP frame.

Features: buffer, fixed-width, bytes, bytes-hex, builtin-exception, try-except, fstring
"""

from collections.abc import Callable

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.fixedwidth import bswap16, bswap32, rotl32, s8, s16, u16, u32


def checksum(buf: Buffer) -> int:
    total = 0
    for i in range(0, len(buf) - 1, 2):
        total += buf.get_u16_be(i)
    if len(buf) % 2:
        total += buf.get_u8(len(buf) - 1) << 8
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


frame = Buffer.create(14 + 20 + 8 + 5)
frame.blit_from_bytes(b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01", 0, 0, 12)
frame.set_u16_be(12, 0x0800)
ip = frame.shift(14)
ip.set_u8(0, 0x45)
ip.set_u16_be(2, len(ip))
ip.set_u8(8, 64)
ip.set_u8(9, 17)
ip.set_u32_be(12, 0x0A000001)
ip.set_u32_be(16, 0x0A000002)
ip.set_u16_be(10, checksum(ip.sub(0, 20)))
udp = ip.shift(20)
udp.set_u16_be(0, 5353)
udp.set_u16_be(2, 53)
udp.set_u16_be(4, len(udp))
udp.shift(8).blit_from_bytes(b"hello", 0, 0, 5)
print(frame.hex())
print(len(frame), len(ip), len(udp), ip.get_u8(9), udp.get_u16_be(2), checksum(ip.sub(0, 20)))
print(frame.get_u8(14) == 0x45, ip.get_u32_be(12) == 0x0A000001, udp.shift(8).to_bytes())
print(hex(frame.get_u32_le(26)), hex(frame.get_u16_le(12)), frame[-1], frame[14])
frame[-1] = ord("!")
print(udp.shift(8).to_bytes(), repr(udp.sub(8, 2)), udp.sub(8, 2) == Buffer.of_bytes(b"he"))
copy = Buffer.create(4)
copy.blit(frame, 30, 0, 4)
print(copy.hex(), copy.get_u64_be(0) if len(copy) >= 8 else -1)
big = Buffer.create(8)
big.set_u64_le(0, 0x0102030405060708)
print(big.hex(), hex(big.get_u64_be(0)), hex(big.get_u64_le(0)))
bad_reads: list[Callable[[], int]] = [
    lambda: frame.get_u16_be(len(frame) - 1), lambda: len(ip.sub(10, 100)),
    lambda: frame.get_u8(-1), lambda: udp.shift(9).get_u32_be(0)]
for bad in bad_reads:
    try:
        print("no error", bad())
    except IndexError as e:
        print("IndexError:", e)
for value in (-1, 70000):
    try:
        frame.set_u16_be(0, value)
    except ValueError as e:
        print("ValueError:", e)
try:
    frame.set_u8(0, 256)
except ValueError as e:
    print("ValueError:", e)
print(bswap16(0x1234) == 0x3412, hex(bswap32(0x12345678)), hex(rotl32(0x80000001, 1)))
print(s8(0xFF), s16(0x8000), u16(-1), u32(-1), s8(0x7F))
zero = Buffer.create(3)
zero.fill(0xAB)
print(zero.hex(), zero.to_bytes(), len(zero.sub(3, 0)), len(zero.shift(3)))
