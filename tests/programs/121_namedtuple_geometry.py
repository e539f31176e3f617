"""NamedTuple points and segments: methods, unpacking, sorting by fields, intersections in ints.

Features: namedtuple, tuple, optional, sorted-min-max, list, fstring, static-classmethod
"""

from typing import NamedTuple, Optional


class P(NamedTuple):
    x: int
    y: int

    def shifted(self, dx: int, dy: int) -> "P":
        return P(self.x + dx, self.y + dy)

    @staticmethod
    def parse(text: str) -> "P":
        a, b = text.split(",")
        return P(int(a), int(b))


class Seg(NamedTuple):
    a: P
    b: P

    def length2(self) -> int:
        return (self.a.x - self.b.x) ** 2 + (self.a.y - self.b.y) ** 2


def cross(o: P, a: P, b: P) -> int:
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)


def intersects(s: Seg, t: Seg) -> bool:
    d1, d2 = cross(t.a, t.b, s.a), cross(t.a, t.b, s.b)
    d3, d4 = cross(s.a, s.b, t.a), cross(s.a, s.b, t.b)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0)


def hull(points: list[P]) -> list[P]:
    pts = sorted(set(points))
    lower: list[P] = []
    upper: list[P] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


pts = [P.parse(t) for t in "0,0 4,0 4,4 0,4 2,2 1,3 3,1 2,5 2,-1".split()]
print(pts[:3], pts[0].shifted(3, 4), P(1, 2)._replace(x=9))
print("hull:", hull(pts))
segs = [Seg(P(0, 0), P(4, 4)), Seg(P(0, 4), P(4, 0)), Seg(P(5, 5), P(6, 9))]
print([s.length2() for s in segs], intersects(segs[0], segs[1]), intersects(segs[0], segs[2]))
far: Optional[P] = max(pts, key=lambda p: p.x * p.x + p.y * p.y) if pts else None
print("farthest:", far, sorted(pts, key=lambda p: (p.y, -p.x))[:3])
x, y = pts[-1]
print(x, y, P._fields, Seg._fields, len(segs[0]), segs[2].b.y)
