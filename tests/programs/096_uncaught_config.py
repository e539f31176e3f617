"""Reading key=value settings; a malformed number is not caught and ends the program (exit 1).

Features: uncaught, builtin-exception, str-methods, str-index, int, fstring
"""

SETTINGS = "port=8080;workers=4;timeout=30s;retries=3"


def field(text: str, index: int) -> str:
    start = 0
    for _ in range(index):
        start = text.find(";", start) + 1
    end = text.find(";", start)
    if end < 0:
        end = len(text)
    return text[start:end]


def key_of(item: str) -> str:
    return item[:item.find("=")]


def value_of(item: str) -> int:
    return int(item[item.find("=") + 1:])


total = 0
for i in range(4):
    item = field(SETTINGS, i)
    print(f"field {i}: {item!r} key={key_of(item)!r}")
for i in range(4):
    item = field(SETTINGS, i)
    v = value_of(item)
    total += v
    print(f"{key_of(item):>8} = {v:>6}  running total {total}")
print("done", total)
