"""A class used as a namespace of @staticmethod helpers and @classmethod factories for
temperature and distance conversions in exact integer arithmetic.

Features: static-classmethod, class, property, divmod-pow-round-abs, fstring, list, tuple
"""


class Units:
    FACTOR_KM_MI = (1609344, 1000000)

    @staticmethod
    def c_to_f_tenths(c_tenths: int) -> int:
        return c_tenths * 9 // 5 + 320

    @staticmethod
    def f_to_c_tenths(f_tenths: int) -> int:
        return round((f_tenths - 320) * 5 / 9)

    @classmethod
    def km_to_miles_milli(cls, km: int) -> int:
        num, den = cls.FACTOR_KM_MI
        return km * 1000 * den // num

    @staticmethod
    def fmt_tenths(v: int) -> str:
        whole, frac = divmod(abs(v), 10)
        return f"{'-' if v < 0 else ''}{whole}.{frac}"


class Reading:
    def __init__(self, tenths_c: int) -> None:
        self.tenths_c = tenths_c

    @classmethod
    def from_f(cls, tenths_f: int) -> "Reading":
        return cls(Units.f_to_c_tenths(tenths_f))

    @property
    def label(self) -> str:
        return f"{Units.fmt_tenths(self.tenths_c)}C/{Units.fmt_tenths(Units.c_to_f_tenths(self.tenths_c))}F"


for c in (-400, -178, 0, 370, 1000):
    print(f"{Units.fmt_tenths(c):>6} C = {Units.fmt_tenths(Units.c_to_f_tenths(c)):>6} F")
for f in (-400, 320, 986, 2120):
    print(f"{Units.fmt_tenths(f):>6} F = {Units.fmt_tenths(Units.f_to_c_tenths(f)):>6} C")
print([Units.km_to_miles_milli(km) for km in (1, 5, 10, 42, 100)])
readings = [Reading(215), Reading.from_f(1000), Reading(-55)]
print([r.label for r in readings], max(readings, key=lambda r: r.tenths_c).label)
u = Units()
print(u.fmt_tenths(-7), Units.FACTOR_KM_MI, u.km_to_miles_milli(1609))
