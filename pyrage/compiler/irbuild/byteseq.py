"""bytes and bytearray: constructors, indexing, operators and the methods that take any
iterable, routed to the pyrage Python that implements them (pyrage/stdlib/_bytes.py and
_bytearray.py, over RawBytes).

bytes is a primitive (BYTES, immutable); bytearray is the stdlib class ByteArray. Where CPython
accepts either ("any bytes-like object"), pyrage converts a bytearray to bytes first (a copy):
b"x" + bytearray(b"y"), bytes(ba), int.from_bytes(ba, ...).
"""

from __future__ import annotations

from mypy import nodes as n
from mypy.types import Instance

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import BOOL, BYTES, INT, STR, RInstance, RType
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder
from pyrage.compiler.irbuild.calls import call_function, stdlib_function

BYTES_MODULE = "pyrage.stdlib._bytes"
BYTEARRAY_MODULE = "pyrage.stdlib._bytearray"
BYTEARRAY_CLASS = f"{BYTEARRAY_MODULE}.ByteArray"

#: Class methods of builtin types, written as functions: (class, method) -> (module, function).
CLASS_METHODS: dict[tuple[str, str], tuple[str, str]] = {
    ("builtins.bytes", "fromhex"): (BYTES_MODULE, "bytes_fromhex"),
    ("builtins.bytearray", "fromhex"): ("pyrage.stdlib._bytearray", "bytearray_fromhex"),
    ("builtins.int", "from_bytes"): ("pyrage.stdlib._int", "int_from_bytes"),
}


def is_bytearray(t: RType) -> bool:
    return isinstance(t, RInstance) and t.cls.name == BYTEARRAY_CLASS


