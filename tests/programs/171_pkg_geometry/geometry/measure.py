"""Measurements over shapes, importing siblings relatively and constants absolutely."""

import units

from .shapes import Shape


def describe(s: Shape) -> str:
    x0, y0, x1, y1 = s.box()
    return (f"{type(s).__name__:<8} area {s.area():>8.4f} {units.AREA_UNIT} "
            f"box ({x0}, {y0})-({x1}, {y1})")


def total_area(shapes: list[Shape]) -> float:
    total = 0.0
    for s in shapes:
        total += s.area()
    return total


def bounding_box(shapes: list[Shape]) -> tuple[float, float, float, float]:
    boxes = [s.box() for s in shapes]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))
