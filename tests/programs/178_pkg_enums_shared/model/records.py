"""Orders as NamedTuples carrying enum fields."""

from typing import NamedTuple

from .enums import Priority, Status


class Order(NamedTuple):
    id: int
    item: str
    priority: Priority
    cents: int
    status: Status = Status.NEW
