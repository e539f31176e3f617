"""Class variables: attributes that live on the class, not on each instance.

A class-body variable is a class variable when it is declared ClassVar, or when the program
reads or writes it through a class (`Counter.created += 1`, `cls.registry[name] = f`,
`Http.status`) anywhere in its hierarchy. Otherwise it stays what it looks like to most code: a
per-instance field whose class-body value is its default (irbuild/program.py).

Each class that gives the variable its own value (in its class body, or by an assignment
through the class) has a global, set when that happens; reading follows CPython's attribute
lookup:

    class Base: prefix = "base"        globals Base.prefix, A.prefix; B has none
    class A(Base): prefix = "a"
    class B(Base): pass
    B.prefix          -> Base.prefix (resolved statically along B's MRO)
    self.prefix       -> by self's run-time class: A.prefix for an A, Base.prefix otherwise
    Rot.count += 1    -> Rot gets its own value (a global plus an "is set" flag, checked by
                         reads through Rot and its subclasses)
"""

from __future__ import annotations

from mypy import nodes as n
from mypy.types import Instance, Type, TypeType, get_proper_type

from pyrage.compiler.frontend.walk import walk
from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import GlobalIR
from pyrage.compiler.ir.types import BOOL
from pyrage.compiler.irbuild.builder import FunctionBuilder

Key = tuple[str, str]  # (class fullname, variable)


def scan(program: object) -> tuple[set[Key], set[Key]]:
    """(class variables as (root class, name), (class, name) assigned through a class; a
    class name ending in "+" stands for it and all its subclasses) over the compiled code."""
    from pyrage.compiler.irbuild.program import ProgramBuilder

    assert isinstance(program, ProgramBuilder)
    typed = program.typed
    through_class: set[Key] = set()
    written: set[Key] = set()
    for module in typed.compiled:
        tree = typed.modules.get(module)
        if tree is None:
            continue
        for node in (x for d in tree.defs for x in walk(d)):
            if isinstance(node, n.ClassDef):
                for attr, sym in node.info.names.items():
                    if isinstance(sym.node, n.Var) and sym.node.is_classvar:
                        through_class.add((root_of(node.info, attr).fullname, attr))
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
                            written.add((owner.fullname + "+", target.name))  # cls.x = ...
            if not isinstance(node, n.MemberExpr):
                continue
            owner = class_of_expr(typed.types, node.expr)
            if owner is not None and defining_class(owner, node.name) is not None:
                through_class.add((root_of(owner, node.name).fullname, node.name))
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


def defines(info: n.TypeInfo, name: str) -> bool:
    sym = info.names.get(name)
    return sym is not None and isinstance(sym.node, n.Var)


def defining_class(info: n.TypeInfo, name: str) -> n.TypeInfo | None:
    """The nearest class in info's MRO that declares variable `name`."""
    for base in info.mro:
        if defines(base, name):
            return base
    return None


def root_of(info: n.TypeInfo, name: str) -> n.TypeInfo:
    """The top-most class in info's MRO that declares `name`: the hierarchy's key."""
    found = info
    for base in info.mro:
        if defines(base, name):
            found = base
    return found


def assigned_in_body(info: n.TypeInfo, name: str) -> bool:
    """Whether the class statement itself gives `name` a value (not a plugin's attribute)."""
    for s in info.defn.defs.body:
        if isinstance(s, n.AssignmentStmt) and not isinstance(s.rvalue, n.TempNode) and any(
                isinstance(lv, n.NameExpr) and lv.name == name for lv in s.lvalues):
            return True
    return False


def is_class_var(b: FunctionBuilder, info: n.TypeInfo, name: str) -> bool:
    if defining_class(info, name) is None:
        return False
    root = root_of(info, name)
    if (root.fullname, name) not in b.program.class_vars()[0]:
        return False
    return any(assigned_in_body(k, name) or declared_classvar(k, name) for k in info.mro)


def declared_classvar(info: n.TypeInfo, name: str) -> bool:
    sym = info.names.get(name)
    return sym is not None and isinstance(sym.node, n.Var) and sym.node.is_classvar


def may_be_written(b: FunctionBuilder, info: n.TypeInfo, name: str) -> bool:
    written = b.program.class_vars()[1]
    return (info.fullname, name) in written or \
        any((a.fullname + "+", name) in written for a in info.mro)


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
    """Cls.name: along Cls's MRO, the first class with a value; a class whose value comes
    from an assignment through it (not its body) is checked at run time."""
    chain = [k for k in info.mro if defines(k, name) or may_be_written(b, k, name)]
    result: o.Register | None = None
    end = b.new_block()
    for k in chain:
        if assigned_in_body(k, name) or k is chain[-1]:
            value = b.add(o.LoadGlobal(slot(b, k, name, ctx), b.loc(ctx)))
            if result is None:
                return value  # `end` stays empty and unreachable: dead_blocks drops it
            b.assign(result, value, ctx)
            b.goto(end)
            b.activate(end)
            return result
        own, other = b.new_block(), b.new_block()
        b.branch(b.add(o.LoadGlobal(is_set_flag(b, k, name))), own, other)
        b.activate(own)
        value = b.add(o.LoadGlobal(slot(b, k, name, ctx), b.loc(ctx)))
        if result is None:
            result = b.temp(value.type)
        b.assign(result, value, ctx)
        b.goto(end)
        b.activate(other)
    raise b.error(ctx, f"internal error: no class holds {name}")


