"""Validating properties on a user profile; the last assignment fails validation, uncaught (exit 1).

Features: property, uncaught, builtin-exception, class, str-methods, try-except
"""


class Profile:
    def __init__(self, handle: str, age: int) -> None:
        self._handle = ""
        self._age = 0
        self.handle = handle
        self.age = age

    @property
    def handle(self) -> str:
        return self._handle

    @handle.setter
    def handle(self, value: str) -> None:
        value = value.strip().lower()
        if not value or not value.replace("_", "").isalnum():
            raise ValueError(f"invalid handle {value!r}")
        self._handle = value

    @property
    def age(self) -> int:
        return self._age

    @age.setter
    def age(self, value: int) -> None:
        if not 13 <= value <= 130:
            raise ValueError(f"age {value} out of range")
        self._age = value

    @property
    def summary(self) -> str:
        return f"@{self._handle} ({self._age})"


p = Profile("  Ada_Lovelace ", 36)
print(p.summary)
p.age += 1
print(p.summary, p.age, p.handle)
for bad in ["no spaces", "", "émile"]:
    try:
        p.handle = bad
    except ValueError as e:
        print("rejected:", e)
print(p.summary)
p.handle = "grace"
print(p.summary)
p.age = 7
print("unreachable", p.summary)
