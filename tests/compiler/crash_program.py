"""Crashes, one per case: tests/compiler/test_crash_frames.py runs `crash_program.py N` under
CPython and compiled, and compares the frames of the two tracebacks (file, line, function).

Each case is a function of no arguments that ends in an uncaught exception; CASES lists them.
Errors raised inside builtins (CPython shows no frame of theirs), through constructors,
properties, dunders, closures and function values, re-raised, and inside tasks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from pyrage.stdlib import platform, sched


class Shape:
    def __init__(self, sides: int) -> None:
        if sides < 3:
            raise ValueError(f"{sides} sides")
        self.sides = sides

    @property
    def angle(self) -> int:
        return 360 // (self.sides - 4)

    def __len__(self) -> int:
        return [1, 2, 3][self.sides]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Shape):
            return NotImplemented
        return {1: True}[self.sides] == other.sides

    def __hash__(self) -> int:
        return self.sides

    def __str__(self) -> str:
        return "x" * int("many")


class Square(Shape):
    def __init__(self) -> None:
        super().__init__(2)


class AppError(Exception):
    pass


def lookup(table: dict[str, int], key: str) -> int:
    return table[key]


def nested(depth: int) -> int:
    if depth == 0:
        return lookup({}, "missing")
    return nested(depth - 1) + 1


def apply(f: Callable[[int], int], x: int) -> int:
    return f(x)


def divide(x: int) -> int:
    return 10 // x


def keep(e: Exception) -> Exception:
    return e


# ---- errors inside builtins -------------------------------------------------------------------

def c_dict_key() -> None:
    print(lookup({"a": 1}, "b"))


def c_list_index() -> None:
    items = [1, 2]
    print(items[5])


def c_list_pop_empty() -> None:
    items: list[int] = []
    items.pop()


def c_list_remove() -> None:
    [1, 2].remove(3)


def c_list_index_of() -> None:
    print([1, 2].index(9))


def c_str_index() -> None:
    print("abc"[10])


def c_str_find_index() -> None:
    print("abc".index("z"))


def c_int_of_str() -> None:
    print(int("twelve"))


def c_float_of_str() -> None:
    print(float("half"))


def c_to_bytes() -> None:
    print((1000).to_bytes(1, "big"))


def c_decode() -> None:
    print(b"\xff\xfe".decode())


def c_dict_pop() -> None:
    d: dict[int, int] = {}
    d.pop(4)


def c_set_remove() -> None:
    s = {1}
    s.remove(2)


def c_min_empty() -> None:
    empty: list[int] = []
    print(min(empty))


def c_next_exhausted() -> None:
    it = iter([1])
    next(it)
    next(it)


def c_chr_range() -> None:
    print(chr(-1))


def c_bytes_value() -> None:
    print(bytes([1, 300]))


def c_bytes_index() -> None:
    print(b"ab"[7])


def c_zero_division() -> None:
    print(divide(0))


def c_modulo_zero() -> None:
    n = 0
    print(7 % n)


def c_float_division() -> None:
    z = 0.0
    print(1.0 / z)


def c_split_unpack() -> None:
    print(int("3 4".split()[2]))


def c_bytearray_index() -> None:
    b = bytearray(2)
    b[9] = 1


def c_str_join() -> None:
    print(",".join(["a", "b"]) + "c"[3])


def c_sorted_key() -> None:
    print(sorted(["a", "bb"], key=lambda s: {"a": 1}[s]))


def c_dict_in_comprehension() -> None:
    table = {"a": 1}
    total = 0
    for k in ["a", "b"]:
        total += table[k]
    print(total)


# ---- user code ---------------------------------------------------------------------------------

def c_raise() -> None:
    raise AppError("plain")


def c_nested_calls() -> None:
    print(nested(3))


def c_constructor() -> None:
    Shape(1)


def c_subclass_constructor() -> None:
    Square()


def c_property() -> None:
    print(Shape(4).angle)


def c_len_dunder() -> None:
    print(len(Shape(7)))


def c_eq_dunder() -> None:
    print(Shape(3) == Shape(3))


def c_str_dunder() -> None:
    print(str(Shape(3)))


def c_function_value() -> None:
    print(apply(divide, 0))


def c_lambda() -> None:
    print(apply(lambda x: [x][x], 3))


def c_closure() -> None:
    base = {"k": 1}

    def get(key: str) -> int:
        return base[key]

    print(get("j"))


def c_bound_method() -> None:
    f = Shape(3).__len__
    print(f())


def c_assert() -> None:
    n = 3
    assert n < 2, "n too big"


def c_reraise_kept() -> None:
    try:
        divide(0)
    except ZeroDivisionError as e:
        err = keep(e)
    raise err


def c_bare_reraise() -> None:
    try:
        lookup({}, "k")
    except KeyError:
        print("handling")
        raise


def c_raise_in_except() -> None:
    try:
        lookup({}, "k")
    except KeyError:
        raise AppError("while handling")


def c_raise_from() -> None:
    try:
        divide(0)
    except ZeroDivisionError as e:
        raise AppError("wrapped") from e


def c_finally_runs() -> None:
    try:
        divide(0)
    finally:
        print("cleanup")


def c_method_chain() -> None:
    shapes = [Shape(3), Shape(4)]
    print(sum(s.angle for s in shapes))


def c_recursion_of_methods() -> None:
    print([len(Shape(i)) for i in range(3, 9)])


def c_exception_in_loop() -> None:
    for i in range(3, -1, -1):
        print(divide(i))


def c_system_exit_message() -> None:
    sys.exit("fatal: bad input")


# ---- tasks ------------------------------------------------------------------------------------

async def failing(n: int) -> int:
    await sched.sleep_ns(1000)
    return divide(n)


async def awaits_failing() -> None:
    print(await failing(0))


def c_task_await() -> None:
    sched.run(awaits_failing())


async def joins() -> None:
    task = sched.spawn(failing(0), name="worker")
    print(await task.join())


def c_task_join() -> None:
    sched.run(joins())


async def gathers() -> None:
    print(await sched.gather([failing(1), failing(0)]))


def c_task_gather() -> None:
    sched.run(gathers())


async def times_out() -> None:
    await sched.with_timeout(1000, sched.sleep_ns(1_000_000_000))


def c_task_timeout() -> None:
    sched.run(times_out())


async def raises_at_once() -> None:
    lookup({}, "first")


def c_task_no_await() -> None:
    sched.run(raises_at_once())


async def callback_task(f: Callable[[int], int]) -> None:
    await sched.sleep_ns(10)
    print(f(0))


def c_task_callback() -> None:
    sched.run(callback_task(divide))


CASES: list[Callable[[], None]] = [
    c_dict_key, c_list_index, c_list_pop_empty, c_list_remove, c_list_index_of, c_str_index,
    c_str_find_index, c_int_of_str, c_float_of_str, c_to_bytes, c_decode, c_dict_pop,
    c_set_remove, c_min_empty, c_next_exhausted, c_chr_range, c_bytes_value, c_bytes_index,
    c_zero_division, c_modulo_zero, c_float_division, c_split_unpack, c_bytearray_index,
    c_str_join, c_sorted_key, c_dict_in_comprehension,
    c_raise, c_nested_calls, c_constructor, c_subclass_constructor, c_property, c_len_dunder,
    c_eq_dunder, c_str_dunder, c_function_value, c_lambda, c_closure, c_bound_method, c_assert,
    c_reraise_kept, c_bare_reraise, c_raise_in_except, c_raise_from, c_finally_runs,
    c_method_chain, c_recursion_of_methods, c_exception_in_loop, c_system_exit_message,
    c_task_await, c_task_join, c_task_gather, c_task_timeout, c_task_no_await,
    c_task_callback,
]

if platform.argc() > 1:
    CASES[int(platform.argv(1))]()
else:
    print(len(CASES))
