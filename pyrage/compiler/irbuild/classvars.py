"""Class variables: attributes that live on the class, not on each instance.

A class-body variable is a class variable when it is declared ClassVar, or when the program
reads or writes it through the class (`Counter.created += 1`, `cls.registry[name] = f`,
`Seg._fields`). Otherwise it stays what it looks like to most code: a per-instance field whose
class-body value is its default (irbuild/program.py).

Each class variable is a global, set when its class statement runs. CPython lets a subclass
get its own value by assignment (`Sub.count = 1` shadows `Base.count`), so every class that is
assigned a variable it inherits gets its own global plus an "is set" flag, and a read walks the
MRO at run time, as attribute lookup does:

    class Codec: instances = 0               globals Codec.instances
    class Rot(Codec): ...                              Rot.instances, Rot.instances?set
    Rot.instances += 1   reads Rot's if set, else Codec's; then sets Rot's
"""

from __future__ import annotations

from mypy import nodes as n
from mypy.types import Instance, Type, TypeType, get_proper_type

from pyrage.compiler.frontend.walk import walk
from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import GlobalIR
from pyrage.compiler.ir.types import BOOL
from pyrage.compiler.irbuild.builder import FunctionBuilder


def scan(program: object) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(class variables as (defining class, name), (class, name) pairs assigned through a
    class) over every compiled module."""
    from pyrage.compiler.irbuild.program import ProgramBuilder

    assert isinstance(program, ProgramBuilder)
    typed = program.typed
    through_class: set[tuple[str, str]] = set()
    written: set[tuple[str, str]] = set()
    for module in typed.compiled:
        tree = typed.modules.get(module)
        if tree is None:
            continue
        for node in (x for d in tree.defs for x in walk(d)):
            if isinstance(node, n.ClassDef):
                for attr, sym in node.info.names.items():
                    if isinstance(sym.node, n.Var) and sym.node.is_classvar:
                        through_class.add((node.info.fullname, attr))
            if not isinstance(node, n.MemberExpr):
                continue
            owner = class_of_expr(typed.types, node.expr)
            if owner is None:
                continue
            defining = defining_class(owner, node.name)
            if defining is not None:
                through_class.add((defining.fullname, node.name))
    for module in typed.compiled:
        tree = typed.modules.get(module)
        if tree is None:
            continue
        for node in (x for d in tree.defs for x in walk(d)):
            targets: list[n.Expression] = []
            if isinstance(node, n.AssignmentStmt):
                targets = list(node.lvalues)
            elif isinstance(node, n.OperatorAssignmentStmt):
                targets = [node.lvalue]
            for target in targets:
                if isinstance(target, n.MemberExpr):
                    owner = class_of_expr(typed.types, target.expr)
                    if owner is not None:
                        written.add((owner.fullname, target.name))
                        if not (isinstance(target.expr, n.RefExpr) and
                                isinstance(target.expr.node, n.TypeInfo)):
                            # cls.x = ... in a classmethod: any subclass may be cls
                            written.add((owner.fullname + "+", target.name))
    return through_class, written


def class_of_expr(types: dict[n.Expression, Type], e: n.Expression) -> n.TypeInfo | None:
    """The class that e names (`Counter`, or `cls` in a classmethod), if it is a class."""
    if isinstance(e, n.RefExpr) and isinstance(e.node, n.TypeInfo):
        return e.node
    t = types.get(e)
    if t is None:
        return None
    proper = get_proper_type(t)
    if isinstance(proper, TypeType) and isinstance(proper.item, Instance):
        return proper.item.type
    return None


def defining_class(info: n.TypeInfo, name: str) -> n.TypeInfo | None:
    """The class in info's MRO whose body defines variable `name`."""
    for base in info.mro:
        sym = base.names.get(name)
        if sym is not None and isinstance(sym.node, n.Var):
            return base
    return None


def is_class_var(b: FunctionBuilder, info: n.TypeInfo, name: str) -> bool:
    defining = defining_class(info, name)
    return defining is not None and (defining.fullname, name) in b.program.class_vars()[0] \
        and assigned_in_body(defining, name)


def assigned_in_body(info: n.TypeInfo, name: str) -> bool:
    """Whether the class statement itself gives `name` a value (not a plugin's attribute)."""
    for s in info.defn.defs.body:
        if isinstance(s, n.AssignmentStmt) and not isinstance(s.rvalue, n.TempNode) and any(
                isinstance(lv, n.NameExpr) and lv.name == name for lv in s.lvalues):
            return True
    sym = info.names.get(name)
    return sym is not None and isinstance(sym.node, n.Var) and sym.node.is_classvar


def slot(b: FunctionBuilder, info: n.TypeInfo, name: str, ctx: n.Context) -> GlobalIR:
    """The global holding info's own value of `name`."""
    defining = defining_class(info, name)
    assert defining is not None
    sym = defining.names[name]
    assert isinstance(sym.node, n.Var)
    if sym.node.type is None:
        raise b.error(ctx, f'class variable "{name}" needs a type annotation')
    t = b.rtype(sym.node.type, ctx)
    return b.program.global_var(f"{info.fullname}.{name}", t, (
        "builtins.AttributeError", f"type object '{info.name}' has no attribute '{name}'"))


def is_set_flag(b: FunctionBuilder, info: n.TypeInfo, name: str) -> GlobalIR:
    return b.program.global_var(f"{info.fullname}.{name}?set", BOOL)


def load(b: FunctionBuilder, info: n.TypeInfo, name: str, ctx: n.Context) -> o.Value:
    """Cls.name: the nearest class in the MRO that has its own value (the defining class always
    does, from its class statement on)."""
    defining = defining_class(info, name)
    assert defining is not None
    written = b.program.class_vars()[1]

    def may_be_written(k: n.TypeInfo) -> bool:
        return (k.fullname, name) in written or \
            any((a.fullname + "+", name) in written for a in k.mro)

    candidates = [k for k in info.mro[:info.mro.index(defining)] if may_be_written(k)]
    base = b.add(o.LoadGlobal(slot(b, defining, name, ctx), b.loc(ctx)))
    if not candidates:
        return base
    result = b.temp(base.type)
    end = b.new_block()
    for k in candidates:
        own, other = b.new_block(), b.new_block()
        b.branch(b.add(o.LoadGlobal(is_set_flag(b, k, name))), own, other)
        b.activate(own)
        b.assign(result, b.add(o.LoadGlobal(slot(b, k, name, ctx), b.loc(ctx))), ctx)
        b.goto(end)
        b.activate(other)
    b.assign(result, base, ctx)
    b.goto(end)
    b.activate(end)
    return result


def store(b: FunctionBuilder, info: n.TypeInfo, name: str, value: o.Value,
          ctx: n.Context) -> None:
    """Cls.name = value: Cls's own value from now on."""
    glob = slot(b, info, name, ctx)
    b.add(o.StoreGlobal(glob, b.coerce(value, glob.type, ctx)))
    if defining_class(info, name) is not info:
        b.add(o.StoreGlobal(is_set_flag(b, info, name), o.Const(True, BOOL)))


def run_class_body(b: FunctionBuilder, cdef: n.ClassDef) -> None:
    """The class statement: its class variables get their values, in source order."""
    from pyrage.compiler.irbuild import expr

    for s in cdef.defs.body:
        if isinstance(s, n.AssignmentStmt) and not isinstance(s.rvalue, n.TempNode):
            for lv in s.lvalues:
                if isinstance(lv, n.NameExpr) and is_class_var(b, cdef.info, lv.name):
                    store(b, cdef.info, lv.name, expr.build_expr(b, s.rvalue), s)
