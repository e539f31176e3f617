"""list/dict/set displays, comprehensions and constructor calls, compiled onto the stdlib
classes that implement them (pyrage/stdlib/_list.py, _dict.py, _set.py)."""

from __future__ import annotations

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import NONE, RInstance, RTuple, RType
from pyrage.compiler.irbuild import expr, iteration
from pyrage.compiler.irbuild.builder import FunctionBuilder


def new(b: FunctionBuilder, t: RType, ctx: n.Context) -> o.Value:
    """An empty list/dict/set of static type t."""
    from pyrage.compiler.irbuild import calls

    if not isinstance(t, RInstance):
        raise b.unsupported(ctx, f"a collection of type {t}")
    return calls.call_fn(b, b.program.constructor(t.cls, ctx, b.path), [], ctx)


def method(b: FunctionBuilder, obj: o.Value, name: str, args: list[o.Value],
           ctx: n.Context) -> o.Value:
    return iteration.method(b, obj, name, args, ctx)


def build_display(b: FunctionBuilder, e: n.Expression, t: RType | None = None) -> o.Value:
    if t is None and isinstance(e, (n.ListExpr, n.SetExpr)) and e.items and \
            items_untyped(b, e):
        t = display_type_from_items(b, e)  # "%s" % [1, 2]: mypy typed the display list[Any]
    if t is None and isinstance(e, (n.ListComprehension, n.SetComprehension)) and \
            items_untyped(b, e, objects=True):
        # all([x > 0 for x in xs]): typed list[object] by all()'s parameter; its items are bools
        from mypy.types import Instance

        builtin = "builtins.list" if isinstance(e, n.ListComprehension) else "builtins.set"
        element = b.mypy_type(e.generator.left_expr)
        t = b.rtype(Instance(b.program.builtin_instance(builtin).type, [element]), e)
    t = t or b.rtype_of(e)
    result = new(b, t, e)
    if isinstance(e, n.ListExpr) or isinstance(e, n.SetExpr):
        adder = "append" if isinstance(e, n.ListExpr) else "add"
        for item in e.items:
            if isinstance(item, n.StarExpr):
                raise b.unsupported(item, "starred items in a display (yet)")
            method(b, result, adder, [expr.build_expr(b, item)], item)
        if isinstance(e, n.SetExpr) and len(e.items) > 2 and all(map(is_constant, e.items)):
            return method(b, result, "_as_constant", [], e)
    elif isinstance(e, n.DictExpr):
        for key, value in e.items:
            if key is None:
                raise b.unsupported(value, "** in a dict display (yet)")
            k = expr.build_expr(b, key)
            method(b, result, "__setitem__", [k, expr.build_expr(b, value)], key)
    elif isinstance(e, (n.ListComprehension, n.SetComprehension)):
        adder = "append" if isinstance(e, n.ListComprehension) else "add"
        iteration.comprehension(b, e.generator,
                                lambda v: _discard(method(b, result, adder, [v], e)))
    elif isinstance(e, n.DictionaryComprehension):
        dict_comprehension(b, e, result)
    return result


def is_constant(e: n.Expression) -> bool:
    """What CPython's compiler folds into a constant (it treats displays of those apart)."""
    if isinstance(e, (n.IntExpr, n.StrExpr, n.BytesExpr, n.FloatExpr, n.ComplexExpr)):
        return True
    if isinstance(e, n.NameExpr) and e.fullname in ("builtins.True", "builtins.False",
                                                   "builtins.None"):
        return True
    if isinstance(e, n.UnaryExpr) and e.op in ("-", "+", "~"):
        return is_constant(e.expr)
    if isinstance(e, n.TupleExpr):
        return all(map(is_constant, e.items))
    return False


def _discard(_: o.Value) -> None:
    pass


