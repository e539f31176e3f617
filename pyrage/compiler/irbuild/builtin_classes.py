"""Builtin classes whose instances the runtime lays out and types itself."""

from __future__ import annotations

#: The builtin exception classes the runtime defines (runtime/core/exceptions.c), each with its
#: base. Their instances are laid out as pyrage_exception: message, traceback, exit code.
BUILTIN_EXCEPTIONS: dict[str, str | None] = {
    "builtins.BaseException": None,
    "builtins.Exception": "builtins.BaseException",
    "builtins.SystemExit": "builtins.BaseException",
    "builtins.ArithmeticError": "builtins.Exception",
    "builtins.ZeroDivisionError": "builtins.ArithmeticError",
    "builtins.OverflowError": "builtins.ArithmeticError",
    "builtins.LookupError": "builtins.Exception",
    "builtins.IndexError": "builtins.LookupError",
    "builtins.KeyError": "builtins.LookupError",
    "builtins.ValueError": "builtins.Exception",
    "builtins.UnicodeError": "builtins.ValueError",
    "builtins.UnicodeDecodeError": "builtins.UnicodeError",
    "builtins.TypeError": "builtins.Exception",
    "builtins.AttributeError": "builtins.Exception",
    "builtins.RuntimeError": "builtins.Exception",
    "builtins.RecursionError": "builtins.RuntimeError",
    "builtins.NotImplementedError": "builtins.RuntimeError",
    "builtins.StopIteration": "builtins.Exception",
    "builtins.AssertionError": "builtins.Exception",
    "builtins.MemoryError": "builtins.Exception",
}
