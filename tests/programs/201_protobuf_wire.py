"""A protobuf-style wire format: base-128 varints, zigzag for signed values, length-delimited
fields and fixed32; messages encoded from field lists and decoded back with match on wire type.

Features: bytearray, bytes, bytes-hex, int-bytes, match, tuple, list, dict, builtin-exception, try-except, fstring, union-isinstance
"""

from typing import Union

Value = Union[int, bytes]
VARINT, FIXED64, LEN, FIXED32 = 0, 1, 2, 5


def put_varint(out: bytearray, n: int) -> None:
    if n < 0:
        raise ValueError(f"varint of negative {n}")
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


def get_varint(data: bytes, at: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if at >= len(data):
            raise ValueError("truncated varint")
        byte = data[at]
        at += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, at
        shift += 7
        if shift > 49:
            raise ValueError("varint too long")


def zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 63) if n < 0 else n << 1


def unzigzag(z: int) -> int:
    return (z >> 1) ^ -(z & 1)


def encode(fields: list[tuple[int, int, Value]]) -> bytes:
    out = bytearray()
    for num, wire, value in fields:
        put_varint(out, (num << 3) | wire)
        if isinstance(value, bytes):
            put_varint(out, len(value))
            out += value
        elif wire == FIXED32:
            out += value.to_bytes(4, "little")
        else:
            put_varint(out, value)
    return bytes(out)


def decode(data: bytes) -> list[tuple[int, Value]]:
    fields: list[tuple[int, Value]] = []
    at = 0
    while at < len(data):
        key, at = get_varint(data, at)
        num, wire = key >> 3, key & 7
        match wire:
            case 0:
                v, at = get_varint(data, at)
                fields.append((num, v))
            case 2:
                n, at = get_varint(data, at)
                if at + n > len(data):
                    raise ValueError(f"field {num}: {n} bytes past the end")
                fields.append((num, data[at:at + n]))
                at += n
            case 5:
                fields.append((num, int.from_bytes(data[at:at + 4], "little")))
                at += 4
            case other:
                raise ValueError(f"unsupported wire type {other}")
    return fields


for n in [0, 1, 127, 128, 300, 16384, 2**31 - 1, 2**55 + 3]:
    buf = bytearray()
    put_varint(buf, n)
    print(f"{n:>20} -> {buf.hex(' '):<30} back={get_varint(bytes(buf), 0)[0] == n}")
print([zigzag(n) for n in (0, -1, 1, -2, 2, -64, 63)], [unzigzag(z) for z in (0, 1, 2, 3, 127)])
msg = encode([(1, VARINT, 150), (2, LEN, b"testing"), (3, VARINT, zigzag(-42)),
              (4, FIXED32, 0xDEADBEEF), (5, LEN, encode([(1, VARINT, 7)])), (1, VARINT, 1)])
print(msg.hex(), len(msg))
by_num: dict[int, list[Value]] = {}
for num, value in decode(msg):
    by_num.setdefault(num, []).append(value)
    shown = value.hex() if isinstance(value, bytes) else f"{value:#x}"
    print(f"  field {num}: {type(value).__name__:<5} {shown}")
print(by_num[1], unzigzag(by_num[3][0]) if isinstance(by_num[3][0], int) else None)
nested = by_num[5][0]
print(decode(nested) if isinstance(nested, bytes) else "?")
for bad in [b"\x08", b"\x12\x05abc", b"\x0b\x00", b"\x08" + b"\xff" * 9 + b"\x01"]:
    try:
        print(decode(bad))
    except ValueError as e:
        print("ValueError:", e)
try:
    encode([(1, VARINT, -5)])
except ValueError as e:
    print("ValueError:", e)