def dict_comprehension(b: FunctionBuilder, e: n.DictionaryComprehension, result: o.Value) -> None:
    """{k: v for ...}: key then value evaluated per item, as in CPython 3.8+."""

    def level(i: int) -> None:
        if i == len(e.sequences):
            assert e.key is not None
            key = expr.build_expr(b, e.key)
            value = expr.build_expr(b, e.value)
            method(b, result, "__setitem__", [key, value], e)
            return

        def body(parts: list[o.Value], source: iteration.Source) -> None:
            iteration.store_target(b, e.indices[i], source, parts)
            skip = b.loops[-1][0]
            for cond in e.condlists[i]:
                keep = b.new_block()
                expr.build_condition(b, cond, keep, skip)
                b.activate(keep)
            level(i + 1)

        if i == 0:
            iteration.for_each(b, e.sequences[0], lambda parts, source: (
                iteration.in_comprehension_scope(b, e.indices, lambda: body(parts, source))))
        else:
            iteration.for_each(b, e.sequences[i], body)

    level(0)


def build_constructor_call(b: FunctionBuilder, e: n.CallExpr, info: n.TypeInfo) -> o.Value:
    """list(), list(iterable), set(iterable), dict(), dict(mapping), tuple(...)."""
    t = b.rtype_of(e)
    if info.fullname in ("builtins.list", "builtins.set") and len(e.args) == 1 and \
            items_untyped(b, e, objects=True):
        # any(list(xs)): typed list[object] by any()'s parameter; the items are xs's
        from mypy.types import Instance

        element = b.program.mypy_type_of(iteration.element_type(b, e.args[0]))
        t = b.rtype(Instance(b.program.builtin_instance(info.fullname).type, [element]), e)
    if isinstance(t, RTuple):
        raise b.unsupported(e, "tuple() of an iterable into a fixed-length tuple (yet)")
    if info.fullname == "builtins.tuple":  # tuple(iterable): its items in a list, frozen
        assert isinstance(t, RInstance)
        items = new(b, t.cls.fields["_items"], e)
        if e.args:
            fill(b, items, "builtins.list", e.args[0], e)
        from pyrage.compiler.irbuild import calls

        return calls.call_fn(b, b.program.constructor(t.cls, e, b.path), [(items, e)], e)
    result = new(b, t, e)
    if not e.args:
        return result
    if len(e.args) != 1 or e.arg_kinds[0] != n.ARG_POS:
        raise b.unsupported(e, f"{info.name}() with these arguments (yet)")
    fill(b, result, info.fullname, e.args[0], e)
    return result


def fill(b: FunctionBuilder, result: o.Value, kind: str, iterable: n.Expression,
         ctx: n.Context) -> None:
    """Add every item of iterable to a new list/set/dict (for a dict: (key, value) pairs, or
    the items of another dict)."""
    if kind == "builtins.dict":
        from mypy.types import Instance

        source_type = b.mypy_type(iterable)
        if isinstance(source_type, Instance) and source_type.type.fullname == "builtins.dict":
            method(b, result, "update", [expr.build_expr(b, iterable)], ctx)
            return

        def put_pair(parts: list[o.Value], source: iteration.Source) -> None:
            pair = iteration.as_value(b, source, parts, ctx)
            if not isinstance(pair.type, RTuple) or len(pair.type.items) != 2:
                raise b.unsupported(ctx, "dict() of anything but pairs (yet)")
            key = b.add(o.GetField(pair, pair.type.cls, pair.type.field(0), b.loc(ctx)))
            value = b.add(o.GetField(pair, pair.type.cls, pair.type.field(1), b.loc(ctx)))
            method(b, result, "__setitem__", [key, value], ctx)

        iteration.for_each(b, iterable, put_pair)
        return
    adder = "append" if kind == "builtins.list" else "add"

    def put(parts: list[o.Value], source: iteration.Source) -> None:
        method(b, result, adder, [iteration.as_value(b, source, parts, ctx)], ctx)

    iteration.for_each(b, iterable, put)


#: set methods that take any iterable, as CPython's do; the stdlib's take a set of the same type.
SET_METHODS_OF_ITERABLES = frozenset({
    "issubset", "issuperset", "isdisjoint", "union", "intersection", "difference",
    "symmetric_difference", "intersection_update", "difference_update",
    "symmetric_difference_update"})


