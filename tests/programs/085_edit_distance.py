"""Levenshtein distance with an alignment trace, and the longest common subsequence.

Features: list, str-index, tuple, comprehension, fstring, sorted-min-max
"""


def levenshtein(a: str, b: str) -> tuple[int, list[str]]:
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
    ops: list[str] = []
    i, j = len(a), len(b)
    while i > 0 or j > 0:
        if i and j and d[i][j] == d[i - 1][j - 1] + int(a[i - 1] != b[j - 1]):
            if a[i - 1] != b[j - 1]:
                ops.append(f"sub {a[i - 1]}->{b[j - 1]}")
            i, j = i - 1, j - 1
        elif i and d[i][j] == d[i - 1][j] + 1:
            ops.append(f"del {a[i - 1]}")
            i -= 1
        else:
            ops.append(f"ins {b[j - 1]}")
            j -= 1
    return d[len(a)][len(b)], ops[::-1]


def lcs(a: str, b: str) -> str:
    t = [[""] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            if a[i] == b[j]:
                t[i][j] = a[i] + t[i + 1][j + 1]
            else:
                t[i][j] = max(t[i + 1][j], t[i][j + 1], key=len)
    return t[0][0]


for a, b in [("kitten", "sitting"), ("flaw", "lawn"), ("", "abc"), ("same", "same"),
             ("intention", "execution")]:
    dist, ops = levenshtein(a, b)
    print(f"{a!r} -> {b!r}: {dist} {ops}")
for a, b in [("ABCBDAB", "BDCABA"), ("AGGTAB", "GXTXAYB"), ("abc", "def")]:
    common = lcs(a, b)
    print(f"lcs({a}, {b}) = {common!r} ({len(common)})")
words = ["pyrage", "garage", "pirate", "orange", "mirage"]
print(sorted(words, key=lambda w: (levenshtein("pyrage", w)[0], w)))
