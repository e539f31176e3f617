"""A suite of checksums over the same payloads: Internet checksum, Fletcher-16, Adler-32,
CRC-8 and XOR, stored as functions in a dict and applied with map; results in hex tables.

Features: callable, dict, list, bytes, bytes-hex, fixed-width, fstring, hex-bin-oct, int, lambda, module-constants
"""

from collections.abc import Callable

from pyrage.stdlib.fixedwidth import bswap16, u16, u32

Checksum = Callable[[bytes], int]


def inet(data: bytes) -> int:
    total = 0
    for i in range(0, len(data) - 1, 2):
        total += (data[i] << 8) | data[i + 1]
    if len(data) % 2:
        total += data[-1] << 8
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return u16(~total)


def fletcher16(data: bytes) -> int:
    a = b = 0
    for byte in data:
        a = (a + byte) % 255
        b = (b + a) % 255
    return (b << 8) | a


def adler32(data: bytes) -> int:
    a, b = 1, 0
    for byte in data:
        a = (a + byte) % 65521
        b = (b + a) % 65521
    return u32((b << 16) | a)


def crc8(data: bytes, poly: int = 0x07) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ poly) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def xor8(data: bytes) -> int:
    acc = 0
    for byte in data:
        acc ^= byte
    return acc


ALGOS: dict[str, Checksum] = {
    "inet": inet, "fletcher16": fletcher16, "adler32": adler32, "crc8": crc8, "xor8": xor8,
    "crc8-maxim": lambda d: crc8(d, 0x31), "len": len,
}
PAYLOADS = [b"", b"a", b"abcde", b"Wikipedia", b"\x45\x00\x00\x1c\x00\x00\x00\x00\x40\x11",
            bytes(range(16)), b"\xff" * 7]

print(f"{'payload':<22}" + "".join(f"{name:>12}" for name in ALGOS))
for p in PAYLOADS:
    row = list(map(lambda fn: fn(p), ALGOS.values()))
    print(f"{p.hex()[:20]:<22}" + "".join(f"{v:>#12x}" for v in row))
chosen = [ALGOS[n] for n in ("adler32", "len")]
print([list(map(fn, PAYLOADS[1:4])) for fn in chosen])
digests = {name: fn(b"Wikipedia") for name, fn in ALGOS.items() if name != "len"}
print(digests["adler32"] == 0x11E60398, digests["fletcher16"], f"{digests['crc8']:08b}")
hdr = bytearray(b"\x45\x00\x00\x1c\x00\x00\x00\x00\x40\x11\x00\x00\x0a\x00\x00\x01\x0a\x00\x00\x02")
c = inet(bytes(hdr))
hdr[10:12] = c.to_bytes(2, "big")
print(hex(c), hex(bswap16(c)), inet(bytes(hdr)), hdr.hex(" ", 4))
flip = bytearray(PAYLOADS[3])
flip[0] ^= 0x01
changed = [name for name, fn in ALGOS.items() if fn(bytes(flip)) != fn(PAYLOADS[3])]
print("detects 1-bit flip:", changed)
swap = PAYLOADS[3][1::-1] + PAYLOADS[3][2:]
print("detects swap:", [name for name, fn in ALGOS.items() if fn(swap) != fn(PAYLOADS[3])])
print(sorted(ALGOS, key=lambda n: ALGOS[n](b"abcde")), oct(xor8(b"abcde")), bin(crc8(b"\x01")))
