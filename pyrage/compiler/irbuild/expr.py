"""Expressions -> IR values, with Python's semantics for ints, bools and strs."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mypy import nodes as n
from mypy.nodes import Context
from mypy.types import CallableType, Instance, get_proper_type

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR, GlobalIR
from pyrage.compiler.ir.types import (
    BOOL,
    BOXED,
    BYTES,
    FLOAT,
    INT,
    NONE,
    OPAQUE,
    STR,
    RArray,
    RCallable,
    RCoroutine,
    RInstance,
    RTuple,
    RType,
    RUnion,
)
from pyrage.compiler.irbuild.builder import FunctionBuilder

INT_MIN, INT_MAX = -(2**63), 2**63 - 1
ARITH_OPS = {"+", "-", "*", "//", "%", "<<", ">>", "&", "|", "^", "**"}


def build_expr(b: FunctionBuilder, e: n.Expression) -> o.Value:
    if isinstance(e, n.IntExpr):
        if not INT_MIN <= e.value <= INT_MAX:
            raise b.error(e, f"the integer {e.value} does not fit pyrage's 64-bit int")
        return o.Const(e.value, INT)
    if isinstance(e, n.StrExpr):
        return o.Const(e.value, STR)
    if isinstance(e, n.FloatExpr):
        return o.Const(e.value, FLOAT)
    if isinstance(e, n.BytesExpr):
        return o.Const(codecs.escape_decode(e.value)[0], BYTES)
    if isinstance(e, n.NameExpr):
        return narrow(b, e, build_name(b, e))
    if isinstance(e, n.MemberExpr):
        return narrow(b, e, build_member(b, e))
    if isinstance(e, n.CallExpr):
        from pyrage.compiler.irbuild import calls

        return calls.build_call(b, e)
    if isinstance(e, n.OpExpr):
        if e.op in ("and", "or"):
            return build_bool_op(b, e)
        from pyrage.compiler.irbuild import percent

        if percent.is_percent_format(e):
            return percent.build_percent(b, e)
        if e.op == "**":
            return power(b, build_expr(b, e.left), build_expr(b, e.right), e)
        return binary_op(b, e.op, operand(b, e.left, e.right), operand(b, e.right, e.left), e)
    if isinstance(e, n.ComparisonExpr):
        return build_comparison(b, e)
    if isinstance(e, n.UnaryExpr):
        return build_unary(b, e)
    if isinstance(e, n.ConditionalExpr):
        return build_conditional(b, e)
    if isinstance(e, n.AwaitExpr):
        return build_await(b, e)
    if isinstance(e, n.LambdaExpr):
        from pyrage.compiler.irbuild import closures

        return closures.build_nested(b, e)
    if isinstance(e, n.IndexExpr):
        return narrow(b, e, build_index(b, e))  # isinstance(xs[0], int) narrows xs[0]
    if isinstance(e, n.TupleExpr):
        return build_tuple(b, e)
    if isinstance(e, (n.ListExpr, n.ListComprehension, n.DictExpr, n.SetExpr,
                      n.SetComprehension, n.DictionaryComprehension)):
        from pyrage.compiler.irbuild import collections

        return collections.build_display(b, e)
    if isinstance(e, (n.CastExpr, n.AssertTypeExpr)):
        value = build_expr(b, e.expr)
        target = b.rtype_of(e)
        if value.type == target:
            return value
        if isinstance(e, n.CastExpr) and needs_check(value.type, target):
            return checked_cast(b, value, target, e)
        return b.coerce(value, target, e)
    raise b.unsupported(e, UNSUPPORTED_EXPRESSIONS.get(type(e).__name__,
                                                       f"this expression ({type(e).__name__})"))


#: What an expression irbuild has no value for is called, in the program's words.
UNSUPPORTED_EXPRESSIONS = {
    "GeneratorExpr": "a generator expression as a value (yet): iterate it where it is made "
                     "(a for loop, sum(), any(), \"\".join(), list()...), or make it a list "
                     "comprehension",
    "YieldExpr": "generators (yield)",
    "YieldFromExpr": "generators (yield from)",
    "AwaitExpr": "await outside an async function",
    "StarExpr": "a starred expression here",
    "EllipsisExpr": "... as a value",
}


def narrow(b: FunctionBuilder, e: n.Expression, value: o.Value) -> o.Value:
    """A variable's value with the type mypy narrowed it to here (after isinstance, say)."""
    if (isinstance(value.type, RUnion) or value.type == OPAQUE) and e in b.program.typed.types:
        target = with_bool(value.type, b.rtype_of(e))
        if target == value.type or isinstance(target, RUnion) and not narrower(target,
                                                                                value.type):
            return value
        return narrow_union(b, value, target)
    if not isinstance(value.type, RInstance) or e not in b.program.typed.types:
        return value
    from mypy.types import Instance, get_proper_type

    narrowed = get_proper_type(b.program.typed.types[e])
    if not isinstance(narrowed, Instance) or narrowed.type is b.program.class_info(
            value.type.cls).info:
        return value
    target = b.rtype_of(e)
    if isinstance(target, RInstance) and target != value.type and \
            target.cls.is_subclass_of(value.type.cls):
        return b.add(o.Cast(value, target))
    return value


def narrower(t: RUnion, held: RType) -> bool:
    """Whether union t is held (a union) with members or None left out."""
    if not isinstance(held, RUnion) or not set(t.members) <= set(held.members):
        return False
    return set(t.members) < set(held.members) or held.has_none and not t.has_none


def with_bool(held: RType, target: RType) -> RType:
    """mypy's narrowed type of a union that holds a bool, with bool kept: mypy folds bool into
    int (to it, `B | int | bool` without B is `int`), but a bool held in the union stays a bool,
    which prints True."""
    if not (isinstance(held, RUnion) and BOOL in held.members):
        return target
    members = target.members if isinstance(target, RUnion) else (target,)
    if INT not in members or BOOL in members:
        return target
    return RUnion((*members, BOOL), isinstance(target, RUnion) and target.has_none)


def needs_check(held: RType, target: RType) -> bool:
    """Whether cast(target, v) of a value held as `held` narrows it: from an object or a
    union to something narrower, or from a class to one of its subclasses."""
    if target == OPAQUE:
        return False
    if held == OPAQUE:
        return True
    if isinstance(held, RUnion):
        wanted = set(target.members) if isinstance(target, RUnion) else {target}
        return not wanted >= set(held.members) or (held.has_none and not (
            isinstance(target, RUnion) and target.has_none))
    return isinstance(held, RInstance) and isinstance(target, RInstance) and \
        target != held and target.cls.is_subclass_of(held.cls)


def checked_cast(b: FunctionBuilder, value: o.Value, target: RType, e: n.CastExpr) -> o.Value:
    """cast(T, v) that narrows v (needs_check). CPython's cast() checks nothing, and a program
    that casts wrongly goes on with a value of another type; pyrage keeps every value in its
    declared type, so a wrong cast stops the program at its line (runtime/core/panic.c),
    never reads the value as what it is not."""
    from pyrage.compiler.irbuild.program import user_words

    members = [m for m in (target.members if isinstance(target, RUnion) else (target,))
               if m != NONE]
    takes_none = target == NONE or isinstance(target, RUnion) and target.has_none
    good, bad = b.new_block(), b.new_block()
    if value.type == OPAQUE or isinstance(value.type, RUnion) and value.type.has_none:
        something = b.new_block()  # the type tests below read the object: not on None
        b.branch(b.add(o.IsNone(value)), good if takes_none else bad, something)
        b.activate(something)
    for member in members:  # one test after the other, to `good` at the first that holds
        following = b.new_block()
        test = b.add(o.IsInstance(value, member.cls)) if isinstance(member, RInstance) else \
            b.add(o.HasType(value, member))
        b.branch(test, good, following)
        b.activate(following)
    b.goto(bad)
    b.activate(bad)
    shown = target.cls.py_name if isinstance(target, RInstance) else user_words(str(target))
    b.add(o.CallRuntime("rt_bad_cast", [o.Const(shown, STR), value], NONE, b.loc(e),
                        pass_loc=True, arg_types=[STR, OPAQUE]))
    b.add(o.Unreachable())
    b.activate(good)
    if isinstance(value.type, RInstance):
        return b.add(o.Cast(value, target))
    return narrow_union(b, value, target)


