"""== and != where one side's static type is `object`: the run-time types decide.

CPython's rich comparison looks at the classes the two values have when the comparison runs, so
`d["k"] == "x"` with `d: dict[str, object]` compares two strs. Both sides go to
runtime/core/objeq.c as objects (primitives boxed). Numbers, str, bytes and None are decided
there; a compiled class answers through the eq function its type info carries, built here for
every class the program converts to `object` that has an __eq__ of its own, a generated one (a
dataclass), or is a plain tuple.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR
from pyrage.compiler.ir.types import BOOL, INT, NONE, OPAQUE, STR, RInstance, RTuple, RType, RUnion

if TYPE_CHECKING:
    from pyrage.compiler.irbuild.builder import FunctionBuilder
    from pyrage.compiler.irbuild.program import ProgramBuilder

#: What an eq function returns (objeq.c reads the same numbers).
EQUAL, DIFFERENT, NOT_IMPLEMENTED, UNDECIDED = 1, 0, 2, 3


def compare(b: FunctionBuilder, op: str, lhs: o.Value, rhs: o.Value, ctx: n.Context) -> o.Value:
    """lhs == rhs (or !=) where one of them is an `object`."""
    left, right = b.coerce(lhs, OPAQUE, ctx), b.coerce(rhs, OPAQUE, ctx)
    same = b.add(o.CallRuntime("rt_object_eq", [left, right], BOOL, b.loc(ctx), pass_loc=True,
                               raises=True))
    return same if op == "==" else b.add(o.Not(same))


def needs_eq(program: ProgramBuilder, cls: ClassIR) -> bool:
    """Whether instances of cls held as `object` compare by more than identity."""
    from pyrage.compiler.irbuild import records

    if cls.name.startswith("tuple["):
        return True
    info = program.class_info(cls).info
    if records.record_kind(info) in ("attrs", "dataclass"):
        return True
    method = info.get_method("__eq__")
    return isinstance(method, n.FuncDef) and program.is_compiled_class(method.info)


def build(b: FunctionBuilder, cls: ClassIR, self_value: o.Value, other: o.Value,
          where: n.Context) -> None:
    """The body of cls's eq function: self (of class cls) == other (an object)."""
    from pyrage.compiler.irbuild import calls, expr, records

    def give(code: int | o.Value) -> None:
        if isinstance(code, int):
            b.add(o.Return(o.Const(code, INT)))
        else:
            b.add(o.Return(b.add(o.Select(code, o.Const(EQUAL, INT), o.Const(DIFFERENT, INT)))))
        b.activate(b.new_block())

    def when(test: o.Value, then: Callable[[], None]) -> None:
        yes, no = b.new_block(), b.new_block()
        b.branch(test, yes, no)
        b.activate(yes)
        then()
        b.goto(no)
        b.activate(no)

    is_none = b.add(o.IsNone(other))
    if cls.name.startswith("tuple["):
        t = self_value.type
        assert isinstance(t, RTuple)
        when(is_none, lambda: give(NOT_IMPLEMENTED))
        when(b.add(o.IsExactly(other, cls)), lambda: give(
            expr.compare_tuples(b, "==", self_value, b.add(o.Cast(other, t)), where)))
        undecided_if_same_kind(b, other, "tuple", where)
        give(NOT_IMPLEMENTED)
        return
    info = b.program.class_info(cls).info
    method = info.get_method("__eq__")
    if not (isinstance(method, n.FuncDef) and b.program.is_compiled_class(method.info)):
        # a dataclass's generated __eq__: the same class exactly, then the fields
        when(is_none, lambda: give(NOT_IMPLEMENTED))
        mine = RInstance(cls)
        when(b.add(o.IsExactly(other, cls)), lambda: give(_truth(
            records.record_eq(b, self_value, b.add(o.Cast(other, mine)), where))))
        give(NOT_IMPLEMENTED)
        return
    fn = b.program.function(method, cls=b.program.owner_of(cls, method.info))
    param = fn.params[1].type if len(fn.params) > 1 else OPAQUE
    if param == OPAQUE:
        result = calls.call_dunder(b, self_value, "__eq__", [other], where)
        assert result is not None
        give(expr.to_bool(b, result, where))
        return
    members: list[RType] = list(param.members) if isinstance(param, RUnion) else [param]
    if isinstance(param, RUnion) and param.has_none:
        members.append(NONE)
    for member in members:
        if member == NONE:
            when(is_none, lambda: give(_call(b, self_value, o.Const(None, param), where)))
            continue

        def matched(member: RType = member) -> None:
            value = expr.narrow_union(b, other, member)
            give(_call(b, self_value, b.coerce(value, param, where), where))

        def holds(member: RType = member) -> o.Value:
            return _has(b, other, member)

        not_none = b.add(o.Not(is_none))
        when(expr.both(b, not_none, holds), matched)
    when(is_none, lambda: give(NOT_IMPLEMENTED))
    undecided_if_same_kind(b, other, cls.py_name, where)
    give(NOT_IMPLEMENTED)


def _has(b: FunctionBuilder, other: o.Value, member: RType) -> o.Value:
    if isinstance(member, RInstance):
        return b.add(o.IsInstance(other, member.cls))
    return b.add(o.HasType(other, member))


def _call(b: FunctionBuilder, self_value: o.Value, arg: o.Value, where: n.Context) -> o.Value:
    from pyrage.compiler.irbuild import calls, expr

    result = calls.call_dunder(b, self_value, "__eq__", [arg], where)
    assert result is not None
    return expr.to_bool(b, result, where)


def _truth(value: o.Value | None) -> o.Value:
    assert value is not None
    return value


def undecided_if_same_kind(b: FunctionBuilder, other: o.Value, kind: str,
                           where: n.Context) -> None:
    """other (not None) is a value of the same kind (a list of other item types, say): CPython
    would compare its items, which this class cannot; objeq.c stops there, loudly."""
    not_none = b.add(o.Not(b.add(o.IsNone(other))))

    def same_kind() -> o.Value:
        name = b.add(o.CallRuntime("rt_object_type_name", [other], STR, b.loc(where), pure=True))
        return b.add(o.CallRuntime("rt_str_eq", [name, o.Const(kind, STR)], BOOL, b.loc(where),
                                   pure=True))

    from pyrage.compiler.irbuild import expr

    yes, no = b.new_block(), b.new_block()
    b.branch(expr.both(b, not_none, same_kind), yes, no)
    b.activate(yes)
    b.add(o.Return(o.Const(UNDECIDED, INT)))
    b.activate(no)

