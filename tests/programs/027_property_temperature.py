"""Properties with getters and setters: a thermostat storing tenths of a degree Celsius.

It ends by raising an uncaught RangeError from a setter (exit status 1).

Features: property, class, user-exception, try-except, fstring, uncaught
"""


class RangeError(Exception):
    pass


class Thermostat:
    def __init__(self, tenths: int) -> None:
        self._tenths = tenths
        self.changes = 0

    @property
    def celsius(self) -> str:
        sign = "-" if self._tenths < 0 else ""
        whole, frac = divmod(abs(self._tenths), 10)
        return f"{sign}{whole}.{frac}"

    @property
    def tenths(self) -> int:
        return self._tenths

    @tenths.setter
    def tenths(self, value: int) -> None:
        if not -400 <= value <= 600:
            raise RangeError(f"{value} tenths is out of range")
        self._tenths = value
        self.changes += 1

    @property
    def fahrenheit_tenths(self) -> int:
        return self._tenths * 9 // 5 + 320

    @property
    def is_freezing(self) -> bool:
        return self._tenths <= 0


t = Thermostat(215)
print(t.celsius, t.tenths, t.fahrenheit_tenths, t.is_freezing)
for target in (-55, 0, 372, 999, -401, 600):
    try:
        t.tenths = target
        print(f"set {target:>4}: {t.celsius:>6} C, {t.fahrenheit_tenths:>5} F/10, freezing={t.is_freezing}")
    except RangeError as e:
        print("refused:", e)
t.tenths += 5
print("after +=:", t.celsius, "changes:", t.changes)
