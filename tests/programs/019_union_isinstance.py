"""A Union of shape classes, told apart with isinstance; areas kept in exact integers.

Features: union-isinstance, isinstance, class, list, type-name, fstring
"""

from typing import Union


class Rect:
    def __init__(self, w: int, h: int) -> None:
        self.w = w
        self.h = h


class Square:
    def __init__(self, side: int) -> None:
        self.side = side


class Triangle:
    def __init__(self, base: int, height: int) -> None:
        self.base = base
        self.height = height


Shape = Union[Rect, Square, Triangle]


def twice_area(s: Shape) -> int:
    if isinstance(s, Rect):
        return 2 * s.w * s.h
    elif isinstance(s, Square):
        return 2 * s.side * s.side
    else:
        return s.base * s.height


def describe(s: Shape) -> str:
    if isinstance(s, (Rect, Square)):
        kind = "quadrilateral"
    else:
        kind = "triangle"
    return f"{type(s).__name__:<8} {kind:<13} area={twice_area(s) / 2}"


shapes: list[Shape] = [Rect(3, 4), Square(5), Triangle(3, 5), Rect(1, 1), Triangle(7, 2)]
for s in shapes:
    print(describe(s))

total = sum(twice_area(s) for s in shapes)
print(f"total area: {total // 2}{'.5' if total % 2 else ''}")
squares = [s for s in shapes if isinstance(s, Square)]
print("squares:", len(squares), "sides:", [s.side for s in squares])
print(isinstance(3, int), isinstance(True, int), isinstance("x", str), isinstance(2.0, int))
value: Union[int, str] = "17"
if isinstance(value, str):
    print("str of length", len(value), int(value) + 1)
value = 17
if isinstance(value, int):
    print("int", value * 2)
