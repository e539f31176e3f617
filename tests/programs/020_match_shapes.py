"""Structural pattern matching on classes: class patterns with keywords and positions, guards.

Features: match, class, union-isinstance, list, fstring
"""

from typing import Union


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x: int, y: int) -> None:
        self.x = x
        self.y = y


class Circle:
    __match_args__ = ("center", "r")

    def __init__(self, center: Point, r: int) -> None:
        self.center = center
        self.r = r


class Line:
    def __init__(self, a: Point, b: Point) -> None:
        self.a = a
        self.b = b


Figure = Union[Point, Circle, Line]


def classify(f: Figure) -> str:
    match f:
        case Point(0, 0):
            return "the origin"
        case Point(x=0, y=y):
            return f"on the y axis at {y}"
        case Point(x, 0):
            return f"on the x axis at {x}"
        case Point(x, y) if x == y:
            return f"on the diagonal at {x}"
        case Point():
            return f"a point at ({f.x}, {f.y})"
        case Circle(Point(0, 0), r):
            return f"a circle of radius {r} around the origin"
        case Circle(c, r) if r > 10:
            return f"a big circle at ({c.x}, {c.y})"
        case Circle():
            return "a small circle"
        case Line(a=Point(x=x1), b=Point(x=x2)) if x1 == x2:
            return f"a vertical line at x={x1}"
        case Line():
            return "some line"


figures: list[Figure] = [
    Point(0, 0), Point(0, 5), Point(-3, 0), Point(4, 4), Point(2, 9),
    Circle(Point(0, 0), 3), Circle(Point(1, 2), 12), Circle(Point(1, 2), 2),
    Line(Point(3, 0), Point(3, 8)), Line(Point(0, 0), Point(1, 1)),
]
for fig in figures:
    print(classify(fig))
