"""Float arithmetic whose results are exact or correctly rounded: repr, true and floor division.

Features: float, divmod-pow-round-abs, repr-str, fstring, builtin-exception, try-except
"""

a = 7.5
b = 2.0
print(a + b, a - b, a * b, a / b, a // b, a % b, -a // b, -a % b)
print(1 / 3, 2 / 3, 0.1 + 0.2, 0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-15)
print(1e300 * 10, -1e300 * 1e10, 5e-324, 5e-324 / 2, 1.7976931348623157e308)
print(float(3), float("2.5"), float(" -1e-3 "), float("inf"), int(2.99), int(-2.99))
print(repr(1.0), repr(1e16), repr(1e15), repr(0.000123), repr(1.5e-7), repr(123456789012345.6))
print(str(100.0 / 3), 2.0 * 0.5 == 1, 3 * 1.1, 1.1 * 3)
print(7 / 2, 7 // 2, -7 / 2, -7 // 2, 7.0 // -2, 7 % -2.5, 6 / 3, type(6 / 3).__name__)
print(round(2.5), round(-0.5), round(0.125, 2), round(0.375, 2), round(1e15), round(3.14159, 3))
print((0.5).is_integer(), (4.0).is_integer(), 1.5.as_integer_ratio(), (0.1).as_integer_ratio())
print(f"{a:.3f} {1 / 3:.5f} {2 / 3:8.2f}| {1e6:.2e} {12345.678:,.1f} {0.25:%} {-0.0:+.1f}")
print(f"{3.0:g} {1e-5:g} {1234567.0:g} {1.5:010.3f} {7.25:<8}| {7.25:^9}|")
x = 0.0
for _ in range(10):
    x += 0.1
print(x, x == 1.0, round(x, 10) == 1.0, max(0.1, 0.2, -1.0), min(2.5, 2))
try:
    print(1.0 / 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    float("abc")
except ValueError as e:
    print("ValueError:", e)
print(sum([0.5, 0.25, 0.125], 0.0), 3.0 == 3, 2.5 > 2, int(1e18), hash(2.0) == hash(2))
