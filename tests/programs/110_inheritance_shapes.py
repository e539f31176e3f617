"""An abstract-style base class with NotImplementedError, three levels of inheritance, super().

Features: inheritance, class, builtin-exception, try-except, isinstance, type-name, float, list
"""

import math


class Shape:
    def __init__(self, name: str) -> None:
        self.name = name

    def area(self) -> float:
        raise NotImplementedError(f"{type(self).__name__}.area")

    def perimeter(self) -> float:
        raise NotImplementedError(f"{type(self).__name__}.perimeter")

    def describe(self) -> str:
        return f"{self.name}: area {self.area():.2f}, perimeter {self.perimeter():.2f}"


class Rectangle(Shape):
    def __init__(self, w: float, h: float, name: str = "rectangle") -> None:
        super().__init__(name)
        self.w = w
        self.h = h

    def area(self) -> float:
        return self.w * self.h

    def perimeter(self) -> float:
        return 2 * (self.w + self.h)


class Square(Rectangle):
    def __init__(self, side: float) -> None:
        super().__init__(side, side, "square")

    def describe(self) -> str:
        return super().describe() + f", diagonal {self.w * math.sqrt(2):.3f}"


class Circle(Shape):
    def __init__(self, r: float) -> None:
        super().__init__("circle")
        self.r = r

    def area(self) -> float:
        return 3.25 * self.r * self.r

    def perimeter(self) -> float:
        return 6.5 * self.r


shapes: list[Shape] = [Rectangle(3.0, 4.5), Square(2.0), Circle(1.5), Shape("blob")]
for s in shapes:
    try:
        print(s.describe())
    except NotImplementedError as e:
        print(f"{s.name}: not implemented ({e})")
print([type(s).__name__ for s in shapes if isinstance(s, Rectangle)])
print([isinstance(s, Square) for s in shapes], isinstance(Square(1.0), Shape))
print(sorted((s.name for s in shapes[:3]), key=lambda n: -len(n)), Square(3.0).perimeter())
print(sum((s.area() for s in shapes[:3]), 0.0), max(shapes[:3], key=lambda s: s.perimeter()).name)
