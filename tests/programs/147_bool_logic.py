"""Boolean logic: truth tables, short-circuit evaluation order, and/or returning operands,
truthiness of ints and strings, and explicit int(b) conversions.

Features: bool, int, fstring, print-options, default-kwargs
"""


def trace(label: str, value: bool) -> bool:
    print(f"  eval {label}", end=";")
    return value


def implies(a: bool, b: bool) -> bool:
    return not a or b


def xor(a: bool, b: bool) -> bool:
    return a != b


print("a     b     and   or    xor   ->")
for ai in range(2):
    for bi in range(2):
        a = ai == 1
        b = bi == 1
        print(f"{a!s:<6}{b!s:<6}{a and b!s:<6}{a or b!s:<6}{xor(a, b)!s:<6}{implies(a, b)}")

print("short-circuit and:")
r = trace("left", False) and trace("right", True)
print(" ->", r)
print("short-circuit or:")
r = trace("left", True) or trace("right", False)
print(" ->", r)
print("both evaluated:")
r = trace("left", True) and trace("right", False)
print(" ->", r)

print(0 or 5, 3 or 5, 0 and 5, 3 and 5, "" or "default", "x" and "y", 0 or "" or "last")
count = 0
for n in range(-3, 4):
    is_pos = n > 0
    count += int(is_pos)
    print(f"{n:>2}: positive={is_pos!s:<5} as int={int(is_pos)} truthy={bool(n)}")
print("positives:", count, "True+True =", int(True) + int(True), "not 0 =", not 0, "not 7 =", not 7)
flags = 0
for bit in range(6):
    on = bit % 3 != 1
    flags |= int(on) << bit
print(f"flags={flags:#08b} all={flags == 0b111111} any={flags != 0} bool(flags)={bool(flags)}")
print(bool(""), bool("0"), bool(0), bool(-1), True == 1, False < True, str(True) + str(False))
