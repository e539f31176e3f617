"""Text processing for a status report: word wrapping and full justification, column layout
with nested format widths, case transforms passed as functions (str.upper, str.title, len),
map and filter over words, and a centered banner.

Features: str-methods, fstring, callable, list, dict, lambda, sorted-min-max, str-format-percent, enumerate-zip, tuple
"""

from collections.abc import Callable

TEXT = ("pyrage compiles a typed subset of python to native code for unikernels. "
        "programs are checked against cpython, line by line, so every difference shows. "
        "network services parse headers, route packets and keep small caches.")


def wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    for word in text.split():
        if current and len(" ".join(current + [word])) > width:
            lines.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def justify(line: str, width: int) -> str:
    words = line.split()
    if len(words) == 1:
        return line.ljust(width)
    gaps = len(words) - 1
    spaces = width - sum(map(len, words))
    each, extra = divmod(spaces, gaps)
    out = ""
    for i, w in enumerate(words[:-1]):
        out += w + " " * (each + (1 if i < extra else 0))
    return out + words[-1]


def apply_all(words: list[str], fn: Callable[[str], str]) -> list[str]:
    return list(map(fn, words))


def measure(words: list[str], key: Callable[[str], int]) -> tuple[str, str]:
    return min(words, key=key), max(words, key=key)


width = 34
wrapped = wrap(TEXT, width)
print("+" + "-" * (width + 2) + "+")
for line in wrapped[:-1]:
    print(f"| {justify(line, width)} |")
print(f"| {wrapped[-1]:<{width}} |")
print("+" + "-" * (width + 2) + "+")
words = [w.strip(".,") for w in TEXT.split()]
transforms: dict[str, Callable[[str], str]] = {"upper": str.upper, "title": str.title,
                                               "swap": str.swapcase, "rev": lambda s: s[::-1]}
for name, fn in transforms.items():
    print(f"{name:>6}: {' '.join(apply_all(words[:5], fn))}")
print(measure(words, len), measure(words, lambda w: w.count("e")))
long_words = list(filter(lambda w: len(w) > 7, words))
alpha = list(filter(str.isalpha, ["abc", "a1", "", "xyz", "9"]))
print(long_words, alpha, list(map(len, long_words)))
freq: dict[int, list[str]] = {}
for w in sorted(set(words)):
    freq.setdefault(len(w), []).append(w)
for n in sorted(freq, reverse=True)[:4]:
    print("%2d letters: %s" % (n, ", ".join(freq[n])))
cols = 3
col_w = max(map(len, words)) + 1
for row in range(0, 12, cols):
    print(" | ".join(f"{w:{'<' if i % 2 else '>'}{col_w}}" for i, w in enumerate(words[row:row + cols])))
print("{:*^{w}}".format(" report done ", w=width + 4))
print("{0:.{p}} | {1:.3s} | {2!r:>8}".format("truncated text", "abcdef", "q", p=6))
