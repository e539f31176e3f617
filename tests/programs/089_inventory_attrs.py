"""Warehouse inventory with attrs classes: restocking, orders, low-stock report, value by category.

Features: attrs, dict, list, user-exception, try-except, sorted-min-max, fstring
"""

from attrs import define, field, frozen


@frozen
class Sku:
    code: str
    category: str
    unit_cents: int


@define
class Warehouse:
    stock: dict[str, int] = field(factory=dict)
    catalog: dict[str, Sku] = field(factory=dict)
    low_water: int = 5
    log: list[str] = field(factory=list)

    def register(self, sku: Sku, qty: int = 0) -> None:
        self.catalog[sku.code] = sku
        self.stock[sku.code] = qty

    def order(self, code: str, qty: int) -> int:
        if code not in self.catalog:
            raise KeyError(code)
        have = self.stock[code]
        if have < qty:
            raise OutOfStock(code, qty, have)
        self.stock[code] = have - qty
        self.log.append(f"{code}-{qty}")
        return qty * self.catalog[code].unit_cents


class OutOfStock(Exception):
    def __init__(self, code: str, wanted: int, have: int) -> None:
        super().__init__(f"{code}: wanted {wanted}, have {have}")


w = Warehouse(low_water=4)
for sku, qty in [(Sku("BOLT", "hardware", 12), 500), (Sku("NUT", "hardware", 5), 40),
                 (Sku("GLUE", "chemicals", 350), 6), (Sku("TAPE", "office", 199), 3)]:
    w.register(sku, qty)
revenue = 0
for code, qty in [("BOLT", 120), ("GLUE", 4), ("TAPE", 5), ("NUT", 38), ("WIDGET", 1), ("GLUE", 2)]:
    try:
        cents = w.order(code, qty)
        revenue += cents
        print(f"order {code:<6} x{qty:<3} = {cents / 100:>7.2f}")
    except OutOfStock as e:
        print("out of stock:", e)
    except KeyError as e:
        print("unknown sku:", e)
print(f"revenue {revenue / 100:.2f}, log {w.log}")
low = sorted(c for c, q in w.stock.items() if q < w.low_water)
print("low stock:", low)
value: dict[str, int] = {}
for code, q in w.stock.items():
    sku = w.catalog[code]
    value[sku.category] = value.get(sku.category, 0) + q * sku.unit_cents
print({k: f"{v / 100:.2f}" for k, v in sorted(value.items())})
print(w.catalog["NUT"], w.catalog["NUT"] == Sku("NUT", "hardware", 5))
