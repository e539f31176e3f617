"""A sales report laid out with format() specs and str.format, totals in integer cents.

Features: str-format-percent, fstring, int, default-kwargs
"""


def money(cents: int, width: int = 10) -> str:
    sign = "-" if cents < 0 else ""
    c = abs(cents)
    text = "{}{:,}.{:02d}".format(sign, c // 100, c % 100)
    return format(text, ">" + str(width))


def row(name: str, units: int, cents: int) -> str:
    return "{:<12}|{:>6}|{}|{}".format(name, units, money(cents), money(units * cents, 12))


print("{:<12}|{:>6}|{:>10}|{:>12}".format("item", "units", "price", "total"))
print("{:-<12}+{:->6}+{:->10}+{:->12}".format("", "", "", ""))
print(row("espresso", 1520, 250))
print(row("croissant", 830, 325))
print(row("gift card", 12, 250000))
print(row("refund", -3, 1999))
total = 1520 * 250 + 830 * 325 + 12 * 250000 - 3 * 1999
print("{:=<12}={:=>6}={:=>10}={:=>12}".format("", "", "", ""))
print("{0:<12} {1:>6} {2:>10} {3}".format("TOTAL", "", "", money(total, 12)))
print("{name} sold {n:d} items ({pct:.1f}% coffee)".format(name="shop", n=2359, pct=64.434))
print("hex id {0:#x}, padded {0:08d}, signed {1:+d} {1: d}".format(48879, -7))
print(format(1234567, ","), format(-42, "06d"), format("ab", "^6"), format(255, "b"))
print("{{literal braces}} {}".format("ok"), "{:>{}}".format("w", 4), "{!r}".format("q"))
