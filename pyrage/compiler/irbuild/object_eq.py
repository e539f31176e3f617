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
    return isinstance(method, n.FuncDef) and program.is_compiled_class(method.info) and \
        "__eq__" in info.names  # an inherited one: the defining class's eq function answers


def eq_owner(program: ProgramBuilder, cls: ClassIR) -> ClassIR | None:
    """The class (cls or an ancestor) whose eq function answers for cls's instances: the one
    that defines the __eq__ they run. Only such classes carry an eq function, so that objeq.c's
    reflected-operand priority (a subclass that overrides __eq__ is asked first) sees an
    override only where there is one."""
    from pyrage.compiler.irbuild import records

    c: ClassIR | None = cls
    while c is not None:
        if c.name.startswith("tuple[") or c.tuple_type is not None:
            return c
        info = program.class_info(c).info
        if "__eq__" in info.names or records.record_kind(info) in ("attrs", "dataclass"):
            return c
        c = c.base
    return cls


def returns_not_implemented(fdef: n.FuncDef) -> bool:
    """Whether the function has a `return NotImplemented` (nested functions aside)."""
    def walk(block: n.Block | None) -> bool:
        for s in block.body if block is not None else []:
            if isinstance(s, n.ReturnStmt) and isinstance(s.expr, n.NameExpr) and \
                    s.expr.fullname == "builtins.NotImplemented":
                return True
            blocks: list[n.Block | None] = []
            if isinstance(s, n.IfStmt):
                blocks = [*s.body, s.else_body]
            elif isinstance(s, (n.WhileStmt, n.ForStmt)):
                blocks = [s.body, s.else_body]
            elif isinstance(s, n.TryStmt):
                blocks = [s.body, *s.handlers, s.else_body, s.finally_body]
            elif isinstance(s, n.WithStmt):
                blocks = [s.body]
            elif isinstance(s, n.MatchStmt):
                blocks = list(s.bodies)
            elif isinstance(s, n.Block):
                blocks = [s]
            if any(walk(inner) for inner in blocks):
                return True
        return False

    return walk(fdef.body)


def _subclass_infos(program: ProgramBuilder) -> list[n.TypeInfo]:
    """Every class the compiled modules define (cached)."""
    cached: list[n.TypeInfo] | None = getattr(program, "_all_compiled_classes", None)
    if cached is None:
        cached = [sym.node for module in sorted(program.typed.compiled)
                  if module in program.typed.modules
                  for sym in program.typed.modules[module].names.values()
                  if isinstance(sym.node, n.TypeInfo)]
        setattr(program, "_all_compiled_classes", cached)
    return cached


def eq_methods(program: ProgramBuilder, t: RType) -> list[n.FuncDef] | None:
    """The __eq__ methods an instance of static type t can run: its class's and those its
    subclasses define. None when t is no compiled class (or a plain tuple, or a record, whose
    equality is generated)."""
    from pyrage.compiler.irbuild import records

    if not isinstance(t, RInstance) or t.cls.name.startswith("tuple[") or \
            t.cls.tuple_type is not None or t.cls.name.startswith("pyrage.stdlib."):
        return None
    info = program.class_info(t.cls).info
    if not program.is_compiled_class(info) or records.record_kind(info) is not None:
        return None
    found: list[n.FuncDef] = []
    method = info.get_method("__eq__")
    if isinstance(method, n.FuncDef) and program.is_compiled_class(method.info):
        found.append(method)
    for sub in _subclass_infos(program):
        if sub is not info and sub.has_base(info.fullname):
            own = sub.names.get("__eq__")
            if own is not None and isinstance(own.node, n.FuncDef) and own.node not in found:
                found.append(own.node)
    return found


def _static_eq(b: FunctionBuilder, v: o.Value) -> n.FuncDef | None:
    """The __eq__ of the program that v's static class has (its own or inherited)."""
    if not isinstance(v.type, RInstance):
        return None
    method = b.program.class_info(v.type.cls).info.get_method("__eq__")
    return method if isinstance(method, n.FuncDef) and \
        b.program.is_compiled_class(method.info) else None


