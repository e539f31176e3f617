"""Tuples: packing, unpacking, swaps, returning several values, comparison and nesting.

Features: tuple, sorted-min-max, repr-str, hash
"""


def min_max_mean(xs: list[int]) -> tuple[int, int, int]:
    return min(xs), max(xs), sum(xs) // len(xs)


def divmod_pair(a: int, b: int) -> tuple[int, int]:
    return a // b, a % b


lo, hi, mean = min_max_mean([7, 2, 9, 4])
print(lo, hi, mean)
a, b = 1, 2
a, b = b, a
print(a, b)
q, r = divmod_pair(-17, 5)
print(q, r)

point = (3, 4)
x, y = point
print(point, x * x + y * y, point[0], point[-1], len(point))
nested = ((1, 2), (3, (4, 5)))
(p, q2), (r2, (s, t)) = nested
print(p, q2, r2, s, t, nested[1][1][0])
first, *rest = (10, 20, 30, 40)
print(first, rest)

print((1, 2) < (1, 3), (2,) > (1, 9), (1, 2, 3) == (1, 2, 3), () < (0,))
print((1,), (), tuple([1, 2]), (1, "a", True), ("x",) * 3, (1, 2) + (3,))
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "a")]
print(sorted(pairs))
print(max(pairs), min(pairs))
print(hash((1, 2)) == hash((1, 2)), (1, 2) in {(1, 2): "yes"})
tt = (5, 6, 7, 5)
print(tt.count(5), tt.index(7), tt[1:3], tt[::-1], 6 in tt)
coords: dict[tuple[int, int], str] = {(0, 0): "origin", (1, 0): "east"}
print(coords[(1, 0)], coords.get((0, 1), "?"))
