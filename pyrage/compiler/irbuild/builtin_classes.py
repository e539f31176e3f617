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
    "builtins.UnicodeEncodeError": "builtins.UnicodeError",
    "builtins.TypeError": "builtins.Exception",
    "builtins.NameError": "builtins.Exception",
    "builtins.UnboundLocalError": "builtins.NameError",
    "builtins.AttributeError": "builtins.Exception",
    "builtins.RuntimeError": "builtins.Exception",
    "builtins.RecursionError": "builtins.RuntimeError",
    "builtins.NotImplementedError": "builtins.RuntimeError",
    "builtins.StopIteration": "builtins.Exception",
    "builtins.StopAsyncIteration": "builtins.Exception",
    "builtins.AssertionError": "builtins.Exception",
    "builtins.MemoryError": "builtins.Exception",
    "builtins.OSError": "builtins.Exception",
    "builtins.TimeoutError": "builtins.OSError",
}

#: Builtin collection types and the pyrage.stdlib classes that implement them when compiled.
STDLIB_CLASSES: dict[str, str] = {
    "builtins.list": "pyrage.stdlib._list.List",
    "builtins.dict": "pyrage.stdlib._dict.Dict",
    "builtins.set": "pyrage.stdlib._set.Set",
    "builtins.bytearray": "pyrage.stdlib._bytearray.ByteArray",
    "typing.Iterator": "pyrage.stdlib._iter.ListIterator",
    "builtins.range": "pyrage.stdlib._range.Range",
    "builtins.tuple": "pyrage.stdlib._tuple.VarTuple",  # tuple[T, ...]; tuple[A, B] is RTuple
    "_collections_abc.dict_keys": "pyrage.stdlib._dict.KeysView",
    "_collections_abc.dict_values": "pyrage.stdlib._dict.ValuesView",
    "_collections_abc.dict_items": "pyrage.stdlib._dict.ItemsView",
}

#: Builtin methods whose overloads the stdlib spells as separate methods, chosen by the number
#: of arguments: (class, method, argument count) -> stdlib method.
METHOD_ALIASES: dict[tuple[str, str, int], str] = {
    ("builtins.dict", "get", 2): "_get_or",
    ("builtins.dict", "pop", 2): "_pop_or",
    # s.encode(): UTF-8, which cannot fail: no codec errors (nor their messages) in the image
    ("builtins.str", "encode", 0): "encode_utf8",
}

#: Builtin classes whose constructor calls the compiler handles (list(iterable), dict(), ...).
STDLIB_CONSTRUCTORS = {"builtins.list", "builtins.dict", "builtins.set", "builtins.tuple"}

#: The storage intrinsics the compiler implements itself (irbuild/arrays.py, rawbytes.py).
ARRAY_CLASS = "pyrage.stdlib.array.Array"
RAWBYTES_CLASS = "pyrage.stdlib.rawbytes.RawBytes"


#: Modules whose functions implement builtin types' methods: `x.name(...)` on a value of the
#: builtin type becomes `<prefix>name(x, ...)` from the module.
METHOD_MODULES: dict[str, tuple[str, str]] = {
    "builtins.str": ("pyrage.stdlib._str", "str_"),
    "builtins.bytes": ("pyrage.stdlib._bytes", "bytes_"),
    "builtins.int": ("pyrage.stdlib._int", "int_"),
    "builtins.float": ("pyrage.stdlib._float", "float_"),
}


def stdlib_modules() -> list[str]:
    """Modules every compiled program includes: they implement builtin types."""
    modules = {name.rpartition(".")[0] for name in STDLIB_CLASSES.values()}
    modules |= {module for module, _ in METHOD_MODULES.values()}
    return sorted(modules)
