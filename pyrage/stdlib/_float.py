"""float methods, compiled: `x.name(args)` becomes `float_name(x, args)` here."""

from __future__ import annotations

import math


def float_is_integer(x: float) -> bool:
    return math.isfinite(x) and math.fmod(x, 1.0) == 0.0
