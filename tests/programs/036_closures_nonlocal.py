"""Closures: counters with nonlocal, accumulators, captured loop variables, factories.

Features: closure, nonlocal, callable, lambda, list
"""

from collections.abc import Callable


def make_counter(start: int = 0, step: int = 1) -> Callable[[], int]:
    count = start

    def next_value() -> int:
        nonlocal count
        count += step
        return count

    return next_value


def make_averager() -> Callable[[int], int]:
    total = 0
    n = 0

    def add(x: int) -> int:
        nonlocal total, n
        total += x
        n += 1
        return total // n

    return add


def bank(balance: int) -> tuple[Callable[[int], int], Callable[[int], int]]:
    def deposit(x: int) -> int:
        nonlocal balance
        balance += x
        return balance

    def withdraw(x: int) -> int:
        nonlocal balance
        balance -= min(x, balance)
        return balance

    return deposit, withdraw


c1 = make_counter()
c2 = make_counter(100, -10)
print(c1(), c1(), c2(), c1(), c2())
avg = make_averager()
print([avg(x) for x in [10, 20, 60, 2]])
dep, wd = bank(50)
print(dep(25), wd(100), dep(7), wd(3))

def bind(i: int) -> Callable[[], int]:
    return lambda: i


late: list[Callable[[], int]] = [lambda: i for i in range(3)]
early = [bind(i) for i in range(3)]
print([f() for f in late], [f() for f in early])


def outer() -> list[str]:
    log: list[str] = []
    depth = 0

    def enter(name: str) -> None:
        nonlocal depth
        depth += 1
        log.append("  " * depth + name)
        if depth < 3:
            enter(name + "'")
        depth -= 1
    enter("f")
    enter("g")
    return log


print("\n".join(outer()))
