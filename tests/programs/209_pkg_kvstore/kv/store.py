"""The keyspace: string, integer and list values with optional expiry times."""

from typing import Optional, Union

Value = Union[bytes, int, list[str]]


class WrongType(Exception):
    pass


class Store:
    def __init__(self) -> None:
        self.data: dict[str, Value] = {}
        self.expires: dict[str, int] = {}
        self.now = 0
        self.expired = 0

    def tick(self, n: int) -> None:
        self.now += n
        for key in [k for k, t in self.expires.items() if t <= self.now]:
            del self.expires[key]
            del self.data[key]
            self.expired += 1

    def get(self, key: str) -> Optional[Value]:
        return self.data.get(key)

    def set(self, key: str, value: Value) -> None:
        self.data[key] = value
        self.expires.pop(key, None)

    def incr(self, key: str, by: int) -> int:
        cur = self.data.get(key, 0)
        if isinstance(cur, int):
            self.data[key] = cur + by
            return cur + by
        if isinstance(cur, bytes) and cur.isdigit():
            self.data[key] = int(cur) + by
            return int(cur) + by
        raise WrongType(f"value of {key!r} is not an integer")

    def push(self, key: str, items: list[str]) -> int:
        cur = self.data.setdefault(key, [])
        if not isinstance(cur, list):
            raise WrongType(f"value of {key!r} is not a list")
        cur.extend(items)
        return len(cur)
