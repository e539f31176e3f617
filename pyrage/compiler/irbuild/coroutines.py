"""Coroutine values of one type where another is expected.

mypy may infer a generic call's T from its context rather than from its arguments:
`print(await with_timeout(ns, fetch()))` makes T `object`, so a Coroutine[..., str] is passed
where a Coroutine[..., object] goes. A coroutine's result is stored in its own type, so the
value is wrapped in a small coroutine that awaits it and converts the result (boxing an int,
upcasting an instance...), as irbuild/closures.py's adapt does for function values.
"""

from __future__ import annotations

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import FuncIR
from pyrage.compiler.ir.types import NONE, RCoroutine
from pyrage.compiler.irbuild.builder import FunctionBuilder


def adapt(b: FunctionBuilder, value: o.Value, to: RCoroutine, ctx: n.Context) -> o.Value:
    source = value.type
    assert isinstance(source, RCoroutine)
    name = f"<adapt {source} to {to}>"
    fn = b.program.functions.get(name)
    if fn is None:
        param = o.Register("inner", source)
        fn = FuncIR(name, [param], to.ret, path=b.path, line=b.line)
        fn.is_coroutine = True
        fn.registers.append(param)
        fn.py_name = "<await>"
        fn.hides_frame = True
        b.program.functions[name] = fn
        b.program.order.append(fn)
        inner_b = FunctionBuilder(b.program, fn, b.module, {}, None)
        result = inner_b.add(o.Await(param, source.ret, inner_b.loc(ctx)))
        if to.ret == NONE:
            inner_b.add(o.Return(None))
        else:
            inner_b.add(o.Return(inner_b.coerce(result, to.ret, ctx)))
    return b.add(o.Call(fn, [value], b.loc(ctx)))
