"""Latency metrics: exponential histogram buckets, integer percentiles, per-endpoint summaries
with str.format alignment, nested width specs, and float averages with fixed precision.

Features: list, dict, sorted-min-max, sum-any-all, str-format-percent, fstring, float, tuple, class, lambda, divmod-pow-round-abs
"""


class Histogram:
    def __init__(self, bounds: list[int]) -> None:
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)
        self.samples: list[int] = []

    def record(self, value: int) -> None:
        self.samples.append(value)
        for i, b in enumerate(self.bounds):
            if value <= b:
                self.counts[i] += 1
                return
        self.counts[-1] += 1

    def percentile(self, p: int) -> int:
        ordered = sorted(self.samples)
        rank = max(0, -(-p * len(ordered) // 100) - 1)
        return ordered[rank]

    def mean(self) -> float:
        return sum(self.samples) / len(self.samples)

    def render(self, width: int = 30) -> list[str]:
        peak = max(self.counts)
        lines = []
        labels = ["<={}".format(b) for b in self.bounds] + [">{}".format(self.bounds[-1])]
        for label, n in zip(labels, self.counts):
            bar = "*" * (n * width // peak) if peak else ""
            lines.append("{:>7} {:>4} |{:<{w}}|".format(label, n, bar, w=width))
        return lines


def exp_bounds(start: int, factor: int, count: int) -> list[int]:
    return [start * pow(factor, i) for i in range(count)]


LAT = {
    "/login": [12, 15, 11, 250, 13, 14, 18, 900, 16, 12, 11, 13],
    "/search": [45, 60, 52, 48, 300, 75, 41, 44, 1200, 58],
    "/static": [1, 2, 1, 1, 3, 2, 1, 1, 1, 2, 40, 1, 1],
}
overall = Histogram(exp_bounds(2, 4, 5))
print("bounds:", overall.bounds)
rows: list[tuple[str, int, int, int, float]] = []
for endpoint, values in LAT.items():
    h = Histogram(overall.bounds)
    for v in values:
        h.record(v)
        overall.record(v)
    rows.append((endpoint, h.percentile(50), h.percentile(90), h.percentile(99), h.mean()))
name_w = max(len(r[0]) for r in rows) + 2
print("{:<{w}}{:>6}{:>6}{:>6}{:>10}".format("endpoint", "p50", "p90", "p99", "mean", w=name_w))
for name, p50, p90, p99, mean in rows:
    print("{0:<{w}}{1:>6}{2:>6}{3:>6}{4:>10.2f}".format(name, p50, p90, p99, mean, w=name_w))
print("\n".join(overall.render()))
print("total={0} max={1} min={2} p999={3}".format(len(overall.samples), max(overall.samples),
                                                 min(overall.samples), overall.percentile(999 // 10)))
slowest = sorted(rows, key=lambda r: r[3], reverse=True)
print([r[0] for r in slowest], "{:.1%}".format(overall.counts[-1] / len(overall.samples)))
over = {name: sum(1 for v in vals if v > 100) for name, vals in LAT.items()}
print(over, "{:,}".format(sum(overall.samples) * 1000), "{:+.3e}".format(overall.mean()))
secs, ms = divmod(sum(overall.samples), 1000)
print("%d.%03ds total, %5.1f ms avg, %-8s|" % (secs, ms, overall.mean(), "done"))
