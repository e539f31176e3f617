"""int.to_bytes and int.from_bytes: big and little endian, signed values, round trips.

Features: int-bytes, bytes, fixed-width, hex-bin-oct, builtin-exception, try-except
"""

for v in (0, 1, 255, 256, 0x1234, 0xDEADBEEF):
    big = v.to_bytes(4, "big")
    little = v.to_bytes(4, "little")
    print(f"{v:#010x} big={big.hex()} little={little.hex()} "
          f"back={int.from_bytes(big, 'big')},{int.from_bytes(little, 'little')}")

for v in (-1, -128, 127, -32768, 1000):
    raw = v.to_bytes(2, "big", signed=True)
    print(v, raw, raw.hex(), int.from_bytes(raw, "big", signed=True), int.from_bytes(raw, "big"))

print(int.from_bytes(b"\x01\x00", "little"), int.from_bytes(b"", "big"), int.from_bytes(b"\xff" * 7, "big"))
print(int.from_bytes([1, 2, 3], "big"), (65).to_bytes(1, "big"), (0).to_bytes(0, "big"))
print((0x7FFFFFFFFFFFFFFF).to_bytes(8, "big").hex(), int.from_bytes(b"\x80" + bytes(7), "big", signed=True))


def u16(b: bytes, offset: int) -> int:
    return int.from_bytes(b[offset:offset + 2], "big")


def u32(b: bytes, offset: int) -> int:
    return int.from_bytes(b[offset:offset + 4], "big")


packet = bytes.fromhex("00500035001c1a2b") + (0xCAFEBABE).to_bytes(4, "big")
print(u16(packet, 0), u16(packet, 2), u16(packet, 4), hex(u16(packet, 6)), hex(u32(packet, 8)))
for v, n, signed in [(256, 1, False), (-1, 1, False), (128, 1, True), (-129, 1, True)]:
    try:
        v.to_bytes(n, "big", signed=signed)
    except OverflowError as e:
        print("OverflowError:", e)
print(len((12345).to_bytes(3, "little")), (12345).to_bytes(3, "little")[0])
