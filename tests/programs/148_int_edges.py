"""Integer semantics at the edges: floor division and modulo signs, shifts, the 64-bit limits,
chained comparisons, and negative zero free ints.

Features: int, hex-bin-oct, fstring, divmod-pow-round-abs
"""

MAX = 9223372036854775807
MIN = -MAX - 1

print(MAX, MIN, hex(MAX), hex(MIN), bin(MAX).count("1"))
print(MAX - 1 + 1 == MAX, MIN + 1 - 1 == MIN, -(MIN + 1), MAX // -1, MIN // 2, MIN % 7)
for a in (7, -7):
    for b in (2, -2, 3, -3):
        print(f"{a:>3} // {b:>2} = {a // b:>3}   {a:>3} % {b:>2} = {a % b:>3}")
print(1 << 62, (1 << 62) - 1 + (1 << 62), -1 >> 1, -8 >> 1, -9 >> 2, 5 >> 10, -5 >> 10)
print(MAX >> 62, MIN >> 63, (MAX >> 32) << 32 == MAX - 0xFFFFFFFF, ~MAX == MIN, ~MIN == MAX)
print(MAX & MIN, MAX | MIN, MAX ^ MIN, -1 & 0xFF, -256 | 0x0F, 12345 ^ 12345)
x = int("17")
print(1 < x < 20, 1 < x > 20, 0 <= x % 5 <= 2, x == 17 != x + 1, 3 < x < 1)
print(abs(MIN + 1), abs(-0), -0, 0 == -0, 10 ** 18, 3 ** 39, 2 ** 62 + (2 ** 62 - 1))
total = 0
for i in range(1, 100001):
    total += i * i
print("sum of squares to 1e5:", total, f"{total:,}", f"{total:e}")
fact = 1
for i in range(1, 21):
    fact *= i
print("20! =", fact, "fits:", fact <= MAX, "21 * 20! would not:", MAX // 21 < fact)
print(int("-9223372036854775808") == MIN, int("  42  "), int("-0"), str(MIN)[:5], len(str(MAX)))
