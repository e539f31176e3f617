"""__lt__ and __eq__ on a playing-card class: sorted(), min/max and comparisons use them.

Features: dunder, sorted-min-max, class, list, str-methods
"""

RANKS = "23456789TJQKA"
SUITS = "cdhs"


class Card:
    def __init__(self, text: str) -> None:
        self.rank = RANKS.index(text[0])
        self.suit = SUITS.index(text[1])

    def __lt__(self, other: "Card") -> bool:
        return (self.rank, self.suit) < (other.rank, other.suit)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Card) and (self.rank, self.suit) == (other.rank, other.suit)

    def __hash__(self) -> int:
        return self.rank * 4 + self.suit

    def __repr__(self) -> str:
        return RANKS[self.rank] + SUITS[self.suit]


def hand(text: str) -> list[Card]:
    return [Card(t) for t in text.split()]


h = hand("Kd 2c Ah Ts 2s 9h Kc")
print(sorted(h))
print(sorted(h, reverse=True))
print(min(h), max(h), Card("Ah") == Card("Ah"), Card("2c") < Card("2d"), Card("3c") < Card("2s"))
h.sort()
print(h)


def is_straight(cards: list[Card]) -> bool:
    ranks = sorted({c.rank for c in cards})
    return len(ranks) == 5 and ranks[-1] - ranks[0] == 4


def pairs(cards: list[Card]) -> list[str]:
    seen: dict[int, int] = {}
    for c in cards:
        seen[c.rank] = seen.get(c.rank, 0) + 1
    return [RANKS[r] for r in sorted(seen) if seen[r] == 2]


for text in ["5c 6d 7h 8s 9c", "Kd Kc 2s 2h 9h", "Ac Kc Qc Jc 9c"]:
    cards = hand(text)
    print(text, "->", sorted(cards), "straight" if is_straight(cards) else "", pairs(cards))
print(len(set(hand("Ah Ah As"))), Card("Td") in hand("9d Td Jd"))
