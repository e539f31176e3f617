"""IntEnum priorities: ordering and arithmetic as ints, formatting, and sorting a task list.

Features: enum, sorted-min-max, list, tuple, fstring, int
"""

from enum import IntEnum


class Priority(IntEnum):
    LOW = 1
    NORMAL = 5
    HIGH = 10
    URGENT = 20


class Weekday(IntEnum):
    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4


tasks = [
    ("write report", Priority.NORMAL),
    ("fix outage", Priority.URGENT),
    ("water plants", Priority.LOW),
    ("review PR", Priority.HIGH),
    ("lunch", Priority.NORMAL),
]

for name, prio in sorted(tasks, key=lambda t: -t[1]):
    print(f"{prio.name:<7}{int(prio):>3}  {name}")

print(Priority.HIGH > Priority.NORMAL, Priority.LOW < 2, tasks[3][1] == 10)
print(Priority.HIGH + 1, Priority.URGENT // 3, Priority.NORMAL * 2)
print(max(p for _, p in tasks).name, min(Priority).name, sum(Priority))
print(repr(Priority.LOW), str(Priority.LOW), f"{Priority.HIGH}", f"{Priority.HIGH:>4}")
print(Priority(10).name, [p.value for p in Priority])


def next_workday(d: Weekday) -> Weekday:
    return Weekday((d + 1) % 5)


day = Weekday.WED
for _ in range(4):
    day = next_workday(day)
    print(day.name, int(day))
scores = [0] * len(Weekday)
scores[Weekday.THU] = 7
print(scores, isinstance(Weekday.MON, int), ["x", "y", "z"][Weekday.TUE])
