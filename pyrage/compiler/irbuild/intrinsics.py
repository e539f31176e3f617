"""Functions the compiler implements itself, marked @intrinsic in pyrage's stdlib.

Under CPython their bodies run as written; compiled, the handler here replaces the call.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import BOOL, NONE, RCoroutine
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder

SUSPEND = "pyrage.stdlib.coro.suspend"


def is_suspend(b: FunctionBuilder, e: n.Expression) -> bool:
    """Whether e is a call of coro.suspend() (which `await` compiles to a Suspend op)."""
    if not isinstance(e, n.CallExpr) or not isinstance(e.callee, (n.NameExpr, n.MemberExpr)):
        return False
    node = e.callee.node
    if isinstance(node, n.Decorator):
        node = node.func
    return isinstance(node, n.FuncDef) and node.fullname == SUSPEND


def suspend(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    raise b.unsupported(e, "coro.suspend() without awaiting it at once")


def coroutine_arg(b: FunctionBuilder, e: n.CallExpr, count: int) -> list[o.Value]:
    if len(e.args) != count or any(k != n.ARG_POS for k in e.arg_kinds):
        raise b.unsupported(e, "these arguments to a coroutine primitive")
    args = [expr.build_expr(b, a) for a in e.args]
    if not isinstance(args[0].type, RCoroutine):
        raise b.unsupported(e, f"a {args[0].type} where a coroutine is expected")
    return args


def step(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    args = coroutine_arg(b, e, 1)
    return b.add(o.CallRuntime("rt_coro_step", args, BOOL, b.loc(e), pass_loc=True,
                               raises=True))


def throw(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    args = coroutine_arg(b, e, 2)
    return b.add(o.CallRuntime("rt_coro_throw", args, BOOL, b.loc(e), pass_loc=True,
                               raises=True))


def close(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    args = coroutine_arg(b, e, 1)
    b.add(o.CallRuntime("rt_coro_close", args, NONE, b.loc(e)))
    return o.Const(None, NONE)


def identical(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    """identical(a, b): the same object; values without an identity (int, bool, float) never
    are."""
    if len(e.args) != 2:
        raise b.unsupported(e, "these arguments to identical()")
    a, c = (expr.build_expr(b, arg) for arg in e.args)
    if a.type.is_ref and c.type.is_ref:
        return b.add(o.SameObject(a, c))
    return o.Const(False, BOOL)


HANDLERS: dict[str, Callable[[FunctionBuilder, n.CallExpr], o.Value]] = {
    "pyrage.stdlib.intrinsics.identical": identical,
    SUSPEND: suspend,
    "pyrage.stdlib.coro.step": step,
    "pyrage.stdlib.coro.throw": throw,
    "pyrage.stdlib.coro.close": close,
}


def build_intrinsic(b: FunctionBuilder, e: n.CallExpr, fdef: n.FuncDef) -> o.Value:
    handler = HANDLERS.get(fdef.fullname)
    if handler is None:
        raise b.error(e, f"internal error: no compiler handler for @intrinsic {fdef.fullname}")
    return handler(b, e)
