"""A dice game simulation generic over a RANDOM Protocol, run with two deterministic generators
(a 31-bit LCG and xorshift32), so the output is reproducible.

Features: functor, generic-class, class, fixed-width, int, fstring, default-kwargs
"""

from typing import Generic, Protocol, TypeVar


class RANDOM(Protocol):
    def next_u32(self) -> int: ...


class Lcg:
    def __init__(self, seed: int) -> None:
        self.state = seed & 0x7FFFFFFF

    def next_u32(self) -> int:
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return self.state


class XorShift:
    def __init__(self, seed: int) -> None:
        self.state = seed & 0xFFFFFFFF

    def next_u32(self) -> int:
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.state = x
        return x


R = TypeVar("R", bound=RANDOM)


class Dice(Generic[R]):
    def __init__(self, rng: R, sides: int = 6) -> None:
        self.rng = rng
        self.sides = sides

    def roll(self) -> int:
        return (self.rng.next_u32() >> 8) % self.sides + 1

    def play(self, rounds: int, target: int = 7) -> str:
        hits = 0
        doubles = 0
        best = 0
        for _ in range(rounds):
            a = self.roll()
            b = self.roll()
            if a + b == target:
                hits += 1
            if a == b:
                doubles += 1
            if a + b > best:
                best = a + b
        return f"{rounds} rounds: {hits} x {target}, {doubles} doubles, best {best}"


lcg = Dice(Lcg(2024))
xs = Dice(XorShift(2463534242))
print("lcg     ", lcg.play(1000))
print("xorshift", xs.play(1000))
print("d20     ", Dice(XorShift(1), sides=20).play(500, target=21))
first = ""
for _ in range(12):
    first += str(lcg.roll())
print("next lcg rolls:", first)
print("xorshift(1) words:", XorShift(1).next_u32(), hex(XorShift(42).next_u32()))
