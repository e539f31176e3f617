"""Applying a callable expression to values the compiler already holds: the key= of sorted(),
min(), max() and list.sort().

    key=lambda p: p.age      the lambda's body is inlined, its parameter bound to the value
    key=len / str.lower      a direct call of the builtin / method on the value
    key=score                a direct call of the function
    key=some_variable        a call of the function value
"""

from __future__ import annotations

from mypy import nodes as n
from mypy.types import CallableType, Type, get_proper_type

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import RCallable
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder


def signature(b: FunctionBuilder, fn: n.Expression) -> CallableType:
    t = b.program.typed.types.get(fn)
    from pyrage.compiler.irbuild.types import substitute

    proper = get_proper_type(substitute(t, b.subst)) if t is not None else None
    if isinstance(proper, CallableType):
        return proper
    raise b.unsupported(fn, "this kind of key function (yet)")


def placeholder(b: FunctionBuilder, value: o.Value, t: Type, ctx: n.Context) -> n.NameExpr:
    """A name the builder resolves to `value`, typed `t` for mypy-typed machinery."""
    var = n.Var(f"<arg{len(b.fn.registers)}>", t)
    name = n.NameExpr(var.name)
    name.node, name.kind = var, n.LDEF
    name.set_line(ctx)
    reg = b.temp(value.type)
    b.assign(reg, value, ctx)
    b.env[var] = reg
    b.program.typed.types[name] = t
    return name


def applied_return(sig: CallableType, arg_types: list[Type]) -> Type:
    """sig's return type for these arguments: a generic builtin's type variable taken from the
    arguments where they match it, else the first argument's type (abs(x) is x's type)."""
    if not sig.variables:
        return sig.ret_type
    from mypy.expandtype import expand_type
    from mypy.types import TypeVarType

    from pyrage.compiler.irbuild.calls import match_types

    wanted = {v.id for v in sig.variables}
    found: dict[object, Type] = {}
    for generic, actual in zip(sig.arg_types, arg_types):
        match_types(generic, actual, wanted, found)  # type: ignore[arg-type]
    ret = get_proper_type(sig.ret_type)
    if isinstance(ret, TypeVarType) and ret.id not in found and arg_types:
        return arg_types[0]
    return expand_type(sig.ret_type, found)  # type: ignore[arg-type]


def apply(b: FunctionBuilder, fn: n.Expression, args: list[o.Value], arg_types: list[Type],
          ctx: n.Context, result_type: Type | None = None) -> o.Value:
    """fn(*args) for a callable expression fn; arg_types are the arguments' own mypy types
    (a builtin's parameter may be a Protocol, e.g. len's Sized). result_type: the call's type,
    for a class used as the function (map(str, xs))."""
    if isinstance(fn, n.LambdaExpr):
        return inline_lambda(b, fn, args, ctx)
    if isinstance(fn, n.RefExpr) and isinstance(fn.node, n.TypeInfo) and result_type is not None:
        names = [placeholder(b, v, t, ctx) for v, t in zip(args, arg_types)]
        call = n.CallExpr(fn, list(names), [n.ARG_POS] * len(names), [None] * len(names))
        call.set_line(ctx)
        b.program.typed.types[call] = result_type
        return expr.build_expr(b, call)
    sig = signature(b, fn)
    names = [placeholder(b, v, t, ctx) for v, t in zip(args, arg_types)]
    if isinstance(fn, n.MemberExpr) and isinstance(fn.expr, n.RefExpr) and \
            isinstance(fn.expr.node, n.TypeInfo) and not b.program.is_compiled_class(fn.expr.node):
        # str.lower as a function: call the method on the first argument
        callee: n.Expression = n.MemberExpr(names[0], fn.name)
        callee.set_line(ctx)
        call = n.CallExpr(callee, list(names[1:]), [n.ARG_POS] * (len(names) - 1),
                          [None] * (len(names) - 1))
    else:
        call = n.CallExpr(fn, list(names), [n.ARG_POS] * len(names), [None] * len(names))
    call.set_line(ctx)
    b.program.typed.types[call] = applied_return(sig, arg_types)
    if isinstance(call.callee, n.MemberExpr):
        b.program.typed.types[call.callee] = sig.copy_modified(
            arg_types=sig.arg_types[1:], arg_kinds=sig.arg_kinds[1:],
            arg_names=sig.arg_names[1:])
    else:
        b.program.typed.types.setdefault(fn, sig)
    if isinstance(fn, n.RefExpr) and isinstance(fn.node, n.Var) and \
            isinstance(b.rtype(sig, ctx), RCallable):
        from pyrage.compiler.irbuild import closures

        return closures.call_value(b, expr.build_expr(b, fn), call)
    from pyrage.compiler.irbuild import calls

    return calls.build_call(b, call)


def inline_lambda(b: FunctionBuilder, fn: n.LambdaExpr, args: list[o.Value],
                  ctx: n.Context) -> o.Value:
    """The body of `lambda x: ...` with x bound to the value (no closure is made)."""
    from pyrage.compiler.irbuild import closures

    if len(fn.arguments) != len(args):
        raise b.error(ctx, f"this lambda takes {len(fn.arguments)} arguments")
    captured = closures.captured_bindings(fn)  # `lambda r: (lambda: r)()`: r needs a cell
    for arg, value in zip(fn.arguments, args):
        reg = b.temp(value.type)
        b.assign(reg, value, ctx)
        if arg.variable in captured:
            closures.new_cell(b, arg.variable, reg, fn)  # a fresh one per application
        else:
            b.env[arg.variable] = reg
    body = fn.body.body
    if len(body) != 1 or not isinstance(body[0], n.ReturnStmt) or body[0].expr is None:
        raise b.unsupported(fn, "this lambda")
    return expr.build_expr(b, body[0].expr)
