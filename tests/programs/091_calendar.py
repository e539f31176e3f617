"""Calendar arithmetic: leap years, month lengths, day of week (Zeller), and a printed month grid.

Features: int, fstring, print-options, range-step, default-kwargs
"""

NAMES = "MonTueWedThuFriSatSun"


def is_leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def month_days(y: int, m: int) -> int:
    if m == 2:
        return 29 if is_leap(y) else 28
    if m == 4 or m == 6 or m == 9 or m == 11:
        return 30
    return 31


def weekday(y: int, m: int, d: int) -> int:
    """0 = Monday ... 6 = Sunday."""
    if m < 3:
        m += 12
        y -= 1
    k = y % 100
    j = y // 100
    h = (d + 13 * (m + 1) // 5 + k + k // 4 + j // 4 + 5 * j) % 7
    return (h + 5) % 7


def day_name(y: int, m: int, d: int) -> str:
    w = weekday(y, m, d)
    return NAMES[3 * w:3 * w + 3]


def print_month(y: int, m: int) -> None:
    print(f"      {y}-{m:02d}")
    print("Mo Tu We Th Fr Sa Su")
    start = weekday(y, m, 1)
    print("   " * start, end="")
    for d in range(1, month_days(y, m) + 1):
        end = "\n" if (start + d) % 7 == 0 else " "
        print(f"{d:2}", end=end)
    if (start + month_days(y, m)) % 7 != 0:
        print()


for y in (1900, 2000, 2023, 2024, 2100):
    print(y, "leap" if is_leap(y) else "common", month_days(y, 2))
print(day_name(1969, 7, 20), day_name(2000, 1, 1), day_name(2024, 2, 29), day_name(1815, 6, 18))
print_month(2024, 2)
print_month(2023, 10)
count = 0
for y in range(1901, 2001):
    for m in range(1, 13):
        if weekday(y, m, 1) == 6:
            count += 1
print("Sundays on the first of a month in the 20th century:", count)
