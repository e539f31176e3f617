"""LEB128 / protobuf varints and zigzag encoding for signed ints, with a byte stream decoder.

Features: fixed-width, bytes, bytearray, bytes-hex, int, tuple, user-exception, try-except
"""


class Truncated(Exception):
    pass


def encode_varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def decode_varint(data: bytes, pos: int = 0) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise Truncated(f"varint runs past the end at byte {pos}")
        b = data[pos]
        result |= (b & 0x7F) << shift
        pos += 1
        if not b & 0x80:
            return result, pos
        shift += 7


def zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 63)


def unzigzag(z: int) -> int:
    return (z >> 1) ^ -(z & 1)


for n in [0, 1, 127, 128, 300, 16384, 2**31 - 1, 2**62]:
    enc = encode_varint(n)
    print(f"{n:>20} -> {enc.hex(' '):<30} back {decode_varint(enc)[0] == n}")
for n in [0, -1, 1, -2, 63, -64, 2**40, -(2**40)]:
    z = zigzag(n) & 0xFFFFFFFFFFFFFFF
    print(f"zigzag({n}) = {z}, back {unzigzag(z)}")
stream = b"".join(encode_varint(zigzag(v) & 0xFFFFFFFFFFFF) for v in [5, -300, 70000, -1])
values: list[int] = []
pos = 0
while pos < len(stream):
    z, pos = decode_varint(stream, pos)
    values.append(unzigzag(z))
print(stream.hex(), values)
try:
    decode_varint(b"\xff\xff")
except Truncated as e:
    print("Truncated:", e)
