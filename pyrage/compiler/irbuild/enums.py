"""enum.Enum and enum.IntEnum: members are singleton objects {name, value} made when the class
statement runs (in the module's top level), each kept in a global.

An IntEnum member is an int wherever an int is wanted (arithmetic, comparisons, int slots),
its value being read out; str() of it is the int's, as in CPython 3.11.
"""

from __future__ import annotations

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR, GlobalIR
from pyrage.compiler.ir.types import INT, STR, RInstance, RType
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder


def members(info: n.TypeInfo) -> list[tuple[str, n.Expression]]:
    """(name, value expression) in definition order."""
    found = []
    for s in info.defn.defs.body:
        if isinstance(s, n.AssignmentStmt) and len(s.lvalues) == 1 and \
                isinstance(s.lvalues[0], n.NameExpr) and not isinstance(s.rvalue, n.TempNode):
            name = s.lvalues[0].name
            if not name.startswith("_"):
                found.append((name, s.rvalue))
    return found


def is_int_enum(info: n.TypeInfo) -> bool:
    return any(base.fullname == "enum.IntEnum" for base in info.mro)


def value_type(b: FunctionBuilder, info: n.TypeInfo, ctx: n.Context) -> RType:
    """One representation for all members' values (auto() gives ints)."""
    kinds: set[RType] = set()
    for _, value in members(info):
        kinds.add(INT if is_auto(value) else b.rtype_of(value))
    if len(kinds) != 1:
        raise b.unsupported(ctx, f"enum {info.name} with values of different types (yet)")
    return kinds.pop()


def is_auto(value: n.Expression) -> bool:
    return isinstance(value, n.CallExpr) and isinstance(value.callee, n.RefExpr) and \
        value.callee.fullname == "enum.auto"


def enum_class(b: FunctionBuilder, info: n.TypeInfo, ctx: n.Context) -> ClassIR:
    cls = b.program.specialize_class(info, [], ctx, b.path)
    if "_value_" not in cls.fields:
        cls.fields = {"_name_": STR, "_value_": value_type(b, info, ctx)}
    return cls


def member_global(b: FunctionBuilder, cls: ClassIR, name: str) -> GlobalIR:
    return b.program.global_var(f"{cls.name}.{name}", RInstance(cls))


def build_enum_class(b: FunctionBuilder, cdef: n.ClassDef) -> None:
    """The class statement of an enum: make its members, in order."""
    info = cdef.info
    cls = enum_class(b, info, cdef)
    if cls not in b.program.constructed:
        b.program.constructed.append(cls)
    last = 0
    for name, value_expr in members(info):
        if is_auto(value_expr):
            last += 1
            value: o.Value = o.Const(last, INT)
        else:
            value = expr.build_expr(b, value_expr)
            if value.type == INT and isinstance(value, o.Const) and isinstance(value.value, int):
                last = value.value
        obj = b.add(o.Alloc(cls, b.loc(cdef)))
        b.add(o.SetField(obj, cls, "_name_", o.Const(name, STR), b.loc(cdef)))
        b.add(o.SetField(obj, cls, "_value_", b.coerce(value, cls.fields["_value_"], cdef),
                         b.loc(cdef)))
        b.add(o.StoreGlobal(member_global(b, cls, name), obj))


def load_member(b: FunctionBuilder, info: n.TypeInfo, name: str, ctx: n.Context) -> o.Value:
    cls = enum_class(b, info, ctx)
    return b.add(o.LoadGlobal(member_global(b, cls, name)))


def enum_info(b: FunctionBuilder, value: o.Value) -> n.TypeInfo | None:
    if not isinstance(value.type, RInstance) or value.type.cls.name not in b.program.class_infos:
        return None
    info = b.program.class_info(value.type.cls).info
    if info.is_enum:
        enum_class(b, info, info)  # its fields, even before its class statement is compiled
        return info
    return None