def narrow_union(b: FunctionBuilder, value: o.Value, target: RType) -> o.Value:
    """A union value known (by mypy, or by a test just made) to be of type `target`."""
    if target == NONE:
        return o.Const(None, NONE)
    if target in BOXED:
        return b.add(o.Unbox(value, target))
    return b.add(o.Cast(value, target))


def member_test(b: FunctionBuilder, value: o.Value, member: RType) -> o.Value:
    """Whether a union value holds `member` (None, a box kind, str/bytes, or a class)."""
    if member == NONE:
        return b.add(o.IsNone(value))

    def test() -> o.Value:  # reads the type pointer: only on a value that is not None
        if isinstance(member, RInstance):
            return b.add(o.IsInstance(value, member.cls))
        return b.add(o.HasType(value, member))

    if isinstance(value.type, RUnion) and value.type.has_none:
        return both(b, b.add(o.Not(b.add(o.IsNone(value)))), test)
    return test()


def both(b: FunctionBuilder, first: o.Value, second: Callable[[], o.Value]) -> o.Value:
    """first and second(), evaluating second only when first holds."""
    result = b.temp(BOOL)
    b.assign(result, first, None)
    more, end = b.new_block(), b.new_block()
    b.branch(first, more, end)
    b.activate(more)
    b.assign(result, second(), None)
    b.goto(end)
    b.activate(end)
    return result


def switch_union(b: FunctionBuilder, value: o.Value, result_type: RType,
                 each: Callable[[o.Value], o.Value], ctx: n.Context) -> o.Value:
    """each(member value) for whichever member a union value holds: a compile-time type
    switch, so no runtime dispatch table is needed."""
    u = value.type
    assert isinstance(u, RUnion)
    members: list[RType] = ([NONE] if u.has_none else []) + list(u.members)
    result = b.temp(result_type)
    end = b.new_block()
    for i, member in enumerate(members):
        if i == len(members) - 1:
            b.assign(result, each(narrow_union(b, value, member)), ctx)
            b.goto(end)
            break
        yes, no = b.new_block(), b.new_block()
        b.branch(member_test(b, value, member), yes, no)
        b.activate(yes)
        b.assign(result, each(narrow_union(b, value, member)), ctx)
        b.goto(end)
        b.activate(no)
    b.activate(end)
    return result


def constant_int(e: n.Expression) -> int | None:
    """The value of an int literal, possibly negated; None for anything else."""
    if isinstance(e, n.IntExpr):
        return e.value
    if isinstance(e, n.UnaryExpr) and e.op == "-" and isinstance(e.expr, n.IntExpr):
        return -e.expr.value
    return None


# --- names and attributes ---------------------------------------------------------------------

CONSTANT_NAMES: dict[str, o.Const] = {
    "builtins.True": o.Const(True, BOOL),
    "builtins.False": o.Const(False, BOOL),
    "builtins.None": o.Const(None, NONE),
    "typing.TYPE_CHECKING": o.Const(False, BOOL),
    "typing_extensions.TYPE_CHECKING": o.Const(False, BOOL),
}


def build_name(b: FunctionBuilder, e: n.NameExpr) -> o.Value:
    if e.fullname == "builtins.NotImplemented":  # `return NotImplemented`: irbuild/stmt.py
        raise b.unsupported(e, "NotImplemented other than returned by __eq__ (yet)")
    if e.fullname in CONSTANT_NAMES:
        return CONSTANT_NAMES[e.fullname]
    if e.kind == n.GDEF and isinstance(e.node, (n.FuncDef, n.OverloadedFuncDef, n.Decorator)):
        from pyrage.compiler.irbuild import funcrefs

        ref = funcrefs.reference(b, e)  # sorted, len, max as values
        if ref is not None:
            return ref
    node = e.node
    if isinstance(node, (n.Var, n.FuncDef)) and e.kind == n.LDEF:
        from pyrage.compiler.irbuild import closures

        cell = closures.cell_of(b, node, e)
        if cell is not None:
            return closures.read_cell(b, cell, node.name, free=node not in b.cells, ctx=e)
        if isinstance(node, n.FuncDef) and node in b.nested_defs:
            return b.read_local(b.nested_defs[node], node.name, e)
    if isinstance(node, n.FuncDef) and e.kind == n.GDEF:
        from pyrage.compiler.irbuild import closures, funcrefs

        ref = funcrefs.reference(b, e)  # a builtin (len): made into a Callable where it goes
        if ref is not None:
            return ref
        return closures.function_value(b, node, e)
    if isinstance(node, n.Var):
        if node in b.exc_vars:
            return b.exc_vars[node]
        if e.kind == n.LDEF:
            return b.read_local(b.local(node, e), node.name, e)
        if e.kind == n.GDEF:
            return load_global(b, node, e)
    raise reference_error(b, e, node)


def is_system_exit_value(b: FunctionBuilder, e: n.Expression) -> bool:
    t = b.program.typed.types.get(e)
    t = get_proper_type(t) if t is not None else None
    return isinstance(t, Instance) and t.type.has_base("builtins.SystemExit")


def load_global(b: FunctionBuilder, var: n.Var, ctx: n.Context) -> o.Value:
    if var.name == "__name__" and var.fullname.endswith(".__name__"):
        module = var.fullname.rpartition(".")[0]
        return o.Const("__main__" if module == b.program.typed.entry else module, STR)
    if var.is_final and var.final_value is not None and not isinstance(var.final_value, float):
        value = var.final_value
        if isinstance(value, bool):
            return o.Const(value, BOOL)
        if isinstance(value, int) and INT_MIN <= value <= INT_MAX:
            return o.Const(value, INT)
        if isinstance(value, str):
            return o.Const(value, STR)
    module = var.fullname.rpartition(".")[0]
    if module not in b.program.typed.compiled:
        from pyrage.compiler.irbuild.advice import not_compiled

        raise b.unsupported(ctx, not_compiled(ctx if isinstance(ctx, n.Expression) else None,
                                              var.fullname, calling=False))
    return b.add(o.LoadGlobal(b.global_of(var, ctx), b.loc(ctx)))


def reference_error(b: FunctionBuilder, e: n.RefExpr, node: n.SymbolNode | None) -> Exception:
    if isinstance(node, (n.FuncDef, n.Decorator, n.OverloadedFuncDef)):
        return b.unsupported(e, "functions as values (yet): call them directly")
    if isinstance(node, n.TypeInfo):
        return b.unsupported(e, "classes as values (yet)")
    if isinstance(node, n.MypyFile):
        return b.unsupported(e, "modules as values")
    return b.unsupported(e, f'the name "{e.fullname}" here')


def is_module_ref(e: n.Expression) -> bool:
    return isinstance(e, n.RefExpr) and isinstance(e.node, n.MypyFile)


def type_name(b: FunctionBuilder, call: n.CallExpr) -> o.Value:
    """type(x).__name__: static for values whose class is known exactly, else read off the
    object's type info."""
    if len(call.args) != 1:
        raise b.unsupported(call, "type() with more than one argument")
    value = build_expr(b, call.args[0])
    if isinstance(value.type, RTuple) and value.type.cls.tuple_type is None:
        return o.Const("tuple", STR)
    if isinstance(value.type, (RInstance, RUnion)) or value.type == OPAQUE:
        # the run-time class: a subclass, a union's member, whatever an `object` holds
        return b.add(o.CallRuntime("rt_object_type_name", [value], STR, b.loc(call), pure=True))
    names = {"None": "NoneType", "RawBytes": "bytearray"}
    return o.Const(names.get(value.type.name, value.type.name), STR)


@dataclass
class FieldRef:
    obj: o.Value
    cls: ClassIR


@dataclass
class GlobalRef:
    glob: GlobalIR


