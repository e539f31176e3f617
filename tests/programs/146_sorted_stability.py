"""Stable sorting: multi-pass sorts by secondary then primary key, reverse stability, and keys.

Features: sorted-min-max, lambda, list, tuple, namedtuple, enumerate-zip, fstring
"""

from typing import NamedTuple


class Runner(NamedTuple):
    name: str
    team: str
    time: int


results = [Runner("Ana", "red", 312), Runner("Ben", "blue", 298), Runner("Cai", "red", 298),
           Runner("Dee", "green", 330), Runner("Eli", "blue", 312), Runner("Fay", "green", 298),
           Runner("Gus", "red", 305)]

by_time = sorted(results, key=lambda r: r.time)
print("by time (ties keep input order):", [r.name for r in by_time])
two_pass = sorted(sorted(results, key=lambda r: r.name, reverse=True), key=lambda r: r.time)
print("ties broken by reverse name:", [r.name for r in two_pass])
by_team_then_time = sorted(sorted(results, key=lambda r: r.time), key=lambda r: r.team)
for team in ["blue", "green", "red"]:
    print(f"  {team:<6}", [f"{r.name}:{r.time}" for r in by_team_then_time if r.team == team])
desc = sorted(results, key=lambda r: r.time, reverse=True)
print("reverse keeps ties in input order:", [r.name for r in desc])
ranked: list[tuple[int, Runner]] = []
for i, r in enumerate(by_time):
    rank = ranked[-1][0] if ranked and ranked[-1][1].time == r.time else i + 1
    ranked.append((rank, r))
print([f"{rank}.{r.name}" for rank, r in ranked])
letters = list("pyrageCompilerTests")
print("".join(sorted(letters)), "".join(sorted(letters, key=str.lower)))
print(sorted([3, 1, 2], reverse=True), sorted(["b", "A", "a", "B"]), sorted([(1, "b"), (1, "a")]))
print(min(results, key=lambda r: r.time).name, max(results, key=lambda r: r.time).name)
