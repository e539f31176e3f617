"""Where calling a dunder through the static class is not what CPython does.

irbuild calls a dunder of a class's instance through its static class: a subclass's override
is a vtable call (irbuild/virtual.py). Two things only the run-time classes decide escape that:

- a dunder that only a subclass defines (the static class falls back to something else: its
  `__len__` where the subclass has `__bool__`, the reflected `__gt__` where it has `__lt__`);
  refused here, located, where a class of the program could make them differ;
- CPython's reflected-operand priority (do_richcompare): in `a < b`, if b's class is a strict
  subclass of a's class, b's reflected method (`__gt__`, its own or inherited) is asked first.
  `reflected_first` tests the classes at run time where that can happen; `==` does it in
  runtime/core/objeq.c (irbuild/object_eq.py).
"""

from __future__ import annotations

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import BOOL, RInstance
from pyrage.compiler.irbuild.builder import FunctionBuilder

REFLECTED = {"__lt__": "__gt__", "__le__": "__ge__", "__gt__": "__lt__", "__ge__": "__le__"}


def _info(b: FunctionBuilder, v: o.Value) -> n.TypeInfo | None:
    from pyrage.compiler.irbuild import records

    t = v.type
    if not isinstance(t, RInstance) or t.cls.name.startswith(("tuple[", "pyrage.stdlib.")) or \
            t.cls.tuple_type is not None:
        return None
    info = b.program.class_info(t.cls).info
    if not b.program.is_compiled_class(info) or records.record_kind(info) is not None:
        return None
    return info


def _below(b: FunctionBuilder, info: n.TypeInfo) -> list[n.TypeInfo]:
    """The program's classes derived from info (not info itself)."""
    return [c for c in b.program.compiled_subclasses(info) if c is not info]


def _has(b: FunctionBuilder, info: n.TypeInfo, name: str) -> bool:
    method = info.get_method(name)
    return isinstance(method, n.FuncDef) and b.program.is_compiled_class(method.info)


def only_below(b: FunctionBuilder, info: n.TypeInfo, name: str) -> n.TypeInfo | None:
    """A subclass that defines `name` where info has none (a call through info misses it)."""
    if _has(b, info, name):
        return None
    return next((c for c in _below(b, info) if name in c.names), None)


def check_truth(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> None:
    """bool(x): CPython looks up __bool__, then __len__, on x's run-time class."""
    info = _info(b, value)
    if info is None:
        return
    for name in ("__bool__", "__len__"):
        sub = only_below(b, info, name)
        if sub is not None and not (name == "__len__" and _has(b, info, "__bool__")):
            raise b.unsupported(ctx, f"the truth value of a {info.name}, whose subclass "
                                     f"{sub.name} defines {name} (yet): define it in "
                                     f"{info.name} too")


def right_may_come_first(b: FunctionBuilder, lhs: o.Value, rhs: o.Value) -> bool:
    """Whether rhs's run-time class can be a strict subclass of lhs's (CPython then asks rhs's
    reflected method first)."""
    left, right = _info(b, lhs), _info(b, rhs)
    if left is None or right is None:
        return False
    lefts = b.program.compiled_subclasses(left)
    return any(x is not y and x in y.mro for y in b.program.compiled_subclasses(right)
               for x in lefts)


def reflected_first(b: FunctionBuilder, forward: str, lhs: o.Value, rhs: o.Value,
                    ctx: n.Context) -> o.Value | None:
    """lhs OP rhs through lhs's `forward` method, where rhs may be an instance of a subclass of
    lhs's class that has the reflected method: a run-time test of the two classes chooses rhs's
    reflected method first, as CPython does. None where that cannot happen (the plain call
    through the static class is right)."""
    from pyrage.compiler.irbuild import calls, expr

    reflected = REFLECTED[forward]
    if not (right_may_come_first(b, lhs, rhs) and calls.call_dunder_exists(b, lhs, forward) and
            calls.call_dunder_exists(b, rhs, reflected)):
        return None
    result = b.temp(BOOL)
    right, left, end = b.new_block(), b.new_block(), b.new_block()
    b.branch(b.add(o.CallRuntime("rt_right_first", [lhs, rhs], BOOL, b.loc(ctx))), right, left)
    for block, receiver, name, arg in ((right, rhs, reflected, lhs), (left, lhs, forward, rhs)):
        b.activate(block)
        answer = calls.call_dunder(b, receiver, name, [arg], ctx)
        if answer is None:
            raise b.unsupported(ctx, f"this comparison of classes, where CPython may call "
                                     f"{name} with a {arg.type} (yet)")
        b.assign(result, expr.to_bool(b, answer, ctx), ctx)
        b.goto(end)
    b.activate(end)
    return result


def check_ordering(b: FunctionBuilder, forward: str, lhs: o.Value, rhs: o.Value,
                   ctx: n.Context) -> None:
    """lhs OP rhs through `forward` (or rhs's reflected method)."""
    reflected = REFLECTED[forward]
    left, right = _info(b, lhs), _info(b, rhs)
    problem = ""
    if left is not None and (sub := only_below(b, left, forward)) is not None:
        problem = f"{sub.name} defines {forward}, which {left.name} has not"
    elif right is not None and (sub := only_below(b, right, reflected)) is not None and \
            not (left is not None and _has(b, left, forward) and
                 not right_may_come_first(b, lhs, rhs)):
        problem = f"{sub.name} defines {reflected}, which {right.name} has not"
    if problem:
        raise b.unsupported(ctx, f"this comparison of classes where {problem} (yet): CPython "
                                 "chooses the method by the run-time classes")
