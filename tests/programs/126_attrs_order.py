"""attrs classes with order=True (fields compared in order), frozen value objects as dict keys,
evolve, and a leaderboard kept sorted.

Features: attrs, sorted-min-max, dict, list, comprehension, fstring
"""

import attrs
from attrs import define, field, frozen


@frozen(order=True)
class Score:
    points: int
    neg_time_ms: int  # negated, so that a faster run compares greater
    player: str = field(order=False)

    @property
    def time_ms(self) -> int:
        return -self.neg_time_ms


@define
class Board:
    title: str
    scores: list[Score] = field(factory=list)

    def submit(self, s: Score) -> int:
        self.scores.append(s)
        self.scores.sort(reverse=True)
        return self.scores.index(s) + 1

    def top(self, n: int) -> list[str]:
        return [f"{s.player}:{s.points}/{s.time_ms}" for s in self.scores[:n]]


board = Board("speedrun")
for name, pts, ms in [("ann", 900, 61000), ("bo", 950, 64000), ("cy", 900, 59000),
                      ("di", 950, 70000), ("ed", 300, 10000)]:
    rank = board.submit(Score(pts, -ms, name))
    print(f"{name} submitted {pts} in {ms} ms -> rank {rank}")
print(board.top(3))
print(Score(1, -2, "a") < Score(1, -1, "b"), Score(5, 0, "x") == Score(5, 0, "y"))
best: dict[str, Score] = {}
for s in board.scores:
    if s.player not in best or s > best[s.player]:
        best[s.player] = s
improved = attrs.evolve(best["ed"], points=999)
print(improved, improved > max(board.scores), improved.points - best["ed"].points)
print(min(board.scores).player, sorted({s.points for s in board.scores}), improved.time_ms)