def int_value(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value | None:
    """An IntEnum member where an int is wanted: its value."""
    info = enum_info(b, value)
    if info is None or not is_int_enum(info):
        return None
    assert isinstance(value.type, RInstance)
    return b.add(o.GetField(value, value.type.cls, "_value_", b.loc(ctx)))


def enum_str(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value | None:
    """str(member): "Color.RED"; for an IntEnum, str() of its value (CPython 3.11)."""
    from pyrage.compiler.irbuild import builtins

    info = enum_info(b, value)
    if info is None:
        return None
    assert isinstance(value.type, RInstance)
    cls = value.type.cls
    if is_int_enum(info):
        return builtins.to_str(b, b.add(o.GetField(value, cls, "_value_", b.loc(ctx))), ctx)
    name = b.add(o.GetField(value, cls, "_name_", b.loc(ctx)))
    return b.add(o.BuildStr([o.Const(cls.py_name + ".", STR), name], b.loc(ctx)))


def enum_repr(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value | None:
    """repr(member): <Color.RED: 1>"""
    from pyrage.compiler.irbuild import builtins

    info = enum_info(b, value)
    if info is None:
        return None
    assert isinstance(value.type, RInstance)
    cls = value.type.cls
    name = b.add(o.GetField(value, cls, "_name_", b.loc(ctx)))
    inner = builtins.to_repr(b, b.add(o.GetField(value, cls, "_value_", b.loc(ctx))), ctx)
    return b.add(o.BuildStr([o.Const("<" + cls.py_name + ".", STR), name, o.Const(": ", STR),
                             inner, o.Const(">", STR)], b.loc(ctx)))


def enum_hash(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value | None:
    """hash(member) is hash(member.name), as in CPython."""
    from pyrage.compiler.irbuild import builtins

    info = enum_info(b, value)
    if info is None:
        return None
    assert isinstance(value.type, RInstance)
    return builtins.hash_of(b, b.add(o.GetField(value, value.type.cls, "_name_", b.loc(ctx))),
                            ctx)


def lookup_by_value(b: FunctionBuilder, e: n.CallExpr, cls: ClassIR) -> o.Value:
    """Color(1): the member whose value is 1, or ValueError "1 is not a valid Color"."""
    from pyrage.compiler.irbuild import builtins, exceptions

    info = b.program.class_info(cls).info
    if len(e.args) != 1:
        raise b.error(e, f"{info.name}() takes one argument, a member's value")
    wanted = expr.build_expr(b, e.args[0])
    result = b.temp(RInstance(cls))
    found = b.new_block()
    for name, _ in members(info):
        member = load_member(b, info, name, e)
        value = b.add(o.GetField(member, cls, "_value_", b.loc(e)))
        yes, no = b.new_block(), b.new_block()
        b.branch(expr.compare(b, "==", value, wanted, e), yes, no)
        b.activate(yes)
        b.assign(result, member, e)
        b.goto(found)
        b.activate(no)
    message = b.add(o.BuildStr([builtins.to_repr(b, wanted, e),
                                o.Const(f" is not a valid {info.name}", STR)], b.loc(e)))
    cls_exc = exceptions.exception_class(b, "builtins.ValueError", e)
    from pyrage.compiler.irbuild import calls

    exc = b.add(o.Call(calls.builtin_exception_constructor(b, cls_exc), [message], b.loc(e)))
    exceptions.raise_value(b, exc, e)
    b.activate(found)
    return result


def members_list(b: FunctionBuilder, info: n.TypeInfo, ctx: n.Context) -> o.Value:
    """list(Color), for iterating the class: its members in definition order."""
    from mypy.types import Instance

    from pyrage.compiler.irbuild import collections

    t = b.rtype(Instance(b.program.builtin_instance("builtins.list").type,
                         [Instance(info, [])]), ctx)
    result = collections.new(b, t, ctx)
    for name, _ in members(info):
        collections.method(b, result, "append", [load_member(b, info, name, ctx)], ctx)
    return result


def lookup_by_name(b: FunctionBuilder, info: n.TypeInfo, name: o.Value, ctx: n.Context
                   ) -> o.Value:
    """Color["RED"]: KeyError('X') for a name that is no member."""
    from pyrage.compiler.irbuild import builtins, calls, exceptions

    cls = enum_class(b, info, ctx)
    result = b.temp(RInstance(cls))
    found = b.new_block()
    for member, _ in members(info):
        yes, no = b.new_block(), b.new_block()
        b.branch(expr.compare(b, "==", name, o.Const(member, STR), ctx), yes, no)
        b.activate(yes)
        b.assign(result, load_member(b, info, member, ctx), ctx)
        b.goto(found)
        b.activate(no)
    key_error = exceptions.exception_class(b, "builtins.KeyError", ctx)
    exc = b.add(o.Call(calls.builtin_exception_constructor(b, key_error),
                       [builtins.to_repr(b, name, ctx)], b.loc(ctx)))
    exceptions.raise_value(b, exc, ctx)
    b.activate(found)
    return result