def build_special_method(b: FunctionBuilder, e: n.CallExpr, callee: n.MemberExpr
                         ) -> o.Value | None:
    """Methods whose argument is any iterable: they iterate it here (list.extend, set.update,
    str.join, ...). None: not special, call the method normally."""
    from mypy.types import Instance

    from pyrage.compiler.irbuild.types import plain

    owner = plain(b.mypy_type(callee.expr))  # ('a' if c else '').join(...): Literal items
    if not isinstance(owner, Instance):
        return None
    if owner.type.fullname == "builtins.list" and callee.name == "sort":
        from pyrage.compiler.irbuild import builtins

        builtins.sort_list(b, expr.build_expr(b, callee.expr), e.args, e.arg_names, e)
        return o.Const(None, NONE)
    if len(e.args) != 1:
        return None
    key = (owner.type.fullname, callee.name)
    if key == ("builtins.str", "join"):
        return join(b, expr.build_expr(b, callee.expr), e.args[0], e)
    if key == ("builtins.bytes", "join"):
        from pyrage.compiler.irbuild import byteseq

        return byteseq.join(b, expr.build_expr(b, callee.expr), e.args[0], e)
    if key == ("builtins.bytearray", "extend"):
        from pyrage.compiler.irbuild import byteseq

        return byteseq.extend(b, expr.build_expr(b, callee.expr), e.args[0], e)
    if owner.type.fullname == "builtins.set" and callee.name in SET_METHODS_OF_ITERABLES:
        arg_type = b.mypy_type(e.args[0])
        if not (isinstance(arg_type, Instance) and arg_type.type is owner.type):
            # s.issubset([1, 2]), s.union(range(3)): CPython makes a set of the iterable first
            receiver = expr.build_expr(b, callee.expr)
            other = new(b, receiver.type, e)
            fill(b, other, "builtins.set", e.args[0], e)
            return method(b, receiver, callee.name, [other], e)
    if key in (("builtins.list", "extend"), ("builtins.set", "update")):
        arg_type = b.mypy_type(e.args[0])
        if isinstance(arg_type, Instance) and arg_type.type is owner.type and \
                owner.type.fullname == "builtins.list":
            return None  # list.extend(list): the stdlib method copies directly
        target = expr.build_expr(b, callee.expr)
        fill(b, target, owner.type.fullname, e.args[0], e)
        return o.Const(None, NONE)
    return None


def join(b: FunctionBuilder, sep: o.Value, iterable: n.Expression, ctx: n.Context) -> o.Value:
    """sep.join(iterable): collect the strs in a list, then one runtime call joins them."""
    from pyrage.compiler.ir.types import STR

    parts = new(b, b.program.list_of(STR, ctx, b.path), ctx)

    def put(items: list[o.Value], source: iteration.Source) -> None:
        value = iteration.as_value(b, source, items, ctx)
        if value.type != STR:
            raise b.error(ctx, f"sequence item: expected str instance, {value.type} found")
        method(b, parts, "append", [value], ctx)

    iteration.for_each(b, iterable, put)
    return method(b, parts, "_join", [sep], ctx)


def items_untyped(b: FunctionBuilder, e: n.Expression, objects: bool = False) -> bool:
    """Whether mypy gave the display Any items (or, with objects, `object` ones: the context's
    type, not the items')."""
    from mypy.types import AnyType, Instance, get_proper_type

    t = b.mypy_type(e)
    if not isinstance(t, Instance):
        return False
    for arg in (get_proper_type(a) for a in t.args):
        if isinstance(arg, AnyType):
            return True
        if objects and isinstance(arg, Instance) and arg.type.fullname == "builtins.object":
            return True
    return False


def display_type_from_items(b: FunctionBuilder, e: n.ListExpr | n.SetExpr) -> RType:
    """The type of a list/set display from its items alone. mypy types `[0, 1]` passed where
    an Iterable[object] goes as list[object]; walking it needs list[int]."""
    from mypy.join import join_type_list
    from mypy.types import Instance

    items = [b.mypy_type(item) for item in e.items]
    builtin = "builtins.list" if isinstance(e, n.ListExpr) else "builtins.set"
    info = b.program.builtin_instance(builtin).type
    return b.rtype(Instance(info, [join_type_list(items)]), e)
