"""Formatting durations and clock times from seconds with // and %, in several styles.

Features: int, fstring, divmod-pow-round-abs, default-kwargs
"""


def hms(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    s = abs(seconds)
    return f"{sign}{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


def human(seconds: int, parts: int = 2) -> str:
    units = "dhms"
    sizes0 = 86400
    out = ""
    shown = 0
    rest = seconds
    size = sizes0
    for i in range(4):
        n = rest // size
        rest = rest % size
        if n > 0 and shown < parts:
            out += f"{n}{units[i]} "
            shown += 1
        if i == 0:
            size = 3600
        elif i == 1:
            size = 60
        else:
            size = 1
    if out == "":
        return "0s"
    return out[:len(out) - 1]


def clock(minutes_after_midnight: int, twelve_hour: bool = False) -> str:
    m = minutes_after_midnight % 1440
    h = m // 60
    if not twelve_hour:
        return f"{h:02d}:{m % 60:02d}"
    suffix = "am" if h < 12 else "pm"
    h12 = h % 12
    if h12 == 0:
        h12 = 12
    return f"{h12}:{m % 60:02d}{suffix}"


for s in (0, 59, 60, 3599, 3600, 86399, 90061, -75, 1000000):
    print(f"{s:>8} -> {hms(s):>10} {human(s):>8} {human(s, parts=4)}")
for m in (0, 59, 720, 779, 1439, 1440, -30, 2000):
    print(f"{m:>5} min: {clock(m)} {clock(m, twelve_hour=True):>7}")
total = 0
for lap in range(1, 6):
    total += 61 * lap + 17
print("race time:", hms(total), human(total, 1), abs(-total))
