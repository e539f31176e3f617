"""CRC-32 (IEEE 802.3) with a precomputed 256-entry table, checked against known vectors.

Features: fixed-width, int, list, bytes, str-methods, fstring, comprehension
"""

POLY = 0xEDB88320


def make_table() -> list[int]:
    table: list[int] = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ POLY if c & 1 else c >> 1
        table.append(c)
    return table


TABLE = make_table()


def crc32(data: bytes, crc: int = 0) -> int:
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


print([f"{t:08x}" for t in TABLE[:4]], f"{TABLE[255]:08x}")
for text in ["", "a", "abc", "123456789", "The quick brown fox jumps over the lazy dog", "é"]:
    print(f"crc32({text!r}) = {crc32(text.encode()):08x}")

whole = crc32(b"hello, world")
part = crc32(b", world", crc32(b"hello"))
print(f"incremental {part:08x} == whole {whole:08x}: {part == whole}")
frame = b"payload!" + crc32(b"payload!").to_bytes(4, "little")
print(frame.hex(), f"residue {crc32(frame):08x}")
corrupted = bytes([frame[0] ^ 1]) + frame[1:]
print("corrupted detected:", crc32(corrupted[:-4]) != int.from_bytes(corrupted[-4:], "little"))