def load_through_instance(b: FunctionBuilder, obj: o.Value, info: n.TypeInfo, name: str,
                          ctx: n.Context) -> o.Value:
    """self.name of a class variable: the value of self's run-time class, which may be a
    subclass of the static one with a value of its own."""
    own = [k for k in b.program.compiled_subclasses(info)
           if k is not info and (assigned_in_body(k, name) or may_be_written(b, k, name))]
    if not own:
        return load(b, info, name, ctx)
    own.sort(key=lambda k: -len(k.mro))  # most derived first: isinstance picks the nearest
    result: o.Register | None = None
    end = b.new_block()
    for k in own:
        cls = b.program.specialize_class(k, [], ctx, b.path)
        yes, no = b.new_block(), b.new_block()
        b.branch(b.add(o.IsInstance(obj, cls)), yes, no)
        b.activate(yes)
        value = load(b, k, name, ctx)
        if result is None:
            result = b.temp(value.type)
        b.assign(result, value, ctx)
        b.goto(end)
        b.activate(no)
    base_value = load(b, info, name, ctx)
    assert result is not None
    b.assign(result, base_value, ctx)
    b.goto(end)
    b.activate(end)
    return result


def store(b: FunctionBuilder, info: n.TypeInfo, name: str, value: o.Value,
          ctx: n.Context) -> None:
    """Cls.name = value: Cls's own value from now on."""
    glob = slot(b, info, name, ctx)
    b.add(o.StoreGlobal(glob, b.coerce(value, glob.type, ctx)))
    if not assigned_in_body(info, name):
        b.add(o.StoreGlobal(is_set_flag(b, info, name), o.Const(True, BOOL)))


def run_class_body(b: FunctionBuilder, cdef: n.ClassDef) -> None:
    """The class statement: its class variables get their values, in source order, and so do
    the class-body defaults of instance fields that are not literals (a list, a call...):
    evaluated once here, every instance starts with that same object, as in CPython."""
    from pyrage.compiler.irbuild import expr

    if not b.program.is_compiled_class(cdef.info) or cdef.info.is_enum:
        return
    for s in cdef.defs.body:
        if isinstance(s, n.AssignmentStmt) and not isinstance(s.rvalue, n.TempNode):
            for lv in s.lvalues:
                if not isinstance(lv, n.NameExpr):
                    continue
                if is_class_var(b, cdef.info, lv.name):
                    glob = slot(b, cdef.info, lv.name, s)
                elif not is_literal(s.rvalue) and defines(cdef.info, lv.name) and \
                        is_instance_default(cdef.info, lv.name):
                    glob = default_slot(b, cdef.info, lv.name, s)
                else:
                    continue
                value = expr.build_expr(b, s.rvalue)
                b.add(o.StoreGlobal(glob, b.coerce(value, glob.type, s)))


def is_literal(e: n.Expression) -> bool:
    """A value that is the same whether evaluated once or per instance."""
    if isinstance(e, (n.IntExpr, n.StrExpr, n.BytesExpr, n.FloatExpr)):
        return True
    if isinstance(e, n.NameExpr) and e.fullname in ("builtins.True", "builtins.False",
                                                   "builtins.None"):
        return True
    return isinstance(e, n.UnaryExpr) and e.op == "-" and is_literal(e.expr)


def is_instance_default(info: n.TypeInfo, name: str) -> bool:
    """A field default evaluated once by the class statement: not a record's (their defaults
    are the constructor's), and of a type the same for every specialization (not list[T])."""
    from mypy.types import has_type_vars

    from pyrage.compiler.irbuild.records import record_kind

    sym = info.names.get(name)
    var = sym.node if sym is not None else None
    return record_kind(info) is None and not declared_classvar(info, name) and \
        isinstance(var, n.Var) and var.type is not None and not has_type_vars(var.type)


def body_owner(info: n.TypeInfo, name: str) -> n.TypeInfo:
    """The class in info's MRO whose body gives field `name` its default."""
    for k in info.mro:
        if assigned_in_body(k, name):
            return k
    return info


def default_slot(b: FunctionBuilder, info: n.TypeInfo, name: str, ctx: n.Context) -> GlobalIR:
    """The global holding the class-body default of field `name` of class info."""
    sym = info.names[name]
    assert isinstance(sym.node, n.Var)
    if sym.node.type is None:
        raise b.error(ctx, f'attribute "{name}" of {info.name} needs a type annotation')
    return b.program.global_var(f"{info.fullname}.<default {name}>", b.rtype(sym.node.type, ctx), (
        "builtins.NameError", f"name '{info.name}' is not defined"))

