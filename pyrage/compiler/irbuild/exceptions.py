"""raise, try/except/else/finally and assert -> IR.

Raising is a runtime call that sets rt_exc; every op that can raise is followed (by
transform/exceptions.py) by a check that branches to its block's error handler. irbuild's part
is to give each block the right handler:

    try:              body blocks: handler = dispatch
        body
    except E as e:    dispatch: exc = take exception; if isinstance(exc, E): e = exc; ...
        handler       else: raise exc again (to the enclosing handler)
    finally:          reached with `control` saying why: fall through, re-raise, return,
        cleanup       or a break/continue whose target is outside the try
"""

from __future__ import annotations

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR
from pyrage.compiler.ir.types import INT, NONE, STR, RInstance, RUnion
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import NORMAL, RERAISE, RETURN, FinallyContext, FunctionBuilder


def exception_class(b: FunctionBuilder, fullname: str, ctx: n.Context) -> ClassIR:
    """The ClassIR of a builtin exception class by name (e.g. for assert, for `except`)."""
    node = b.program.typed.modules["builtins"].names[fullname.rpartition(".")[2]].node
    assert isinstance(node, n.TypeInfo)
    return b.program.specialize_class(node, [], ctx, b.path)


def base_exception(b: FunctionBuilder, ctx: n.Context) -> ClassIR:
    return exception_class(b, "builtins.BaseException", ctx)


def raise_value(b: FunctionBuilder, exc: o.Value, ctx: n.Context) -> None:
    b.add(o.CallRuntime("rt_raise_at", [exc], NONE, b.loc(ctx), pass_loc=True, raises=True))
    b.add(o.Unreachable())


def raise_builtin(b: FunctionBuilder, name: str, message: str, ctx: n.Context) -> None:
    """raise <builtin exception>(message), e.g. for a check the compiler inserts."""
    from pyrage.compiler.irbuild import calls

    cls = exception_class(b, name, ctx)
    exc = b.add(o.Call(calls.builtin_exception_constructor(b, cls),
                       [o.Const(message, STR)], b.loc(ctx)))
    raise_value(b, exc, ctx)


def build_raise(b: FunctionBuilder, s: n.RaiseStmt) -> None:
    if s.expr is None:
        if not b.handled:
            raise b.error(s, "a bare `raise` outside an except block (RuntimeError: No active "
                             "exception to reraise)")
        reraise = o.SetExc(b.handled[-1])
        reraise.can_raise = True
        b.add(reraise)
        b.add(o.Unreachable())
        return
    if isinstance(s.expr, n.RefExpr) and isinstance(s.expr.node, n.TypeInfo):
        from pyrage.compiler.irbuild import calls

        exc = calls.construct_with(b, s.expr, s.expr.node, [])  # `raise ValueError`
    else:
        exc = expr.build_expr(b, s.expr)
    if s.from_expr is not None:
        expr.build_expr(b, s.from_expr)  # the cause is only shown in tracebacks
    if not isinstance(exc.type, RInstance):
        raise b.error(s, "raise needs an exception instance")
    raise_value(b, exc, s)


def build_assert(b: FunctionBuilder, s: n.AssertStmt) -> None:
    ok, fail = b.new_block(), b.new_block()
    expr.build_condition(b, s.expr, ok, fail)
    b.activate(fail)
    from pyrage.compiler.irbuild import builtins, calls

    cls = exception_class(b, "builtins.AssertionError", s)
    message: o.Value = o.Const(None, STR)
    if s.msg is not None:
        message = builtins.to_str(b, expr.build_expr(b, s.msg), s.msg)
    exc = b.add(o.Call(calls.builtin_exception_constructor(b, cls), [message], b.loc(s)))
    raise_value(b, exc, s)
    b.activate(ok)


def build_try(b: FunctionBuilder, s: n.TryStmt) -> None:
    if s.finally_body is not None:
        build_try_finally(b, s)
    else:
        build_try_except(b, s)


def handler_classes(b: FunctionBuilder, type_expr: n.Expression) -> list[ClassIR]:
    items = type_expr.items if isinstance(type_expr, n.TupleExpr) else [type_expr]
    classes = []
    for item in items:
        if not (isinstance(item, n.RefExpr) and isinstance(item.node, n.TypeInfo)):
            raise b.unsupported(item, "an except clause that does not name exception classes")
        classes.append(b.program.specialize_class(item.node, [], item, b.path))
    return classes


def common_base(classes: list[ClassIR]) -> ClassIR | None:
    """The most derived class all of `classes` derive from."""
    if not classes:
        return None
    candidate: ClassIR | None = classes[0]
    while candidate is not None and not all(c.is_subclass_of(candidate) for c in classes):
        candidate = candidate.base
    return candidate


