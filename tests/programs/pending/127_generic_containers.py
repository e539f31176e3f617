"""Generic classes: a typed Stack and Queue used with several element types, and a generic drain.

Features: generic-class, generic-function, optional, list, dunder, builtin-exception, try-except, callable
"""

from collections.abc import Callable
from typing import Generic, Optional, TypeVar

T = TypeVar("T")
U = TypeVar("U")


class Stack(Generic[T]):
    def __init__(self) -> None:
        self._items: list[T] = []

    def push(self, x: T) -> None:
        self._items.append(x)

    def pop(self) -> T:
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()

    def peek(self) -> Optional[T]:
        return self._items[-1] if self._items else None

    def __len__(self) -> int:
        return len(self._items)


class Queue(Generic[T]):
    def __init__(self, items: Optional[list[T]] = None) -> None:
        self._in, self._out = list(items or []), list[T]()

    def put(self, x: T) -> None:
        self._in.append(x)

    def get(self) -> T:
        if not self._out:
            while self._in:
                self._out.append(self._in.pop())
        return self._out.pop()

    def __len__(self) -> int:
        return len(self._in) + len(self._out)


def drain(s: Stack[T], f: Callable[[T], U]) -> list[U]:
    return [f(s.pop()) for _ in range(len(s))]


def balanced(text: str) -> bool:
    s: Stack[str] = Stack()
    pairs = {")": "(", "]": "[", "}": "{"}
    for c in text:
        if c in "([{":
            s.push(c)
        elif c in pairs and (s.peek() != pairs[c] or not s.pop()):
            return False
    return len(s) == 0


print([balanced(t) for t in ["([]{})", "(]", "((", "", "{[()()]}", "}"]])
q: Queue[int] = Queue([1, 2])
q.put(3)
print(q.get(), len(q), q.get(), q.get(), len(q))
nums: Stack[float] = Stack()
nums.push(1.5)
print(nums.peek(), nums.pop(), nums.peek())
try:
    nums.pop()
except IndexError as e:
    print("IndexError:", e)
words: Stack[str] = Stack()
for w in "one two three".split():
    words.push(w)
print(drain(words, len), drain(words, str.upper), len(words))
