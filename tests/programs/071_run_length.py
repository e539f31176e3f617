"""Run-length encoding of strings and bytes, with a decoder and a round-trip check.

Features: str-index, str-methods, bytes, bytearray, list, tuple, enumerate-zip, fstring
"""


def rle(s: str) -> list[tuple[str, int]]:
    runs: list[tuple[str, int]] = []
    for c in s:
        if runs and runs[-1][0] == c:
            runs[-1] = (c, runs[-1][1] + 1)
        else:
            runs.append((c, 1))
    return runs


def encode(s: str) -> str:
    return "".join(f"{n}{c}" if n > 1 else c for c, n in rle(s))


def decode(s: str) -> str:
    out: list[str] = []
    count = ""
    for c in s:
        if c.isdigit():
            count += c
        else:
            out.append(c * int(count or "1"))
            count = ""
    return "".join(out)


def rle_bytes(data: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(data):
        j = i
        while j < len(data) and data[j] == data[i] and j - i < 255:
            j += 1
        out += bytes([j - i, data[i]])
        i = j
    return bytes(out)


for s in ["WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW", "abc", "aabcccd", ""]:
    e = encode(s)
    print(f"{len(s):>3} -> {len(e):>3}: {e!r} ok={decode(e) == s}")
print(rle("mississippi"))
packed = rle_bytes(bytes(300) + b"\x01\x01\x02")
print(packed.hex(" "), len(packed))
print(max(rle("aaabbbbbcc"), key=lambda r: r[1]))
