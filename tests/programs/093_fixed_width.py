"""Fixed-width integer helpers for wire formats: u8/u16/u32 wrapping, sign extension, byte swaps.

Features: fixed-width, int, hex-bin-oct, fstring
"""


def u8(x: int) -> int:
    return x & 0xFF


def u16(x: int) -> int:
    return x & 0xFFFF


def u32(x: int) -> int:
    return x & 0xFFFFFFFF


def s8(x: int) -> int:
    x = u8(x)
    return x - 0x100 if x >= 0x80 else x


def s16(x: int) -> int:
    x = u16(x)
    return x - 0x10000 if x & 0x8000 else x


def s32(x: int) -> int:
    x = u32(x)
    return x - (1 << 32) if x >> 31 else x


def bswap16(x: int) -> int:
    return ((x & 0xFF) << 8) | ((x >> 8) & 0xFF)


def bswap32(x: int) -> int:
    return (bswap16(x & 0xFFFF) << 16) | bswap16(x >> 16)


print(u8(300), u8(-1), u16(70000), u16(-2), u32(-1), u32(1 << 32))
print(s8(0x7F), s8(0x80), s8(0xFF), s8(-129), s16(0x8000), s16(0x7FFF), s32(0xFFFFFFFE))
print(f"{bswap16(0x1234):#06x} {bswap32(0x12345678):#010x} {bswap32(bswap32(0xCAFEBABE)):#x}")
seq = 0xFFFE
line = ""
for i in range(5):
    line += f"{seq:04x} "
    seq = u16(seq + 1)
print("sequence numbers wrap:", line)
a = 0xFFFFFFF0
b = 0x20
print(f"u32 add {u32(a + b):#x}, sub {u32(b - a):#x}, mul {u32(a * 3):#x}, neg {u32(-a):#x}")
print(f"{s16(u16(-300)) == -300} {u8(s8(200)) == 200} {hex(u32(~0x0F0F0F0F))} {bin(u8(~5))}")
checksum = 0
for v in range(0, 1000, 37):
    checksum = u16(checksum + v * 257)
print("u16 running checksum:", checksum, hex(checksum), oct(u8(checksum)))
