"""Adler-32 and Fletcher-16 checksums, with a rolling window update, over byte strings.

Features: fixed-width, int, bytes, divmod-pow-round-abs, fstring, list
"""

MOD_ADLER = 65521


def adler32(data: bytes) -> int:
    a, b = 1, 0
    for byte in data:
        a = (a + byte) % MOD_ADLER
        b = (b + a) % MOD_ADLER
    return (b << 16) | a


def fletcher16(data: bytes) -> int:
    s1 = s2 = 0
    for byte in data:
        s1 = (s1 + byte) % 255
        s2 = (s2 + s1) % 255
    return (s2 << 8) | s1


def roll(checksum: int, out_byte: int, in_byte: int, window: int) -> int:
    a = checksum & 0xFFFF
    b = checksum >> 16
    a = (a - out_byte + in_byte) % MOD_ADLER
    b = (b - window * out_byte + a - 1) % MOD_ADLER
    return (b << 16) | a


for text in [b"", b"a", b"abc", b"Wikipedia", b"abcde" * 20]:
    print(f"{text[:12]!r:16} adler32={adler32(text):08x} fletcher16={fletcher16(text):04x}")

data = b"the rolling checksum slides along"
w = 8
c = adler32(data[:w])
matches = 0
for i in range(1, len(data) - w + 1):
    c = roll(c, data[i - 1], data[i + w - 1], w)
    if c == adler32(data[i:i + w]):
        matches += 1
print(f"rolling matched direct computation {matches} of {len(data) - w} times")
print(divmod(adler32(b"xyz"), 1 << 16), hex(adler32(bytes(1000))))
