"""Markers for functions that the compiler does not compile from their Python bodies.

- ``@extern("rt_symbol")``: compiled code calls the runtime's C function ``rt_symbol`` (see
  pyrage/runtime/core); under CPython the body runs, and is the hosted implementation.
- ``@intrinsic``: the compiler implements the call itself (compiler/irbuild/intrinsics.py);
  under CPython the body runs.
- ``@outline``: compiled code keeps the function out of line (never inlined): for code that runs
  rarely (once per scheduler batch, at boot), where inlining only costs compile time and image
  size.

The parameter and return types of an @extern function are its C signature: int -> int64_t,
bool -> bool, str -> pyrage_str *, bytes -> pyrage_bytes *, None -> void.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def extern(symbol: str) -> Callable[[F], F]:
    """Bind a function to the runtime symbol ``symbol`` when compiled."""

    def mark(fn: F) -> F:
        return fn

    return mark


def intrinsic(fn: F) -> F:
    """Mark a function whose calls the compiler implements."""
    return fn


def outline(fn: F) -> F:
    """Keep a function out of line when compiled (LLVM `noinline`); no effect under CPython."""
    return fn


@intrinsic
def identical(a: object, b: object) -> bool:
    """`a is b`, which containers test before `==` (CPython's PyObject_RichCompareBool): `x in
    [x]` holds even where x's __eq__ says False. Compiled, an int, bool or float has no identity
    pyrage keeps, so it is never identical (`==` decides)."""
    return a is b
