"""Bit manipulation on 32-bit words: popcount, parity, bit reversal, rotations.

Features: int, fixed-width, hex-bin-oct, fstring
"""

MASK32 = 0xFFFFFFFF


def popcount(x: int) -> int:
    count = 0
    while x != 0:
        x &= x - 1
        count += 1
    return count


def reverse32(x: int) -> int:
    out = 0
    for _ in range(32):
        out = (out << 1) | (x & 1)
        x >>= 1
    return out


def rotl32(x: int, n: int) -> int:
    n %= 32
    return ((x << n) | (x >> (32 - n))) & MASK32


def next_pow2(x: int) -> int:
    p = 1
    while p < x:
        p <<= 1
    return p


for v in (0, 1, 0xF0, 0xDEADBEEF, MASK32):
    print(f"{v:#010x}: popcount={popcount(v):2} parity={popcount(v) % 2} rev={reverse32(v):08x}")

print(f"rotl(0x80000001, 1) = {rotl32(0x80000001, 1):#x}")
print(f"rotl(0x12345678, 8) = {rotl32(0x12345678, 8):#x}")
print(f"rotl(0x12345678, 36) = {rotl32(0x12345678, 36):#x}")
for v in (1, 5, 17, 1000, 1024):
    print(f"next_pow2({v}) = {next_pow2(v)} = {bin(next_pow2(v))}")
print(hex(-255), oct(64), bin(-5), hex(0))
print(-17 >> 2, -17 & 0xFF, ~0x0F & 0xFF, 7 ^ 2, (-1) & MASK32)
low = 0xDEADBEE0 & -0xDEADBEE0
print(f"lowest set bit of 0xDEADBEE0: {low} ({low:b})")
