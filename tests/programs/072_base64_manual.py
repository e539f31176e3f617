"""Base64 encoding and decoding by hand with bit operations, checked on the RFC 4648 vectors.

Features: bytes, bytearray, str-index, fixed-width, dict, user-exception, try-except, range-step
"""

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
INDEX = {c: i for i, c in enumerate(ALPHABET)}


class DecodeError(Exception):
    pass


def b64encode(data: bytes) -> str:
    out: list[str] = []
    for i in range(0, len(data), 3):
        chunk = data[i:i + 3]
        n = int.from_bytes(chunk + bytes(3 - len(chunk)), "big")
        chars = [ALPHABET[(n >> shift) & 0x3F] for shift in (18, 12, 6, 0)]
        keep = len(chunk) + 1
        out.append("".join(chars[:keep]) + "=" * (4 - keep))
    return "".join(out)


def b64decode(text: str) -> bytes:
    if len(text) % 4:
        raise DecodeError(f"length {len(text)} is not a multiple of 4")
    out = bytearray()
    for i in range(0, len(text), 4):
        quad = text[i:i + 4]
        pad = len(quad) - len(quad.rstrip("="))
        n = 0
        for c in quad.rstrip("="):
            if c not in INDEX:
                raise DecodeError(f"bad character {c!r}")
            n = (n << 6) | INDEX[c]
        n <<= 6 * pad
        out += n.to_bytes(3, "big")[:3 - pad]
    return bytes(out)


for s in [b"", b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", "héllo ✓".encode(), bytes([0, 255, 128])]:
    enc = b64encode(s)
    print(f"{s!r:28} {enc:<16} {b64decode(enc) == s}")
for bad in ["abc", "ab!d", "QUJD"]:
    try:
        print(b64decode(bad))
    except DecodeError as e:
        print("DecodeError:", e)
