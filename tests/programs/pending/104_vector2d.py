"""A 2-D vector class in floats with arithmetic dunders, length via math.sqrt, and equality.

Features: float, dunder, class, property, static-classmethod, repr-str, list, sorted-min-max
"""

import math


class Vec2:
    def __init__(self, x: float, y: float) -> None:
        self.x = x
        self.y = y

    @classmethod
    def zero(cls) -> "Vec2":
        return cls(0.0, 0.0)

    def __add__(self, o: "Vec2") -> "Vec2":
        return Vec2(self.x + o.x, self.y + o.y)

    def __sub__(self, o: "Vec2") -> "Vec2":
        return Vec2(self.x - o.x, self.y - o.y)

    def __mul__(self, k: float) -> "Vec2":
        return Vec2(self.x * k, self.y * k)

    def __neg__(self) -> "Vec2":
        return Vec2(-self.x, -self.y)

    def __abs__(self) -> float:
        return math.sqrt(self.x * self.x + self.y * self.y)

    def __eq__(self, o: object) -> bool:
        return isinstance(o, Vec2) and self.x == o.x and self.y == o.y

    def __hash__(self) -> int:
        return hash((self.x, self.y))

    @property
    def quadrant(self) -> int:
        if self.x >= 0:
            return 1 if self.y >= 0 else 4
        return 2 if self.y >= 0 else 3

    def dot(self, o: "Vec2") -> float:
        return self.x * o.x + self.y * o.y

    def __repr__(self) -> str:
        return f"Vec2({self.x}, {self.y})"


a = Vec2(3.0, 4.0)
b = Vec2(-1.5, 0.25)
print(a + b, a - b, a * 0.5, -b, abs(a), abs(b))
print(a.dot(b), a == Vec2(3.0, 4.0), a == b, Vec2.zero() == a * 0.0, a.quadrant, b.quadrant)
points = [Vec2(1.0, 1.0), Vec2(-2.0, 0.5), Vec2(0.0, -3.0), Vec2(2.5, 2.5), Vec2(-0.5, -0.5)]
print(sorted(points, key=abs))
print(max(points, key=lambda p: p.x), [p.quadrant for p in points])
total = Vec2.zero()
for p in points:
    total = total + p
print("centroid:", total * (1 / len(points)), f"{abs(total):.4f}")
path = [Vec2(0.0, 0.0), Vec2(3.0, 4.0), Vec2(3.0, 0.0), Vec2(0.0, 0.0)]
print("perimeter:", sum((abs(q - p) for p, q in zip(path, path[1:])), 0.0))
print(len({Vec2(1.0, 2.0), Vec2(1.0, 2.0), Vec2(2.0, 1.0)}))
