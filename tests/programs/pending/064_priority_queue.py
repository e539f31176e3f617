"""A binary min-heap priority queue written by hand, used for a task scheduler with tie-breaks.

Features: list, tuple, class, generic-class, dunder, builtin-exception, try-except, fstring
"""

from typing import Generic, TypeVar

T = TypeVar("T")


class Heap(Generic[T]):
    def __init__(self) -> None:
        self.items: list[tuple[int, int, T]] = []
        self.counter = 0

    def __len__(self) -> int:
        return len(self.items)

    def push(self, priority: int, value: T) -> None:
        self.items.append((priority, self.counter, value))
        self.counter += 1
        i = len(self.items) - 1
        while i > 0 and self.items[(i - 1) // 2][:2] > self.items[i][:2]:
            parent = (i - 1) // 2
            self.items[i], self.items[parent] = self.items[parent], self.items[i]
            i = parent

    def pop(self) -> tuple[int, T]:
        if not self.items:
            raise IndexError("pop from an empty heap")
        top = self.items[0]
        last = self.items.pop()
        if self.items:
            self.items[0] = last
            i = 0
            while True:
                smallest = i
                for child in (2 * i + 1, 2 * i + 2):
                    if child < len(self.items) and self.items[child][:2] < self.items[smallest][:2]:
                        smallest = child
                if smallest == i:
                    break
                self.items[i], self.items[smallest] = self.items[smallest], self.items[i]
                i = smallest
        return top[0], top[2]


tasks: Heap[str] = Heap()
for prio, name in [(5, "compile"), (1, "boot"), (3, "link"), (1, "mount"), (9, "idle"),
                   (3, "load"), (0, "panic check")]:
    tasks.push(prio, name)
print("queued:", len(tasks))
while tasks:
    prio, name = tasks.pop()
    print(f"  run {name:<12} (priority {prio})")
nums: Heap[int] = Heap()
for v in [42, -7, 19, 0, 3, 3, 88, -20]:
    nums.push(v, v * 10)
print([nums.pop()[1] for _ in range(len(nums))])
try:
    nums.pop()
except IndexError as e:
    print("IndexError:", e)
