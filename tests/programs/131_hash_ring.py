"""Consistent hashing on a ring of integer hashes: node placement, key lookup, rebalancing.

Keys are ints, so hash() is the deterministic identity-like int hash.

Features: hash, int, list, dict, sorted-min-max, fixed-width, fstring
"""

RING = 1 << 32


def mix(x: int) -> int:
    x = (hash(x) ^ 0x9E3779B9) & 0xFFFFFFFF
    x = (x * 0x045D9F3B) & 0xFFFFFFFF
    x ^= x >> 13
    x = (x * 0x0119DE1F) & 0xFFFFFFFF
    return x ^ (x >> 16)


class Ring:
    def __init__(self, nodes: list[int], replicas: int = 3) -> None:
        self.points: list[tuple[int, int]] = []
        for node in nodes:
            for r in range(replicas):
                self.points.append((mix(node * 1000 + r), node))
        self.points.sort()

    def lookup(self, key: int) -> int:
        h = mix(key)
        lo, hi = 0, len(self.points)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.points[mid][0] < h:
                lo = mid + 1
            else:
                hi = mid
        return self.points[lo % len(self.points)][1]


print([hash(k) for k in (0, 7, -1, 2**40, -(2**62))], [f"{mix(k):08x}" for k in range(4)])
ring = Ring([101, 202, 303])
keys = list(range(0, 60, 3))
before = {k: ring.lookup(k) for k in keys}
load: dict[int, int] = {}
for node in before.values():
    load[node] = load.get(node, 0) + 1
print("placement:", [before[k] for k in keys[:10]], dict(sorted(load.items())))
bigger = Ring([101, 202, 303, 404])
moved = [k for k in keys if bigger.lookup(k) != before[k]]
print("moved after adding 404:", len(moved), "of", len(keys), "all to 404:",
      all(bigger.lookup(k) == 404 for k in moved))
print("ring points:", [f"{p >> 24:02x}:{n}" for p, n in bigger.points][:6], RING // len(bigger.points))
