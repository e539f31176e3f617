"""Roman numerals: conversion both ways, validation by round trip, and a little arithmetic.

Features: str-index, list, tuple, dict, builtin-exception, try-except, fstring, range-step
"""

VALUES = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
SYMBOL = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def to_roman(n: int) -> str:
    if not 0 < n < 4000:
        raise ValueError(f"{n} cannot be written in roman numerals")
    out = ""
    for value, sym in VALUES:
        while n >= value:
            out += sym
            n -= value
    return out


def from_roman(s: str) -> int:
    total = 0
    for i, c in enumerate(s):
        if c not in SYMBOL:
            raise ValueError(f"invalid roman digit {c!r}")
        v = SYMBOL[c]
        if i + 1 < len(s) and SYMBOL.get(s[i + 1], 0) > v:
            total -= v
        else:
            total += v
    if to_roman(total) != s:
        raise ValueError(f"{s!r} is not canonical (did you mean {to_roman(total)}?)")
    return total


for n in [1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999]:
    print(f"{n:>5} = {to_roman(n)}")
for s in ["MCMXCIV", "XLII", "IIII", "VX", "MMXXV", "ABC"]:
    try:
        print(f"{s} = {from_roman(s)}")
    except ValueError as e:
        print("ValueError:", e)
print(to_roman(from_roman("XLII") + from_roman("LVIII")))
print(all(from_roman(to_roman(n)) == n for n in range(1, 4000, 7)))
try:
    to_roman(0)
except ValueError as e:
    print("ValueError:", e)
