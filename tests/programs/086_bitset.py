"""A Bitset class over one int: __getitem__, __len__, __iter__, __contains__, set algebra via dunders.

Features: dunder, class, int, fixed-width, list, hex-bin-oct, builtin-exception, try-except
"""

from collections.abc import Iterator


class Bitset:
    def __init__(self, size: int, bits: int = 0) -> None:
        if not 0 < size <= 62:
            raise ValueError(f"size {size} out of range")
        self.size = size
        self.bits = bits & ((1 << size) - 1)

    @classmethod
    def of(cls, size: int, members: list[int]) -> "Bitset":
        b = cls(size)
        for m in members:
            b.add(m)
        return b

    def add(self, i: int) -> None:
        if not 0 <= i < self.size:
            raise IndexError(f"bit {i} out of range 0..{self.size - 1}")
        self.bits |= 1 << i

    def __getitem__(self, i: int) -> bool:
        return (self.bits >> i) & 1 == 1

    def __len__(self) -> int:
        return bin(self.bits).count("1")

    def __iter__(self) -> Iterator[int]:
        return iter([i for i in range(self.size) if self[i]])

    def __contains__(self, i: int) -> bool:
        return 0 <= i < self.size and self[i]

    def __or__(self, other: "Bitset") -> "Bitset":
        return Bitset(self.size, self.bits | other.bits)

    def __and__(self, other: "Bitset") -> "Bitset":
        return Bitset(self.size, self.bits & other.bits)

    def __invert__(self) -> "Bitset":
        return Bitset(self.size, ~self.bits)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bitset) and (self.size, self.bits) == (other.size, other.bits)

    def __repr__(self) -> str:
        return f"Bitset({self.size}, {self.bits:#0{self.size + 2}b})"


a = Bitset.of(10, [1, 3, 5, 7, 9])
b = Bitset.of(10, [0, 1, 2, 3])
print(a, len(a), list(a), a[3], a[4], 9 in a, 10 in a)
print(a | b, list(a & b), list(~a), len(~Bitset(10)))
print(a == Bitset(10, 0b1010101010), (a & b) == Bitset.of(10, [1, 3]), hex((a | b).bits))
for bad in (10, -1):
    try:
        a.add(bad)
    except IndexError as e:
        print("IndexError:", e)
try:
    Bitset(64)
except ValueError as e:
    print("ValueError:", e)
print(Bitset(62, -1), len(Bitset(62, -1)))
