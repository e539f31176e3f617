"""Integer overflows, one per case: tests/cli/test_hosted_rehearsal.py runs `overflow_program.py
N` with `pyrage run -t hosted` and as a unix image, and wants the same output, the same fatal
line (file and line) and the same exit status from both.

Each case prints something first, so that the order of output and trap is checked too. The
operations: each arithmetic operator that can leave 64 bits, their augmented assignments on a
local, an attribute and a list item, unary minus, the int-making builtins, `math`, and
`int.from_bytes` (an OverflowError there, which the program catches). One case checks that
`except` does not catch the trap, as it cannot in an image. The last two are wrong
`typing.cast`s, which the images check (CPython's cast does not) and hosted checks with them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Optional, cast

from pyrage.stdlib import platform

BIG = 2**62


class Account:
    def __init__(self) -> None:
        self.total = BIG

    def deposit(self, amount: int) -> None:
        self.total += amount


def c_add() -> None:
    x = BIG
    print("adding")
    print(x + x)


def c_sub() -> None:
    x = -BIG
    print(x - BIG - BIG - 1)


def c_mul_loop() -> None:
    x = 1
    for i in range(70):
        x = x * 3
        if i % 10 == 0:
            print(i, x)


def c_floor_div() -> None:
    low = -BIG * 2
    print(low // 2)
    print(low // -1)


def c_pow() -> None:
    base = 2
    print(base ** 62)
    print(base ** 64)


def c_shift() -> None:
    one = 1
    print(one << 62)
    print(one << 64)


def c_negate() -> None:
    low = -BIG * 2
    print(-(low + 1))
    print(-low)


def c_augmented_local() -> None:
    n = BIG
    n += 1
    print(n)
    n *= 4
    print(n)


def c_augmented_attribute() -> None:
    account = Account()
    account.deposit(1)
    print(account.total)
    account.deposit(BIG)


def c_augmented_item() -> None:
    counts = [BIG, BIG]
    counts[1] += 5
    print(counts)
    counts[0] <<= 1


def c_int_of_str() -> None:
    print(int("9223372036854775807"))
    print(int("9223372036854775808"))


def c_int_of_float() -> None:
    print(int(9.2e18))
    print(int(1e19))


def c_sum() -> None:
    values = [BIG, BIG - 1]
    print(sum(values))
    print(sum(values + [1]))


def c_abs() -> None:
    low = -BIG * 2
    print(abs(low + 1))
    print(abs(low))


def c_math_floor() -> None:
    print(math.floor(1e18))
    print(math.floor(1e19))


def c_from_bytes() -> None:
    print(int.from_bytes(b"\x7f" + b"\xff" * 7, "big"))
    try:
        print(int.from_bytes(b"\xff" * 8, "big"))
    except OverflowError as e:
        print("OverflowError:", e)


def c_not_catchable() -> None:
    x = BIG
    try:
        x = x * 2
    except OverflowError:
        print("caught: an image cannot get here")
    except Exception:
        print("caught as Exception: an image cannot get here")
    print(x)


def c_in_comprehension() -> None:
    print([v * 2 for v in [1, 2, 3]])
    print([v * 4 for v in [1, BIG]])


def c_lambda() -> None:
    grow: Callable[[int], int] = lambda v: v * v
    print(grow(3_000_000_000))
    print(grow(4_000_000_000))


def c_cast_builtin() -> None:
    held: list[object] = [1, "a", None]
    print(cast(int, held[0]) + 1, cast(Optional[str], held[2]))
    print(cast(int, held[1]))


def c_cast_class() -> None:
    accounts: list[object] = [Account(), "not an account"]
    print(cast(Account, accounts[0]).total)
    print(cast(Account, accounts[1]).total)


CASES: list[Callable[[], None]] = [
    c_add, c_sub, c_mul_loop, c_floor_div, c_pow, c_shift, c_negate, c_augmented_local,
    c_augmented_attribute, c_augmented_item, c_int_of_str, c_int_of_float, c_sum, c_abs,
    c_math_floor, c_from_bytes, c_not_catchable, c_in_comprehension, c_lambda,
    c_cast_builtin, c_cast_class,
]

if platform.argc() > 1:
    CASES[int(platform.argv(1))]()
else:
    print(len(CASES))
