"""Single inheritance: overriding, super() calls, inherited methods and isinstance on a hierarchy.

Features: inheritance, class, isinstance, type-name, list, fstring
"""


class Animal:
    def __init__(self, name: str, legs: int = 4) -> None:
        self.name = name
        self.legs = legs

    def sound(self) -> str:
        return "..."

    def describe(self) -> str:
        return f"{self.name} the {type(self).__name__.lower()} says {self.sound()}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class Dog(Animal):
    def sound(self) -> str:
        return "woof"


class Puppy(Dog):
    def sound(self) -> str:
        return super().sound() + " (squeaky)"


class Bird(Animal):
    def __init__(self, name: str, can_fly: bool = True) -> None:
        super().__init__(name, legs=2)
        self.can_fly = can_fly

    def sound(self) -> str:
        return "tweet"

    def describe(self) -> str:
        base = super().describe()
        return base + ("" if self.can_fly else ", but cannot fly")


zoo: list[Animal] = [Dog("Rex"), Puppy("Bit"), Bird("Tweety"), Bird("Pingu", can_fly=False),
                     Animal("Thing", legs=6)]
for a in zoo:
    print(a.describe())
print(zoo)
print("legs:", sum(a.legs for a in zoo))
print([isinstance(a, Dog) for a in zoo])
print([type(a).__name__ for a in zoo if isinstance(a, Animal) and not isinstance(a, Bird)])
print(issubclass(Puppy, Animal), issubclass(Bird, Dog), type(zoo[1]) is Puppy)
