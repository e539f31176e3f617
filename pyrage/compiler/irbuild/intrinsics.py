"""Functions the compiler implements itself, marked @intrinsic in pyrage's stdlib.

Under CPython their bodies run as written; compiled, the handler here replaces the call.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import NONE
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder


def sched_run(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    """sched.run(main()): v0 runs awaits in sequence, so running the call runs the program."""
    if len(e.args) != 1 or not isinstance(e.args[0], n.CallExpr):
        raise b.unsupported(e, "sched.run() of anything but a direct call of an async function")
    expr.awaited_call(b, e.args[0])
    return o.Const(None, NONE)


HANDLERS: dict[str, Callable[[FunctionBuilder, n.CallExpr], o.Value]] = {
    "pyrage.stdlib.sched.run": sched_run,
}


def build_intrinsic(b: FunctionBuilder, e: n.CallExpr, fdef: n.FuncDef) -> o.Value:
    handler = HANDLERS.get(fdef.fullname)
    if handler is None:
        raise b.error(e, f"internal error: no compiler handler for @intrinsic {fdef.fullname}")
    return handler(b, e)
