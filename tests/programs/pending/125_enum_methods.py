"""Enums with methods, properties and classmethods: planets with integer masses and units.

Features: enum, property, static-classmethod, optional, dict, sorted-min-max, fstring
"""

from enum import Enum
from typing import Optional


class Unit(Enum):
    MM = ("mm", 1)
    CM = ("cm", 10)
    M = ("m", 1000)
    KM = ("km", 1000000)

    def __init__(self, symbol: str, mm: int) -> None:
        self.symbol = symbol
        self.mm = mm

    @classmethod
    def from_symbol(cls, s: str) -> Optional["Unit"]:
        for u in cls:
            if u.symbol == s:
                return u
        return None

    def convert(self, amount: int, to: "Unit") -> str:
        total = amount * self.mm
        whole, rest = divmod(total, to.mm)
        return f"{whole}" + (f" + {rest}/{to.mm}" if rest else "") + f" {to.symbol}"


class Weekday(Enum):
    MON = 1
    TUE = 2
    WED = 3
    THU = 4
    FRI = 5
    SAT = 6
    SUN = 7

    @property
    def is_weekend(self) -> bool:
        return self.value >= 6

    def next(self) -> "Weekday":
        return Weekday(self.value % 7 + 1)

    @staticmethod
    def parse(text: str) -> "Weekday":
        return Weekday[text.strip().upper()[:3]]


print(Unit.KM.convert(3, Unit.M), "|", Unit.CM.convert(255, Unit.M), "|", Unit.M.convert(2, Unit.MM))
print(Unit.from_symbol("cm"), Unit.from_symbol("in"), Unit.M.value, [u.symbol for u in Unit])
for text in ["monday", "Fri", " sun "]:
    d = Weekday.parse(text)
    print(d.name, d.value, d.is_weekend, d.next().name, d.next().next().is_weekend)
lengths = {"rope": (12, Unit.M), "pin": (25, Unit.MM), "road": (3, Unit.KM)}
ranked = sorted(lengths.items(), key=lambda kv: kv[1][0] * kv[1][1].mm)
print([name for name, _ in ranked], sum(a * u.mm for a, u in lengths.values()))
print([d.name for d in Weekday if d.is_weekend], Weekday.MON is Weekday(1), Unit.KM.name)