def member_target(b: FunctionBuilder, e: n.MemberExpr) -> FieldRef | GlobalRef:
    """What `x.name` designates, for reading or writing it."""
    if is_module_ref(e.expr):
        if isinstance(e.node, n.Var):
            return GlobalRef(b.global_of(e.node, e))
        raise reference_error(b, e, e.node)
    obj = build_expr(b, e.expr)
    if isinstance(obj.type, RInstance) and e.name in obj.type.cls.fields:
        return FieldRef(obj, obj.type.cls)
    if isinstance(obj.type, RInstance):
        raise b.unsupported(e, f'reading the method "{e.name}" as a value (call it directly)')
    raise b.unsupported(e, f'the attribute "{e.name}" of a {obj.type} value (yet)')


def build_member(b: FunctionBuilder, e: n.MemberExpr) -> o.Value:
    from pyrage.compiler.irbuild.builtins import MATH_CONSTANTS

    if e.fullname in MATH_CONSTANTS:
        return o.Const(MATH_CONSTANTS[e.fullname], FLOAT)
    if isinstance(e.expr, n.RefExpr) and isinstance(e.expr.node, n.TypeInfo) and \
            e.expr.node.is_enum:
        from pyrage.compiler.irbuild import enums

        return enums.load_member(b, e.expr.node, e.name, e)  # Color.RED
    if e.name in ("name", "value") and not is_module_ref(e.expr):
        from pyrage.compiler.irbuild import enums

        obj = build_expr(b, e.expr)
        if enums.enum_info(b, obj) is not None:
            assert isinstance(obj.type, RInstance)
            field = "_name_" if e.name == "name" else "_value_"
            return b.add(o.GetField(obj, obj.type.cls, field, b.loc(e)))
        cls, name, _loc = field_of(b, obj, e)
        return read_field(b, obj, cls, name, e)
    if e.name == "__name__" and isinstance(e.expr, n.CallExpr) and \
            isinstance(e.expr.callee, n.NameExpr) and e.expr.callee.fullname == "builtins.type":
        return type_name(b, e.expr)
    if is_module_ref(e.expr):
        if e.fullname in CONSTANT_NAMES:
            return CONSTANT_NAMES[e.fullname]
        if isinstance(e.node, n.Var):
            return load_global(b, e.node, e)
        from pyrage.compiler.irbuild import closures, funcrefs

        ref = funcrefs.reference(b, e)  # math.sqrt as a value
        if ref is not None:
            return ref
        if isinstance(e.node, n.FuncDef) and e.fullname.rpartition(".")[0] in \
                b.program.typed.compiled:
            return closures.function_value(b, e.node, e)  # module.function as a value
        raise reference_error(b, e, e.node)
    if e.name == "code" and is_system_exit_value(b, e.expr):
        from pyrage.compiler.irbuild import sysexit

        return sysexit.read_code(b, build_expr(b, e.expr), e)
    if e.name == "_fields":
        fields = namedtuple_fields(b, e)
        if fields is not None:
            return fields
    owner = class_var_owner(b, e)
    if owner is not None:
        from pyrage.compiler.irbuild import classvars

        if names_a_class(b, e.expr):
            return classvars.load(b, owner, e.name, e)
        obj = build_expr(b, e.expr)  # self.x: by self's run-time class
        return classvars.load_through_instance(b, obj, owner, e.name, e)
    from pyrage.compiler.irbuild import funcrefs

    ref = funcrefs.reference(b, e)  # str.upper, Point.norm, math.sqrt as values
    if ref is not None:
        return ref
    prop = property_of(b, e)
    if prop is not None:
        getter, obj = prop
        from pyrage.compiler.irbuild import calls

        assert isinstance(obj.type, RInstance)
        fn = b.program.function(getter, cls=b.program.owner_of(obj.type.cls, getter.info))
        call = calls.call_fn(b, fn, [(obj, e)], e)
        calls.record_virtual(b, call, obj.type.cls, getter.name, e)
        return call
    if not is_module_ref(e.expr) and not (isinstance(e.expr, n.RefExpr) and
                                          isinstance(e.expr.node, n.TypeInfo)):
        obj = build_expr(b, e.expr)
        bound = funcrefs.bound_method(b, e, obj)  # obj.method as a value
        if bound is not None:
            return bound
        cls, name, _loc = field_of(b, obj, e)
        return read_field(b, obj, cls, name, e)
    target = member_target(b, e)
    assert isinstance(target, FieldRef)
    return read_field(b, target.obj, target.cls, e.name, e)


def namedtuple_fields(b: FunctionBuilder, e: n.MemberExpr) -> o.Value | None:
    """P._fields (or p._fields) of a NamedTuple: the field names, a constant tuple."""
    from mypy.types import TupleType

    from pyrage.compiler.irbuild import classvars, records

    info = classvars.class_of_expr(b.program.typed.types, e.expr)
    if info is None:
        owner = b.mypy_type(e.expr)
        info = owner.partial_fallback.type if isinstance(owner, TupleType) else None
    if info is None or records.record_kind(info) != "namedtuple":
        return None
    names = [a.name for a in records.attributes(info)]
    t = b.program.tuple_type([STR] * len(names))
    return make_tuple(b, t, [o.Const(name, STR) for name in names], e)


def names_a_class(b: FunctionBuilder, e: n.Expression) -> bool:
    """Cls or cls (a classmethod's class) rather than an instance."""
    from pyrage.compiler.irbuild import classvars

    if isinstance(e, n.NameExpr) and e.node is not None and e.node is b.cls_var:
        return True
    return classvars.class_of_expr(b.program.typed.types, e) is not None


def class_var_owner(b: FunctionBuilder, e: n.MemberExpr) -> n.TypeInfo | None:
    """The class whose variable `e` reads or writes (Cls.x, cls.x, self.x of a class
    variable), or None for anything else."""
    from pyrage.compiler.irbuild import classvars

    info: n.TypeInfo | None
    if isinstance(e.expr, n.NameExpr) and e.expr.node is not None and \
            e.expr.node is b.cls_var and b.cls is not None:
        info = b.program.class_info(b.cls).info  # cls in a classmethod: the class it runs for
    else:
        info = classvars.class_of_expr(b.program.typed.types, e.expr)
    if info is None:
        from mypy.types import Instance

        t = b.program.typed.types.get(e.expr)
        proper = b.mypy_type(e.expr) if t is not None else None
        if isinstance(proper, Instance) and b.program.is_compiled_class(proper.type):
            info = proper.type  # self.x where x lives on the class
    if info is None or info.is_enum or not classvars.is_class_var(b, info, e.name):
        return None
    return info


def field_of(b: FunctionBuilder, obj: o.Value, e: n.MemberExpr) -> tuple[ClassIR, str, o.Loc]:
    if isinstance(obj.type, RInstance) and e.name in obj.type.cls.fields:
        return obj.type.cls, e.name, b.loc(e)
    raise b.unsupported(e, f'the attribute "{e.name}" of a {obj.type} value (yet)')


def read_field(b: FunctionBuilder, obj: o.Value, cls: ClassIR, name: str,
               ctx: n.Context) -> o.Value:
    """obj.name for a field of the program's own classes: checked when it may be read before
    its first assignment (AttributeError, as CPython)."""
    return b.add(o.GetField(obj, cls, name, b.loc(ctx),
                            unassigned_error=b.program.field_check(cls, name)))


def property_of(b: FunctionBuilder, e: n.MemberExpr) -> tuple[n.FuncDef, o.Value] | None:
    """obj.name where name is a @property of obj's class: its getter and obj."""
    if is_module_ref(e.expr) or (isinstance(e.expr, n.RefExpr)
                                 and isinstance(e.expr.node, n.TypeInfo)):
        return None
    from mypy.types import Instance, LiteralType, TupleType

    t = b.mypy_type(e.expr)
    if isinstance(t, TupleType):
        t = t.partial_fallback  # a NamedTuple
    if isinstance(t, LiteralType):
        t = t.fallback  # an enum member
    if not isinstance(t, Instance) or not b.program.is_compiled_class(t.type):
        return None
    node = t.type.get(e.name)
    prop = node.node if node is not None else None
    if isinstance(prop, n.Decorator) and prop.func.is_property:
        getter = prop.func
    elif isinstance(prop, n.OverloadedFuncDef) and prop.is_property:
        first = prop.items[0]
        getter = first.func if isinstance(first, n.Decorator) else first
    else:
        return None
    return getter, build_expr(b, e.expr)