def static_compare(b: FunctionBuilder, op: str, lhs: o.Value, rhs: o.Value,
                   ctx: n.Context) -> o.Value | None:
    """== or != between values of classes, where one direct __eq__ call would not be what
    CPython's rich comparison does: an __eq__ that returns NotImplemented (CPython then asks
    the other operand, then falls back to identity), or several __eq__ methods (a subclass on
    the right that overrides __eq__ is asked first). None: the plain direct call is right."""
    from pyrage.compiler.irbuild import calls, expr

    families = [eq_methods(b.program, v.type) for v in (lhs, rhs)]
    if all(f is None for f in families):
        return None
    owners: list[n.FuncDef] = []
    for f in families:
        for m in f or []:
            if m not in owners:
                owners.append(m)
    # The one __eq__ each side runs whatever its run-time class: the one its static class has
    # (an __eq__ defined only below it would be missed by a call through the static class).
    fixed = all(not f or f == [_static_eq(b, v)] for f, v in zip(families, (lhs, rhs)))
    if not owners or (len(owners) == 1 and fixed and not returns_not_implemented(owners[0])):
        return None
    if op == "!=" and any(f is not None and calls.call_dunder_exists(b, v, "__ne__")
                          for f, v in zip(families, (lhs, rhs))):
        return None  # an __ne__ of its own: called as written
    if len(owners) > 1 or not fixed:
        return compare(b, op, lhs, rhs, ctx)  # objeq.c runs the whole protocol
    # One __eq__, which may answer NotImplemented: ask the left, then the right, then identity.
    result = b.temp(BOOL)
    end = b.new_block()
    take = "rt_take_not_implemented"
    for receiver, arg in ((lhs, rhs), (rhs, lhs)):
        if not isinstance(receiver.type, RInstance) or \
                not calls.call_dunder_exists(b, receiver, "__eq__"):
            continue
        b.add(o.CallRuntime(take, [], BOOL, b.loc(ctx)))  # a stale answer from elsewhere
        answer = calls.call_dunder(b, receiver, "__eq__", [arg], ctx)
        if answer is None:
            continue
        b.assign(result, expr.to_bool(b, answer, ctx), ctx)
        declined = b.add(o.CallRuntime(take, [], BOOL, b.loc(ctx)))
        asked_next = b.new_block()
        b.branch(declined, asked_next, end)
        b.activate(asked_next)
    same = b.add(o.SameObject(lhs, rhs)) if lhs.type.is_ref and rhs.type.is_ref else \
        o.Const(False, BOOL)
    b.assign(result, same, ctx)
    b.goto(end)
    b.activate(end)
    return result if op == "==" else b.add(o.Not(result))


def build(b: FunctionBuilder, cls: ClassIR, self_value: o.Value, other: o.Value,
          where: n.Context) -> None:
    """The body of cls's eq function: self (of class cls) == other (an object)."""
    from pyrage.compiler.irbuild import calls, expr, records

    def give(code: int | o.Value) -> None:
        if isinstance(code, int):
            b.add(o.Return(o.Const(code, INT)))
        elif code.type == INT:  # already an answer (_call)
            b.add(o.Return(code))
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
        give(_call(b, self_value, other, where))
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
    """self.__eq__(arg) as an eq function's answer: EQUAL, DIFFERENT, or NOT_IMPLEMENTED when
    the method returned NotImplemented (runtime/core/objeq.c then asks the other side)."""
    from pyrage.compiler.irbuild import calls, expr

    take = "rt_take_not_implemented"
    b.add(o.CallRuntime(take, [], BOOL, b.loc(where)))  # a stale answer from elsewhere
    result = calls.call_dunder(b, self_value, "__eq__", [arg], where)
    assert result is not None
    same = expr.to_bool(b, result, where)
    code = b.add(o.Select(same, o.Const(EQUAL, INT), o.Const(DIFFERENT, INT)))
    declined = b.add(o.CallRuntime(take, [], BOOL, b.loc(where)))
    return b.add(o.Select(declined, o.Const(NOT_IMPLEMENTED, INT), code))


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

