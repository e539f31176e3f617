"""A generic name -> value registry."""

from typing import Generic, Optional, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, label: str) -> None:
        self.label = label
        self.items: dict[str, T] = {}

    def add(self, name: str, item: T) -> None:
        if name in self.items:
            raise KeyError(f"{self.label}: {name} already registered")
        self.items[name] = item

    def get(self, name: str) -> Optional[T]:
        return self.items.get(name)

    def names(self) -> list[str]:
        return sorted(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"Registry({self.label!r}, {len(self.items)} items)"