def property_setter(b: FunctionBuilder, e: n.MemberExpr) -> n.FuncDef | None:
    """The setter of a @property being assigned to."""
    from mypy.types import Instance

    t = b.mypy_type(e.expr)
    if not isinstance(t, Instance):
        return None
    node = t.type.get(e.name)
    prop = node.node if node is not None else None
    if isinstance(prop, n.OverloadedFuncDef) and prop.is_property and len(prop.items) > 1:
        setter = prop.items[1]  # @name.setter; a deleter (items[2]) is not supported
        if isinstance(setter, n.Decorator):
            return setter.func
    return None


# --- operators --------------------------------------------------------------------------------


def as_float(b: FunctionBuilder, value: o.Value) -> o.Value:
    """An int or bool operand promoted to float, as Python's arithmetic does."""
    if value.type == FLOAT:
        return value
    if value.type == BOOL:
        return b.add(o.Select(value, o.Const(1.0, FLOAT), o.Const(0.0, FLOAT)))
    return b.add(o.IntToFloat(value))


NUMBERS = (INT, BOOL, FLOAT)
FLOAT_RUNTIME = {"/": "rt_float_div", "//": "rt_float_floordiv", "%": "rt_float_mod",
                 "**": "rt_float_pow"}


def float_op(b: FunctionBuilder, op: str, lhs: o.Value, rhs: o.Value, ctx: n.Context) -> o.Value:
    a, c = as_float(b, lhs), as_float(b, rhs)
    if op in o.FLOAT_OPS:
        return b.add(o.FloatOp(op, a, c))
    if op in FLOAT_RUNTIME:
        return b.add(o.CallRuntime(FLOAT_RUNTIME[op], [a, c], FLOAT, b.loc(ctx), pass_loc=True,
                                   raises=True))
    raise b.unsupported(ctx, f"the operator {op} on floats")


