"""Classes whose methods are generated: attrs classes, dataclasses and typing.NamedTuple.

mypy's plugins give them an __init__ (or __new__) with an empty body and list their attributes in
the TypeInfo's metadata; the behaviour CPython gets from attrs/dataclasses/collections is built
here: the constructor (parameters in field order, defaults and factories), repr
(`Point(x=1, y=2)`), field-wise ==, and hash for frozen classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR
from pyrage.compiler.ir.types import BOOL, STR, RInstance, RTuple, RType
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder


@dataclass
class Attribute:
    name: str
    init: bool  # a parameter of __init__
    kw_only: bool
    default: n.Expression | None  # the default value's expression, if any
    factory: n.Expression | None  # a default factory (called per instance), if any


def record_kind(info: n.TypeInfo) -> str | None:
    if "attrs" in info.metadata:
        return "attrs"
    if "dataclass" in info.metadata:
        return "dataclass"
    if info.tuple_type is not None and "namedtuple" in info.metadata:
        return "namedtuple"
    return None


def is_frozen(info: n.TypeInfo) -> bool:
    kind = record_kind(info)
    if kind == "namedtuple":
        return True
    return bool(kind and info.metadata[kind].get("frozen"))


def plugin_made(fdef: n.FuncItem) -> bool:
    """A method a mypy plugin added to the class (its body has no source lines)."""
    return bool(fdef.body.body) and all(s.line < 0 for s in fdef.body.body)


def generated_init(info: n.TypeInfo) -> bool:
    """Whether __init__ is the plugin's (not written in the class body)."""
    init = info.names.get("__init__")
    return record_kind(info) is not None and (
        init is None or isinstance(init.node, n.FuncDef) and plugin_made(init.node))


def attributes(info: n.TypeInfo) -> list[Attribute]:
    """The record's fields in __init__ order, with their defaults from the class body (bases'
    fields first, as attrs and dataclasses order them)."""
    kind = record_kind(info)
    if kind is None:
        return []
    if kind == "namedtuple":
        names = list(info.metadata["namedtuple"]["fields"])
        entries = [{"name": name, "init": True, "kw_only": False} for name in names]
    else:
        entries = info.metadata[kind]["attributes"]
    assigned = class_body_values(info)
    result = []
    for entry in entries:
        name = entry["name"]
        default, factory = split_default(assigned.get(name))
        init = entry.get("init", entry.get("is_in_init", True))
        result.append(Attribute(name, bool(init), bool(entry.get("kw_only")), default, factory))
    return result


def class_body_values(info: n.TypeInfo) -> dict[str, n.Expression]:
    """name -> the value assigned to it in the class body (of info and its bases)."""
    values: dict[str, n.Expression] = {}
    for base in reversed(info.mro):
        for s in base.defn.defs.body:
            if isinstance(s, n.AssignmentStmt) and not isinstance(s.rvalue, n.TempNode) and \
                    len(s.lvalues) == 1 and isinstance(s.lvalues[0], n.NameExpr):
                values[s.lvalues[0].name] = s.rvalue
    return values


def split_default(value: n.Expression | None) -> tuple[n.Expression | None, n.Expression | None]:
    """`= x`, `= field(default=x)` or `= field(factory=f)` / `default_factory=f`."""
    if value is None:
        return None, None
    if isinstance(value, n.CallExpr) and isinstance(value.callee, n.RefExpr) and \
            value.callee.fullname in ("attrs.field", "attr.ib", "attr.attrib", "attr.field",
                                      "dataclasses.field", "attrs.Factory"):
        for arg, name in zip(value.args, value.arg_names):
            if name == "default":
                return arg, None
            if name in ("factory", "default_factory"):
                return None, arg
        return None, None
    return value, None


# --- construction -------------------------------------------------------------------------------


def construct_record(b: FunctionBuilder, e: n.CallExpr, cls: ClassIR, info: n.TypeInfo
                     ) -> o.Value:
    """Record(args): the arguments mapped onto the fields, defaults and factories filled in."""
    from mypy.argmap import map_actuals_to_formals

    attrs = [a for a in attributes(info) if a.init]
    kinds = [n.ARG_NAMED if a.kw_only and a.default is None and a.factory is None
             else n.ARG_NAMED_OPT if a.kw_only
             else n.ARG_POS if a.default is None and a.factory is None else n.ARG_OPT
             for a in attrs]
    actual_values = [expr.build_expr(b, a) for a in e.args]
    mapping = map_actuals_to_formals(e.arg_kinds, e.arg_names, kinds, [a.name for a in attrs],
                                     lambda i: b.program.typed.types[e.args[i]])
    values: dict[str, o.Value] = {}
    for attr, actuals in zip(attrs, mapping):
        if len(actuals) == 1:
            values[attr.name] = actual_values[actuals[0]]
        elif not actuals:
            values[attr.name] = default_of(b, attr, cls.fields[attr.name], e)
        else:
            raise b.unsupported(e, "this way of passing arguments (yet)")
    for attr in attributes(info):
        if not attr.init:
            values[attr.name] = default_of(b, attr, cls.fields[attr.name], e)
    return new_record(b, cls, values, e)


