"""First-class functions: a pipeline of Callable[[int], int] stages, composition and dispatch.

Features: callable, generic-function, list, closure, fstring
"""

from collections.abc import Callable
from typing import TypeVar

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")


def compose(f: Callable[[A], B], g: Callable[[B], C]) -> Callable[[A], C]:
    def h(x: A) -> C:
        return g(f(x))
    return h


def pipeline(stages: list[Callable[[int], int]]) -> Callable[[int], int]:
    def run(x: int) -> int:
        for stage in stages:
            x = stage(x)
        return x
    return run


def double(x: int) -> int:
    return 2 * x


def square(x: int) -> int:
    return x * x


def clamp100(x: int) -> int:
    return min(x, 100)


def apply_n(f: Callable[[int], int], n: int, x: int) -> int:
    for _ in range(n):
        x = f(x)
    return x


p = pipeline([double, square, clamp100])
print([p(x) for x in range(-2, 8)])
describe = compose(square, lambda n: f"<{n}>")
print(describe(12), compose(len, double)("hello"))
print(apply_n(double, 10, 1), apply_n(square, 3, 2), apply_n(lambda x: x - 3, 4, 0))
table: list[tuple[str, Callable[[int], int]]] = [("double", double), ("square", square), ("abs", abs)]
for name, fn in table:
    print(f"{name:>6}: {[fn(v) for v in (-3, 0, 5)]}")
funcs = {f.__name__: f for f in (double, square, clamp100)}
print(sorted(funcs), funcs["square"](9))
print(double is funcs["double"], p(3) == pipeline([double, square])(3))