def as_bytes(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value:
    """A bytes-like value as bytes: bytes as it is, a bytearray copied."""
    if is_bytearray(value.type):
        from pyrage.compiler.irbuild import iteration

        return iteration.method(b, value, "_to_bytes", [], ctx)
    return value


def call_class_method(b: FunctionBuilder, e: n.CallExpr, owner: str, name: str
                      ) -> o.Value | None:
    """bytes.fromhex(s), int.from_bytes(data, "big"), ...; None if not one of those."""
    target = CLASS_METHODS.get((owner, name))
    if target is None:
        return None
    from pyrage.compiler.irbuild import calls

    fdef = stdlib_function(b, *target)
    args = calls.map_arguments(b, e, fdef, skip_self=False)
    args = [(as_bytes(b, value, where), where) for value, where in args]
    return calls.call_fn(b, b.program.function(fdef), args, e)


# --- bytes ------------------------------------------------------------------------------------


def index(b: FunctionBuilder, base: o.Value, e: n.IndexExpr) -> o.Value:
    if isinstance(e.index, n.SliceExpr):
        parts = [expr.optional_int(b, x) for x in (e.index.begin_index, e.index.end_index,
                                                    e.index.stride)]
        return call_function(b, BYTES_MODULE, "bytes_slice", [base, *parts], e)
    i = b.as_int(expr.build_expr(b, e.index), e)
    return call_function(b, BYTES_MODULE, "bytes_getitem", [base, i], e)


def binary_op(b: FunctionBuilder, op: str, lhs: o.Value, rhs: o.Value,
              ctx: n.Context) -> o.Value | None:
    """bytes + bytes-like, bytes * int (either way round); None for anything else."""
    if op == "+" and lhs.type == BYTES and (rhs.type == BYTES or is_bytearray(rhs.type)):
        return b.add(o.CallRuntime("rt_bytes_concat", [lhs, as_bytes(b, rhs, ctx)], BYTES,
                                   b.loc(ctx)))
    if op == "*" and {lhs.type, rhs.type} in ({BYTES, INT}, {BYTES, BOOL}):
        data, times = (lhs, rhs) if lhs.type == BYTES else (rhs, lhs)
        return call_function(b, BYTES_MODULE, "bytes_repeat", [data, b.as_int(times, ctx)], ctx)
    return None


def compare(b: FunctionBuilder, op: str, lhs: o.Value, rhs: o.Value,
            ctx: n.Context) -> o.Value | None:
    """in / not in / ordering with bytes on the right (or both sides); None otherwise."""
    if rhs.type != BYTES:
        return None
    if op in ("in", "not in"):
        if lhs.type in (INT, BOOL):
            found = call_function(b, BYTES_MODULE, "bytes_contains_byte",
                                  [rhs, b.as_int(lhs, ctx)], ctx)
        elif lhs.type == BYTES or is_bytearray(lhs.type):
            found = call_function(b, BYTES_MODULE, "bytes_contains",
                                  [rhs, as_bytes(b, lhs, ctx)], ctx)
        else:
            return None
        return found if op == "in" else b.add(o.Not(found))
    if op in ("<", "<=", ">", ">=") and lhs.type == BYTES:
        order = call_function(b, BYTES_MODULE, "bytes_compare", [lhs, rhs], ctx)
        return b.add(o.Compare(op, order, o.Const(0, INT)))
    return None


def construct(b: FunctionBuilder, e: n.CallExpr, kind: str) -> o.Value:
    """bytes(...) or bytearray(...): of nothing, a count, a bytes-like object, a str and its
    encoding, or an iterable of ints."""
    name = kind.rpartition(".")[2]
    module, prefix = (BYTES_MODULE, "bytes") if name == "bytes" else (BYTEARRAY_MODULE,
                                                                      "bytearray")
    if any(k != n.ARG_POS for k in e.arg_kinds) or len(e.args) > 3:
        raise b.unsupported(e, f"{name}() with these arguments (yet)")
    data: o.Value
    if not e.args:
        data = o.Const(b"", BYTES)
    elif len(e.args) >= 2:
        text = expr.build_expr(b, e.args[0])
        encoding = expr.build_expr(b, e.args[1])
        if text.type != STR:
            raise b.unsupported(e, f"{name}() with an encoding of anything but a str")
        data = encode(b, text, encoding, e)
    else:
        source = e.args[0]
        t = b.mypy_type(source)
        family = t.type.fullname if isinstance(t, Instance) else ""
        if family in ("builtins.int", "builtins.bool"):
            count = b.as_int(expr.build_expr(b, source), e)
            return call_function(b, module, f"{prefix}_zeros", [count], e)
        if family == "builtins.str":
            raise b.error(e, "string argument without an encoding")
        if family in ("builtins.bytes", "builtins.bytearray"):
            data = as_bytes(b, expr.build_expr(b, source), e)
        else:
            return call_function(b, module, f"{prefix}_of_list", [int_list(b, source, e)], e)
    if name == "bytes":
        return data
    return call_function(b, module, "bytearray_of_bytes", [data], e)


def extend(b: FunctionBuilder, target: o.Value, iterable: n.Expression,
           ctx: n.Context) -> o.Value:
    """bytearray.extend(bytes-like or iterable of ints)."""
    from pyrage.compiler.irbuild import iteration

    t = b.mypy_type(iterable)
    if isinstance(t, Instance) and t.type.fullname in ("builtins.bytes", "builtins.bytearray"):
        data = as_bytes(b, expr.build_expr(b, iterable), ctx)
        return iteration.method(b, target, "_extend_bytes", [data], ctx)
    return iteration.method(b, target, "_extend_list", [int_list(b, iterable, ctx)], ctx)


def int_list(b: FunctionBuilder, iterable: n.Expression, ctx: n.Context) -> o.Value:
    """list(iterable) of ints, for the constructors that take any iterable of ints."""
    from pyrage.compiler.irbuild import collections, iteration

    values = collections.new(b, b.program.list_of(INT, ctx, b.path), ctx)

    def put(parts: list[o.Value], source: iteration.Source) -> None:
        value = iteration.as_value(b, source, parts, ctx)
        if value.type not in (INT, BOOL):
            raise b.error(ctx, f"bytes() needs an iterable of ints, not of {value.type}")
        iteration.method(b, values, "append", [b.as_int(value, ctx)], ctx)

    iteration.for_each(b, iterable, put)
    return values


def encode(b: FunctionBuilder, text: o.Value, encoding: o.Value, ctx: n.Context) -> o.Value:
    """str.encode(encoding) for the encodings pyrage knows (UTF-8, ASCII, Latin-1)."""
    strict = o.Const("strict", STR)
    return call_function(b, "pyrage.stdlib._str", "str_encode", [text, encoding, strict], ctx)


def join(b: FunctionBuilder, sep: o.Value, iterable: n.Expression, ctx: n.Context) -> o.Value:
    """sep.join(iterable) for bytes: the parts are collected in a list, then joined once."""
    from pyrage.compiler.irbuild import collections, iteration

    parts = collections.new(b, b.program.list_of(BYTES, ctx, b.path), ctx)

    def put(items: list[o.Value], source: iteration.Source) -> None:
        value = as_bytes(b, iteration.as_value(b, source, items, ctx), ctx)
        if value.type != BYTES:
            raise b.error(ctx, f"sequence item: expected a bytes-like object, {value.type} "
                               "found")
        iteration.method(b, parts, "append", [value], ctx)

    iteration.for_each(b, iterable, put)
    return call_function(b, BYTES_MODULE, "bytes_join", [sep, parts], ctx)
