"""Infinities and NaN: comparisons, arithmetic, conversion errors, and sorting around them.

Features: float, builtin-exception, try-except, sorted-min-max, list, repr-str
"""

import math

inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, repr(inf), str(-inf), f"{inf:>6}|{nan:<5}|")
print(inf > 1e308, -inf < -1e308, inf == inf, nan == nan, nan != nan, nan < 1, nan > 1)
print(inf + 1, inf - inf, inf * 0, inf * -2, 1 / inf, -1 / inf, inf / inf)
print(math.isinf(inf), math.isnan(nan), math.isnan(inf - inf), math.isfinite(1e308))
print(math.isfinite(1e308 * 10), 1e308 * 10, -1e308 * 10)
print(max(1.0, inf), min(-inf, 0.0), abs(-inf), math.floor(2.5), math.ceil(-2.5), math.sqrt(2.25))
for bad in [inf, -inf, nan]:
    try:
        print(int(bad))
    except OverflowError as e:
        print("OverflowError:", e)
    except ValueError as e:
        print("ValueError:", e)
try:
    print(round(inf))
except OverflowError as e:
    print("OverflowError:", e)
try:
    math.sqrt(-1.0)
except ValueError as e:
    print("ValueError:", e)
values = [3.5, -inf, 0.0, inf, -0.0, 2.25]
print(sorted(values), sorted(values, reverse=True))
clean = [v for v in values + [nan] if not math.isnan(v)]
print(len(clean), sum(v for v in clean if math.isfinite(v)), [math.copysign(1.0, z) for z in (0.0, -0.0)])
print(float("-inf") == -inf, float("Infinity"), float("-NaN") != float("nan"), math.inf == inf)
