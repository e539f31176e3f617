"""Descriptive statistics over measurements in floats: mean, median, variance, sqrt, percentiles.

The data are multiples of 1/8 so that sums are exact whatever the summation order.

Features: float, list, sorted-min-max, sum-any-all, comprehension, fstring, divmod-pow-round-abs
"""

import math

samples = [12.5, 9.75, 11.0, 14.25, 10.5, 9.75, 13.0, 12.125, 8.875, 11.25, 15.5, 10.0]


def mean(xs: list[float]) -> float:
    return sum(xs, 0.0) / len(xs)


def median(xs: list[float]) -> float:
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def variance(xs: list[float]) -> float:
    m = mean(xs)
    return sum(((x - m) * (x - m) for x in xs), 0.0) / (len(xs) - 1)


def percentile(xs: list[float], p: int) -> float:
    s = sorted(xs)
    k = (len(s) - 1) * p / 100
    lo = math.floor(k)
    hi = math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


m = mean(samples)
v = variance(samples)
print(f"n={len(samples)} min={min(samples)} max={max(samples)} range={max(samples) - min(samples)}")
print(f"mean={m} median={median(samples)} sum={sum(samples, 0.0)}")
print(f"variance={v:.6f} stdev={math.sqrt(v):.6f}")
print("percentiles:", [percentile(samples, p) for p in (0, 25, 50, 75, 100)])
z = [round((x - m) / math.sqrt(v), 2) for x in samples]
print("z-scores:", z)
print("outliers:", [x for x, zz in zip(samples, z) if abs(zz) > 1.5])
hist: dict[int, int] = {}
for x in samples:
    hist[math.floor(x)] = hist.get(math.floor(x), 0) + 1
for bucket in sorted(hist):
    print(f"{bucket:>3}-{bucket + 1:<3} {'*' * hist[bucket]}")
print(math.sqrt(16.0), math.sqrt(2.0), math.floor(-0.5), math.ceil(0.5), math.ceil(-0.5))
