"""A singly linked list with Optional next pointers: push, reverse, iteration, __len__, __getitem__.

Features: optional, class, dunder, generic-class, builtin-exception, try-except, list
"""

from collections.abc import Iterator
from typing import Generic, Optional, TypeVar

T = TypeVar("T")


class Node(Generic[T]):
    def __init__(self, value: T, next: "Optional[Node[T]]" = None) -> None:
        self.value = value
        self.next = next


class LinkedList(Generic[T]):
    def __init__(self) -> None:
        self.head: Optional[Node[T]] = None
        self.count = 0

    def push_front(self, value: T) -> None:
        self.head = Node(value, self.head)
        self.count += 1

    def push_back(self, value: T) -> None:
        node = Node(value)
        if self.head is None:
            self.head = node
        else:
            cur = self.head
            while cur.next is not None:
                cur = cur.next
            cur.next = node
        self.count += 1

    def reverse(self) -> None:
        prev: Optional[Node[T]] = None
        cur = self.head
        while cur is not None:
            cur.next, prev, cur = prev, cur, cur.next
        self.head = prev

    def __iter__(self) -> Iterator[T]:
        out: list[T] = []
        cur = self.head
        while cur:
            out.append(cur.value)
            cur = cur.next
        return iter(out)

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> T:
        for i, v in enumerate(self):
            if i == index:
                return v
        raise IndexError(f"index {index} out of range")


ll: LinkedList[int] = LinkedList()
for v in (3, 2, 1):
    ll.push_front(v)
for v in (4, 5):
    ll.push_back(v)
print(list(ll), len(ll), ll[0], ll[4])
ll.reverse()
print(list(ll), [x * x for x in ll], sum(ll), max(ll))
names: LinkedList[str] = LinkedList()
print(list(names), len(names), bool(names))
names.push_back("solo")
names.reverse()
print(list(names), names[0])
try:
    print(names[1])
except IndexError as e:
    print("IndexError:", e)
