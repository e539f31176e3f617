"""Building strings piece by piece: padding, repetition, centering by hand, a text banner.

Features: str-index, str-methods, fstring, int, default-kwargs
"""


def repeat(s: str, n: int) -> str:
    out = ""
    for _ in range(n):
        out += s
    return out


def pad_left(s: str, width: int, fill: str = " ") -> str:
    return repeat(fill, width - len(s)) + s


def center(s: str, width: int, fill: str = " ") -> str:
    total = width - len(s)
    left = total // 2
    return repeat(fill, left) + s + repeat(fill, total - left)


def reverse(s: str) -> str:
    out = ""
    for i in range(len(s)):
        out = s[i] + out
    return out


def count(s: str, ch: str) -> int:
    n = 0
    for i in range(len(s)):
        if s[i] == ch:
            n += 1
    return n


def title(s: str) -> str:
    out = ""
    start = True
    for i in range(len(s)):
        c = s[i]
        lower = "abcdefghijklmnopqrstuvwxyz"
        k = lower.find(c)
        out += "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[k] if start and k >= 0 else c
        start = c == " "
    return out


print("[" + pad_left("42", 6) + "]", "[" + pad_left("7", 4, "0") + "]", "[" + center("mid", 9, "*") + "]")
print(reverse("unikernel"), count("mississippi", "s"), count("", "x"), title("hello typed world"))
width = 30
print(repeat("=", width))
print("|" + center("pyrage", width - 2) + "|")
print("|" + center(title("native unikernels"), width - 2, ".") + "|")
print(repeat("=", width))
for n in range(1, 6):
    print(pad_left(repeat("#", n), 5) + " " + repeat("#", n))
s = "abcdef"
print(s[1:4], s[:2] + s[4:], s[-2:], s[len(s) - 1], s.find("cd"), s.startswith("abc"), "e" in s)
print(f"{reverse(s)!r} {len(repeat('ab', 50))} {center('', 4, '-')}")
