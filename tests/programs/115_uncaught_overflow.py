"""Packing sensor values into 16-bit fields; a value that does not fit raises OverflowError (exit 1).

Features: uncaught, builtin-exception, int-bytes, bytes, bytes-hex, fixed-width, list
"""

readings = [0, 513, 4095, 65535, 1234]


def pack(values: list[int]) -> bytes:
    out = b""
    for v in values:
        out += v.to_bytes(2, "big")
    return out


def unpack(data: bytes) -> list[int]:
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


frame = pack(readings)
print(frame.hex(" "), len(frame))
print(unpack(frame) == readings, unpack(frame)[1:3])
signed = [v - 32768 for v in readings]
sframe = b"".join(v.to_bytes(2, "little", signed=True) for v in signed)
print(sframe.hex(), [int.from_bytes(sframe[i:i + 2], "little", signed=True) for i in range(0, 10, 2)])
readings.append(70000)
print("packing", readings)
print(pack(readings).hex())
