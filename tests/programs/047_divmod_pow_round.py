"""divmod, pow (with modulus), round (half to even, negative digits), abs, on ints and floats.

Features: divmod-pow-round-abs, int, float, tuple, fstring
"""

for a, b in [(17, 5), (-17, 5), (17, -5), (-17, -5), (0, 3), (5, 17)]:
    q, r = divmod(a, b)
    print(f"divmod({a}, {b}) = ({q}, {r})  check {q * b + r == a}")
print(divmod(7.5, 2), divmod(-7.5, 2), divmod(1, 0.25))

print(pow(2, 10), pow(3, 0), pow(-2, 3), pow(2, 62), 2 ** 10, (-3) ** 3)
print(pow(4, 13, 497), pow(3, 200, 1000007), pow(-7, 3, 10), pow(7, -1, 40))
print(pow(2, -1), 2 ** -2, pow(2.5, 2))


def modexp(base: int, exp: int, mod: int) -> int:
    result = 1
    base %= mod
    while exp > 0:
        if exp & 1:
            result = result * base % mod
        base = base * base % mod
        exp >>= 1
    return result


print(modexp(4, 13, 497) == pow(4, 13, 497), modexp(123456789, 987654321, 1000000007))
print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5), round(2.675, 2))
print(round(1234.5678, 2), round(1234.5678, -2), round(1250, -2), round(1350, -2), round(-1250, -2))
print(round(7), round(7.0), type(round(7.2)).__name__, type(round(7.2, 1)).__name__)
print(abs(-5), abs(5), abs(-0.0), abs(-3.25), abs(0), abs(-(2**62)))
minutes, seconds = divmod(3725, 60)
hours, minutes = divmod(minutes, 60)
print(f"{hours}h {minutes:02d}m {seconds:02d}s")
