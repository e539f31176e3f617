"""Shape classes with a common base class; areas in floats built from exact constants."""

from units import PI_APPROX


class Shape:
    def area(self) -> float:
        return 0.0

    def box(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, 0.0, 0.0)


class Rect(Shape):
    def __init__(self, x: float, y: float, w: float, h: float) -> None:
        self.x, self.y, self.w, self.h = x, y, w, h

    def area(self) -> float:
        return self.w * self.h

    def box(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.x + self.w, self.y + self.h)


class Circle(Shape):
    def __init__(self, cx: float, cy: float, r: float) -> None:
        self.cx, self.cy, self.r = cx, cy, r

    def area(self) -> float:
        return PI_APPROX * self.r * self.r

    def box(self) -> tuple[float, float, float, float]:
        return (self.cx - self.r, self.cy - self.r, self.cx + self.r, self.cy + self.r)


class Polygon(Shape):
    def __init__(self, points: list[tuple[float, float]]) -> None:
        self.points = points

    def area(self) -> float:
        s = 0.0
        for (x1, y1), (x2, y2) in zip(self.points, self.points[1:] + self.points[:1]):
            s += x1 * y2 - x2 * y1
        return abs(s) / 2

    def box(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return (min(xs), min(ys), max(xs), max(ys))
