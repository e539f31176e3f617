"""Round trips between int and hex/bin/oct text: prefixes, base 0 parsing, padding, negatives,
and a bit-field pretty-printer.

Features: hex-bin-oct, int-base, fstring, str-methods, list, fixed-width
"""

values = [0, 1, 7, 8, 255, 256, 4095, -1, -255, 0xDEADBEEF, 2**40 + 3]
for v in values:
    texts = [hex(v), oct(v), bin(v)]
    back = [int(t, 0) for t in texts]
    print(f"{v:>14} {texts[0]:>12} {texts[1]:>17} back-ok={all(b == v for b in back)}")

for text in ["0xff", "0XFF", "0o755", "0b1010", "0_0", "-0x10", "1_000_000", "+0b1"]:
    print(f"{text!r:>12} -> {int(text, 0)}")
print([int(d, 16) for d in "0123456789abcdefABCDEF"][-7:])
print(int("777", 8), int("11", 3), int("zz", 36), int("Q", 27), int("-101", 2))


def fields(word: int, layout: list[tuple[str, int]]) -> str:
    parts: list[str] = []
    shift = sum(width for _, width in layout)
    for name, width in layout:
        shift -= width
        val = (word >> shift) & ((1 << width) - 1)
        parts.append(f"{name}={val:0{width}b}({val:#x})")
    return " ".join(parts)


layout = [("ver", 4), ("ihl", 4), ("dscp", 6), ("ecn", 2)]
for word in (0x4500, 0x46B8, 0xFFFF):
    print(f"{word:#06x} {word:016b}: {fields(word, layout)}")
print(f"{255:#010b} {255:>#10x} {-42:#x} {42:#X} {0:#o} {8:o}", "%x %o %#X" % (255, 8, 255))
print(bin(0b1011 << 3), hex(0xF0 >> 4), oct(0o17 | 0o60), bin(~0b1010 & 0xF))
