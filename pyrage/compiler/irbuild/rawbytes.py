"""pyrage.stdlib.rawbytes.RawBytes, compiled inline: the byte storage under bytes' methods,
bytearray and Buffer (as arrays.py is the slot storage under list, dict and set).

A RawBytes value is a pyrage_bytes used mutably (RAW). get/set become ByteGet/ByteSet, which
codegen inlines with a bounds check; the other methods are one runtime call each
(runtime/core/rawbytes.c), whose signatures are listed here.
"""

from __future__ import annotations

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import BOOL, BYTES, INT, NONE, RAW, STR, RType
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder
from pyrage.compiler.irbuild.builtin_classes import RAWBYTES_CLASS

#: method -> (runtime function, parameter types after the receiver, result, can raise)
RUNTIME_METHODS: dict[str, tuple[str, list[RType], RType, bool]] = {
    "get_int": ("rt_rawbytes_get_int", [INT, INT, BOOL, BOOL], INT, True),
    "set_int": ("rt_rawbytes_set_int", [INT, INT, BOOL, BOOL, INT], NONE, True),
    "copy_from": ("rt_rawbytes_copy", [INT, RAW, INT, INT], NONE, True),
    "to_bytes": ("rt_rawbytes_to_bytes", [INT, INT], BYTES, True),
    "fill": ("rt_rawbytes_fill", [INT, INT, INT], NONE, True),
    "find": ("rt_rawbytes_find", [INT, INT, BYTES, BOOL], INT, False),
    "compare": ("rt_rawbytes_compare", [INT, INT, RAW, INT, INT], INT, False),
    "hex": ("rt_rawbytes_hex", [INT, INT], STR, True),
    "decode": ("rt_rawbytes_decode", [INT, INT, BOOL], STR, True),
    "inet_sum": ("rt_rawbytes_inet_sum", [INT, INT], INT, True),
    "crc32": ("rt_rawbytes_crc32", [INT, INT, INT], INT, True),
}


def is_rawbytes_class(e: n.Expression) -> bool:
    return isinstance(e, n.RefExpr) and isinstance(e.node, n.TypeInfo) and \
        e.node.fullname == RAWBYTES_CLASS


def construct(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    if len(e.args) != 1 or e.arg_kinds[0] != n.ARG_POS:
        raise b.error(e, "RawBytes(size) takes one argument")
    size = b.as_int(expr.build_expr(b, e.args[0]), e)
    return b.add(o.CallRuntime("rt_rawbytes_new", [size], RAW, b.loc(e), pass_loc=True,
                               raises=True))


def call_static(b: FunctionBuilder, e: n.CallExpr, name: str) -> o.Value:
    """RawBytes.view_of(data): the bytes object itself, typed as storage to read."""
    if name != "view_of" or len(e.args) != 1:
        raise b.unsupported(e, f"RawBytes.{name} with these arguments")
    data = expr.build_expr(b, e.args[0])
    if data.type != BYTES:
        raise b.error(e, "RawBytes.view_of takes a bytes object")
    return b.add(o.Cast(data, RAW))


def call_method(b: FunctionBuilder, e: n.CallExpr, name: str, raw: o.Value) -> o.Value:
    if any(k != n.ARG_POS for k in e.arg_kinds):
        raise b.unsupported(e, f"RawBytes.{name} with keyword arguments")
    args = [expr.build_expr(b, a) for a in e.args]
    loc = b.loc(e)
    if name == "__len__" and not args:
        return b.add(o.Len(raw))
    if name == "get" and len(args) == 1:
        return b.add(o.ByteGet(raw, b.as_int(args[0], e), loc))
    if name == "set" and len(args) == 2:
        b.add(o.ByteSet(raw, b.as_int(args[0], e), b.as_int(args[1], e), loc))
        return o.Const(None, NONE)
    if name in RUNTIME_METHODS:
        symbol, params, ret, raises = RUNTIME_METHODS[name]
        if len(args) != len(params):
            raise b.error(e, f"RawBytes.{name} takes {len(params)} arguments")
        values = [raw] + [b.as_int(a, e) if p == INT else b.coerce(a, p, e)
                          for a, p in zip(args, params)]
        return b.add(o.CallRuntime(symbol, values, ret, loc, pass_loc=raises, raises=raises))
    raise b.unsupported(e, f"RawBytes.{name} with these arguments")
