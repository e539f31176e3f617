"""A message authenticator generic over a DIGEST Protocol, specialized for two digests.

Features: functor, generic-class, class, str-methods, int, fixed-width, fstring
"""

from typing import Generic, Protocol, TypeVar

ALPHABET = " abcdefghijklmnopqrstuvwxyz0123456789.,!?"


class DIGEST(Protocol):
    def reset(self) -> None: ...
    def update(self, symbol: int) -> None: ...
    def value(self) -> int: ...


class Sum16:
    def __init__(self) -> None:
        self.a = 0
        self.b = 0

    def reset(self) -> None:
        self.a = 0
        self.b = 0

    def update(self, symbol: int) -> None:
        self.a = (self.a + symbol + 1) % 251
        self.b = (self.b + self.a) % 251

    def value(self) -> int:
        return (self.b << 8) | self.a


class Poly32:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.h = seed

    def reset(self) -> None:
        self.h = self.seed

    def update(self, symbol: int) -> None:
        self.h = (self.h * 31 + symbol + 7) & 0xFFFFFFFF

    def value(self) -> int:
        return self.h


D = TypeVar("D", bound=DIGEST)


class Authenticator(Generic[D]):
    def __init__(self, digest: D, key: str) -> None:
        self.digest = digest
        self.key = key

    def tag(self, message: str) -> int:
        self.digest.reset()
        text = self.key + "|" + message.lower()
        for i in range(len(text)):
            self.digest.update(ALPHABET.find(text[i]) + 1)
        return self.digest.value()

    def verify(self, message: str, tag: int) -> bool:
        return self.tag(message) == tag


short = Authenticator(Sum16(), "k3y")
long = Authenticator(Poly32(2166136261), "k3y")
for msg in ["hello", "Hello", "hello!", "attack at dawn", ""]:
    print(f"{msg!r:18} sum16={short.tag(msg):04x} poly32={long.tag(msg):08x}")
t = long.tag("transfer 100")
print(long.verify("transfer 100", t), long.verify("transfer 900", t), short.verify("x", short.tag("x")))
