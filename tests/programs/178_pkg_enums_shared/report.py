"""State transitions and reporting, matching on the model's enums."""

from model import Order, Priority, Status


def advance(o: Order, step: int) -> Order:
    match o.status, o.priority:
        case Status.NEW, _:
            return o._replace(status=Status.PAID)
        case Status.PAID, Priority.URGENT | Priority.HIGH:
            return o._replace(status=Status.SHIPPED)
        case Status.PAID, Priority.LOW if step == 1:
            return o._replace(status=Status.CANCELLED)
        case Status.PAID, _ if step >= 1:
            return o._replace(status=Status.SHIPPED)
        case Status.SHIPPED, _:
            return o._replace(status=Status.DELIVERED)
        case _:
            return o


def summary(orders: list[Order]) -> str:
    by_status: dict[str, int] = {}
    for o in orders:
        by_status[o.status.value] = by_status.get(o.status.value, 0) + o.cents
    parts = [f"{k}={v / 100:.2f}" for k, v in sorted(by_status.items())]
    return ", ".join(parts)
