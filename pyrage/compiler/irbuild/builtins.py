"""Builtin functions and methods of builtin types, with CPython's results.

Each handler takes the builder and the call (and, for methods, the receiver's value) and returns
the result value. Conversions to str (str(), repr(), format specs) live here too, since print,
f-strings and str.format all share them.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy import nodes as n
from mypy.types import CallableType, Instance, get_proper_type

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR
from pyrage.compiler.ir.types import (
    BOOL,
    BYTES,
    FLOAT,
    INT,
    NONE,
    OPAQUE,
    RAW,
    STR,
    RArray,
    RInstance,
    RTuple,
    RUnion,
)
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder
from pyrage.compiler.irbuild.builtin_classes import BUILTIN_EXCEPTIONS

Handler = Callable[[FunctionBuilder, n.CallExpr], o.Value]
MethodHandler = Callable[[FunctionBuilder, n.CallExpr, o.Value], o.Value]


# --- conversions to str -----------------------------------------------------------------------


def to_str(b: FunctionBuilder, value: o.Value, ctx: n.Context, *,
           dynamic: bool = True) -> o.Value:
    """str(value). dynamic=False: the static class's own choice (a type info's str function,
    irbuild/instance_text.py)."""
    t = value.type
    if isinstance(t, RUnion):
        return expr.switch_union(b, value, STR, lambda v: to_str(b, v, ctx), ctx)
    if t == STR:
        return value
    if t == INT:
        return b.add(o.CallRuntime("rt_int_to_str", [value], STR, b.loc(ctx), pure=True))
    if t == FLOAT:
        return b.add(o.CallRuntime("rt_float_repr", [value], STR, b.loc(ctx), pure=True))
    if t == BOOL:
        return b.add(o.Select(value, o.Const("True", STR), o.Const("False", STR)))
    if t == NONE:
        return o.Const("None", STR)
    if t == BYTES:
        return b.add(o.CallRuntime("rt_bytes_repr", [value], STR, b.loc(ctx), pure=True))
    if t == OPAQUE:
        return b.add(o.CallRuntime("rt_object_str", [value], STR, b.loc(ctx)))
    if isinstance(t, RInstance):
        from pyrage.compiler.irbuild import enums

        special = enums.enum_str(b, value, ctx)
        if special is not None:
            return special
    if isinstance(t, RInstance) and not isinstance(t, RTuple) or \
            isinstance(t, RTuple) and t.cls.tuple_type is not None:
        from pyrage.compiler.irbuild import calls, instance_text, records

        if dynamic and instance_text.needs_run_time_choice(b, value, "str"):
            return instance_text.by_run_time_class(b, value, "str", ctx)
        result = calls.call_dunder(b, value, "__str__", [], ctx)
        if result is not None:
            return result
        if b.program.is_exception(t.cls):  # BaseException.__str__: the message, not __repr__
            return b.add(o.CallRuntime("rt_exception_str", [value], STR, b.loc(ctx)))
        result = calls.call_dunder(b, value, "__repr__", [], ctx)
        if result is not None:
            return result
        generated = records.record_repr(b, value, ctx)
        if generated is not None:
            return generated
    if isinstance(t, RTuple):
        return tuple_repr(b, value, ctx)
    if isinstance(t, RInstance):
        from pyrage.compiler.irbuild import calls

        for dunder in ("__str__", "__repr__"):
            result = calls.call_dunder(b, value, dunder, [], ctx)
            if result is not None:
                return result
        if b.program.is_exception(t.cls):
            return b.add(o.CallRuntime("rt_exception_str", [value], STR, b.loc(ctx)))
        raise b.unsupported(ctx, f"str() of a {t.cls.py_name} without __str__ or __repr__ "
                                 "(CPython would print its address)")
    raise b.unsupported(ctx, f"str() of a {t} (yet)")


def to_repr(b: FunctionBuilder, value: o.Value, ctx: n.Context, *,
            dynamic: bool = True) -> o.Value:
    """repr(value). dynamic=False: as to_str."""
    if isinstance(value.type, RUnion):
        return expr.switch_union(b, value, STR, lambda v: to_repr(b, v, ctx), ctx)
    if value.type == STR:
        return b.add(o.CallRuntime("rt_str_repr", [value], STR, b.loc(ctx), pure=True))
    if value.type == OPAQUE:
        return b.add(o.CallRuntime("rt_object_repr", [value], STR, b.loc(ctx)))
    if isinstance(value.type, RInstance):
        from pyrage.compiler.irbuild import calls, enums, records

        special = enums.enum_repr(b, value, ctx)
        if special is not None:
            return special
        if not isinstance(value.type, RTuple) or value.type.cls.tuple_type is not None:
            from pyrage.compiler.irbuild import instance_text

            if dynamic and instance_text.needs_run_time_choice(b, value, "repr"):
                return instance_text.by_run_time_class(b, value, "repr", ctx)
            user = calls.call_dunder(b, value, "__repr__", [], ctx)
            if user is not None:
                return user
            generated = records.record_repr(b, value, ctx)
            if generated is not None:
                return generated
    if isinstance(value.type, RTuple):
        return tuple_repr(b, value, ctx)
    if isinstance(value.type, RInstance):
        from pyrage.compiler.irbuild import calls

        result = calls.call_dunder(b, value, "__repr__", [], ctx)
        if result is not None:
            return result
        if b.program.is_exception(value.type.cls):
            return b.add(o.CallRuntime("rt_exception_repr", [value], STR, b.loc(ctx)))
        raise b.unsupported(ctx, f"repr() of a {value.type.cls.py_name} without __repr__ "
                                 "(CPython would print its address)")
    return to_str(b, value, ctx)


def tuple_repr(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value:
    """(1, 'a') and (1,), with repr() of each item."""
    t = value.type
    assert isinstance(t, RTuple)
    parts: list[o.Value] = [o.Const("(", STR)]
    for i in range(len(t.items)):
        if i:
            parts.append(o.Const(", ", STR))
        item = b.add(o.GetField(value, t.cls, t.field(i), b.loc(ctx)))
        parts.append(to_repr(b, item, ctx))
    parts.append(o.Const(",)" if len(t.items) == 1 else ")", STR))
    return b.add(o.BuildStr(parts, b.loc(ctx)))


def format_value(b: FunctionBuilder, value: o.Value, spec: o.Value, ctx: n.Context) -> o.Value:
    """format(value, spec), as f"{value:spec}" does."""
    empty = isinstance(spec, o.Const) and spec.value == ""
    t = value.type
    if isinstance(t, RUnion):
        return expr.switch_union(b, value, STR, lambda v: format_value(b, v, spec, ctx), ctx)
    if empty:
        return to_str(b, value, ctx)
    if isinstance(t, RInstance):
        from pyrage.compiler.irbuild import enums

        as_int = enums.int_value(b, value, ctx)  # f"{Priority.HIGH:>3}" formats its value
        if as_int is not None:  # as int.__format__ does, its messages naming the class
            entry = int_format_entry(spec) + "_named"
            name = o.Const(t.cls.py_name, STR)
            return b.add(o.CallRuntime(entry, [as_int, spec, name], STR, b.loc(ctx),
                                       pass_loc=True, raises=True))
    if t == OPAQUE:
        return b.add(o.CallRuntime("rt_object_format", [value, spec], STR, b.loc(ctx),
                                   pass_loc=True, raises=True))
    if t in (INT, BOOL):  # bool.__format__ is int.__format__ once the spec is not empty
        entry = int_format_entry(spec)
        if t == BOOL:
            entry = entry.replace("rt_int", "rt_bool")
        value = b.as_int(value, ctx)
        return b.add(o.CallRuntime(entry, [value, spec], STR, b.loc(ctx),
                                   pass_loc=True, raises=True))
    if t == STR:
        return b.add(o.CallRuntime("rt_str_format", [value, spec], STR, b.loc(ctx),
                                   pass_loc=True, raises=True))
    if t == FLOAT:
        return b.add(o.CallRuntime("rt_float_format", [value, spec], STR, b.loc(ctx),
                                   pass_loc=True, raises=True))
    raise b.unsupported(ctx, f"format specs for a {t} (yet)")


# --- builtin functions ------------------------------------------------------------------------


def build_print(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    parts: list[o.Value] = []
    sep: o.Value = o.Const(" ", STR)
    end: o.Value = o.Const("\n", STR)
    stream = "rt_print"
    values: list[tuple[o.Value, n.Expression]] = []
    for arg, kind, name in zip(e.args, e.arg_kinds, e.arg_names):
        if kind == n.ARG_POS:
            values.append((expr.build_expr(b, arg), arg))
        elif kind == n.ARG_STAR:
            values.append((starred_strs(b, arg), arg))  # print(*xs): each item, str()-ed
        elif kind == n.ARG_NAMED and name == "file":
            stream = print_stream(b, arg)
        elif kind == n.ARG_NAMED and name in ("sep", "end"):
            value = expr.build_expr(b, arg)
            if value.type == NONE:
                continue  # None means the default
            if name == "sep":
                sep = value
            else:
                end = value
        elif kind == n.ARG_NAMED and name == "flush":
            expr.build_expr(b, arg)  # the console is unbuffered: every print is flushed
        else:
            raise b.unsupported(arg, "this argument to print() (yet)")
    # Every argument is evaluated before any is converted, as CPython does: print(xs, xs.pop())
    # shows xs after the pop.
    if any(k == n.ARG_STAR for k in e.arg_kinds):
        text = print_starred(b, values, e.arg_kinds, sep, end, e)
    else:
        parts = [to_str(b, value, arg) for value, arg in values]
        pieces: list[o.Value] = []
        for i, part in enumerate(parts):
            if i:
                pieces.append(sep)
            pieces.append(part)
        pieces.append(end)
        text = pieces[0] if len(pieces) == 1 else b.add(o.BuildStr(pieces, b.loc(e)))
    b.add(o.CallRuntime(stream, [text], NONE, b.loc(e)))
    return o.Const(None, NONE)


def print_stream(b: FunctionBuilder, arg: n.Expression) -> str:
    """print(file=...): sys.stdout or sys.stderr (the console and the error console)."""
    if isinstance(arg, n.MemberExpr) and arg.fullname in ("sys.stdout", "sys.stderr"):
        return "rt_print" if arg.fullname == "sys.stdout" else "rt_print_err"
    if isinstance(arg, n.NameExpr) and arg.fullname == "builtins.None":
        return "rt_print"
    raise b.unsupported(arg, "print(file=...) to anything but sys.stdout or sys.stderr")


def starred_strs(b: FunctionBuilder, arg: n.Expression) -> o.Value:
    """The items of print(*iterable), each str()-ed, in a list[str]."""
    from pyrage.compiler.irbuild import collections, iteration

    strs = collections.new(b, b.program.list_of(STR, arg, b.path), arg)

    def put(parts: list[o.Value], source: iteration.Source) -> None:
        item = iteration.as_value(b, source, parts, arg)
        iteration.method(b, strs, "append", [to_str(b, item, arg)], arg)

    iteration.for_each(b, arg, put)
    return strs


def print_starred(b: FunctionBuilder, values: list[tuple[o.Value, n.Expression]],
                  kinds: list[n.ArgKind], sep: o.Value, end: o.Value, e: n.CallExpr
                  ) -> o.Value:
    """print(a, *xs, b): every argument as a str in one list, joined with sep."""
    from pyrage.compiler.irbuild import collections, iteration

    everything = collections.new(b, b.program.list_of(STR, e, b.path), e)
    positional = [k for k in kinds if k in (n.ARG_POS, n.ARG_STAR)]
    for (value, arg), kind in zip(values, positional):
        if kind == n.ARG_STAR:
            iteration.method(b, everything, "extend", [value], arg)
        else:
            iteration.method(b, everything, "append", [to_str(b, value, arg)], arg)
    joined = iteration.method(b, everything, "_join", [sep], e)
    return b.add(o.BuildStr([joined, end], b.loc(e)))


def build_iter(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    """iter(iterable): a ListIterator over the list itself, or over a list of the items."""
    from pyrage.compiler.irbuild import calls, collections

    if len(e.args) != 1 or e.arg_kinds[0] != n.ARG_POS:
        raise b.unsupported(e, "iter() with a sentinel (yet)")
    arg = e.args[0]
    from pyrage.compiler.irbuild import iteration

    item = b.program.mypy_type_of(iteration.element_type(b, arg))  # not iter()'s own type:
    iterator = b.program.stdlib_class("typing.Iterator")  # mypy may give a Protocol there
    t = RInstance(b.program.specialize_class(iterator, [item], e, b.path))
    value: o.Value | None = None
    source = b.mypy_type(arg)
    if isinstance(source, Instance) and source.type.fullname == "builtins.list":
        value = expr.build_expr(b, arg)
    elif isinstance(source, Instance) and source.type.fullname in (
            "typing.Iterator", "pyrage.stdlib._iter.ListIterator"):
        return expr.build_expr(b, arg)  # iter(it) is it
    if value is None:
        value = collections.new(b, t.cls.fields["_items"], e)
        collections.fill(b, value, "builtins.list", arg, e)
    ctor = b.program.constructor(t.cls, e, b.path)
    return calls.call_fn(b, ctor, [(value, e)], e)


def build_next(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    """next(it) (StopIteration at the end) and next(it, default)."""
    from pyrage.compiler.irbuild import calls, iteration

    values = calls.positional(b, e, [1, 2])
    if not isinstance(values[0].type, RInstance):
        raise b.unsupported(e, f"next() of a {values[0].type}")
    if len(values) == 1:
        return iteration.method(b, values[0], "__next__", [], e)
    result = iteration.method(b, values[0], "_next_or", [values[1]], e)
    return calls.narrow_result(b, e, result)


def build_len(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    if len(e.args) == 1 and isinstance(e.args[0], n.RefExpr) and \
            isinstance(e.args[0].node, n.TypeInfo) and e.args[0].node.is_enum:
        from pyrage.compiler.irbuild import enums

        return o.Const(len(enums.members(e.args[0].node)), INT)  # len(Color)
    (value,) = calls.positional(b, e, [1])
    if value.type in (STR, BYTES, RAW) or isinstance(value.type, RArray):
        return b.add(o.Len(value))
    if isinstance(value.type, RTuple):
        return o.Const(len(value.type.items), INT)
    if isinstance(value.type, RInstance):
        result = expr.checked_len(b, value, e)
        if result is not None:
            return result
    raise b.unsupported(e, f"len() of a {value.type} (yet)")


def build_str(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    args = calls.positional(b, e, [0, 1])
    return to_str(b, args[0], e) if args else o.Const("", STR)


def build_repr(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    (value,) = calls.positional(b, e, [1])
    return to_repr(b, value, e)


def build_format(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    args = calls.positional(b, e, [1, 2])
    spec = args[1] if len(args) == 2 else o.Const("", STR)
    return format_value(b, args[0], spec, e)


def build_int(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    args = calls.positional(b, e, [0, 1, 2])
    if not args:
        return o.Const(0, INT)
    value = args[0]
    from pyrage.compiler.irbuild import byteseq

    if value.type == BYTES or byteseq.is_bytearray(value.type):
        base = b.as_int(args[1], e) if len(args) == 2 else o.Const(10, INT)
        return calls.call_function(b, "pyrage.stdlib._int", "int_of_bytes",
                                   [byteseq.as_bytes(b, value, e), base], e)
    if len(args) == 2:
        if value.type != STR:
            raise b.error(e, "int() can't convert non-string with explicit base")
        return b.add(o.CallRuntime("rt_str_to_int_base", [value, b.as_int(args[1], e)], INT,
                                   b.loc(e), pass_loc=True, raises=True))
    if value.type in (INT, BOOL) or isinstance(value.type, RInstance):
        return b.as_int(value, e)  # an IntEnum member gives its value
    if value.type == FLOAT:
        return b.add(o.CallRuntime("rt_float_to_int", [value], INT, b.loc(e), pass_loc=True,
                                   raises=True))
    if value.type == STR:
        return b.add(o.CallRuntime("rt_str_to_int", [value], INT, b.loc(e), pass_loc=True,
                                   raises=True))
    raise b.unsupported(e, f"int() of a {value.type} (yet)")


def build_bool(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    args = calls.positional(b, e, [0, 1])
    return expr.to_bool(b, args[0], e) if args else o.Const(False, BOOL)


def build_float(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    args = calls.positional(b, e, [0, 1])
    if not args:
        return o.Const(0.0, FLOAT)
    value = args[0]
    if value.type in (INT, BOOL, FLOAT):
        return expr.as_float(b, value)
    if value.type == STR:
        return b.add(o.CallRuntime("rt_str_to_float", [value], FLOAT, b.loc(e), pass_loc=True,
                                   raises=True))
    raise b.unsupported(e, f"float() of a {value.type} (yet)")


def build_round(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    args = calls.positional(b, e, [1, 2])
    value = args[0]
    loc = b.loc(e)
    if value.type == FLOAT:
        if len(args) == 1:
            return b.add(o.CallRuntime("rt_float_round_int", [value], INT, loc, pass_loc=True,
                                       raises=True))
        return b.add(o.CallRuntime("rt_float_round_checked", [value, b.as_int(args[1], e)],
                                   FLOAT, loc, pass_loc=True, raises=True))
    if value.type in (INT, BOOL):
        if len(args) == 1:
            return b.as_int(value, e)
        return b.add(o.CallRuntime("rt_int_round", [b.as_int(value, e), b.as_int(args[1], e)],
                                   INT, loc, pass_loc=True))
    raise b.unsupported(e, f"round() of a {value.type} (yet)")


def build_divmod(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    a, c = calls.positional(b, e, [2])
    quotient = expr.binary_op(b, "//", a, c, e)  # first: its ZeroDivisionError is divmod's
    remainder = expr.binary_op(b, "%", a, c, e)
    t = b.program.tuple_type([quotient.type, remainder.type])
    return expr.make_tuple(b, t, [quotient, remainder], e)


def build_pow(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    args = calls.positional(b, e, [2, 3])
    if len(args) == 3:
        ints = [b.as_int(a, e) for a in args]
        return b.add(o.CallRuntime("rt_int_powmod", ints, INT, b.loc(e), pass_loc=True,
                                   raises=True))
    return expr.power(b, args[0], args[1], e)


def math_function(runtime: str, ret: str, raises: bool = False) -> Handler:
    """math.name(x[, y]) on floats (ints are promoted, as math does)."""

    def build(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
        from pyrage.compiler.irbuild import calls

        args = [expr.as_float(b, a) if a.type in (INT, BOOL) else a
                for a in calls.positional(b, e, [1, 2])]
        result = {"int": INT, "float": FLOAT, "bool": BOOL}[ret]
        return b.add(o.CallRuntime(runtime, args, result, b.loc(e), pass_loc=raises,
                                   raises=raises, pure=not raises))

    return build


MATH_CONSTANTS = {"math.pi": 3.141592653589793, "math.e": 2.718281828459045,
                  "math.tau": 6.283185307179586, "math.inf": float("inf"),
                  "math.nan": float("nan")}


def build_abs(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    (value,) = calls.positional(b, e, [1])
    if value.type == FLOAT:
        return b.add(o.CallRuntime("rt_math_fabs", [value], FLOAT, b.loc(e), pure=True))
    if isinstance(value.type, RInstance):
        from pyrage.compiler.irbuild import enums

        as_int = enums.int_value(b, value, e)  # an IntEnum member
        if as_int is not None:
            value = as_int
        else:
            result = calls.call_dunder(b, value, "__abs__", [], e)
            if result is None:
                raise b.unsupported(e, f"abs() of a {value.type} (it has no __abs__)")
            return result
    if value.type not in (INT, BOOL):
        raise b.unsupported(e, f"abs() of a {value.type} (yet)")
    value = b.as_int(value, e)
    negated = b.add(o.IntOp("-", o.Const(0, INT), value, b.loc(e)))  # traps on -2**63
    return b.add(o.Select(b.add(o.Compare("<", value, o.Const(0, INT))), negated, value))


def hash_of(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value:
    """hash(value): CPython's function for ints and tuples (set order depends on them)."""
    t = value.type
    loc = b.loc(ctx)
    if t == INT:
        return b.add(o.CallRuntime("rt_hash_int", [value], INT, loc, pure=True))
    if t == BOOL:
        return b.add(o.Select(value, o.Const(1, INT), o.Const(0, INT)))
    if t == STR:
        return b.add(o.CallRuntime("rt_str_hash", [value], INT, loc))
    if t == BYTES:
        return b.add(o.CallRuntime("rt_bytes_hash", [value], INT, loc))
    if t == FLOAT:
        return b.add(o.CallRuntime("rt_float_hash", [value], INT, loc, pure=True))
    if t == NONE:
        return o.Const(0, INT)
    if isinstance(t, RUnion):
        return expr.switch_union(b, value, INT, lambda v: hash_of(b, v, ctx), ctx)
    if isinstance(t, RTuple):
        acc: o.Value = b.add(o.CallRuntime("rt_hash_tuple_start", [], INT, loc, pure=True))
        for i in range(len(t.items)):
            item = b.add(o.GetField(value, t.cls, t.field(i), loc))
            acc = b.add(o.CallRuntime("rt_hash_tuple_step", [acc, hash_of(b, item, ctx)], INT,
                                      loc, pure=True))
        return b.add(o.CallRuntime("rt_hash_tuple_finish", [acc, o.Const(len(t.items), INT)],
                                   INT, loc, pure=True))
    if isinstance(t, RInstance):
        from pyrage.compiler.irbuild import calls, enums, records

        uniform_hash(b, t.cls, ctx)
        result = calls.call_dunder(b, value, "__hash__", [], ctx)
        if result is not None:
            # CPython's hash() never gives -1 (its C code's error value): a __hash__ that
            # returns it hashes as -2
            minus_one = b.add(o.Compare("==", result, o.Const(-1, INT)))
            return b.add(o.Select(minus_one, o.Const(-2, INT), result))
        special = enums.enum_hash(b, value, ctx) or records.record_hash(b, value, ctx)
        if special is not None:
            return special
        if calls.call_dunder_exists(b, value, "__eq__") or \
                t.cls.name.startswith("pyrage.stdlib."):
            raise b.error(ctx, f"unhashable type: '{t.cls.py_name}' (it defines __eq__ but "
                               "not __hash__)" if not t.cls.name.startswith("pyrage.stdlib.")
                          else f"unhashable type: '{t.cls.py_name.lower()}'")
        return b.add(o.CallRuntime("rt_hash_pointer", [value], INT, loc, pure=True))
    raise b.unsupported(ctx, f"hash() of a {t} (yet)")


