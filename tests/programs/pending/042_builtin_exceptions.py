"""The builtin exceptions the runtime raises, each caught and reported by type and message.

Features: builtin-exception, try-except, type-name, list, dict, callable, int-bytes
"""

from collections.abc import Callable


def index_error() -> object:
    return [1, 2, 3][5]


def key_error() -> object:
    return {"a": 1}["b"]


def zero_div() -> object:
    return 7 % 0


def value_error() -> object:
    return int("12x")


def overflow_error() -> object:
    return (256).to_bytes(1, "big")


def negative_to_bytes() -> object:
    return (-1).to_bytes(2, "big")


def str_index() -> object:
    return "abc"[-4]


def bad_base() -> object:
    return int("zz", 36) + int("9", 8)


def unpack_error() -> object:
    xs = [1, 2, 3]
    a, b = xs
    return a + b


cases: list[Callable[[], object]] = [index_error, key_error, zero_div, value_error, overflow_error,
                                      negative_to_bytes, str_index, bad_base, unpack_error]
for case in cases:
    try:
        print(case.__name__, "returned", case())
    except (IndexError, KeyError) as e:
        print(f"{case.__name__}: lookup error {type(e).__name__}: {e}")
    except ArithmeticError as e:
        print(f"{case.__name__}: arithmetic error {type(e).__name__}")
    except ValueError as e:
        print(f"{case.__name__}: {type(e).__name__}: {e}")

try:
    raise ZeroDivisionError("custom message")
except Exception as e:
    print(type(e).__name__, e, isinstance(e, ArithmeticError))
print(issubclass(OverflowError, ArithmeticError), issubclass(KeyError, LookupError))
