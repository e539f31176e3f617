"""A publish/subscribe event bus: handlers are Callables stored in dicts, some are closures.

Features: callable, closure, nonlocal, dict, list, lambda, default-kwargs, fstring
"""

from collections.abc import Callable

Handler = Callable[[str, int], None]


class Bus:
    def __init__(self) -> None:
        self.handlers: dict[str, list[Handler]] = {}
        self.delivered = 0

    def subscribe(self, topic: str, handler: Handler) -> Callable[[], None]:
        self.handlers.setdefault(topic, []).append(handler)

        def unsubscribe() -> None:
            self.handlers[topic].remove(handler)
        return unsubscribe

    def publish(self, topic: str, value: int = 0) -> int:
        count = 0
        for key in (topic, "*"):
            for h in list(self.handlers.get(key, [])):
                h(topic, value)
                count += 1
        self.delivered += count
        return count


def make_totaler(name: str) -> tuple[Handler, Callable[[], int]]:
    total = 0

    def on_event(topic: str, value: int) -> None:
        nonlocal total
        total += value
        print(f"  {name} got {topic}={value}, total {total}")

    def get() -> int:
        return total
    return on_event, get


bus = Bus()
log: list[str] = []
sales, sales_total = make_totaler("sales")
unsub_sales = bus.subscribe("sale", sales)
bus.subscribe("refund", lambda t, v: sales("refund", -v))
unsub_log = bus.subscribe("*", lambda t, v: log.append(f"{t}:{v}"))
print("delivered", bus.publish("sale", 30))
print("delivered", bus.publish("sale", 12))
print("delivered", bus.publish("refund", 5))
unsub_sales()
print("delivered", bus.publish("sale", 100), "(sales unsubscribed)")
unsub_log()
print("delivered", bus.publish("noise"))
print("total:", sales_total(), "log:", log, "all:", bus.delivered)
print({topic: len(hs) for topic, hs in bus.handlers.items()})
