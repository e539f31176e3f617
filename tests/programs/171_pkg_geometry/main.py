"""Entry point of a multi-module geometry program: a package with submodules, relative imports
inside the package, a top-level constants module, and qualified and unqualified names.

Features: packages, modules, module-constants, class, inheritance, list, float, fstring
"""

import units
from geometry import Circle, Polygon, Rect, Shape, describe
from geometry.measure import bounding_box, total_area

shapes: list[Shape] = [Rect(0.0, 0.0, 4.0, 3.0), Circle(2.0, 2.0, 1.5),
                       Polygon([(0.0, 0.0), (4.0, 0.0), (4.0, 3.0)]), Rect(-2.0, -1.0, 1.0, 1.0)]
for s in shapes:
    print(describe(s))
print(f"total area: {total_area(shapes):.3f} {units.AREA_UNIT}")
print("bounding box:", bounding_box(shapes))
print(units.describe_scale(), units.SCALE, units.AREA_UNIT)
print([type(s).__name__ for s in shapes], len(units.history))
