"""attrs @define classes: generated __init__/__repr__/__eq__, defaults, factories, mutation.

Features: attrs, list, class, repr-str, dict
"""

from attrs import define, field


@define
class Item:
    name: str
    price: int
    qty: int = 1

    def total(self) -> int:
        return self.price * self.qty


@define
class Cart:
    owner: str
    items: list[Item] = field(factory=list)
    discount: int = field(default=0)

    def add(self, item: Item) -> None:
        for existing in self.items:
            if existing.name == item.name:
                existing.qty += item.qty
                return
        self.items.append(item)

    def total(self) -> int:
        gross = sum(i.total() for i in self.items)
        return gross - gross * self.discount // 100


cart = Cart("mo")
cart.add(Item("pen", 120))
cart.add(Item("pad", 350, qty=2))
cart.add(Item("pen", 120, 3))
print(cart)
print(cart.total(), len(cart.items))
cart.discount = 10
print(cart.total())
other = Cart("mo", [Item("pen", 120, 4), Item("pad", 350, 2)], discount=10)
print(cart == other, cart.items[0] == Item("pen", 120, 4), Item("a", 1) != Item("a", 2))
empty1 = Cart("x")
empty2 = Cart("y")
empty1.items.append(Item("solo", 1))
print(empty1.items, empty2.items)
print({i.name: i.total() for i in cart.items})
print(repr(Item("quote'd", 5)))