def int_enum_as_int(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value:
    from pyrage.compiler.irbuild import enums

    if isinstance(value.type, RInstance):
        as_int = enums.int_value(b, value, ctx)
        if as_int is not None:
            return as_int
    return value


def int_or_bool_as_int(b: FunctionBuilder, value: o.Value) -> o.Value:
    """An `int | bool` union (what an int that may be a bool narrows to: with_bool) as an int,
    for arithmetic, where True is 1 in Python too."""
    t = value.type
    if isinstance(t, RUnion) and not t.has_none and set(t.members) == {INT, BOOL}:
        return b.add(o.Unbox(value, INT))
    return value


#: The stdlib classes of builtin sequences that `n * seq` repeats as `seq * n`.
REPEATED_SEQUENCES = ("pyrage.stdlib._list.List[", "pyrage.stdlib._tuple.VarTuple[",
                      "pyrage.stdlib._bytearray.ByteArray")


def repeats(t: RType) -> bool:
    if isinstance(t, RTuple):
        return True
    return isinstance(t, RInstance) and t.cls.name.startswith(REPEATED_SEQUENCES)


def binary_op(b: FunctionBuilder, op: str, lhs: o.Value, rhs: o.Value, ctx: n.Context) -> o.Value:
    lhs, rhs = int_enum_as_int(b, lhs, ctx), int_enum_as_int(b, rhs, ctx)
    if op not in ("&", "|", "^"):  # (True & True is a bool)
        lhs, rhs = int_or_bool_as_int(b, lhs), int_or_bool_as_int(b, rhs)
    lt, rt = lhs.type, rhs.type
    if op == "*" and lt in (INT, BOOL) and repeats(rt):
        # n * [x]: a builtin sequence's __rmul__ is its __mul__
        return binary_op(b, op, rhs, b.as_int(lhs, ctx), ctx)
    if lt in NUMBERS and rt in NUMBERS and FLOAT in (lt, rt):
        return float_op(b, op, lhs, rhs, ctx)
    if op == "/" and lt in (INT, BOOL) and rt in (INT, BOOL):
        return b.add(o.CallRuntime("rt_int_truediv", [b.as_int(lhs, ctx), b.as_int(rhs, ctx)],
                                   FLOAT, b.loc(ctx), pass_loc=True, raises=True))
    if lt in (INT, BOOL) and rt in (INT, BOOL) and op in ARITH_OPS:
        both_bool = lt == BOOL and rt == BOOL and op in ("&", "|", "^")
        result = b.add(o.IntOp(op, b.as_int(lhs, ctx), b.as_int(rhs, ctx), b.loc(ctx)))
        if both_bool:  # True & False is a bool in Python
            return b.add(o.Compare("!=", result, o.Const(0, INT)))
        return result
    if op == "+" and lt == STR and rt == STR:
        return b.add(o.CallRuntime("rt_str_concat", [lhs, rhs], STR, b.loc(ctx)))
    if op == "*" and {lt, rt} in ({STR, INT}, {STR, BOOL}):
        text, times = (lhs, rhs) if lt == STR else (rhs, lhs)
        return b.add(o.CallRuntime("rt_str_repeat", [text, b.as_int(times, ctx)], STR,
                                   b.loc(ctx), pass_loc=True))
    if BYTES in (lt, rt):
        from pyrage.compiler.irbuild import byteseq

        bytes_result = byteseq.binary_op(b, op, lhs, rhs, ctx)
        if bytes_result is not None:
            return bytes_result
    if isinstance(lt, RTuple) and isinstance(rt, RTuple) and op == "+" and \
            lt.cls.tuple_type is None and rt.cls.tuple_type is None:
        items: list[o.Value] = []
        for v, vt in ((lhs, lt), (rhs, rt)):  # (1, 2) + (3,): a fixed tuple of them all
            items += [b.add(o.GetField(v, vt.cls, vt.field(i), b.loc(ctx)))
                      for i in range(len(vt.items))]
        return make_tuple(b, b.program.tuple_type([i.type for i in items]), items, ctx)
    if isinstance(lt, RTuple) and lt.cls.tuple_type is None and op == "*" and \
            rt in (INT, BOOL) and len(set(lt.items)) == 1:
        var = b.rtype(b.program.builtin_instance_of("builtins.tuple", lt.items[0], ctx, b.path),
                      ctx)
        assert isinstance(var, RInstance)
        lhs, lt = b.var_tuple(lhs, var, ctx), var
    if isinstance(lt, RInstance) and op in OPERATOR_DUNDERS:
        from pyrage.compiler.irbuild import calls

        dunder_result = calls.call_dunder(b, lhs, OPERATOR_DUNDERS[op], [rhs], ctx)
        if dunder_result is not None:
            return dunder_result
    raise b.unsupported(ctx, f'the operator {op} on {lt} and {rt} (yet)')


def power(b: FunctionBuilder, base: o.Value, exponent: o.Value, e: n.Expression) -> o.Value:
    """a ** b. An int to a negative int power is a float in CPython (2 ** -1 is 0.5); mypy
    types it float exactly when the exponent is a negative literal, and so does pyrage."""
    if base.type in (INT, BOOL) and exponent.type == INT and \
            isinstance(exponent, o.Const) and isinstance(exponent.value, int) and \
            exponent.value < 0:
        return float_op(b, "**", base, exponent, e)
    return binary_op(b, "**", base, exponent, e)


OPERATOR_DUNDERS = {"+": "__add__", "-": "__sub__", "*": "__mul__", "//": "__floordiv__",
                    "%": "__mod__", "&": "__and__", "|": "__or__", "^": "__xor__",
                    "<<": "__lshift__", ">>": "__rshift__", "**": "__pow__", "@": "__matmul__",
                    "/": "__truediv__"}


def build_unary(b: FunctionBuilder, e: n.UnaryExpr) -> o.Value:
    if e.op == "not":
        return b.add(o.Not(to_bool(b, build_expr(b, e.expr), e)))
    literal = constant_int(e)
    if literal is not None and e.op == "-" and INT_MIN <= literal <= INT_MAX:
        return o.Const(literal, INT)  # -9223372036854775808 is a valid literal
    value = int_enum_as_int(b, build_expr(b, e.expr), e)  # -Priority.HIGH is an int
    value = int_or_bool_as_int(b, value)  # -p of a p: int | bool is an int
    if value.type == FLOAT:
        if e.op == "-":
            return b.add(o.FloatOp("*", value, o.Const(-1.0, FLOAT)))  # keeps -0.0 and NaN
        if e.op == "+":
            return value
    if value.type in (INT, BOOL):
        value = b.as_int(value, e)
        if e.op == "-":
            return b.add(o.IntOp("-", o.Const(0, INT), value, b.loc(e)))
        if e.op == "+":
            return value
        if e.op == "~":
            return b.add(o.IntOp("^", value, o.Const(-1, INT), b.loc(e)))
    if isinstance(value.type, RInstance):
        from pyrage.compiler.irbuild import calls

        dunder = {"-": "__neg__", "+": "__pos__", "~": "__invert__"}[e.op]
        result = calls.call_dunder(b, value, dunder, [], e)
        if result is not None:
            return result
    raise b.unsupported(e, f"the unary operator {e.op} on {value.type} (yet)")


def to_bool(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value:
    """Python truthiness."""
    t = value.type
    if t == BOOL:
        return value
    if t == INT:
        return b.add(o.Compare("!=", value, o.Const(0, INT)))
    if t == FLOAT:
        return b.add(o.Compare("!=", value, o.Const(0.0, FLOAT)))  # NaN is true, as in Python
    if t in (STR, BYTES):
        size = b.add(o.Len(value))
        return b.add(o.Compare("!=", size, o.Const(0, INT)))
    if t == NONE:
        return o.Const(False, BOOL)
    if isinstance(t, RUnion):
        return switch_union(b, value, BOOL, lambda v: to_bool(b, v, ctx), ctx)
    if isinstance(t, RInstance):
        from pyrage.compiler.irbuild import calls, dunder_dispatch

        dunder_dispatch.check_truth(b, value, ctx)
        result = calls.call_dunder(b, value, "__bool__", [], ctx)
        if result is not None:
            return to_bool(b, result, ctx)
        length = checked_len(b, value, ctx)
        if length is not None:
            return to_bool(b, length, ctx)
        return o.Const(True, BOOL)  # objects are true unless they say otherwise
    raise b.unsupported(ctx, f"the truth value of a {t} (yet)")


def checked_len(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value | None:
    """value.__len__() as len() and truthiness see it: a negative length is CPython's
    ValueError. None when the class has no __len__."""
    from pyrage.compiler.irbuild import calls, exceptions

    size = calls.call_dunder(b, value, "__len__", [], ctx)
    if size is None or size.type != INT or \
            isinstance(value.type, RInstance) and value.type.cls.name.startswith("pyrage."):
        return size  # pyrage's own classes never answer a negative length
    bad, good = b.new_block(), b.new_block()
    b.branch(b.add(o.Compare("<", size, o.Const(0, INT))), bad, good)
    b.activate(bad)
    exceptions.raise_builtin(b, "ValueError", "__len__() should return >= 0", ctx)
    b.activate(good)
    return size


def build_condition(b: FunctionBuilder, e: n.Expression, then: o.BasicBlock,
                    other: o.BasicBlock) -> None:
    """Branch on the truth of e, short-circuiting `and`, `or` and `not` without values."""
    if isinstance(e, n.OpExpr) and e.op in ("and", "or"):
        middle = b.new_block()
        if e.op == "and":
            build_condition(b, e.left, middle, other)
        else:
            build_condition(b, e.left, then, middle)
        b.activate(middle)
        build_condition(b, e.right, then, other)
        return
    if isinstance(e, n.UnaryExpr) and e.op == "not":
        build_condition(b, e.expr, other, then)
        return
    truth = constant_truth(e)
    if truth is not None:  # `while True:`: no edge to what only a false condition reaches
        b.goto(then if truth else other)
        return
    b.branch(to_bool(b, build_expr(b, e), e), then, other)


def build_bool_op(b: FunctionBuilder, e: n.OpExpr) -> o.Value:
    """`a and b` / `a or b` as values: the deciding operand itself, as in Python."""
    result = b.temp(b.rtype_of(e))
    left = build_expr(b, e.left)
    take_left, right_block, end = b.new_block(), b.new_block(), b.new_block()
    truth = to_bool(b, left, e.left)
    if e.op == "and":
        b.branch(truth, right_block, take_left)
    else:
        b.branch(truth, take_left, right_block)
    b.activate(take_left)
    kept = deciding_operand(b, left, result.type, e.op == "or")
    if kept is None:
        b.add(o.Unreachable())  # mypy proved it: `0 or "x"` is a str, `None or 5` an int
    else:
        b.assign(result, kept, e)
        b.goto(end)
    b.activate(right_block)
    if isinstance(truth, o.Const) and bool(truth.value) == (e.op == "or"):
        # the left operand always decides (`t or 0` of a non-empty tuple): mypy did not type
        # the right one, which never runs
        b.add(o.Unreachable())
    else:
        b.assign(result, build_expr(b, e.right), e)
        b.goto(end)
    b.activate(end)
    return result


def deciding_operand(b: FunctionBuilder, left: o.Value, to: RType, truthy: bool
                     ) -> o.Value | None:
    """The left operand of `or` (known true) or `and` (known false) as the result's type:
    `opt or default` is never None there; None where mypy shows the operand cannot decide."""
    if left.type == to or (isinstance(to, RUnion) and to.accepts(left.type)):
        return left
    if isinstance(left.type, RUnion):
        if truthy:  # not None: the member that is the result's type
            candidates = [m for m in left.type.members if m == to or
                          (isinstance(to, RUnion) and to.accepts(m))]
            if len(candidates) == 1:
                return narrow_union(b, left, candidates[0])
        return None if not isinstance(to, RUnion) else left
    if isinstance(left.type, RInstance) and isinstance(to, RInstance) and \
            left.type.cls.is_subclass_of(to.cls):
        return left
    if left.type in NUMBERS and to in NUMBERS:
        return b.coerce(left, to, None)  # refuses a bool or an int where CPython keeps it
    return None


def conditional_by_branches(b: FunctionBuilder, e: n.ConditionalExpr) -> o.Value:
    """`x if c else y` that mypy typed by its context (a Protocol, in abs(a if c else b)): the
    branches' own values, which must share a type."""
    then, other, end = b.new_block(), b.new_block(), b.new_block()
    build_condition(b, e.cond, then, other)
    arms: list[tuple[o.BasicBlock, o.Value]] = []
    for block, branch in ((then, e.if_expr), (other, e.else_expr)):
        b.activate(block)
        value = build_expr(b, branch)
        arms.append((b.block, value))
    if arms[0][1].type != arms[1][1].type:
        raise b.unsupported(e, f"a conditional whose branches are a {arms[0][1].type} and a "
                               f"{arms[1][1].type} here (yet)")
    result = b.temp(arms[0][1].type)
    for block, value in arms:
        b.activate(block)
        b.assign(result, value, e)
        b.goto(end)
    b.activate(end)
    return result


def constant_truth(e: n.Expression) -> bool | None:
    """True/False for a condition that is the literal True or False (mypy then types only
    the branch that runs), else None."""
    if isinstance(e, n.NameExpr) and e.fullname in ("builtins.True", "builtins.False"):
        return e.fullname == "builtins.True"
    return None


def build_conditional(b: FunctionBuilder, e: n.ConditionalExpr) -> o.Value:
    truth = constant_truth(e.cond)
    if truth is not None:  # `42 if False else "s"` is the str: the other branch never runs
        return b.coerce(build_expr(b, e.if_expr if truth else e.else_expr), b.rtype_of(e), e)
    from pyrage.errors import CompileError

    try:
        result = b.temp(b.rtype_of(e))
    except CompileError:
        return conditional_by_branches(b, e)
    then, other, end = b.new_block(), b.new_block(), b.new_block()
    build_condition(b, e.cond, then, other)
    for block, branch in ((then, e.if_expr), (other, e.else_expr)):
        b.activate(block)
        if unreachable(b, branch):
            b.add(o.Unreachable())  # `42 if False else "s"`: mypy never typed this branch
            continue
        b.assign(result, build_expr(b, branch), branch)
        b.goto(end)
    b.activate(end)
    return result


def unreachable(b: FunctionBuilder, e: n.Expression) -> bool:
    """Whether mypy found e unreachable (it records no type for what it does not check)."""
    return e not in b.program.typed.types and not isinstance(
        e, (n.IntExpr, n.StrExpr, n.BytesExpr, n.FloatExpr))


# --- comparisons ------------------------------------------------------------------------------


def operand(b: FunctionBuilder, e: n.Expression, other: n.Expression) -> o.Value:
    """An operand of a binary operator or comparison. A set display beside a set is built as
    that set's type when its items fit it: mypy types `{3}` in `s - {3}` or `s <= {1, 2}` by
    the operator's parameter (a set of object), where the program means a set[int]."""
    if isinstance(e, n.SetExpr) and e.items and not any(isinstance(i, n.StarExpr)
                                                        for i in e.items):
        from mypy.subtypes import is_subtype

        mine, theirs = get_proper_type(b.mypy_type(e)), get_proper_type(b.mypy_type(other))
        if isinstance(mine, Instance) and isinstance(theirs, Instance) and \
                mine.type.fullname == theirs.type.fullname == "builtins.set" and \
                mine.args != theirs.args and \
                all(is_subtype(b.mypy_type(item), theirs.args[0]) for item in e.items):
            from pyrage.compiler.irbuild import collections

            return collections.build_display(b, e, b.rtype(theirs, e))
    return build_expr(b, e)


def build_comparison(b: FunctionBuilder, e: n.ComparisonExpr) -> o.Value:
    if len(e.operators) == 1:
        return compare(b, e.operators[0], operand(b, e.operands[0], e.operands[1]),
                       operand(b, e.operands[1], e.operands[0]), e)
    # a < b < c: each operand is evaluated at most once, and evaluation stops at the first
    # false comparison.
    result = b.temp(BOOL)
    end = b.new_block()
    left = build_expr(b, e.operands[0])
    for i, op in enumerate(e.operators):
        right = build_expr(b, e.operands[i + 1])
        b.assign(result, compare(b, op, left, right, e), e)
        if i < len(e.operators) - 1:
            more = b.new_block()
            b.branch(result, more, end)
            b.activate(more)
        left = right
    b.goto(end)
    b.activate(end)
    return result


def compare(b: FunctionBuilder, op: str, lhs: o.Value, rhs: o.Value, ctx: n.Context) -> o.Value:
    if op not in ("is", "is not"):
        lhs, rhs = int_enum_as_int(b, lhs, ctx), int_enum_as_int(b, rhs, ctx)
    lt, rt = lhs.type, rhs.type
    if op in ("is", "is not"):
        same = identity(b, lhs, rhs)
        return same if op == "is" else b.add(o.Not(same))
    if op in ("==", "!=") and NONE in (lt, rt) and not may_define_eq(b, lt if rt == NONE else rt):
        other = rhs if lt == NONE else lhs
        same = identity(b, other, o.Const(None, NONE))
        return same if op == "==" else b.add(o.Not(same))
    if isinstance(lt, RUnion):
        return switch_union(b, lhs, BOOL, lambda v: compare(b, op, v, rhs, ctx), ctx)
    if isinstance(rt, RUnion):
        return switch_union(b, rhs, BOOL, lambda v: compare(b, op, lhs, v, ctx), ctx)
    if op in o.COMPARE_OPS and lt == FLOAT and rt == FLOAT:
        return b.add(o.Compare(op, lhs, rhs))
    if op in o.COMPARE_OPS and lt in NUMBERS and rt in NUMBERS and FLOAT in (lt, rt):
        # An int and a float compare exactly in Python (2**53 + 1 > 2.0**53): the runtime
        # orders them without rounding the int, and says 2 for NaN (unordered).
        i, f = (lhs, rhs) if rt == FLOAT else (rhs, lhs)
        order = b.add(o.CallRuntime("rt_cmp_int_float", [b.as_int(i, ctx), f], INT, b.loc(ctx),
                                    pure=True))
        if rt != FLOAT:  # the float was on the left: flip the sense
            order = b.add(o.IntOp("-", o.Const(0, INT), order, b.loc(ctx)))
        unordered = b.add(o.Compare("==", b.add(o.IntOp("*", order, order, b.loc(ctx))),
                                    o.Const(4, INT)))
        plain = b.add(o.Compare(op, order, o.Const(0, INT)))
        return b.add(o.Select(unordered, o.Const(op == "!=", BOOL), plain))
    if op in o.COMPARE_OPS and lt in (INT, BOOL) and rt in (INT, BOOL):
        if lt != rt or op not in ("==", "!="):  # as ints: an i1 True is -1 when signed
            lhs, rhs = b.as_int(lhs, ctx), b.as_int(rhs, ctx)
        return b.add(o.Compare(op, lhs, rhs))
    if lt == STR and rt == STR:
        loc = b.loc(ctx)
        if op in ("==", "!="):
            eq = b.add(o.CallRuntime("rt_str_eq", [lhs, rhs], BOOL, loc, pure=True))
            return eq if op == "==" else b.add(o.Not(eq))
        if op in ("in", "not in"):
            found = b.add(o.CallRuntime("rt_str_contains", [rhs, lhs], BOOL, loc, pure=True))
            return found if op == "in" else b.add(o.Not(found))
        order = b.add(o.CallRuntime("rt_str_compare", [lhs, rhs], INT, loc, pure=True))
        return b.add(o.Compare(op, order, o.Const(0, INT)))
    if lt == BYTES and rt == BYTES and op in ("==", "!="):
        eq = b.add(o.CallRuntime("rt_bytes_eq", [lhs, rhs], BOOL, b.loc(ctx), pure=True))
        return eq if op == "==" else b.add(o.Not(eq))
    if rt == BYTES:
        from pyrage.compiler.irbuild import byteseq

        bytes_result = byteseq.compare(b, op, lhs, rhs, ctx)
        if bytes_result is not None:
            return bytes_result
    if op in ("==", "!=") and OPAQUE in (lt, rt):
        from pyrage.compiler.irbuild import object_eq

        return object_eq.compare(b, op, lhs, rhs, ctx)
    if op in ("in", "not in") and isinstance(rt, RTuple) and rt.cls.tuple_type is None:
        return in_tuple(b, op, lhs, rhs, ctx)
    if isinstance(lt, RTuple) and isinstance(rt, RTuple):
        return compare_tuples(b, op, lhs, rhs, ctx)
    if op in ("==", "!=") and isinstance(lt, RCallable) and isinstance(rt, RCallable):
        same = b.add(o.SameObject(lhs, rhs))  # functions are equal when they are the same one
        return same if op == "==" else b.add(o.Not(same))
    if op in ("in", "not in") and isinstance(rt, RInstance):
        from pyrage.compiler.irbuild import calls

        contained = calls.call_dunder(b, rhs, "__contains__", [lhs], ctx)
        if contained is not None:
            truth = to_bool(b, contained, ctx)
            return truth if op == "in" else b.add(o.Not(truth))
    if isinstance(lt, RInstance) or isinstance(rt, RInstance):
        rich = rich_compare(b, op, lhs, rhs, ctx)
        if rich is not None:
            return rich
    if op in ("==", "!=") and never_equal(lt, rt):
        return o.Const(op == "!=", BOOL)  # object.__eq__: values of unrelated types differ
    raise b.unsupported(ctx, f"the comparison {op} between {lt} and {rt} (yet)")


def containers_equal(b: FunctionBuilder, lhs: o.Value, rhs: o.Value,
                     ctx: n.Context) -> o.Value | None:
    """== between two lists (or two dicts with one key type) of different static item types,
    which CPython compares item by item: a generic function of the stdlib does. Two other
    builtin collections of different types are refused (identity would be a wrong answer)."""
    from pyrage.compiler.irbuild import calls

    lt, rt = lhs.type, rhs.type
    if not (isinstance(lt, RInstance) and isinstance(rt, RInstance)) or lt.cls is rt.cls:
        return None
    family = lt.cls.name.split("[")[0]
    if not family.startswith("pyrage.stdlib.") or rt.cls.name.split("[")[0] != family:
        return None
    largs = list(b.program.class_info(lt.cls).subst.values())
    rargs = list(b.program.class_info(rt.cls).subst.values())
    helper = {"pyrage.stdlib._list.List": ("pyrage.stdlib._list", "lists_equal"),
              "pyrage.stdlib._dict.Dict": ("pyrage.stdlib._dict", "dicts_equal")}.get(family)
    if helper is None or family.endswith("Dict") and \
            b.program.mapper.rtype(largs[0], ctx, b.path) != \
            b.program.mapper.rtype(rargs[0], ctx, b.path):
        raise b.unsupported(ctx, f"== between a {lt.cls.py_name} and a {rt.cls.py_name} of "
                                 "other item types (yet): give them one static type")
    fdef = calls.stdlib_function(b, *helper)
    assert isinstance(fdef.type, CallableType)
    tvars = [v.id for v in fdef.type.variables]
    subst = dict(zip(tvars, largs + rargs[1:] if family.endswith("Dict") else largs + rargs))
    fn = b.program.function(fdef, fn_subst=subst)
    return calls.call_fn(b, fn, [(lhs, ctx), (rhs, ctx)], ctx)


def may_define_eq(b: FunctionBuilder, t: RType) -> bool:
    """Whether a value of type t may run an __eq__ of the program's (x == None asks it, as
    CPython does, rather than testing identity)."""
    from pyrage.compiler.irbuild import object_eq

    if t == OPAQUE:
        return True
    members = t.members if isinstance(t, RUnion) else (t,)
    return any(bool(object_eq.eq_methods(b.program, m)) for m in members)


def rich_compare(b: FunctionBuilder, op: str, lhs: o.Value, rhs: o.Value,
                 ctx: n.Context) -> o.Value | None:
    """a < b through __lt__ (or b's reflected __gt__), == through __eq__ (else identity)."""
    from pyrage.compiler.irbuild import calls

    forward = {"==": "__eq__", "!=": "__ne__", "<": "__lt__", "<=": "__le__", ">": "__gt__",
               ">=": "__ge__"}
    reflected = {"<": "__gt__", "<=": "__ge__", ">": "__lt__", ">=": "__le__", "==": "__eq__",
                 "!=": "__ne__"}
    if op not in forward:
        return None
    if op in ("==", "!="):
        from pyrage.compiler.irbuild import object_eq

        protocol = object_eq.static_compare(b, op, lhs, rhs, ctx)
        if protocol is not None:
            return protocol
    else:
        from pyrage.compiler.irbuild import dunder_dispatch

        dunder_dispatch.check_ordering(b, forward[op], lhs, rhs, ctx)
        first = dunder_dispatch.reflected_first(b, forward[op], lhs, rhs, ctx)
        if first is not None:
            return first
    if isinstance(lhs.type, RInstance):
        result = calls.call_dunder(b, lhs, forward[op], [rhs], ctx)
        if result is not None:
            return to_bool(b, result, ctx)
    if isinstance(rhs.type, RInstance):
        result = calls.call_dunder(b, rhs, reflected[op], [lhs], ctx)
        if result is not None:
            return to_bool(b, result, ctx)
    if op == "!=":
        eq = rich_compare(b, "==", lhs, rhs, ctx)
        return b.add(o.Not(eq)) if eq is not None else None
    if op == "==":
        from pyrage.compiler.irbuild import records

        generated = records.record_eq(b, lhs, rhs, ctx)
        if generated is not None:
            return generated
        mixed = containers_equal(b, lhs, rhs, ctx)
        if mixed is not None:
            return mixed
    if op in ("==",) and lhs.type.is_ref and rhs.type.is_ref:
        return b.add(o.SameObject(lhs, rhs))  # object.__eq__ is identity
    return None


def compare_tuples(b: FunctionBuilder, op: str, lhs: o.Value, rhs: o.Value,
                   ctx: n.Context) -> o.Value:
    """Item by item, as CPython compares tuples: the first differing pair decides."""
    lt, rt = lhs.type, rhs.type
    assert isinstance(lt, RTuple) and isinstance(rt, RTuple)
    if op not in ("==", "!=", "<", "<=", ">", ">="):
        raise b.unsupported(ctx, f"the comparison {op} between tuples")
    result = b.temp(BOOL)
    end = b.new_block()
    common = min(len(lt.items), len(rt.items))
    for i in range(common):
        a = b.add(o.GetField(lhs, lt.cls, lt.field(i), b.loc(ctx)))
        c = b.add(o.GetField(rhs, rt.cls, rt.field(i), b.loc(ctx)))
        differ, next_item = b.new_block(), b.new_block()
        if a.type.is_ref and c.type.is_ref:  # the same object is equal (CPython's shortcut)
            equal = b.new_block()
            b.branch(b.add(o.SameObject(a, c)), next_item, equal)
            b.activate(equal)
        same = compare(b, "==", a, c, ctx)
        b.branch(same, next_item, differ)
        b.activate(differ)
        if op in ("==", "!="):
            b.assign(result, o.Const(op == "!=", BOOL), ctx)
        else:
            b.assign(result, order_or_type_error(b, op, a, c, ctx), ctx)
        b.goto(end)
        b.activate(next_item)
    sizes = o.Const(len(lt.items), INT), o.Const(len(rt.items), INT)
    b.assign(result, b.add(o.Compare(op, *sizes)), ctx)  # all equal so far: lengths decide
    b.goto(end)
    b.activate(end)
    return result


def in_tuple(b: FunctionBuilder, op: str, needle: o.Value, t: o.Value,
             ctx: n.Context) -> o.Value:
    """x in (a, b, c): x == a or x == b or x == c, stopping at the first equal item (an item
    is identical or equal, as CPython's tuple.__contains__ tests)."""
    tt = t.type
    assert isinstance(tt, RTuple)
    result = b.temp(BOOL)
    end = b.new_block()
    b.assign(result, o.Const(op == "in", BOOL), ctx)
    for i in range(len(tt.items)):
        item = b.add(o.GetField(t, tt.cls, tt.field(i), b.loc(ctx)))
        found, other = b.new_block(), b.new_block()
        if needle.type.is_ref and item.type.is_ref:
            equal = b.new_block()
            b.branch(b.add(o.SameObject(needle, item)), found, equal)
            b.activate(equal)
        b.branch(compare(b, "==", needle, item, ctx), found, other)
        b.activate(found)
        b.goto(end)
        b.activate(other)
    b.assign(result, o.Const(op != "in", BOOL), ctx)
    b.goto(end)
    b.activate(end)
    return result


def order_or_type_error(b: FunctionBuilder, op: str, lhs: o.Value, rhs: o.Value,
                        ctx: n.Context) -> o.Value:
    """lhs < rhs for tuple items that differ; where their classes cannot be ordered, CPython's
    TypeError at run time (sorted((1, Entry()), (2, Entry())) never gets there)."""
    from pyrage.errors import CompileError

    mark = len(b.block.ops)
    try:
        return compare(b, op, lhs, rhs, ctx)
    except CompileError:
        if not (isinstance(lhs.type, RInstance) and isinstance(rhs.type, RInstance)):
            raise
        del b.block.ops[mark:]
        from pyrage.compiler.irbuild import exceptions

        exceptions.raise_builtin(b, "builtins.TypeError", f"'{op}' not supported between "
                                 f"instances of '{lhs.type.cls.py_name}' and "
                                 f"'{rhs.type.cls.py_name}'", ctx)
        b.activate(b.new_block())
        return o.Const(False, BOOL)


def never_equal(lt: RType, rt: RType) -> bool:
    """Whether no value of type lt can == one of type rt (a str and an int, say)."""
    kinds = {lt, rt}
    if kinds <= {INT, BOOL, FLOAT}:
        return False
    primitive = (INT, BOOL, FLOAT, STR, BYTES, NONE)
    return lt != rt and (lt in primitive or rt in primitive)


def identity(b: FunctionBuilder, lhs: o.Value, rhs: o.Value) -> o.Value:
    """lhs is rhs. Only None and objects have an identity pyrage keeps; `x is None` on a
    non-optional value is simply False."""
    if lhs.type == NONE and rhs.type == NONE:
        return o.Const(True, BOOL)
    if rhs.type == NONE:
        lhs, rhs = rhs, lhs
    if lhs.type == NONE:
        if isinstance(rhs.type, RUnion) and rhs.type.has_none or rhs.type == OPAQUE:
            return b.add(o.IsNone(rhs))  # an `object` may hold None (NULL)
        return o.Const(False, BOOL)
    if lhs.type.is_ref and rhs.type.is_ref:
        return b.add(o.SameObject(lhs, rhs))
    raise b.unsupported(Context(b.line), f"'is' between {lhs.type} and {rhs.type} values (their "
                                         "identity is not kept): use ==")


def build_tuple(b: FunctionBuilder, e: n.TupleExpr) -> o.Value:
    if any(isinstance(item, n.StarExpr) for item in e.items):
        raise b.unsupported(e, "starred items in a tuple display (yet)")
    if e not in b.program.typed.types:  # a, *rest = (1, "x", 2): mypy typed the items only
        values = [build_expr(b, item) for item in e.items]
        return make_tuple(b, b.program.tuple_type([v.type for v in values]), values, e)
    t = b.rtype_of(e)
    if not isinstance(t, RTuple):
        raise b.unsupported(e, f"a tuple of type {t}")
    values = [build_expr(b, item) for item in e.items]
    return make_tuple(b, t, values, e)


def make_tuple(b: FunctionBuilder, t: RTuple, values: Sequence[o.Value],
               ctx: n.Context) -> o.Value:
    obj = b.add(o.Alloc(t.cls, b.loc(ctx), t))
    for i, (value, item_type) in enumerate(zip(values, t.items)):
        b.add(o.SetField(obj, t.cls, t.field(i), b.coerce(value, item_type, ctx), b.loc(ctx)))
    return obj


# --- indexing ---------------------------------------------------------------------------------


def build_index(b: FunctionBuilder, e: n.IndexExpr) -> o.Value:
    if isinstance(e.base, n.RefExpr) and isinstance(e.base.node, n.TypeInfo) and \
            e.base.node.is_enum:
        from pyrage.compiler.irbuild import enums

        return enums.lookup_by_name(b, e.base.node, build_expr(b, e.index), e)  # Color["RED"]
    if e.analyzed is not None:  # e.g. a generic alias used as a value: list[int]
        raise b.unsupported(e, "types as values")
    base = build_expr(b, e.base)
    if isinstance(base.type, RArray):
        from pyrage.compiler.irbuild import arrays

        return arrays.index_array(b, base, build_expr(b, e.index), e)
    if isinstance(base.type, RTuple):
        return tuple_item(b, base, e.index)
    if isinstance(base.type, RInstance):
        from pyrage.compiler.irbuild import calls

        if isinstance(e.index, n.SliceExpr):
            parts = [optional_int(b, x) for x in (e.index.begin_index, e.index.end_index,
                                                   e.index.stride)]
            result = calls.call_dunder(b, base, "_slice", parts, e)
        else:
            result = calls.call_dunder(b, base, "__getitem__", [build_expr(b, e.index)], e)
        if result is None:
            raise b.unsupported(e, f"indexing a {base.type.cls.py_name} (no __getitem__)")
        return result
    if base.type == BYTES:
        from pyrage.compiler.irbuild import byteseq

        return byteseq.index(b, base, e)
    if base.type != STR:
        raise b.unsupported(e, f"indexing a {base.type} (yet)")
    if isinstance(e.index, n.SliceExpr) and e.index.stride is not None:
        parts = [optional_int(b, x) for x in (e.index.begin_index, e.index.end_index,
                                               e.index.stride)]
        return b.add(o.CallRuntime("rt_str_slice_step", [base, *parts], STR, b.loc(e),
                                   pass_loc=True, raises=True))
    if isinstance(e.index, n.SliceExpr):
        start = bound_value(b, e.index.begin_index, 0)
        stop = bound_value(b, e.index.end_index, INT_MAX)  # clamped to len() by the runtime
        return b.add(o.CallRuntime("rt_str_slice", [base, start, stop], STR, b.loc(e), pure=True))
    index = b.as_int(build_expr(b, e.index), e)
    return b.add(o.CallRuntime("rt_str_getitem", [base, index], STR, b.loc(e), pass_loc=True,
                               raises=True))


def tuple_item(b: FunctionBuilder, t: o.Value, index: n.Expression) -> o.Value:
    """t[i] for a constant i (negative counts from the end), as mypy requires for tuples."""
    assert isinstance(t.type, RTuple)
    i = constant_int(index)
    if i is None:
        return tuple_item_dynamic(b, t, index)
    size = len(t.type.items)
    if i < 0:
        i += size
    if not 0 <= i < size:
        raise b.error(index, "tuple index out of range")
    return b.add(o.GetField(t, t.type.cls, t.type.field(i), b.loc(index)))


def tuple_item_dynamic(b: FunctionBuilder, t: o.Value, index: n.Expression) -> o.Value:
    """t[i] for a run-time i: the items must share one type (then mypy types t[i] as it)."""
    from pyrage.compiler.irbuild import exceptions, iteration

    tt = t.type
    assert isinstance(tt, RTuple)
    if len(set(tt.items)) != 1:
        raise b.unsupported(index, "indexing a tuple whose items differ in type with a "
                                   "non-constant index (yet)")
    i = b.temp(INT)
    b.assign(i, b.as_int(build_expr(b, index), index), index)
    size = o.Const(len(tt.items), INT)
    negative, checked = b.new_block(), b.new_block()
    b.branch(b.add(o.Compare("<", i, o.Const(0, INT))), negative, checked)
    b.activate(negative)
    b.assign(i, b.add(o.IntOp("+", i, size, b.loc(index))), index)
    b.goto(checked)
    b.activate(checked)
    bad, good = b.new_block(), b.new_block()
    outside = b.add(o.Compare(">=", i, size))
    below = b.add(o.Compare("<", i, o.Const(0, INT)))
    b.branch(b.add(o.Select(outside, o.Const(True, BOOL), below)), bad, good)
    b.activate(bad)
    exceptions.raise_builtin(b, "builtins.IndexError", "tuple index out of range", index)
    b.activate(good)
    return iteration.tuple_item_at(b, t, i, index)


def optional_int(b: FunctionBuilder, e: n.Expression | None) -> o.Value:
    """A slice bound as `int | None`: what the stdlib's _slice methods take."""
    from pyrage.compiler.ir.types import RUnion

    u = RUnion((INT,), True)
    if e is None:
        return o.Const(None, u)
    return b.coerce(build_expr(b, e), u, e)


def bound_value(b: FunctionBuilder, e: n.Expression | None, default: int) -> o.Value:
    if e is None:
        return o.Const(default, INT)
    value = build_expr(b, e)
    if value.type == NONE:
        return o.Const(default, INT)
    return b.as_int(value, e)


# --- await ------------------------------------------------------------------------------------


def build_await(b: FunctionBuilder, e: n.AwaitExpr) -> o.Value:
    """`await x`, x a coroutine (codegen/coroutines.py). `await sched.suspend()` is the one
    primitive that suspends a task by itself."""
    from pyrage.compiler.irbuild import intrinsics

    if not b.fn.is_coroutine:
        raise b.unsupported(e, "await outside an async function")
    if intrinsics.is_suspend(b, e.expr):
        b.add(o.Suspend(b.loc(e)))
        return o.Const(None, NONE)
    coro = build_expr(b, e.expr)
    if not isinstance(coro.type, RCoroutine):
        raise b.unsupported(e, f"awaiting a {coro.type} (only coroutines can be awaited)")
    owned = isinstance(coro, o.Call) and coro.fn.is_coroutine
    return b.add(o.Await(coro, coro.type.ret, b.loc(e), owned=owned))

