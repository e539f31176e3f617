"""Enums and NamedTuples defined in a package and matched on in another module: an order
pipeline that reports by status and priority.

Features: packages, modules, enum, namedtuple, match, dict, sorted-min-max, fstring
"""

from model import Order, Priority, Status
from report import advance, summary

orders = [
    Order(1, "keyboard", Priority.NORMAL, 4999),
    Order(2, "server rack", Priority.URGENT, 899900),
    Order(3, "cables", Priority.LOW, 1299),
    Order(4, "monitor", Priority.HIGH, 24900, Status.PAID),
    Order(5, "chair", Priority.NORMAL, 15900, Status.SHIPPED),
]
for step in range(3):
    orders = [advance(o, step) for o in orders]
    print(f"after step {step}:", " ".join(f"{o.id}:{o.status.name[0]}" for o in orders))
print(summary(orders))
urgent_first = sorted(orders, key=lambda o: (-o.priority, o.id))
print([f"{o.item} ({o.priority.name})" for o in urgent_first])
print(Status("paid"), Priority(10) > Priority.NORMAL, max(o.priority for o in orders).name)
