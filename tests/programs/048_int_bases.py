"""Converting between bases: int(s, base) including base 0 prefixes, and hex/bin/oct output.

Features: int-base, hex-bin-oct, fstring, builtin-exception, try-except, list
"""

for text, base in [("ff", 16), ("FF", 16), ("-1010", 2), ("777", 8), ("z", 36), ("Zz", 36),
                   ("0x1F", 0), ("0o17", 0), ("0b11", 0), ("42", 0), ("1_000", 10),
                   ("0xdead_beef", 16), (" 12 ", 10), ("+7", 8)]:
    print(f"int({text!r}, {base}) = {int(text, base)}")

for bad, base in [("12", 2), ("0x", 16), ("", 10), ("08", 0), ("1__0", 10), ("g", 16)]:
    try:
        int(bad, base)
    except ValueError as e:
        print("ValueError:", e)

for v in (0, 7, 255, -255, 4096, 2**40):
    print(f"{v:>14} {hex(v):>13} {oct(v):>16} {bin(v)}")


def to_base(n: int, base: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = ""
    while n:
        n, d = divmod(n, base)
        out = digits[d] + out
    return sign + out


for v, b in [(255, 2), (255, 3), (-1000, 7), (123456789, 36), (9, 2)]:
    s = to_base(v, b)
    print(f"{v} in base {b}: {s} -> back {int(s, b)}")
print(int("11111111", 2) == 0xFF == 0o377 == 255, hex(int("7fffffffffffffff", 16)))