def hash_behaviour(info: n.TypeInfo) -> object:
    """What hash() of an instance of the class runs: its __hash__ (a FuncDef), "unhashable"
    (a class that defines __eq__ but not __hash__ gets __hash__ = None), or "identity"."""
    for k in info.mro:
        if k.fullname == "builtins.object":
            break
        if "__hash__" in k.names:
            node = k.names["__hash__"].node
            return node if isinstance(node, n.FuncDef) else "unhashable"
        if "__eq__" in k.names:
            return "unhashable"
    return "identity"


def uniform_hash(b: FunctionBuilder, cls: ClassIR, ctx: n.Context) -> None:
    """hash() of a value of static class cls is compiled for that class: refuse it where a
    subclass hashes otherwise (its own __eq__ without __hash__ makes it unhashable, or it has
    its own __hash__ where the class hashes by identity), which only the run-time class
    could tell."""
    from pyrage.compiler.irbuild import records

    info = b.program.class_info(cls).info
    if not b.program.is_compiled_class(info) or records.record_kind(info) is not None:
        return
    mine = hash_behaviour(info)
    if mine == "unhashable":  # also where a base's __hash__ is inherited, as mypy sees it
        raise b.error(ctx, f"unhashable type: '{cls.py_name}' (it defines __eq__ but not "
                           "__hash__)")
    for sub in b.program.compiled_subclasses(info):
        if sub is info or records.record_kind(sub) is not None:
            continue
        theirs = hash_behaviour(sub)
        if theirs == mine or isinstance(mine, n.FuncDef) and isinstance(theirs, n.FuncDef):
            continue  # the same hashing, or an override of __hash__ (called virtually)
        what = "is unhashable (it defines __eq__ but not __hash__)" if theirs == \
            "unhashable" else "has a __hash__ of its own"
        raise b.unsupported(ctx, f"hash() of a {cls.py_name}, whose subclass {sub.name} {what} "
                                 "(yet): give them the same hashing")


