"""Higher-order helpers written by hand: map/filter/reduce/compose/partial over Callables.

Features: callable, generic-function, lambda, closure, list, tuple
"""

from collections.abc import Callable
from typing import TypeVar

A = TypeVar("A")
B = TypeVar("B")


def my_map(f: Callable[[A], B], xs: list[A]) -> list[B]:
    return [f(x) for x in xs]


def my_filter(pred: Callable[[A], bool], xs: list[A]) -> list[A]:
    return [x for x in xs if pred(x)]


def reduce(f: Callable[[B, A], B], xs: list[A], init: B) -> B:
    acc = init
    for x in xs:
        acc = f(acc, x)
    return acc


def partial2(f: Callable[[A, A], B], a: A) -> Callable[[A], B]:
    return lambda b: f(a, b)


def iterate(f: Callable[[A], A], x: A, n: int) -> list[A]:
    out = [x]
    for _ in range(n):
        x = f(x)
        out.append(x)
    return out


def flip(f: Callable[[A, B], A]) -> Callable[[B, A], A]:
    return lambda b, a: f(a, b)


nums = list(range(1, 11))
print(my_map(lambda n: n * n, nums))
print(my_filter(lambda n: n % 3 == 1, nums))
print(reduce(lambda acc, n: acc + n, nums, 0), reduce(lambda acc, n: acc * n, nums, 1))
print(reduce(lambda acc, s: acc + s[0], ["alpha", "beta", "gamma"], ""))
add = partial2(lambda a, b: a + b, 100)
print(my_map(add, [1, 2, 3]), my_map(partial2(max, 5), [3, 7, 5]))
print(iterate(lambda s: s + "!", "hi", 3), iterate(lambda n: n * 3 % 17, 1, 8))
empty: list[int] = []
print(reduce(lambda acc, x: acc + [x], [1, 2, 3], empty), reduce(lambda acc, x: [x] + acc, [1, 2, 3], empty))
pipeline: list[Callable[[int], int]] = [lambda x: x + 1, lambda x: x * 2, abs, lambda x: -x]
print(reduce(lambda acc, f: f(acc), pipeline, -5), [f(-3) for f in pipeline])
repeat: Callable[[str, int], str] = lambda s, n: s * n
print(flip(repeat)(3, "ab"), flip(repeat)(0, "x") == "")
