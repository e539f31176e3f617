"""UTF-8 encoding by hand from code points, compared with str.encode, plus byte/char length stats.

Features: str-index, bytes, bytearray, bytes-hex, fixed-width, list, str-methods, builtin-exception
"""


def utf8(cp: int) -> bytes:
    if cp < 0x80:
        return bytes([cp])
    if cp < 0x800:
        return bytes([0xC0 | cp >> 6, 0x80 | cp & 0x3F])
    if cp < 0x10000:
        return bytes([0xE0 | cp >> 12, 0x80 | cp >> 6 & 0x3F, 0x80 | cp & 0x3F])
    return bytes([0xF0 | cp >> 18, 0x80 | cp >> 12 & 0x3F, 0x80 | cp >> 6 & 0x3F, 0x80 | cp & 0x3F])


def decode(data: bytes) -> list[int]:
    cps: list[int] = []
    i = 0
    while i < len(data):
        b = data[i]
        n = 0 if b < 0x80 else 1 if b >> 5 == 0b110 else 2 if b >> 4 == 0b1110 else 3
        cp = b & (0x7F >> n if n else 0x7F)
        for k in range(1, n + 1):
            cp = cp << 6 | data[i + k] & 0x3F
        cps.append(cp)
        i += n + 1
    return cps


samples = ["A", "é", "€", "𝄞", "naïve café", "日本語", "emoji 🙂!"]
for s in samples:
    manual = b"".join(utf8(ord(c)) for c in s)
    print(f"{s!r:14} chars={len(s):2} bytes={len(s.encode()):2} {manual.hex(' '):<32} "
          f"same={manual == s.encode('utf-8')}")
text = "".join(samples)
cps = decode(text.encode())
print(len(cps), "".join(chr(c) for c in cps) == text, [hex(c) for c in cps[:4]])
print(max(text), min(text), sorted(set(text))[-3:], text[::-1][:5])
widths = [len(c.encode()) for c in text]
print("by width:", [widths.count(w) for w in (1, 2, 3, 4)])
try:
    b"\xff\xfe".decode()
except UnicodeDecodeError as e:
    print("UnicodeDecodeError at", e.start, e.reason)
print("é".encode("utf-8"), "abc".encode(), bytearray("ü", "utf-8"), len("ü".encode()))
