"""A fixed-size vector class with __len__, __getitem__, __iter__, __contains__ and arithmetic.

Features: dunder, class, list, builtin-exception, try-except, sum-any-all
"""

from collections.abc import Iterator


class Vec:
    def __init__(self, items: list[int]) -> None:
        self._items = list(items)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: int) -> int:
        if not -len(self) <= i < len(self):
            raise IndexError(f"Vec index {i} out of range for length {len(self)}")
        return self._items[i]

    def __iter__(self) -> Iterator[int]:
        return iter(self._items)

    def __contains__(self, x: int) -> bool:
        return x in self._items

    def __add__(self, other: "Vec") -> "Vec":
        return Vec([a + b for a, b in zip(self, other)])

    def __mul__(self, k: int) -> "Vec":
        return Vec([a * k for a in self])

    def dot(self, other: "Vec") -> int:
        return sum(a * b for a, b in zip(self, other))

    def __bool__(self) -> bool:
        return any(self._items)

    def __repr__(self) -> str:
        return "Vec(" + ", ".join(str(x) for x in self) + ")"


v = Vec([1, 2, 3])
w = Vec([4, -5, 6])
print(v + w, v * 3, v.dot(w), len(v), v[0], v[-1], list(w))
print(2 in v, 7 in v, [x * x for x in w], sorted(w), max(w), sum(v))
print(bool(Vec([0, 0])), bool(v), bool(Vec([])), len(Vec([])))
for i, x in enumerate(w):
    print(i, x)
a, b, c = v
print(a, b, c)
try:
    print(v[3])
except IndexError as e:
    print("IndexError:", e)
print(v[-3])
