"""Luhn checksums for card numbers given as strings: validation and check-digit generation.

The last number has a stray letter: int() raises a ValueError nobody catches (exit status 1).

Features: str-index, int, fstring, builtin-exception, uncaught
"""


def luhn_sum(digits: str, double_first: bool) -> int:
    total = 0
    double = double_first
    i = len(digits) - 1
    while i >= 0:
        d = int(digits[i])
        if double:
            d *= 2
            if d > 9:
                d -= 9
        total += d
        double = not double
        i -= 1
    return total


def clean(number: str) -> str:
    out = ""
    for i in range(len(number)):
        c = number[i]
        if c != " " and c != "-":
            out += c
    return out


def is_valid(number: str) -> bool:
    n = clean(number)
    return len(n) > 1 and luhn_sum(n, False) % 10 == 0


def check_digit(partial: str) -> int:
    return (10 - luhn_sum(clean(partial), True) % 10) % 10


for card in ["4539 3195 0343 6467", "8273 1232 7352 0569", "79927398713", "0", "059",
             "4111-1111-1111-1111", "4111-1111-1111-1112"]:
    print(f"{card:>22}: {'valid' if is_valid(card) else 'invalid'}")
for partial in ["7992739871", "411111111111111", "123456789"]:
    d = check_digit(partial)
    full = partial + str(d)
    print(f"{partial} + check digit {d} -> {full} valid={is_valid(full)}")
print("scanning a bad input:")
print(is_valid("4539 3195 0343 646x"))
