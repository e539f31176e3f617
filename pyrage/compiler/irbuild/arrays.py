"""pyrage.stdlib.array.Array, compiled inline: the storage under list, dict, set, bytearray."""

from __future__ import annotations

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import NONE, RArray
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder


def construct_array(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    t = b.rtype_of(e)
    assert isinstance(t, RArray)
    if len(e.args) != 1:
        raise b.error(e, "Array(length) takes one argument")
    length = b.as_int(expr.build_expr(b, e.args[0]), e)
    return b.add(o.ArrayNew(length, t, b.loc(e)))


def call_array_method(b: FunctionBuilder, e: n.CallExpr, name: str, array: o.Value) -> o.Value:
    t = array.type
    assert isinstance(t, RArray)
    args = [expr.build_expr(b, a) for a in e.args]
    loc = b.loc(e)
    if name == "__len__" and not args:
        return b.add(o.Len(array))
    if name == "__getitem__" and len(args) == 1:
        return b.add(o.ArrayGet(array, b.as_int(args[0], e), t.item, loc))
    if name == "__setitem__" and len(args) == 2:
        b.add(o.ArraySet(array, b.as_int(args[0], e), b.coerce(args[1], t.item, e), loc))
        return o.Const(None, NONE)
    if name == "fill" and len(args) == 1:
        value = b.coerce(args[0], t.item, e)
        return b.add(o.CallRuntime(f"rt_array_fill_{slot_kind(t)}", [array, value], NONE, loc))
    if name == "move" and len(args) == 3:
        ints = [b.as_int(a, e) for a in args]
        return b.add(o.CallRuntime("rt_array_move", [array, *ints], NONE, loc, pass_loc=True,
                                   raises=True))
    if name == "copy_to" and len(args) == 2:
        return b.add(o.CallRuntime("rt_array_copy_to", [array, args[0], b.as_int(args[1], e)],
                                   NONE, loc, pass_loc=True, raises=True))
    raise b.unsupported(e, f"Array.{name} with these arguments")


def index_array(b: FunctionBuilder, array: o.Value, index: o.Value, ctx: n.Context) -> o.Value:
    t = array.type
    assert isinstance(t, RArray)
    return b.add(o.ArrayGet(array, b.as_int(index, ctx), t.item, b.loc(ctx)))


def slot_kind(t: RArray) -> str:
    """How fill() passes a value to the runtime: as an integer, a double or a pointer."""
    if t.item.is_ref:
        return "ptr"
    return "f64" if t.item.name == "float" else "i64"

