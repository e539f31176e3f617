"""Optional chains through an org chart: dict.get returning None, narrowing with early returns.

Features: optional, none, dict, class, list, fstring
"""

from typing import Optional


class Employee:
    def __init__(self, name: str, boss: Optional[str], desk: Optional[int] = None) -> None:
        self.name = name
        self.boss = boss
        self.desk = desk


STAFF = {e.name: e for e in [
    Employee("ceo", None, 1), Employee("cfo", "ceo", 2), Employee("dev1", "cto", 14),
    Employee("cto", "ceo"), Employee("intern", "dev1"), Employee("contractor", "agency"),
]}


def boss_of(name: str) -> Optional[Employee]:
    me = STAFF.get(name)
    if me is None or me.boss is None:
        return None
    return STAFF.get(me.boss)


def desk_of_boss(name: str) -> Optional[int]:
    boss = boss_of(name)
    return boss.desk if boss is not None else None


def depth(name: str) -> Optional[int]:
    me = STAFF.get(name)
    if me is None:
        return None
    d = 0
    while me is not None and me.boss is not None:
        me = STAFF.get(me.boss)
        d += 1
    return d if me is not None else None


for name in ["ceo", "cfo", "dev1", "intern", "contractor", "ghost"]:
    b = boss_of(name)
    desk = desk_of_boss(name)
    print(f"{name:<11} boss={b.name if b else None!s:<5} boss desk={desk if desk is not None else '?'}"
          f" depth={depth(name)}")
desks = [e.desk for e in STAFF.values()]
assigned = [d for d in desks if d is not None]
print(desks, sorted(assigned), sum(assigned), None in desks, desks.count(None))
free = [n for n in range(1, 20) if n not in assigned]
first_free: Optional[int] = free[0] if free else None
print("first free desk:", first_free, "or", first_free or -1, first_free is None)
