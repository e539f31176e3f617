"""str() and repr() of class instances, with the method CPython's run-time lookup finds.

str(x) runs the __str__ of x's run-time class, which for a class without one of its own is
object.__str__ (which calls __repr__) or, for exceptions, BaseException.__str__ (the message,
never __repr__). A call through the static class gives the same answer when that class already
has the method that will run (an override below it is a virtual call). Where it has not but a
subclass has (an exception caught as Exception whose class defines __str__; a class with only
__repr__ whose subclass adds __str__), the run-time class must decide: the value goes to
runtime/core/objstr.c, which walks from the object's type to the nearest class whose type info
carries str/repr functions. Every class of such a family that defines __str__ or __repr__ gets
them (Program.dynamic_text), so the nearest one is the class whose own static choice is right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import OPAQUE, STR, RInstance

if TYPE_CHECKING:
    from pyrage.compiler.irbuild.builder import FunctionBuilder

TEXT_DUNDERS = ("__str__", "__repr__")


def defines(b: FunctionBuilder, info: n.TypeInfo, name: str) -> bool:
    """Whether info, or a compiled base of it, defines method `name`."""
    method = info.get_method(name)
    return isinstance(method, n.FuncDef) and b.program.is_compiled_class(method.info)


def overriding_subclasses(b: FunctionBuilder, info: n.TypeInfo, name: str) -> list[n.TypeInfo]:
    """The compiled classes below info that define `name` in their own body."""
    found = []
    for k in b.program.compiled_subclasses(info):
        sym = k.names.get(name)
        if k is not info and sym is not None and isinstance(sym.node, (n.FuncDef, n.Decorator)):
            found.append(k)
    return found


def by_run_time_class(b: FunctionBuilder, value: o.Value, kind: str, ctx: n.Context) -> o.Value:
    """str()/repr() decided by objstr.c from the object's class; the classes below value's
    static class that define __str__ or __repr__ get their functions now."""
    t = value.type
    assert isinstance(t, RInstance)
    b.program.dynamic_text(t.cls)
    info = b.program.class_info(t.cls).info
    for sub in {*overriding_subclasses(b, info, "__str__"),
                *overriding_subclasses(b, info, "__repr__")}:
        if not sub.type_vars:  # a generic one gets them where it is specialized
            b.program.dynamic_text(b.program.specialize_class(sub, [], ctx, b.path))
    fn = "rt_object_str" if kind == "str" else "rt_object_repr"
    return b.add(o.CallRuntime(fn, [b.add(o.Cast(value, OPAQUE))], STR, b.loc(ctx)))


def needs_run_time_choice(b: FunctionBuilder, value: o.Value, kind: str) -> bool:
    """Whether a subclass of value's static class may change which method str()/repr() runs
    beyond what a virtual call of the static choice reaches."""
    t = value.type
    assert isinstance(t, RInstance)
    info = b.program.class_info(t.cls).info
    wanted = "__str__" if kind == "str" else "__repr__"
    if defines(b, info, wanted):
        return False  # the static class's method, called virtually
    if overriding_subclasses(b, info, wanted):
        return True
    # str() of a class with __repr__ only: object.__str__ calls the run-time class's __repr__,
    # which a virtual call of __repr__ reaches; an exception's str() never uses __repr__.
    return False
