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
    """lhs == rhs (or !=) where one of them is an `object`: objeq.c runs the protocol (for !=,
    a class's own __ne__, else its __eq__ inverted)."""
    left, right = b.coerce(lhs, OPAQUE, ctx), b.coerce(rhs, OPAQUE, ctx)
    return b.add(o.CallRuntime("rt_object_eq" if op == "==" else "rt_object_ne", [left, right],
                               BOOL, b.loc(ctx), pass_loc=True, raises=True))


def needs_eq(program: ProgramBuilder, cls: ClassIR) -> bool:
    """Whether instances of cls held as `object` compare by more than identity."""
    from pyrage.compiler.irbuild import records

    if cls.name.startswith("tuple["):
        return True
    info = program.class_info(cls).info
    if records.record_kind(info) in ("attrs", "dataclass"):
        return True
    method = info.get_method("__eq__")
    return (isinstance(method, n.FuncDef) and program.is_compiled_class(method.info) and
            "__eq__" in info.names  # an inherited one: the defining class's eq function answers
            or own_ne(program, info) is not None)


def eq_owner(program: ProgramBuilder, cls: ClassIR) -> ClassIR:
    """The class (cls or an ancestor) whose eq function answers for cls's instances: the one
    that defines the __eq__ or __ne__ they run (only such classes carry an eq function: objeq.c
    asks the nearest one up the run-time class's bases)."""
    from pyrage.compiler.irbuild import records

    c: ClassIR | None = cls
    while c is not None:
        if c.name.startswith("tuple[") or c.tuple_type is not None:
            return c
        info = program.class_info(c).info
        if "__eq__" in info.names or records.record_kind(info) in ("attrs", "dataclass") or \
                own_ne(program, info) is not None:
            return c
        c = c.base
    return cls


def returns_not_implemented(fdef: n.FuncDef) -> bool:
    """Whether the function may return NotImplemented: a `return NotImplemented`, or a
    `return x.__eq__(y)` / `return super().__eq__(y)`, which passes on that method's answer
    (nested functions aside)."""
    from pyrage.compiler.frontend.walk import walk

    return any(isinstance(s, n.ReturnStmt) and s.expr is not None and
               (is_not_implemented(s.expr) or is_eq_call(s.expr))
               for s in walk(fdef.body, into_functions=False))


def is_not_implemented(e: n.Expression) -> bool:
    return isinstance(e, n.NameExpr) and e.fullname == "builtins.NotImplemented"


def is_eq_call(e: n.Expression) -> bool:
    """`x.__eq__(y)` or `super().__eq__(y)`: __eq__ called by name."""
    return isinstance(e, n.CallExpr) and isinstance(e.callee, (n.MemberExpr, n.SuperExpr)) and \
        e.callee.name == "__eq__"


def check_eq_called_by_name(b: FunctionBuilder, e: n.CallExpr,
                            methods: list[n.FuncDef]) -> None:
    """x.__eq__(y) or super().__eq__(y), where one of the methods that can run may return
    NotImplemented: pyrage's NotImplemented is False with a flag for the operators
    (irbuild/stmt.py), so its value is only passed on, by an __eq__ that returns it as it is
    (`return super().__eq__(other)`); any other use is refused, as CPython would see the
    NotImplemented object (which is true)."""
    if not any(returns_not_implemented(m) for m in methods):
        return
    if b.fn.py_name == "__eq__" and b.fn.ret_type == BOOL and b.returning is e and \
            not b.finally_stack:  # (an == in a finally body would take the flag)
        return
    raise b.unsupported(e, "using the result of __eq__ called by name, which may be "
                           "NotImplemented (yet): compare with ==, or return it from __eq__")


def own_ne(program: ProgramBuilder, info: n.TypeInfo) -> n.FuncDef | None:
    """The __ne__ the class defines itself (not one an attrs class generates), or None."""
    from pyrage.compiler.irbuild import records

    node = info.names["__ne__"].node if "__ne__" in info.names else None
    return node if isinstance(node, n.FuncDef) and program.is_compiled_class(info) and \
        not records.is_generated(node) else None


