"""The Internet ones'-complement checksum (RFC 1071)."""


def internet(data: bytes) -> int:
    if len(data) % 2:
        data += b"\x00"
    total = 0
    for i in range(0, len(data), 2):
        total += data[i] << 8 | data[i + 1]
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def verify(header: bytes) -> bool:
    return internet(header) == 0
