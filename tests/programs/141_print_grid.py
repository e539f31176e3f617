"""Drawing a multiplication grid and a box diagram with print's sep and end arguments.

Features: print-options, range-step, str-methods, list, fstring
"""

import sys

N = 7
print("   |", *[f"{c:>3}" for c in range(1, N + 1)], sep="")
print("---+", "---" * N, sep="")
for r in range(1, N + 1):
    print(f"{r:>2} |", end="")
    for c in range(1, N + 1):
        print(f"{r * c:>3}", end="")
    print()

print()
print("evens:", end=" ")
print(*range(0, 20, 2), sep=", ", end=".\n")
print("odds:", *range(19, 0, -2), sep=" ")


def box(lines: list[str]) -> None:
    width = max(len(line) for line in lines)
    print("+", "-" * (width + 2), "+", sep="")
    for line in lines:
        print("|", line.ljust(width), "|")
    print("+" + "-" * (width + 2) + "+")


box(["pyrage", "typed Python", "to unikernels"])
print("a", "b", sep="")
print("a", "b", sep="\n")
print("no trailing newline here", end="")
print(" <- same line", end="\n\n")
print("progress", end="")
for pct in range(0, 101, 25):
    print(f" {pct}%", end="", flush=True)
    print(f"step {pct}", file=sys.stderr)
print()
print(*"spread", sep="·")
print("tab", "separated", "values", sep="\t", end="\t|\n")
