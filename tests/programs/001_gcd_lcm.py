"""Greatest common divisor and least common multiple, by Euclid's algorithm.

Features: int, default-kwargs, fstring
"""


def gcd(a: int, b: int) -> int:
    a = abs(a)
    b = abs(b)
    while b != 0:
        r = a % b
        a = b
        b = r
    return a


def gcd_rec(a: int, b: int) -> int:
    return abs(a) if b == 0 else gcd_rec(b, a % b)


def lcm(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return abs(a // gcd(a, b) * b)


def coprime(a: int, b: int, strict: bool = True) -> bool:
    g = gcd(a, b)
    return g == 1 if strict else g <= 2


print(f"gcd(48, 18) = {gcd(48, 18)}")
print(f"gcd(-48, 18) = {gcd(-48, 18)}, recursive {gcd_rec(-48, 18)}")
print(f"gcd(0, 7) = {gcd(0, 7)}, gcd(0, 0) = {gcd(0, 0)}")
print(f"lcm(4, 6) = {lcm(4, 6)}, lcm(-4, 6) = {lcm(-4, 6)}")
print("coprime:", coprime(35, 64), coprime(35, 63), coprime(14, 4, strict=False))

acc = 1
for n in range(1, 26):
    acc = lcm(acc, n)
    if n % 5 == 0:
        print(f"lcm(1..{n:2}) = {acc:>14}")

count = 0
for a in range(1, 31):
    for b in range(1, 31):
        if gcd(a, b) == 1:
            count += 1
print("coprime pairs in 1..30:", count)
