"""Parsing version strings into comparable ints; the last one is malformed and the ValueError
from int() ends the program (exit status 1).

Features: uncaught, builtin-exception, str-methods, str-index, int, fstring
"""


def component(v: str, index: int) -> int:
    start = 0
    for _ in range(index):
        start = v.find(".", start) + 1
    end = v.find(".", start)
    if end < 0:
        end = len(v)
    return int(v[start:end])


def as_number(v: str) -> int:
    return component(v, 0) * 1000000 + component(v, 1) * 1000 + component(v, 2)


def newer(a: str, b: str) -> str:
    return a if as_number(a) >= as_number(b) else b


latest = "0.0.0"
print("start:", latest, as_number(latest))
latest = newer("1.2.3", latest)
print("after 1.2.3:", latest, as_number(latest))
latest = newer("1.10.0", latest)
print("after 1.10.0:", latest, as_number(latest))
latest = newer("1.9.12", latest)
print("after 1.9.12:", latest, as_number(latest))
print(f"{as_number('10.20.30'):>12,}")
latest = newer("2.0.0-rc1", latest)
print("unreachable", latest)
