"""hash() of ints follows CPython's modular rule; a tiny open-addressing table built on it.

Features: hash, int, list, optional, class, fstring
"""

from typing import Optional

for v in (0, 1, -1, -2, 42, 2**61 - 2, 2**61 - 1, 2**61, 2**62 + 5, -(2**61), 0x7FFFFFFFFFFFFFFF):
    print(f"hash({v}) = {hash(v)}")
print(hash(True), hash(False), hash(-1) == hash(-2))


class IntTable:
    def __init__(self, capacity: int = 8) -> None:
        self.keys: list[Optional[int]] = [None] * capacity
        self.values: list[int] = [0] * capacity
        self.probes = 0

    def slot(self, key: int) -> int:
        i = hash(key) % len(self.keys)
        while True:
            k = self.keys[i]
            if k is None or k == key:
                return i
            self.probes += 1
            i = (i + 1) % len(self.keys)

    def put(self, key: int, value: int) -> None:
        i = self.slot(key)
        self.keys[i] = key
        self.values[i] = value

    def get(self, key: int) -> Optional[int]:
        i = self.slot(key)
        return self.values[i] if self.keys[i] is not None else None


t = IntTable(16)
for k in (3, 19, 35, -5, 2**61 + 3, 1000):
    t.put(k, k % 97)
print([t.get(k) for k in (3, 19, 35, -5, 2**61 + 3, 1000, 4)])
print("probes:", t.probes)
print("layout:", [k for k in t.keys if k is not None])
