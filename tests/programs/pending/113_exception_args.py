"""Exception objects as values: args, str and repr of builtin and user exceptions, chaining.

Features: builtin-exception, user-exception, repr-str, try-except, list, type-name, tuple
"""

from collections.abc import Callable


class AppError(Exception):
    pass


class CodeError(AppError):
    def __init__(self, code: int, msg: str) -> None:
        super().__init__(code, msg)
        self.code = code

    def __str__(self) -> str:
        return f"[E{self.code:03d}] {self.args[1]}"


excs: list[Exception] = [ValueError("bad value"), KeyError("key"), IndexError(), AppError(),
                         AppError("one"), AppError("two", 2), CodeError(7, "broken"),
                         ZeroDivisionError("division by zero"), OverflowError("too big")]
for e in excs:
    print(f"{type(e).__name__:<18} args={e.args!r:<24} str={str(e)!r:<22} repr={e!r}")

caught: list[str] = []
table: dict[str, int] = {}
thunks: list[Callable[[], object]] = [lambda: table["nope"], lambda: [1][3], lambda: int("0x10"),
                                      lambda: 1 // len(table)]
for thunk in thunks:
    try:
        thunk()
    except ZeroDivisionError as e:
        caught.append(f"{type(e).__name__} with {len(e.args)} arg")
    except Exception as e:
        caught.append(f"{type(e).__name__}{e.args}")
print(caught)

try:
    try:
        raise CodeError(42, "inner")
    except AppError as inner:
        raise RuntimeError("outer") from inner
except RuntimeError as outer:
    print(repr(outer), "caused by", repr(outer.__cause__), str(outer.__cause__))
try:
    raise AppError("x", 1, None)
except AppError as e:
    a, b, c = e.args
    print(a, b, c, len(e.args), isinstance(e, Exception))
