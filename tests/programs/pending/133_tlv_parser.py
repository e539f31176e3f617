"""A type-length-value parser and builder for a small binary config format, with nesting.

Features: bytes, bytes-hex, int-bytes, list, tuple, union-isinstance, isinstance, user-exception, try-except
"""

from typing import Union

Value = Union[int, str, bytes, list["Field"]]
Field = tuple[int, Value]

T_INT, T_STR, T_RAW, T_NEST = 1, 2, 3, 4


class TLVError(Exception):
    pass


def build(fields: list[Field]) -> bytes:
    out = b""
    for tag, value in fields:
        if isinstance(value, int):
            body, kind = value.to_bytes(4, "big", signed=True), T_INT
        elif isinstance(value, str):
            body, kind = value.encode(), T_STR
        elif isinstance(value, bytes):
            body, kind = value, T_RAW
        else:
            body, kind = build(value), T_NEST
        out += bytes([tag, kind]) + len(body).to_bytes(2, "big") + body
    return out


def parse(data: bytes) -> list[Field]:
    fields: list[Field] = []
    pos = 0
    while pos < len(data):
        if pos + 4 > len(data):
            raise TLVError(f"truncated header at {pos}")
        tag, kind = data[pos], data[pos + 1]
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        body = data[pos + 4:pos + 4 + length]
        if len(body) != length:
            raise TLVError(f"field {tag} wants {length} bytes, has {len(body)}")
        value: Value
        if kind == T_INT:
            value = int.from_bytes(body, "big", signed=True)
        elif kind == T_STR:
            value = body.decode()
        elif kind == T_RAW:
            value = body
        elif kind == T_NEST:
            value = parse(body)
        else:
            raise TLVError(f"unknown kind {kind}")
        fields.append((tag, value))
        pos += 4 + length
    return fields


config: list[Field] = [(1, "edge-01"), (2, -42), (3, b"\x00\x01"), (9, [(1, 8080), (2, "tcp")])]
blob = build(config)
print(len(blob), blob.hex())
print(parse(blob))
print(parse(blob) == config, parse(b""), parse(build([(7, "ünï")])))
for bad in [blob[:3], blob[:-1], bytes([1, 9, 0, 0])]:
    try:
        parse(bad)
    except TLVError as e:
        print("TLVError:", e)
