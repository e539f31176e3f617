"""Helpers typed NoReturn that always raise, and code that mypy knows cannot run (after a
return, after assert False, after an exhaustive if/else): compiled as CPython runs it.

Features: noreturn, optional, try-except, user-exception, class
"""

from typing import NoReturn, Optional


class ParseError(Exception):
    pass


def fail(what: str, pos: int) -> NoReturn:
    raise ParseError(f"{what} at {pos}")


class Node:
    def __init__(self, value: int, next: Optional["Node"] = None) -> None:
        self.value = value
        self.next = next


def digit(text: str, pos: int) -> int:
    if pos >= len(text):
        fail("end of input", pos)
    if not text[pos].isdigit():
        fail(f"not a digit {text[pos]!r}", pos)
        return -1
    return int(text[pos])


def tail(n: Optional[Node]) -> Node:
    if n is None:
        return Node(0)
    else:
        while n.next is not None:
            n = n.next
        return n
    return n


def parse_list(text: str) -> Node:
    head: Optional[Node] = None
    for pos in range(len(text) - 1, -1, -1):
        if text[pos] == ",":
            continue
        head = Node(digit(text, pos), head)
    if head is None:
        fail("empty list", 0)
    return head


def total(n: Optional[Node]) -> int:
    s = 0
    while n is not None:
        s += n.value
        n = n.next
    return s


for text in ["1,2,3", "4,x,6", "", "9"]:
    try:
        lst = parse_list(text)
        print(text, "->", total(lst), "tail", tail(lst).value)
    except ParseError as e:
        print(text, "->", e)
print(digit("7", 3))