def eq_methods(program: ProgramBuilder, t: RType, name: str = "__eq__"
               ) -> list[n.FuncDef] | None:
    """The __eq__ (or __ne__) methods an instance of static type t can run: its class's and
    those its subclasses define. None when t is no compiled class (or a plain tuple, or a
    record, whose equality is generated)."""
    from pyrage.compiler.irbuild import records

    if not isinstance(t, RInstance) or t.cls.name.startswith("tuple[") or \
            t.cls.tuple_type is not None or t.cls.name.startswith("pyrage.stdlib."):
        return None
    info = program.class_info(t.cls).info
    if not program.is_compiled_class(info) or records.record_kind(info) is not None:
        return None
    found: list[n.FuncDef] = []
    method = info.get_method(name)
    if isinstance(method, n.FuncDef) and program.is_compiled_class(method.info):
        found.append(method)
    for sub in program.compiled_subclasses(info):
        if sub is not info:
            own = sub.names.get(name)
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
    the other operand, then falls back to identity), several __eq__ methods, or a right
    operand that may be an instance of a subclass of the left's class (asked first). None: the
    plain direct call is right."""
    from pyrage.compiler.irbuild import calls, dunder_dispatch, expr

    families = [eq_methods(b.program, v.type) for v in (lhs, rhs)]
    if all(f is None for f in families):
        return None
    if op == "!=" and any(eq_methods(b.program, v.type, "__ne__") for v in (lhs, rhs)):
        return compare(b, op, lhs, rhs, ctx)  # an __ne__ of the program's: objeq.c calls it
    owners: list[n.FuncDef] = []
    for f in families:
        for m in f or []:
            if m not in owners:
                owners.append(m)
    # The one __eq__ each side runs whatever its run-time class: the one its static class has
    # (an __eq__ defined only below it would be missed by a call through the static class).
    fixed = all(not f or f == [_static_eq(b, v)] for f, v in zip(families, (lhs, rhs)))
    right_first = dunder_dispatch.right_may_come_first(b, lhs, rhs)
    if not owners or (len(owners) == 1 and fixed and not right_first and
                      not returns_not_implemented(owners[0])):
        return None
    if len(owners) > 1 or not fixed or right_first:
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


def build(b: FunctionBuilder, cls: ClassIR, self_value: o.Value, other: o.Value, ne: o.Value,
          where: n.Context) -> None:
    """The body of cls's eq function: whether self (of class cls) == other (an object); where
    ne is not 0, the answer to self != other (the code of the opposite), through the __ne__
    the class has (else objeq.c inverts the __eq__ answer)."""
    from pyrage.compiler.irbuild import expr, records

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
    ne_method = info.get_method("__ne__")
    if isinstance(ne_method, n.FuncDef) and b.program.is_compiled_class(ne_method.info) and \
            not records.is_generated(ne_method):
        asked_ne = b.add(o.Compare("!=", ne, o.Const(0, INT)))
        when(asked_ne, lambda: _dispatch(b, cls, ne_method, self_value, other, where, give, when))
    method = info.get_method("__eq__")
    if isinstance(method, n.FuncDef) and b.program.is_compiled_class(method.info):
        _dispatch(b, cls, method, self_value, other, where, give, when)
    elif records.record_kind(info) in ("attrs", "dataclass"):
        # a dataclass's generated __eq__: the same class exactly, then the fields
        when(is_none, lambda: give(NOT_IMPLEMENTED))
        mine = RInstance(cls)
        when(b.add(o.IsExactly(other, cls)), lambda: give(_truth(
            records.record_eq(b, self_value, b.add(o.Cast(other, mine)), where))))
        give(NOT_IMPLEMENTED)
    else:
        give(NOT_IMPLEMENTED)  # object.__eq__: identity, which objeq.c decides last


def _dispatch(b: FunctionBuilder, cls: ClassIR, method: n.FuncDef, self_value: o.Value,
              other: o.Value, where: n.Context, give: Callable[[int | o.Value], None],
              when: Callable[[o.Value, Callable[[], None]], None]) -> None:
    """Call method (__eq__ or __ne__) with other where other is a value of its parameter's
    type; NotImplemented otherwise."""
    from pyrage.compiler.irbuild import expr

    fn = b.program.function(method, cls=b.program.owner_of(cls, method.info))
    param = fn.params[1].type if len(fn.params) > 1 else OPAQUE
    name = method.name
    if param == OPAQUE:
        give(_call(b, self_value, other, where, name))
        return
    members: list[RType] = list(param.members) if isinstance(param, RUnion) else [param]
    if isinstance(param, RUnion) and param.has_none:
        members.append(NONE)
    is_none = b.add(o.IsNone(other))
    for member in members:
        if member == NONE:
            when(is_none, lambda: give(_call(b, self_value, o.Const(None, param), where, name)))
            continue

        def matched(member: RType = member) -> None:
            value = expr.narrow_union(b, other, member)
            give(_call(b, self_value, b.coerce(value, param, where), where, name))

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


def _call(b: FunctionBuilder, self_value: o.Value, arg: o.Value, where: n.Context,
          name: str = "__eq__") -> o.Value:
    """self.__eq__(arg) (or __ne__, whose True is DIFFERENT) as an eq function's answer: EQUAL,
    DIFFERENT, or NOT_IMPLEMENTED when the method returned NotImplemented
    (runtime/core/objeq.c then asks the other side)."""
    from pyrage.compiler.irbuild import calls, expr

    take = "rt_take_not_implemented"
    b.add(o.CallRuntime(take, [], BOOL, b.loc(where)))  # a stale answer from elsewhere
    result = calls.call_dunder(b, self_value, name, [arg], where)
    assert result is not None
    true = expr.to_bool(b, result, where)
    yes, no = (EQUAL, DIFFERENT) if name == "__eq__" else (DIFFERENT, EQUAL)
    code = b.add(o.Select(true, o.Const(yes, INT), o.Const(no, INT)))
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

