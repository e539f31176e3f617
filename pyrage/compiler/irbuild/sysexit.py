"""SystemExit and sys.exit: how a program ends with a status, as in CPython.

A SystemExit carries its `code` in two fields of the exception (runtime/core/exceptions.c):
`<code kind>` says what the code is, `<code>` holds an int code; a str code is the message.

    SystemExit() / SystemExit(None)   kind NONE   exit status 0, nothing printed
    SystemExit(4)                     kind INT    exit status 4, nothing printed
    SystemExit("bye")                 kind STR    "bye" on stderr, exit status 1

`sys.exit(arg)` raises SystemExit(arg). `e.code` rebuilds the value CPython's `code` holds.
A bool code (CPython keeps True, an int to mypy) is refused, as pyrage keeps bool and int
apart elsewhere: `sys.exit(int(failed))` says the same.
"""

from __future__ import annotations

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR, FuncIR
from pyrage.compiler.ir.types import BOOL, INT, NONE, STR, RInstance, RType, RUnion
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder

#: The values of `<code kind>` (runtime/core/exceptions.c reads them too).
KIND_NONE, KIND_INT, KIND_STR = 0, 1, 2


def is_system_exit(b: FunctionBuilder, cls: ClassIR) -> bool:
    from pyrage.compiler.irbuild import exceptions

    return cls.is_subclass_of(exceptions.exception_class(b, "builtins.SystemExit", n.Context()))


def construct(b: FunctionBuilder, ctor: FuncIR, e: n.CallExpr, *,
              none_is_empty: bool = False) -> o.Value:
    """SystemExit(arg): str(e) is str(arg); the code as above. sys.exit(None) makes a
    SystemExit without arguments (`none_is_empty`: str(e) is "", not "None")."""
    from pyrage.compiler.irbuild import calls

    code = code_argument(b, e)
    if code is None:
        return calls.call_fn(b, ctor, [(o.Const(None, STR), e)], e)
    message = exit_message(b, code, e.args[0], none_is_empty)
    exc = calls.call_fn(b, ctor, [(message, e)], e)
    set_code(b, exc, code, e)
    return exc


def init_fields(b: FunctionBuilder, exc: o.Value, e: n.CallExpr) -> None:
    """super().__init__(arg) in a subclass of SystemExit."""
    assert isinstance(exc.type, RInstance)
    code = code_argument(b, e)
    if code is None:
        return
    b.add(o.SetField(exc, exc.type.cls, "<message>", exit_message(b, code, e.args[0]),
                     b.loc(e)))
    set_code(b, exc, code, e)


def build_sys_exit(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    """sys.exit(arg): raise SystemExit(arg)."""
    from pyrage.compiler.irbuild import calls, exceptions

    cls = exceptions.exception_class(b, "builtins.SystemExit", e)
    exc = construct(b, calls.builtin_exception_constructor(b, cls), e, none_is_empty=True)
    exceptions.raise_value(b, exc, e)
    return o.Const(None, NONE)


def code_argument(b: FunctionBuilder, e: n.CallExpr) -> o.Value | None:
    """The code's value, checked to be one pyrage can carry; None when there is no argument."""
    if not e.args:
        return None
    if len(e.args) > 1 or e.arg_kinds[0] != n.ARG_POS:
        raise b.unsupported(e, "SystemExit with more than one argument")
    value = expr.build_expr(b, e.args[0])
    if value.type == BOOL:
        raise b.error(e.args[0], "a bool exit code is kept as True/False by CPython (e.code): "
                                 "pyrage keeps bool and int apart, so write int(...)")
    if not carries(value.type):
        raise b.unsupported(e.args[0], f"an exit code of type {value.type}: give an int, a str "
                                       "or None")
    return value


def carries(t: RType) -> bool:
    if t in (INT, STR, NONE):
        return True
    return isinstance(t, RUnion) and len(t.members) == 1 and t.members[0] in (INT, STR)


def exit_message(b: FunctionBuilder, code: o.Value, ctx: n.Expression,
                 none_is_empty: bool = False) -> o.Value:
    """str(e): str(code), or no message for sys.exit(None)."""
    from pyrage.compiler.irbuild import builtins

    if not none_is_empty or code.type != NONE and not isinstance(code.type, RUnion):
        return builtins.to_str(b, code, ctx)
    if code.type == NONE:
        return o.Const(None, STR)
    message = b.temp(STR)
    b.assign(message, o.Const(None, STR), ctx)
    some, done = b.new_block(), b.new_block()
    b.branch(b.add(o.IsNone(code)), done, some)
    b.activate(some)
    assert isinstance(code.type, RUnion)
    member = code.type.members[0]
    value = b.add(o.Unbox(code, INT) if member == INT else o.Cast(code, STR))
    b.assign(message, builtins.to_str(b, value, ctx), ctx)
    b.goto(done)
    b.activate(done)
    return message


def set_code(b: FunctionBuilder, exc: o.Value, code: o.Value, ctx: n.Context) -> None:
    assert isinstance(exc.type, RInstance)
    cls, loc = exc.type.cls, b.loc(ctx)

    def store(kind: int, value: o.Value | None) -> None:
        b.add(o.SetField(exc, cls, "<code kind>", o.Const(kind, INT), loc))
        if value is not None:
            b.add(o.SetField(exc, cls, "<code>", value, loc))

    t = code.type
    if t == INT:
        store(KIND_INT, code)
    elif t == STR:
        store(KIND_STR, None)
    elif t == NONE:
        store(KIND_NONE, None)
    else:  # int | None, str | None: which one is known at run time
        assert isinstance(t, RUnion)
        member = t.members[0]
        some, done = b.new_block(), b.new_block()
        store(KIND_NONE, None)
        b.branch(b.add(o.IsNone(code)), done, some)
        b.activate(some)
        if member == INT:
            store(KIND_INT, b.add(o.Unbox(code, INT)))
        else:
            store(KIND_STR, None)
        b.goto(done)
        b.activate(done)


def read_code(b: FunctionBuilder, exc: o.Value, e: n.MemberExpr) -> o.Value:
    """e.code: None, the int, or the str, as the exception was made."""
    assert isinstance(exc.type, RInstance)
    cls, loc = exc.type.cls, b.loc(e)
    t = b.rtype_of(e)
    result = b.temp(t)
    b.assign(result, o.Const(None, NONE), e)
    kind = b.add(o.GetField(exc, cls, "<code kind>", loc))
    is_int, not_int, is_str, done = b.new_block(), b.new_block(), b.new_block(), b.new_block()
    b.branch(b.add(o.Compare("==", kind, o.Const(KIND_INT, INT))), is_int, not_int)
    b.activate(is_int)
    b.assign(result, b.add(o.GetField(exc, cls, "<code>", loc)), e)
    b.goto(done)
    b.activate(not_int)
    b.branch(b.add(o.Compare("==", kind, o.Const(KIND_STR, INT))), is_str, done)
    b.activate(is_str)
    b.assign(result, b.add(o.GetField(exc, cls, "<message>", loc)), e)
    b.goto(done)
    b.activate(done)
    return result
