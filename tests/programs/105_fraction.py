"""An exact Fraction class: normalization by gcd, arithmetic and comparison dunders, hashing.

Features: dunder, class, static-classmethod, hash, sorted-min-max, dict, int, user-exception
"""


def gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return abs(a)


class Frac:
    def __init__(self, num: int, den: int = 1) -> None:
        if den == 0:
            raise ZeroDivisionError("zero denominator")
        g = gcd(num, den) * (-1 if den < 0 else 1)
        self.num = num // g
        self.den = den // g

    @staticmethod
    def parse(text: str) -> "Frac":
        num, _, den = text.partition("/")
        return Frac(int(num), int(den or "1"))

    def __add__(self, o: "Frac") -> "Frac":
        return Frac(self.num * o.den + o.num * self.den, self.den * o.den)

    def __sub__(self, o: "Frac") -> "Frac":
        return Frac(self.num * o.den - o.num * self.den, self.den * o.den)

    def __mul__(self, o: "Frac") -> "Frac":
        return Frac(self.num * o.num, self.den * o.den)

    def __truediv__(self, o: "Frac") -> "Frac":
        return Frac(self.num * o.den, self.den * o.num)

    def __eq__(self, o: object) -> bool:
        return isinstance(o, Frac) and self.num == o.num and self.den == o.den

    def __lt__(self, o: "Frac") -> bool:
        return self.num * o.den < o.num * self.den

    def __hash__(self) -> int:
        return hash(self.num) * 1000003 ^ hash(self.den)

    def __repr__(self) -> str:
        return f"{self.num}/{self.den}" if self.den != 1 else str(self.num)


half = Frac(1, 2)
third = Frac.parse("1/3")
print(half + third, half - third, half * third, half / third, Frac(6, -8), Frac(0, 5))
harmonic = Frac(0)
for n in range(1, 11):
    harmonic = harmonic + Frac(1, n)
print("H(10) =", harmonic, f"~ {harmonic.num / harmonic.den:.6f}")
fs = [Frac.parse(t) for t in ["3/4", "-1/2", "5/6", "2/3", "7", "-3/6"]]
print(sorted(fs), min(fs), max(fs), Frac(2, 4) == Frac(1, 2), Frac(1, 3) < Frac(1, 2))
counts: dict[Frac, int] = {}
for f in fs:
    counts[f] = counts.get(f, 0) + 1
print(counts, hash(Frac(1, 2)) == hash(Frac(3, 6)))
try:
    print(half / Frac(0))
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
