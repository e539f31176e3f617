"""attrs @frozen value objects: hashable keys in dicts and sets, evolve, ordering by key.

Features: attrs, dict, set, sorted-min-max, hash
"""

import attrs
from attrs import frozen, field


@frozen
class Coord:
    row: int
    col: int

    def neighbours(self) -> list["Coord"]:
        return [Coord(self.row + dr, self.col + dc)
                for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))]


@frozen
class Version:
    major: int
    minor: int = 0
    patch: int = field(default=0)

    def key(self) -> tuple[int, int, int]:
        return (self.major, self.minor, self.patch)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


walls = {Coord(0, 1), Coord(1, 1), Coord(2, 1)}
start = Coord(1, 0)
open_cells = [n for n in start.neighbours() if n not in walls and n.col >= 0]
print(open_cells)
print(Coord(0, 1) in walls, Coord(1, 0) in walls, len(walls | {Coord(0, 1)}))

labels: dict[Coord, str] = {Coord(0, 0): "start", Coord(3, 3): "goal"}
labels[Coord(0, 0)] = "begin"
print(labels, labels[Coord(3, 3)])

versions = [Version(1, 2), Version(1, 10, 1), Version(0, 9, 9), Version(1, 2, 3)]
print([str(v) for v in sorted(versions, key=Version.key)])
newest = max(versions, key=lambda v: v.key())
bumped = attrs.evolve(newest, patch=newest.patch + 1)
print(newest, bumped, newest == Version(1, 10, 1), bumped == newest)
print(sorted({Version(1), Version(1, 0, 0), Version(2)}, key=Version.key))
print(hash(Coord(2, 3)) == hash(Coord(2, 3)), repr(Version(3)))
