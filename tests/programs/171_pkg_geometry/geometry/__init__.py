"""The geometry package: re-exports its shapes and a describe() helper."""

from .measure import describe
from .shapes import Circle, Polygon, Rect, Shape

__all__ = ["Circle", "Polygon", "Rect", "Shape", "describe"]