def replace_record(b: FunctionBuilder, e: n.CallExpr, obj: o.Value,
                   changes: list[tuple[str | None, n.Expression]]) -> o.Value:
    """obj._replace(f=v) / attrs.evolve(obj, f=v) / dataclasses.replace(obj, f=v): a new record
    with obj's fields, the named ones changed (__post_init__ runs again, as __init__ would)."""
    if not isinstance(obj.type, RInstance) or record_kind(
            b.program.class_info(obj.type.cls).info) is None:
        raise b.unsupported(e, f"replacing the fields of a {obj.type}")
    cls = obj.type.cls
    info = b.program.class_info(cls).info
    names = [a.name for a in attributes(info)]
    values: dict[str, o.Value] = {name: b.add(o.GetField(obj, cls, name, b.loc(e)))
                                  for name in names}
    for name, value in changes:
        if name is None or name not in values:
            raise b.error(e, f"{info.name} has no field {name!r} to replace")
        values[name] = expr.build_expr(b, value)
    return new_record(b, cls, values, e)


def build_evolve(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    """attrs.evolve(obj, **changes) and dataclasses.replace(obj, **changes)."""
    if not e.args or e.arg_kinds[0] != n.ARG_POS or any(k != n.ARG_NAMED
                                                         for k in e.arg_kinds[1:]):
        raise b.unsupported(e, "these arguments to evolve()/replace() (yet)")
    obj = expr.build_expr(b, e.args[0])
    return replace_record(b, e, obj, list(zip(e.arg_names[1:], e.args[1:])))


def default_of(b: FunctionBuilder, attr: Attribute, t: RType, ctx: n.Context) -> o.Value:
    if attr.default is not None:
        return expr.build_expr(b, attr.default)
    if attr.factory is not None:
        return call_factory(b, attr.factory, t, ctx)
    raise b.error(ctx, f'missing a value for the field "{attr.name}"')


def call_factory(b: FunctionBuilder, factory: n.Expression, t: RType, ctx: n.Context) -> o.Value:
    """factory=list / dict / set / a class / a function: called for each new instance."""
    from pyrage.compiler.irbuild import calls, closures, collections

    if isinstance(factory, n.RefExpr) and factory.fullname in ("builtins.list", "builtins.dict",
                                                              "builtins.set"):
        return collections.new(b, t, ctx)
    if isinstance(factory, n.RefExpr) and isinstance(factory.node, n.TypeInfo):
        if not isinstance(t, RInstance):
            raise b.unsupported(ctx, "this default factory")
        call = n.CallExpr(factory, [], [], [])
        call.set_line(ctx)
        return calls.construct_class(b, call, t.cls)
    fn = expr.build_expr(b, factory)
    call = n.CallExpr(factory, [], [], [])
    call.set_line(ctx)
    return closures.call_value(b, fn, call)


def new_record(b: FunctionBuilder, cls: ClassIR, values: dict[str, o.Value],
               ctx: n.Context) -> o.Value:
    t = cls.tuple_type if cls.tuple_type is not None else RInstance(cls)
    obj = b.add(o.Alloc(cls, b.loc(ctx), t))
    for name, value in values.items():
        b.add(o.SetField(obj, cls, name, b.coerce(value, cls.fields[name], ctx), b.loc(ctx)))
    info = b.program.class_info(cls).info
    for hook in ("__attrs_post_init__", "__post_init__"):
        post = info.get_method(hook)
        if isinstance(post, n.FuncDef) and b.program.is_compiled_class(post.info):
            from pyrage.compiler.irbuild import calls

            fn = b.program.function(post, cls=b.program.owner_of(cls, post.info))
            calls.call_fn(b, fn, [(obj, ctx)], ctx)
    return obj


# --- generated methods --------------------------------------------------------------------------


def record_repr(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value | None:
    """Point(x=1, y=2), with repr() of each field (attrs, dataclasses and NamedTuple alike)."""
    from pyrage.compiler.irbuild import builtins

    if not isinstance(value.type, RInstance):
        return None
    cls = value.type.cls
    info = b.program.class_info(cls).info
    if record_kind(info) is None:
        return None
    parts: list[o.Value] = [o.Const(cls.py_name + "(", STR)]
    shown = [a for a in attributes(info)]
    for i, attr in enumerate(shown):
        parts.append(o.Const((", " if i else "") + attr.name + "=", STR))
        field = b.add(o.GetField(value, cls, attr.name, b.loc(ctx)))
        parts.append(builtins.to_repr(b, field, ctx))
    parts.append(o.Const(")", STR))
    return b.add(o.BuildStr(parts, b.loc(ctx)))


def record_eq(b: FunctionBuilder, lhs: o.Value, rhs: o.Value, ctx: n.Context) -> o.Value | None:
    """== for attrs classes and dataclasses: the same class, then the fields in order."""
    if not (isinstance(lhs.type, RInstance) and isinstance(rhs.type, RInstance)):
        return None
    cls = lhs.type.cls
    info = b.program.class_info(cls).info
    if record_kind(info) not in ("attrs", "dataclass"):
        return None
    result = b.temp(BOOL)
    end = b.new_block()
    same_class = b.add(o.IsExactly(rhs, cls))
    fields, differ = b.new_block(), b.new_block()
    b.branch(same_class, fields, differ)
    b.activate(fields)
    for attr in attributes(info):
        a = b.add(o.GetField(lhs, cls, attr.name, b.loc(ctx)))
        c = b.add(o.GetField(rhs, cls, attr.name, b.loc(ctx)))
        next_field = b.new_block()
        b.branch(expr.compare(b, "==", a, c, ctx), next_field, differ)
        b.activate(next_field)
    b.assign(result, o.Const(True, BOOL), ctx)
    b.goto(end)
    b.activate(differ)
    b.assign(result, o.Const(False, BOOL), ctx)
    b.goto(end)
    b.activate(end)
    return result


def record_hash(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value | None:
    """hash() of a frozen attrs class or dataclass: the hash of the tuple of its fields."""
    from pyrage.compiler.irbuild import builtins

    if not isinstance(value.type, RInstance) or isinstance(value.type, RTuple):
        return None
    cls = value.type.cls
    info = b.program.class_info(cls).info
    kind = record_kind(info)
    if kind not in ("attrs", "dataclass"):
        return None
    if not is_frozen(info):
        raise b.error(ctx, f"unhashable type: '{cls.py_name}' (an {kind} class that is not "
                           "frozen)")
    fields = [b.add(o.GetField(value, cls, a.name, b.loc(ctx))) for a in attributes(info)]
    t = b.program.tuple_type([f.type for f in fields])
    return builtins.hash_of(b, expr.make_tuple(b, t, fields, ctx), ctx)


def is_generated(fdef: n.FuncDef) -> bool:
    """A method a plugin added (not written in the class body)."""
    return record_kind(fdef.info) is not None and plugin_made(fdef)


ORDERING = {"__lt__": "<", "__le__": "<=", "__gt__": ">", "__ge__": ">="}


def generated_method(b: FunctionBuilder, obj: o.Value, name: str, args: list[o.Value],
                     ctx: n.Context) -> o.Value | None:
    """The plugin methods that run: ordering for `order=True` classes, as tuples of fields."""
    assert isinstance(obj.type, RInstance)
    info = b.program.class_info(obj.type.cls).info
    if name in ORDERING and len(args) == 1 and isinstance(args[0].type, RInstance):
        if not orders(info):
            raise b.error(ctx, f"'{ORDERING[name]}' not supported between instances of "
                               f"'{info.name}' and '{info.name}' (this {record_kind(info)} "
                               "class is not order=True)")
        cls = obj.type.cls
        mine = [b.add(o.GetField(obj, cls, a.name, b.loc(ctx))) for a in attributes(info)]
        theirs = [b.add(o.GetField(args[0], cls, a.name, b.loc(ctx))) for a in attributes(info)]
        t = b.program.tuple_type([v.type for v in mine])
        left = expr.make_tuple(b, t, mine, ctx)
        right = expr.make_tuple(b, t, theirs, ctx)
        return expr.compare(b, ORDERING[name], left, right, ctx)
    return None  # e.g. attrs' __init__: handled by the constructor


def orders(info: n.TypeInfo) -> bool:
    """order=True in the class decorator (dataclasses and attrs both default to False)."""
    for decorator in info.defn.decorators:
        if isinstance(decorator, n.CallExpr):
            for arg, name in zip(decorator.args, decorator.arg_names):
                if name == "order" and isinstance(arg, n.NameExpr):
                    return arg.fullname == "builtins.True"
    return False
