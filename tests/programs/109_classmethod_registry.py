"""A plugin registry using class variables, @classmethod constructors (inherited, so `cls` is
the subclass) and @staticmethod helpers; factories are stored as Callables.

Features: static-classmethod, inheritance, class, dict, callable, type-name, sorted-min-max
"""

from collections.abc import Callable


class Codec:
    registry: dict[str, Callable[[int], "Codec"]] = {}
    instances = 0

    def __init__(self, level: int = 1) -> None:
        self.level = level
        Codec.instances += 1

    @classmethod
    def default(cls) -> "Codec":
        return cls(1)

    @staticmethod
    def register(name: str, factory: Callable[[int], "Codec"]) -> None:
        Codec.registry[name] = factory

    @classmethod
    def create(cls, name: str, level: int = 1) -> "Codec":
        return Codec.registry[name](level)

    @staticmethod
    def names() -> list[str]:
        return sorted(Codec.registry)

    def encode(self, text: str) -> str:
        return text

    def describe(self) -> str:
        return f"{type(self).__name__}(level={self.level})"


class Reverse(Codec):
    def encode(self, text: str) -> str:
        return text[::-1] * self.level


class Upper(Codec):
    def encode(self, text: str) -> str:
        return text.upper() + "!" * self.level


class Rot(Codec):
    @staticmethod
    def rot(c: str, k: int) -> str:
        return chr((ord(c) - 97 + k) % 26 + 97) if c.islower() else c

    def encode(self, text: str) -> str:
        return "".join(Rot.rot(c, self.level) for c in text)


Codec.register("rev", lambda level: Reverse(level))
Codec.register("up", lambda level: Upper(level))
Codec.register("rot", lambda level: Rot(level))
Codec.register("id", lambda level: Codec(level))
print(Codec.names())
for name in Codec.names():
    for level in (1, 2):
        c = Codec.create(name, level)
        print(f"{name:<4}{c.describe():<18}{c.encode('hello')}")
print("instances:", Codec.instances, Reverse.instances)
factories: dict[str, Callable[[], Codec]] = {"default": lambda: Codec(), "shout": lambda: Upper(3)}
print([f().describe() for f in factories.values()], Codec.instances)
print(type(Codec.create("rot")).__name__, isinstance(Rot.default(), Codec), Rot.default().describe())
