"""A bounded ring that drops its oldest element when full."""

from typing import Generic, Optional, TypeVar

T = TypeVar("T")


class Ring(Generic[T]):
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.data: list[T] = []

    def push(self, x: T) -> Optional[T]:
        self.data.append(x)
        return self.data.pop(0) if len(self.data) > self.capacity else None

    def items(self) -> list[T]:
        return list(self.data)
