"""Lambdas: as sort keys, stored in dicts and lists, capturing variables, immediately applied.

Features: lambda, callable, dict, sorted-min-max, closure
"""

from collections.abc import Callable

ops: dict[str, Callable[[int, int], int]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "//": lambda a, b: a // b,
    "max": lambda a, b: a if a > b else b,
}
for sym, fn in ops.items():
    print(f"17 {sym} 5 = {fn(17, 5)}")

scale = 3
times_scale: Callable[[int], int] = lambda x: x * scale
print(times_scale(7))
scale = 10
print(times_scale(7))

compose: Callable[[Callable[[int], int], Callable[[int], int]], Callable[[int], int]] = (
    lambda f, g: lambda x: f(g(x)))
inc_then_double = compose(lambda x: x * 2, lambda x: x + 1)
print(inc_then_double(4), compose(inc_then_double, inc_then_double)(1))
print((lambda x: x * 10)(4), (lambda: "thunk")())

words = ["kiwi", "Banana", "apple", "cherry", "date"]
print(sorted(words, key=lambda w: w[-1]))
print(sorted(words, key=lambda w: (-len(w), w.lower())))
print(list(map(lambda w: w[:2], words)), list(filter(lambda w: "a" in w, words)))


def adder(k: int) -> Callable[[int], int]:
    return lambda x: x + k


adders = [adder(k) for k in range(4)]
print([add(10) for add in adders])
pred: Callable[[int], bool] = lambda n: n % 3 == 0 and n > 0
print([n for n in range(-3, 13) if pred(n)])