def build_hash(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    (value,) = calls.positional(b, e, [1])
    return hash_of(b, value, e)


def consuming(b: FunctionBuilder, e: n.CallExpr, name: str) -> n.Expression:
    """The one iterable argument of sum/any/all/min/max/sorted."""
    if not e.args or e.arg_kinds[0] != n.ARG_POS:
        raise b.error(e, f"{name}() needs an iterable")
    return e.args[0]


def build_sum(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import iteration

    iterable = consuming(b, e, "sum")
    result_type = b.rtype_of(e)
    acc = b.temp(result_type)
    start: o.Value | None = None
    for arg, kind, name in zip(e.args[1:], e.arg_kinds[1:], e.arg_names[1:]):
        if kind == n.ARG_POS or name == "start":
            start = expr.build_expr(b, arg)
    if start is None:
        if result_type == FLOAT or (isinstance(result_type, RUnion) and
                                    FLOAT in result_type.members):
            raise b.error(e, "sum() of floats needs a float start: write sum(..., 0.0) "
                             "(with no items CPython returns the int 0, which a float cannot "
                             "hold)")
        start = o.Const(0, INT)
    b.assign(acc, start if start.type != BOOL else b.as_int(start, e), e)

    def add(parts: list[o.Value], source: iteration.Source) -> None:
        item = iteration.as_value(b, source, parts, e)
        b.assign(acc, expr.binary_op(b, "+", acc, item, e), e)

    iteration.for_each(b, iterable, add)
    return acc


def build_any_all(is_any: bool) -> Handler:
    def build(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
        from pyrage.compiler.irbuild import iteration

        iterable = consuming(b, e, "any" if is_any else "all")
        result = b.temp(BOOL)
        b.assign(result, o.Const(not is_any, BOOL), e)
        done = b.new_block()

        def test(parts: list[o.Value], source: iteration.Source) -> None:
            truth = expr.to_bool(b, iteration.as_value(b, source, parts, e), e)
            decided, go_on = b.new_block(), b.new_block()
            b.branch(truth, decided if is_any else go_on, go_on if is_any else decided)
            b.activate(decided)
            b.assign(result, o.Const(is_any, BOOL), e)
            b.goto(done)  # stop at the first deciding item, as CPython does
            b.activate(go_on)

        iteration.for_each(b, iterable, test)
        b.goto(done)
        b.activate(done)
        return result

    return build


def extreme_of_iterable(b: FunctionBuilder, e: n.CallExpr, op: str, name: str,
                        items: n.Expression | None = None) -> o.Value:
    """min(iterable) / max(iterable), with key= and default=; the first of equal extremes
    wins. `items`: the positional arguments of max(a, b, ...), as a list display."""
    from pyrage.compiler.irbuild import callables, iteration

    iterable = items if items is not None else consuming(b, e, name)
    default: n.Expression | None = None
    key: n.Expression | None = None
    named = [(a, k) for a, k, kind in zip(e.args, e.arg_names, e.arg_kinds) if kind != n.ARG_POS]
    for arg, arg_name in (named if items is not None else zip(e.args[1:], e.arg_names[1:])):
        if arg_name == "default":
            default = arg
        elif arg_name == "key":
            key = arg
        else:
            raise b.unsupported(arg, f"{name}() with {arg_name or 'more'} arguments (yet)")
    result_type = b.rtype_of(e)
    best = b.temp(result_type)
    best_key: o.Register | None = None
    seen = b.temp(BOOL)
    b.assign(seen, o.Const(False, BOOL), e)

    def consider(parts: list[o.Value], source: iteration.Source) -> None:
        nonlocal best_key
        item = iteration.as_value(b, source, parts, e)
        score = callables.apply(b, key, [item], [b.mypy_type(e)], e) if key is not None else item
        if key is not None and best_key is None:
            best_key = b.temp(score.type)
        take, skip, compare_block = b.new_block(), b.new_block(), b.new_block()
        b.branch(seen, compare_block, take)
        b.activate(compare_block)
        if best_key is not None:
            current: o.Value = best_key
        else:
            current = expr.narrow_union(b, best, item.type) if best.type != item.type else best
        b.branch(expr.compare(b, op, score, current, e), take, skip)
        b.activate(take)
        b.assign(best, item, e)
        if best_key is not None:
            b.assign(best_key, score, e)
        b.assign(seen, o.Const(True, BOOL), e)
        b.goto(skip)
        b.activate(skip)

    iteration.for_each(b, iterable, consider)
    empty, done = b.new_block(), b.new_block()
    b.branch(seen, done, empty)
    b.activate(empty)
    if default is not None:
        b.assign(best, expr.build_expr(b, default), e)
        b.goto(done)
    else:
        from pyrage.compiler.irbuild import exceptions

        exceptions.raise_builtin(b, "builtins.ValueError", f"{name}() arg is an empty sequence",
                                 e)
    b.activate(done)
    return best


def build_sorted(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import collections

    iterable = consuming(b, e, "sorted")
    result = collections.new(b, b.rtype_of(e), e)
    collections.fill(b, result, "builtins.list", iterable, e)
    sort_list(b, result, e.args[1:], e.arg_names[1:], e)
    return result


def sort_list(b: FunctionBuilder, items: o.Value, args: list[n.Expression],
              names: list[str | None], ctx: n.Context) -> None:
    """list.sort(key=..., reverse=...) on a list value (sorted() uses it too)."""
    from pyrage.compiler.irbuild import collections

    reverse: o.Value = o.Const(False, BOOL)
    key: n.Expression | None = None
    for arg, name in zip(args, names):
        if name == "reverse":
            reverse = expr.to_bool(b, expr.build_expr(b, arg), arg)
        elif name == "key":
            if not (isinstance(arg, n.NameExpr) and arg.fullname == "builtins.None"):
                key = arg
        else:
            raise b.unsupported(arg, f"sort with {name or 'positional'} arguments")
    if key is None:
        collections.method(b, items, "sort", [reverse], ctx)
        return
    keys = key_list(b, items, key, ctx)
    assert isinstance(items.type, RInstance)
    info = b.program.class_info(items.type.cls).info
    method = info.get_method("_sort_keyed")
    assert isinstance(method, n.FuncDef) and isinstance(method.type, CallableType)
    assert isinstance(keys.type, RInstance)
    key_arg = next(iter(b.program.class_info(keys.type.cls).subst.values()))
    fn = b.program.function(method, cls=items.type.cls,
                            fn_subst={method.type.variables[0].id: key_arg})
    from pyrage.compiler.irbuild import calls

    calls.call_fn(b, fn, [(items, ctx), (keys, ctx), (reverse, ctx)], ctx)


def key_list(b: FunctionBuilder, items: o.Value, key: n.Expression, ctx: n.Context) -> o.Value:
    """[key(x) for x in items]: the sort keys, computed once per item."""
    from mypy.types import Instance

    from pyrage.compiler.irbuild import callables, collections, iteration

    assert isinstance(items.type, RInstance)
    (item_type,) = b.program.class_info(items.type.cls).subst.values()
    if isinstance(key, n.LambdaExpr):
        ret = callables.signature(b, key).ret_type
    else:
        ret = callables.applied_return(callables.signature(b, key), [item_type])
    list_info = b.program.builtin_instance("builtins.list").type
    keys = collections.new(b, b.rtype(Instance(list_info, [ret]), ctx), ctx)
    source = iteration.Counted(items, iteration.item_of(b, items.type, ctx), ctx)
    source.start(b)
    head, end = b.new_block(), b.new_block()
    b.goto(head)
    b.activate(head)
    (item,) = source.next(b, end)
    collections.method(b, keys, "append", [callables.apply(b, key, [item], [item_type], ctx)],
                       ctx)
    b.goto(head)
    b.activate(end)
    return keys


def build_min_max(op: str) -> Handler:
    name = "min" if op == "<" else "max"

    def build(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
        from pyrage.compiler.irbuild import calls

        positional_count = sum(1 for k in e.arg_kinds if k == n.ARG_POS)
        if positional_count == 1:
            return extreme_of_iterable(b, e, op, name)
        positional = [a for a, k in zip(e.args, e.arg_kinds) if k == n.ARG_POS]
        if len({str(b.rtype_of(a)) for a in positional}) == 1 and \
                (any(k != n.ARG_POS for k in e.arg_kinds) or b.rtype_of(positional[0]) not in
                 (INT, BOOL)):
            # max(a, b, key=len), max("x", "y"): as max over [a, b] (all of one type)
            items = n.ListExpr(positional)
            items.set_line(e)
            return extreme_of_iterable(b, e, op, name, items)
        values = calls.positional(b, e, range(2, 16))
        kinds = {v.type for v in values}
        if kinds not in ({INT}, {BOOL}):
            raise b.unsupported(e, "min()/max() of anything but ints, or of mixed bools and "
                                   "ints (yet)")
        best = values[0]
        for v in values[1:]:
            # CPython keeps the first of equal values: replace only on a strict improvement.
            better = b.add(o.Compare(op, b.as_int(v, e), b.as_int(best, e)))  # i1 is signed
            best = b.add(o.Select(better, v, best))
        return best

    return build


def build_radix(spec: str) -> Handler:
    def build(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
        from pyrage.compiler.irbuild import calls

        (value,) = calls.positional(b, e, [1])
        value = b.as_int(value, e)
        return b.add(o.CallRuntime("rt_int_format_integral", [value, o.Const(spec, STR)], STR,
                                   b.loc(e), pass_loc=True, raises=True))

    return build


def int_format_entry(spec: o.Value) -> str:
    """rt_int_format handles every spec, float types (int.__format__'s "e", "f", "%"...)
    included; a constant spec that is not one of those gets the entry that leaves the float
    formatter (8 KB) out of the image."""
    if isinstance(spec, o.Const) and isinstance(spec.value, str) and \
            not spec.value.endswith(tuple("eEfFgG%")):
        return "rt_int_format_integral"
    return "rt_int_format"


def class_named(e: n.Expression) -> n.TypeInfo | None:
    """The class a name refers to: a class, or an alias of one (`Shape = Circle`)."""
    if not isinstance(e, n.RefExpr):
        return None
    if isinstance(e.node, n.TypeInfo):
        return e.node
    if isinstance(e.node, n.TypeAlias):
        target = get_proper_type(e.node.target)
        if isinstance(target, Instance) and not target.args:
            return target.type
    return None


def build_isinstance(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    """isinstance(x, C) or isinstance(x, (C, D)): static where the types decide it."""
    if len(e.args) != 2 or any(k != n.ARG_POS for k in e.arg_kinds):
        raise b.error(e, "isinstance() takes two positional arguments")
    value = expr.build_expr(b, e.args[0])
    targets = e.args[1].items if isinstance(e.args[1], n.TupleExpr) else [e.args[1]]
    result: o.Value = o.Const(False, BOOL)
    first = True
    for target in targets:
        info = class_named(target)
        if info is None:
            raise b.unsupported(target, "isinstance() with anything but class names")
        test = instance_test(b, value, info, target)
        result = test if first else b.add(o.Select(result, o.Const(True, BOOL), test))
        first = False
    return result


def instance_test(b: FunctionBuilder, value: o.Value, info: n.TypeInfo,
                  ctx: n.Context) -> o.Value:
    t = value.type
    if t == OPAQUE:
        return object_instance_test(b, value, info, ctx)
    if isinstance(t, RUnion):
        return expr.switch_union(b, value, BOOL, lambda v: instance_test(b, v, info, ctx), ctx)
    if not isinstance(t, RInstance):
        from pyrage.compiler.irbuild.types import BUILTIN_RTYPES

        primitive = BUILTIN_RTYPES.get(info.fullname)
        matches = primitive == t or (primitive == INT and t == BOOL) or \
            info.fullname == "builtins.object"
        return o.Const(matches, BOOL)
    if info.fullname == "builtins.object":
        return o.Const(True, BOOL)
    from pyrage.compiler.irbuild.builtin_classes import STDLIB_CLASSES

    if isinstance(t, RTuple) and info.fullname == "builtins.tuple":
        # a fixed tuple, or a NamedTuple (a tuple subclass); tested before the stdlib classes,
        # whose "tuple" is only tuple[T, ...]
        return o.Const(True, BOOL)
    if info.fullname in STDLIB_CLASSES:  # isinstance(x, list): is x's class the stdlib List?
        family = STDLIB_CLASSES[info.fullname]
        return o.Const(t.cls.name == family or t.cls.name.startswith(family + "["), BOOL)
    if not (b.program.is_compiled_class(info) or info.fullname in BUILTIN_EXCEPTIONS):
        # a builtin base of a compiled class: isinstance(Weekday.MON, int) for an IntEnum
        own = b.program.class_infos.get(t.cls.name)
        return o.Const(own is not None and own.info.has_base(info.fullname), BOOL)
    if info.defn.type_vars:
        raise b.unsupported(ctx, "isinstance() with a generic class (yet)")
    cls = b.program.specialize_class(info, [], ctx, b.path)
    if t.cls.is_subclass_of(cls):
        return o.Const(True, BOOL)
    if not cls.is_subclass_of(t.cls):
        return o.Const(False, BOOL)  # single inheritance: unrelated classes share no instance
    return b.add(o.IsInstance(value, cls))


def build_issubclass(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    """issubclass(C, D) or issubclass(C, (D, E)) of classes named in the source: decided at
    compile time, from the class hierarchy."""
    if len(e.args) != 2 or any(k != n.ARG_POS for k in e.arg_kinds):
        raise b.error(e, "issubclass() takes two positional arguments")
    cls, bases = e.args
    candidates = bases.items if isinstance(bases, n.TupleExpr) else [bases]
    if not (isinstance(cls, n.RefExpr) and isinstance(cls.node, n.TypeInfo)) or not all(
            isinstance(c, n.RefExpr) and isinstance(c.node, n.TypeInfo) for c in candidates):
        raise b.unsupported(e, "issubclass() of anything but classes named in the source")
    info = cls.node
    found = any(isinstance(c, n.RefExpr) and isinstance(c.node, n.TypeInfo) and
                info.has_base(c.node.fullname) for c in candidates)
    return o.Const(found, BOOL)


def build_evolve(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import records

    return records.build_evolve(b, e)


def build_ord(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    (value,) = calls.positional(b, e, [1])
    return b.add(o.CallRuntime("rt_ord", [value], INT, b.loc(e), pass_loc=True, raises=True))


def build_chr(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import calls

    (value,) = calls.positional(b, e, [1])
    return b.add(o.CallRuntime("rt_chr", [b.as_int(value, e)], STR, b.loc(e), pass_loc=True,
                               raises=True))


def object_instance_test(b: FunctionBuilder, value: o.Value, info: n.TypeInfo,
                         ctx: n.Context) -> o.Value:
    """isinstance(x, C) for x: object. None is NULL; an int/bool/float is boxed."""
    from pyrage.compiler.irbuild.types import BUILTIN_RTYPES

    if info.fullname == "builtins.object":
        return o.Const(True, BOOL)
    not_none = b.add(o.Not(b.add(o.IsNone(value))))
    primitive = BUILTIN_RTYPES.get(info.fullname)
    if primitive is not None:
        kinds = [primitive] + ([BOOL] if primitive == INT else [])  # a bool is an int

        def test() -> o.Value:
            result: o.Value = o.Const(False, BOOL)
            for kind in kinds:
                has = b.add(o.HasType(value, kind))
                result = has if result == o.Const(False, BOOL) else \
                    b.add(o.Select(result, o.Const(True, BOOL), has))
            return result

        return expr.both(b, not_none, test)
    from pyrage.compiler.irbuild.builtin_classes import STDLIB_CLASSES

    if info.fullname in STDLIB_CLASSES:  # isinstance(x, list): any List[...] the program has
        family = o.IsOfFamily(value, STDLIB_CLASSES[info.fullname],
                              tuples=info.fullname == "builtins.tuple")
        return expr.both(b, not_none, lambda: b.add(family))
    if not (b.program.is_compiled_class(info) or info.fullname in BUILTIN_EXCEPTIONS):
        return o.Const(False, BOOL)
    cls = b.program.specialize_class(info, [], ctx, b.path)
    return expr.both(b, not_none, lambda: b.add(o.IsInstance(value, cls)))


def build_sys_exit(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    from pyrage.compiler.irbuild import sysexit

    return sysexit.build_sys_exit(b, e)


FUNCTIONS: dict[str, Handler] = {
    "builtins.isinstance": build_isinstance,
    "builtins.issubclass": build_issubclass,
    "attr.evolve": build_evolve,
    "attrs.evolve": build_evolve,
    "dataclasses.replace": build_evolve,
    "builtins.ord": build_ord,
    "builtins.chr": build_chr,
    "builtins.hash": build_hash,
    "builtins.sum": build_sum,
    "builtins.any": build_any_all(True),
    "builtins.all": build_any_all(False),
    "builtins.sorted": build_sorted,
    "builtins.print": build_print,
    "sys.exit": build_sys_exit,
    "builtins.len": build_len,
    "builtins.iter": build_iter,
    "builtins.next": build_next,
    "builtins.str": build_str,
    "builtins.repr": build_repr,
    "builtins.format": build_format,
    "builtins.int": build_int,
    "builtins.bool": build_bool,
    "builtins.abs": build_abs,
    "builtins.float": build_float,
    "builtins.round": build_round,
    "builtins.divmod": build_divmod,
    "builtins.pow": build_pow,
    "math.sqrt": math_function("rt_math_sqrt", "float", raises=True),
    "math.floor": math_function("rt_math_floor", "int", raises=True),
    "math.ceil": math_function("rt_math_ceil", "int", raises=True),
    "math.trunc": math_function("rt_math_trunc", "int", raises=True),
    "math.fabs": math_function("rt_math_fabs", "float"),
    "math.copysign": math_function("rt_math_copysign", "float"),
    "math.isnan": math_function("rt_math_isnan", "bool"),
    "math.isinf": math_function("rt_math_isinf", "bool"),
    "math.isfinite": math_function("rt_math_isfinite", "bool"),
    "math.fmod": math_function("rt_math_fmod", "float", raises=True),
    "math.pow": math_function("rt_math_pow", "float", raises=True),
    "builtins.min": build_min_max("<"),
    "builtins.max": build_min_max(">"),
    "builtins.hex": build_radix("#x"),
    "builtins.oct": build_radix("#o"),
    "builtins.bin": build_radix("#b"),
}


# --- methods of builtin types -----------------------------------------------------------------


def str_predicate(name: str) -> MethodHandler:
    """s.startswith(affix[, start[, end]]) / endswith, affix a str or a tuple of strs."""

    def build(b: FunctionBuilder, e: n.CallExpr, s: o.Value) -> o.Value:
        from pyrage.compiler.irbuild import calls

        args = calls.positional(b, e, [1, 2, 3])
        affix, bounds = args[0], args[1:]
        affixes: list[o.Value] = [affix]
        if isinstance(affix.type, RTuple):
            affixes = [b.add(o.GetField(affix, affix.type.cls, affix.type.field(i), b.loc(e)))
                       for i in range(len(affix.type.items))]
        if any(a.type != STR for a in affixes):
            raise b.unsupported(e, f"str.{name} with a {affix.type} argument")

        def test(one: o.Value) -> o.Value:
            if not bounds:
                return b.add(o.CallRuntime(f"rt_str_{name}", [s, one], BOOL, b.loc(e),
                                           pure=True))
            start = bounds[0]
            end = bounds[1] if len(bounds) > 1 else o.Const(None, NONE)
            return calls.call_function(b, "pyrage.stdlib._str", "str_affix_at", [
                s, one, start, end, o.Const(name == "endswith", BOOL)], e)

        if len(affixes) == 1:
            return test(affixes[0])
        result = b.temp(BOOL)
        end_block = b.new_block()
        for one in affixes:  # any(...), stopping at the first match
            b.assign(result, test(one), e)
            more = b.new_block()
            b.branch(result, end_block, more)
            b.activate(more)
        b.goto(end_block)
        b.activate(end_block)
        return result

    return build


METHODS: dict[str, dict[str, MethodHandler]] = {
    "builtins.str": {
        "startswith": str_predicate("startswith"),
        "endswith": str_predicate("endswith"),
    },
    "builtins.bytes": {},
    "builtins.int": {},
    "builtins.float": {},
    "builtins.bool": {},
}
