"""Where calling a dunder through the static class is not what CPython does.

irbuild calls a dunder of a class's instance through its static class: a subclass's override
is a vtable call (irbuild/virtual.py). Two things only the run-time class decides escape that:

- a dunder that only a subclass defines (the static class falls back to something else: its
  `__len__` where the subclass has `__bool__`, the reflected `__gt__` where it has `__lt__`);
- CPython's reflected-operand priority: in `a < b`, if b's class is a subclass of a's class
  and defines the reflected method (`__gt__`) itself, b is asked first.

`==` handles both at run time (irbuild/object_eq.py). Truthiness and the orderings are refused
here, located, where a class of the program could make them differ.
"""

from __future__ import annotations

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import RInstance
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
    from pyrage.compiler.irbuild.object_eq import _subclass_infos

    return [c for c in _subclass_infos(b.program) if c is not info and c.has_base(info.fullname)]


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


def check_ordering(b: FunctionBuilder, forward: str, lhs: o.Value, rhs: o.Value,
                   ctx: n.Context) -> None:
    """lhs OP rhs through `forward` (or rhs's reflected method)."""
    reflected = REFLECTED[forward]
    left, right = _info(b, lhs), _info(b, rhs)
    problem = ""
    if left is not None and (sub := only_below(b, left, forward)) is not None:
        problem = f"{sub.name} defines {forward}, which {left.name} has not"
    elif right is not None and (sub := only_below(b, right, reflected)) is not None and \
            not (left is not None and _has(b, left, forward)):
        problem = f"{sub.name} defines {reflected}, which {right.name} has not"
    elif left is not None and right is not None:
        # a subclass of lhs's class on the right, with a reflected method of its own, is
        # asked first
        first = next((c for c in [right, *_below(b, right)] if reflected in c.names and
                      c is not left and c.has_base(left.fullname)), None)
        if first is not None:
            problem = f"a {first.name} on the right is asked first (its {reflected})"
    if problem:
        raise b.unsupported(ctx, f"this comparison of classes where {problem} (yet): CPython "
                                 "chooses the method by the run-time classes")