def build_try_except(b: FunctionBuilder, s: n.TryStmt) -> None:
    outer = b.handler
    dispatch = b.new_block()  # runs under the enclosing handler
    end = b.new_block()
    b.handler = dispatch
    body = b.new_block()
    b.goto(body)
    b.activate(body)
    from pyrage.compiler.irbuild import stmt

    stmt.build_block(b, s.body)
    b.handler = outer
    after_body = b.new_block()
    b.goto(after_body)

    b.activate(dispatch)
    exc = b.temp(RInstance(base_exception(b, s)))
    b.assign(exc, b.add(o.LoadExc(exc.type)), None)
    for type_expr, var, handler_body in zip(s.types, s.vars, s.handlers):
        matched = b.new_block()
        next_test = b.new_block()
        classes = handler_classes(b, type_expr) if type_expr is not None else []
        if classes:
            for i, cls in enumerate(classes):
                last = i == len(classes) - 1
                otherwise = next_test if last else b.new_block()
                b.branch(b.add(o.IsInstance(exc, cls)), matched, otherwise)
                if not last:
                    b.activate(otherwise)
        else:
            b.goto(matched)  # a bare `except:` catches everything
        b.activate(matched)
        bound = var.node if var is not None and isinstance(var.node, n.Var) else None
        if bound is not None:
            typed = b.program.typed.types.get(var) if var is not None else None
            declared = b.rtype(typed, var) if typed is not None and var is not None else None
            if isinstance(declared, RUnion) and not declared.has_none and \
                    all(isinstance(m, RInstance) for m in declared.members):
                # `except (A, B) as e`: mypy types e as A | B, a union of pointers
                caught = b.temp(declared)
                b.add(o.Assign(caught, b.add(o.Cast(exc, declared))))
            else:
                caught = b.temp(RInstance(common_base(classes) or base_exception(b, s)))
                b.add(o.Assign(caught, exc))  # narrowed by the isinstance tests above
            saved = b.exc_vars.get(bound)
            b.exc_vars[bound] = caught
        b.handled.append(exc)
        stmt.build_block(b, handler_body)
        b.handled.pop()
        if bound is not None:
            if saved is None:
                del b.exc_vars[bound]
            else:
                b.exc_vars[bound] = saved
        b.goto(end)
        b.activate(next_test)
    reraise = o.SetExc(exc)
    reraise.can_raise = True
    b.add(reraise)
    b.add(o.Unreachable())

    b.activate(after_body)
    if s.else_body is not None:
        stmt.build_block(b, s.else_body)
    b.goto(end)
    b.activate(end)


def build_try_finally(b: FunctionBuilder, s: n.TryStmt) -> None:
    from pyrage.compiler.irbuild import stmt

    outer = b.handler
    entry = b.new_block()  # the finally body, under the enclosing handler
    catch = b.new_block()
    result = b.temp(b.fn.ret_type) if b.fn.ret_type != NONE else None
    ctx = FinallyContext(entry, b.temp(INT), result, b.temp(RInstance(base_exception(b, s))))
    b.finally_stack.append(ctx)
    b.handler = catch
    body = b.new_block()
    b.goto(body)
    b.activate(body)
    if s.handlers:
        build_try_except(b, s)
    else:
        stmt.build_block(b, s.body)
    b.handler = outer
    b.finally_stack.pop()
    b.assign(ctx.control, o.Const(NORMAL, INT), None)
    b.goto(entry)

    b.activate(catch)
    b.assign(ctx.saved, b.add(o.LoadExc(ctx.saved.type)), None)
    b.assign(ctx.control, o.Const(RERAISE, INT), None)
    b.goto(entry)

    b.activate(entry)
    assert s.finally_body is not None
    stmt.build_block(b, s.finally_body)
    done = b.new_block()
    dispatch = [(RERAISE, None), (RETURN, None), *((code, target) for code, target in
                                                    ctx.jumps.items())]
    for code, jump in dispatch:
        this, rest = b.new_block(), b.new_block()
        b.branch(b.add(o.Compare("==", ctx.control, o.Const(code, INT))), this, rest)
        b.activate(this)
        if code == RERAISE:
            reraise = o.SetExc(ctx.saved)
            reraise.can_raise = True
            b.add(reraise)
            b.add(o.Unreachable())
        elif code == RETURN:
            b.return_value(ctx.result)
        else:
            assert jump is not None
            b.jump(*jump)
        b.activate(rest)
    b.goto(done)
    b.activate(done)
