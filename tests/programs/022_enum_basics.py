"""enum.Enum: members, names, values, iteration, lookup by value and by name, identity.

Features: enum, dict, repr-str, builtin-exception, try-except, fstring
"""

from enum import Enum, auto


class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3


class Suit(Enum):
    CLUBS = auto()
    DIAMONDS = auto()
    HEARTS = auto()
    SPADES = auto()

    def symbol_name(self) -> str:
        return self.name.lower()

    @property
    def is_red(self) -> bool:
        return self in (Suit.DIAMONDS, Suit.HEARTS)


print(Color.RED, repr(Color.GREEN), Color.BLUE.name, Color.BLUE.value)
print(Color(2), Color["RED"], Color(2) is Color.GREEN, Color.RED == Color.RED)
print([c.name for c in Color], len(Color), list(Color)[-1])
print([(s.value, s.symbol_name(), s.is_red) for s in Suit])

counts: dict[Color, int] = {}
for c in [Color.RED, Color.BLUE, Color.RED, Color.GREEN, Color.RED]:
    counts[c] = counts.get(c, 0) + 1
for c, n in counts.items():
    print(f"{c.name:<6}{n}")

try:
    Color(7)
except ValueError as e:
    print("ValueError:", e)
try:
    Color["PURPLE"]
except KeyError as e:
    print("KeyError:", e)

print(type(Color.RED).__name__, isinstance(Color.RED, Color), Color(1) != Color.BLUE)
print(f"{Color.GREEN}", str(Suit.SPADES), f"{Suit.HEARTS.name:>10}|")
print(sorted([Suit.SPADES, Suit.CLUBS, Suit.HEARTS], key=lambda s: s.value))
