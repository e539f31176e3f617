"""Module-level constants and state shared by the geometry program."""

from typing import Final

SCALE: Final = 100
AREA_UNIT: Final = "cm^2"
PI_APPROX: Final = 3.140625  # exactly representable, so areas print identically everywhere
history: list[str] = []


def describe_scale() -> str:
    history.append("scale")
    return f"1 unit = {SCALE} cm"
