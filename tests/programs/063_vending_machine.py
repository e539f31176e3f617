"""A vending machine: coins and selections as events, matched with class and literal patterns.

Features: match, attrs, union-isinstance, dict, list, user-exception, try-except, fstring
"""

from typing import Union

from attrs import define, frozen


@frozen
class Coin:
    cents: int


@frozen
class Select:
    code: str


@frozen
class Refund:
    pass


Event = Union[Coin, Select, Refund]


class VendError(Exception):
    pass


@define
class Machine:
    prices: dict[str, int]
    stock: dict[str, int]
    credit: int = 0
    sales: int = 0

    def handle(self, ev: Event) -> str:
        match ev:
            case Coin(cents=5 | 10 | 20 | 50 | 100 as c):
                self.credit += c
                return f"credit {self.credit}"
            case Coin(cents=c):
                raise VendError(f"rejected coin {c}")
            case Select(code=code) if code not in self.prices:
                raise VendError(f"no such item {code}")
            case Select(code=code):
                price = self.prices[code]
                if self.stock[code] == 0:
                    raise VendError(f"{code} sold out")
                if self.credit < price:
                    raise VendError(f"{code} costs {price}, credit {self.credit}")
                self.stock[code] -= 1
                self.credit -= price
                self.sales += price
                return f"vend {code}, change {self.credit}" + self.refund()
            case Refund():
                return "refund" + self.refund()

    def refund(self) -> str:
        coins = []
        for c in (100, 50, 20, 10, 5):
            while self.credit >= c:
                coins.append(c)
                self.credit -= c
        return f" coins {coins}" if coins else ""


m = Machine({"A1": 65, "B2": 120}, {"A1": 1, "B2": 3})
events: list[Event] = [Coin(50), Coin(3), Select("A1"), Coin(20), Select("A1"), Coin(100),
                       Select("A1"), Select("C9"), Coin(50), Select("B2"), Coin(10), Refund()]
for ev in events:
    try:
        print(f"{ev!r:24} {m.handle(ev)}")
    except VendError as e:
        print(f"{ev!r:24} error: {e}")
print(m)
