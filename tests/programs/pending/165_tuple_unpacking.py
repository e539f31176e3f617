"""Tuple unpacking in all its forms: swaps, rotations, starred targets, nested patterns in for
loops, returning tuples, and zip(*) to unzip.

Features: tuple, list, enumerate-zip, dict, sorted-min-max, fstring
"""


def stats(xs: list[int]) -> tuple[int, int, float]:
    return min(xs), max(xs), sum(xs) / len(xs)


def fib_pair(n: int) -> tuple[int, int]:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a, b


a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
lo, hi, mean = stats([4, 8, 15, 16, 23, 42])
print(lo, hi, mean)
print([fib_pair(n) for n in range(8)], fib_pair(80)[0])
head, *middle, tail = range(7)
print(head, middle, tail)
*init, last = list("abc")
print(init, last)
first, second, *others = (9, 8, 7, 6)
print(first, second, others)
pairs = [(1, ("one", "I")), (2, ("two", "II")), (3, ("three", "III"))]
for n, (word, roman) in pairs:
    print(f"{n} {word:<6}{roman}")
numbers, names = zip(*[(n, w) for n, (w, _) in pairs])
print(numbers, names)
table = {"x": (1, 2), "y": (3, 4)}
for key, (p, q) in sorted(table.items(), reverse=True):
    print(key, p * q)
matrix = [(1, 2, 3), (4, 5, 6)]
(r0c0, _, r0c2), (_, r1c1, _) = matrix
print(r0c0, r0c2, r1c1, tuple(map(sum, zip(*matrix))))
t = (1, [2, 3])
t[1].append(4)
print(t, len(t), t + (5,), t[1][-1], (t,) * 2)
x, y = y, x = 10, 20
print(x, y)
