"""Calls -> IR: every call is resolved to one callee at compile time.

- a module-level function: specialized for the type arguments mypy inferred at this call;
- a class: its constructor (Class.__new__), for the class's type arguments;
- a method of a compiled class: the receiver's static type is exact (no inheritance yet), so
  the method is known; on a value typed by a TypeVar bound to a Protocol, substitution has
  already replaced the TypeVar by the concrete class — a signature call is a direct call;
- an @extern function: a call of the runtime symbol; an @intrinsic: compiler-defined;
- builtins (print, len, str, ...) and methods of builtin types: builtins.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from mypy import nodes as n
from mypy.argmap import map_actuals_to_formals
from mypy.types import (
    CallableType,
    Instance,
    TupleType,
    Type,
    TypeVarId,
    TypeVarType,
    get_proper_type,
)

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR, FuncIR
from pyrage.compiler.ir.types import (
    INT,
    NONE,
    OPAQUE,
    RAW,
    STR,
    RArray,
    RCallable,
    RInstance,
    RTuple,
    RType,
)
from pyrage.compiler.irbuild import builtins, expr, fstrings
from pyrage.compiler.irbuild.builder import FunctionBuilder
from pyrage.compiler.irbuild.builtin_classes import (
    ARRAY_CLASS,
    BUILTIN_EXCEPTIONS,
    METHOD_ALIASES,
    METHOD_MODULES,
    RAWBYTES_CLASS,
    STDLIB_CONSTRUCTORS,
)
from pyrage.compiler.irbuild.types import plain, substitute

INTRINSIC_DECORATOR = "pyrage.stdlib.intrinsics.intrinsic"
EXTERN_DECORATOR = "pyrage.stdlib.intrinsics.extern"


def build_call(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    if isinstance(e.analyzed, (n.CastExpr, n.AssertTypeExpr)):  # cast(T, v), assert_type(v, T)
        return expr.build_expr(b, e.analyzed)
    if fstrings.is_fstring(e):
        return fstrings.build_fstring(b, e)
    if fstrings.is_literal_format(e):
        return fstrings.build_literal_format(b, e)
    callee = e.callee
    if isinstance(callee, n.NameExpr) or (isinstance(callee, n.MemberExpr)
                                          and expr.is_module_ref(callee.expr)):
        return call_global(b, e, callee)
    if isinstance(callee, n.MemberExpr):
        return call_method(b, e, callee)
    if isinstance(callee, n.SuperExpr):
        return call_super(b, e, callee)
    fn_value = expr.build_expr(b, callee)  # make_adder(2)(3), handlers["x"](y), ...
    if isinstance(fn_value.type, (RCallable, RInstance)):  # a closure, or obj.__call__
        from pyrage.compiler.irbuild import closures

        return closures.call_value(b, fn_value, e)
    raise b.unsupported(e, f"calling a {fn_value.type} value")


def call_global(b: FunctionBuilder, e: n.CallExpr, callee: n.NameExpr | n.MemberExpr) -> o.Value:
    node = callee.node
    fullname = callee.fullname
    if isinstance(callee, n.NameExpr) and node is not None and node is b.cls_var:
        assert b.cls is not None  # cls(...) in a classmethod: the class it was built for
        return construct_class(b, e, b.cls)
    if isinstance(callee, n.NameExpr) and callee.kind == n.LDEF and \
            isinstance(node, (n.Var, n.FuncDef)):
        from pyrage.compiler.irbuild import closures  # a local function value, or a nested def

        return closures.call_value(b, expr.build_expr(b, callee), e)
    if isinstance(node, n.Var) and fullname not in builtins.FUNCTIONS:
        from pyrage.compiler.irbuild import closures  # a module variable holding a function

        return closures.call_value(b, expr.build_expr(b, callee), e)
    if fullname in builtins.FUNCTIONS:
        return builtins.FUNCTIONS[fullname](b, e)
    if isinstance(node, n.Decorator):
        markers = {decorator_name(d): d for d in node.original_decorators}
        if INTRINSIC_DECORATOR in markers:
            from pyrage.compiler.irbuild import intrinsics

            return intrinsics.build_intrinsic(b, e, node.func)
        if EXTERN_DECORATOR in markers:
            symbol = extern_symbol(b, markers[EXTERN_DECORATOR])
            fn = b.program.function(node.func, extern=symbol)
            return emit_call(b, e, node.func, fn, bound=False)
        node = node.func  # only no-op decorators remain (the subset check saw to that)
    if isinstance(node, n.FuncDef):
        check_module_compiled(b, e, node.fullname)
        fn = b.program.function(node, fn_subst=infer_fn_subst(b, e, node, bound=False))
        return emit_call(b, e, node, fn, bound=False)
    if isinstance(node, n.TypeInfo):
        return construct(b, e, node)
    if isinstance(node, n.TypeAlias):  # Shape = Circle; Shape(2.0): the class it names
        target = get_proper_type(node.target)
        if isinstance(target, Instance) and not target.args:
            return construct(b, e, target.type)
    if fullname:
        check_module_compiled(b, e, fullname)
    raise b.unsupported(e, f'calling "{fullname or callee.name}"')


def call_on_class(b: FunctionBuilder, e: n.CallExpr, callee: n.MemberExpr,
                  info: n.TypeInfo) -> o.Value:
    """Class.method(...): a staticmethod, a classmethod, or a plain function called through
    the class (Class.method(obj, ...))."""
    cls_type = b.rtype(n_instance(info), e)
    assert isinstance(cls_type, RInstance)
    return call_member_function(b, e, callee.name, cls_type.cls, None)


#: Decorators that change nothing a call does: a method marked only with these is called as
#: the plain method it is.
PLAIN_DECORATORS = {"pyrage.stdlib.intrinsics.outline", "abc.abstractmethod", "typing.final",
                    "typing.override", "typing_extensions.final", "typing_extensions.override"}


def undecorated(node: n.FuncBase | n.Decorator | None) -> n.FuncBase | n.Decorator | None:
    """node, or the function under it if its decorators are all PLAIN_DECORATORS."""
    if isinstance(node, n.Decorator) and node.original_decorators and \
            all(decorator_name(d) in PLAIN_DECORATORS for d in node.original_decorators):
        return node.func
    return node


def n_instance(info: n.TypeInfo) -> Instance:
    """info's class with its type variables left free (for naming the class)."""
    return Instance(info, [])


def call_member_function(b: FunctionBuilder, e: n.CallExpr, name: str, cls: ClassIR,
                         receiver: o.Value | None) -> o.Value:
    """A static or class method (or, with no receiver, a plain method called unbound)."""
    info = b.program.class_info(cls).info
    node = info.get(name)
    symbol = node.node if node is not None else None
    # @abstractmethod, @final...: the plain method under them
    target = undecorated(symbol) if isinstance(symbol, n.Decorator) else symbol
    if isinstance(target, n.Decorator):
        fdef = target.func
        if fdef.is_static:
            owner = b.program.owner_of(cls, fdef.info)
            fn = b.program.function(fdef, cls=owner, static=True)
            return emit_call(b, e, fdef, fn, bound=False)
        if fdef.is_class:
            # cls is known when the call is compiled: the method is specialized for it, and
            # `cls(...)` in its body constructs it.
            fn = b.program.function(fdef, cls=cls, static=True, classmethod=True)
            return emit_call(b, e, fdef, fn, bound=True)
        raise b.unsupported(e, f'calling the decorated method "{name}" (yet)')
    if isinstance(target, n.FuncDef) and receiver is None:
        owner = b.program.owner_of(cls, target.info)
        fn = b.program.function(target, cls=owner)
        return emit_call(b, e, target, fn, bound=False)  # Class.method(obj, ...)
    raise b.unsupported(e, f'calling "{name}" on the class {info.name}')


def construct(b: FunctionBuilder, e: n.CallExpr, info: n.TypeInfo) -> o.Value:
    if info.fullname == ARRAY_CLASS:
        from pyrage.compiler.irbuild import arrays

        return arrays.construct_array(b, e)
    if info.fullname == RAWBYTES_CLASS:
        from pyrage.compiler.irbuild import rawbytes

        return rawbytes.construct(b, e)
    if info.fullname == "builtins.range":
        args = [b.as_int(a, e) for a in positional(b, e, [1, 2, 3])]
        if len(args) == 1:
            args = [o.Const(0, INT), args[0]]
        if len(args) == 2:
            args.append(o.Const(1, INT))
        return call_function(b, "pyrage.stdlib._range", "range_new", args, e)
    if info.fullname in ("builtins.bytes", "builtins.bytearray"):
        from pyrage.compiler.irbuild import byteseq

        return byteseq.construct(b, e, info.fullname)
    if info.fullname in STDLIB_CONSTRUCTORS:
        from pyrage.compiler.irbuild import collections

        return collections.build_constructor_call(b, e, info)
    if not b.program.is_compiled_class(info) and info.fullname not in BUILTIN_EXCEPTIONS:
        raise b.unsupported(e, f'creating a "{info.name}" (yet)')
    cls_type = b.rtype_of(e)
    if not isinstance(cls_type, RInstance):  # an enum's lookup Color(1) is typed Color
        cls_type = b.rtype(Instance(info, []), e)
    assert isinstance(cls_type, RInstance)
    return construct_class(b, e, cls_type.cls)


def construct_class(b: FunctionBuilder, e: n.CallExpr, cls: ClassIR) -> o.Value:
    from pyrage.compiler.irbuild import enums, records

    info = b.program.class_info(cls).info
    if info.is_enum:
        return enums.lookup_by_value(b, e, cls)
    if records.record_kind(info) == "namedtuple" or records.generated_init(info):
        if cls not in b.program.constructed:
            b.program.constructed.append(cls)
        return records.construct_record(b, e, cls, info)
    init, _owner = b.program.init_of(cls)
    ctor = b.program.constructor(cls, e, b.path)
    if init is not None:
        return call_fn(b, ctor, map_arguments(b, e, init, skip_self=True), e)
    if b.program.is_exception(cls):
        from pyrage.compiler.irbuild import sysexit

        if sysexit.is_system_exit(b, cls):
            return sysexit.construct(b, ctor, e)
        return call_fn(b, ctor, [(exception_message(b, e, cls), e)], e)
    if e.args:
        raise b.error(e, f"{info.name}() takes no arguments")
    return call_fn(b, ctor, [], e)


def construct_with(b: FunctionBuilder, ctx: n.Context, info: n.TypeInfo,
                   args: list[o.Value]) -> o.Value:
    """Class() for a class named without a call (`raise ValueError`)."""
    cls = b.program.specialize_class(info, [], ctx, b.path)
    ctor = b.program.constructor(cls, ctx, b.path)
    if b.program.init_of(cls)[0] is None and b.program.is_exception(cls):
        args = [o.Const(None, STR)]  # BaseException's own __init__, with no argument
    return call_fn(b, ctor, [(a, ctx) for a in args], ctx)


def builtin_exception_constructor(b: FunctionBuilder, cls: ClassIR) -> FuncIR:
    return b.program.constructor(cls, n.Context(), b.path)


def exception_message(b: FunctionBuilder, e: n.CallExpr, cls: ClassIR | None = None) -> o.Value:
    """BaseException(arg): the message is str(arg), or repr(arg) for a KeyError (what CPython's
    str() of a KeyError shows); no argument, no message."""
    from pyrage.compiler.irbuild import builtins, exceptions

    if not e.args:
        return o.Const(None, STR)
    if cls is not None and len(e.args) == 5 and all(k == n.ARG_POS for k in e.arg_kinds):
        for name, helper in (("builtins.UnicodeEncodeError", "encode_error_message"),
                             ("builtins.UnicodeDecodeError", "decode_error_message")):
            if cls.is_subclass_of(exceptions.exception_class(b, name, e)):
                from pyrage.compiler.irbuild import byteseq

                values = [expr.build_expr(b, a) for a in e.args]
                values[1] = byteseq.as_bytes(b, values[1], e)
                return call_function(b, "pyrage.stdlib._str", helper, values, e)
    if len(e.args) > 1 or e.arg_kinds[0] != n.ARG_POS:
        raise b.unsupported(e, "exceptions with more than one argument (yet)")
    value = expr.build_expr(b, e.args[0])
    if cls is not None and cls.is_subclass_of(exceptions.exception_class(b, "builtins.KeyError",
                                                                          e)):
        return builtins.to_repr(b, value, e.args[0])
    return builtins.to_str(b, value, e.args[0])


def call_stdlib_method(b: FunctionBuilder, e: n.CallExpr, callee: n.MemberExpr,
                       owner: str) -> o.Value | None:
    """x.name(args) for a builtin type whose methods are written in pyrage Python: a call of
    `<prefix>name(x, args)` from the type's METHOD_MODULES module."""
    if owner not in METHOD_MODULES:
        return None
    module, prefix = METHOD_MODULES[owner]
    name = METHOD_ALIASES.get((owner, callee.name, len(e.args)), callee.name)
    node = b.program.typed.modules[module].names.get(prefix + name)
    if node is None or not isinstance(node.node, n.FuncDef):
        return None
    fdef = node.node
    receiver = expr.build_expr(b, callee.expr)
    fn = b.program.function(fdef)
    args = map_arguments(b, e, fdef, skip_self=True)
    return narrow_result(b, e, call_fn(b, fn, [(receiver, e), *args], e))


def call_super(b: FunctionBuilder, e: n.CallExpr, sup: n.SuperExpr) -> o.Value:
    """super().name(...): the next class in the MRO, called directly on self."""
    if b.cls is None or not b.fn.params or sup.info is None:
        raise b.unsupported(e, "super() outside a method")
    self_value = b.fn.params[0]
    mro = sup.info.mro
    for info in mro[1:]:
        node = info.names.get(sup.name)
        if node is None:
            continue
        if b.program.is_compiled_class(info):
            method = node.node
            if not isinstance(method, n.FuncDef):
                raise b.unsupported(e, "super() calls of decorated methods (yet)")
            if sup.name == "__eq__":
                from pyrage.compiler.irbuild import object_eq

                object_eq.check_eq_called_by_name(b, e, [method])
            owner = b.program.owner_of(b.cls, info)
            fn = b.program.function(method, cls=owner)
            return emit_call(b, e, method, fn, bound=True, receiver=self_value)
        if sup.name == "__init__" and info.fullname in BUILTIN_EXCEPTIONS:
            from pyrage.compiler.irbuild import sysexit

            if sysexit.is_system_exit(b, b.cls):
                sysexit.init_fields(b, self_value, e)
                return o.Const(None, NONE)
            b.add(o.SetField(self_value, b.cls, "<message>", exception_message(b, e, b.cls),
                             b.loc(e)))
            return o.Const(None, NONE)
        if sup.name == "__init__" and info.fullname == "builtins.object":
            return o.Const(None, NONE)
        break
    raise b.unsupported(e, f"super().{sup.name}() here (yet)")


def call_method(b: FunctionBuilder, e: n.CallExpr, callee: n.MemberExpr) -> o.Value:
    from pyrage.compiler.irbuild import rawbytes

    if rawbytes.is_rawbytes_class(callee.expr):
        return rawbytes.call_static(b, e, callee.name)
    if isinstance(callee.expr, n.RefExpr) and isinstance(callee.expr.node, n.TypeInfo):
        from pyrage.compiler.irbuild import byteseq

        result = byteseq.call_class_method(b, e, callee.expr.node.fullname, callee.name)
        if result is not None:
            return result  # bytes.fromhex(s), int.from_bytes(data, "big")
    if isinstance(callee.expr, n.RefExpr) and isinstance(callee.expr.node, n.TypeInfo) and \
            b.program.is_compiled_class(callee.expr.node):
        return call_on_class(b, e, callee, callee.expr.node)  # Class.staticmethod(...)
    from pyrage.compiler.irbuild import collections

    special = collections.build_special_method(b, e, callee)
    if special is not None:
        return special
    receiver_type = plain(b.mypy_type(callee.expr))  # (0, 1) items: Literal[0]? | Literal[1]?
    if isinstance(receiver_type, Instance) and receiver_type.type.fullname in builtins.METHODS:
        handler = builtins.METHODS[receiver_type.type.fullname].get(callee.name)
        if handler is not None:
            return handler(b, e, expr.build_expr(b, callee.expr))
        written = call_stdlib_method(b, e, callee, receiver_type.type.fullname)
        if written is not None:
            return written
        raise b.unsupported(e, f"the method {receiver_type.type.name}.{callee.name} (yet)")
    obj = expr.build_expr(b, callee.expr)
    if isinstance(obj.type, RInstance) and callee.name in obj.type.cls.fields:
        from pyrage.compiler.irbuild import closures  # self.callback(x): a field holding one

        field = b.add(o.GetField(obj, obj.type.cls, callee.name, b.loc(e)))
        return closures.call_value(b, field, e)
    if isinstance(obj.type, RArray):
        from pyrage.compiler.irbuild import arrays

        return arrays.call_array_method(b, e, callee.name, obj)
    if obj.type == RAW:
        return rawbytes.call_method(b, e, callee.name, obj)
    if isinstance(obj.type, RTuple) and obj.type.cls.tuple_type is None:
        raise b.unsupported(e, f"tuple.{callee.name} (yet)")
    if not isinstance(obj.type, RInstance):
        raise b.unsupported(e, f'calling the method "{callee.name}" of a {obj.type} value (yet)')
    cls = obj.type.cls
    info = b.program.class_info(cls).info
    name = callee.name
    if name == "_asdict" and info.tuple_type is not None and not e.args:
        return namedtuple_asdict(b, obj, e)
    if name == "_replace" and info.tuple_type is not None:
        from pyrage.compiler.irbuild import records

        if any(k != n.ARG_NAMED for k in e.arg_kinds):
            raise b.error(e, "_replace() takes keyword arguments only")
        return records.replace_record(b, e, obj, list(zip(e.arg_names, e.args)))
    if isinstance(receiver_type, Instance):
        if receiver_type.type.fullname == "builtins.dict" and name in ("get", "pop") and \
                len(e.args) == 2:
            mixed = dict_get_mixed(b, e, obj, name)
            if mixed is not None:
                return mixed
        name = METHOD_ALIASES.get((receiver_type.type.fullname, name, len(e.args)), name)
    method = undecorated(info.get_method(name))
    if isinstance(method, n.Decorator):
        return call_member_function(b, e, name, cls, obj)
    if not isinstance(method, n.FuncDef) or not b.program.is_compiled_class(method.info):
        raise b.unsupported(e, f'calling "{callee.name}" on {info.name} (yet)')
    if name == "__eq__":
        from pyrage.compiler.irbuild import object_eq

        object_eq.check_eq_called_by_name(b, e, object_eq.eq_methods(b.program, obj.type) or
                                          [method])
    owner = b.program.owner_of(cls, method.info)
    fn_subst = infer_fn_subst(b, e, method, bound=True)
    fn = b.program.function(method, cls=owner, fn_subst=fn_subst)
    call = emit_call(b, e, method, fn, bound=True, receiver=obj)
    if not fn_subst:
        record_virtual(b, call, cls, name, e)
    return narrow_result(b, e, call)


def namedtuple_asdict(b: FunctionBuilder, obj: o.Value, e: n.CallExpr) -> o.Value:
    """p._asdict(): {field: value} in field order; a dict[str, T] when the fields share a type
    T, else a dict[str, object] (mypy says dict[str, Any])."""
    from pyrage.compiler.irbuild import collections, iteration, records

    assert isinstance(obj.type, RInstance)
    cls = obj.type.cls
    info = b.program.class_info(cls).info
    names = [a.name for a in records.attributes(info)]
    kinds = {str(cls.fields[name]) for name in names}
    value_type = cls.fields[names[0]] if len(kinds) == 1 and names else OPAQUE
    dict_info = b.program.stdlib_class("builtins.dict")
    t = b.program.specialize_class(dict_info, [b.program.mypy_type_of(STR),
                                               b.program.mypy_type_of(value_type)], e, b.path)
    result = collections.new(b, RInstance(t), e)
    for name in names:
        value = b.add(o.GetField(obj, cls, name, b.loc(e)))
        iteration.method(b, result, "__setitem__", [o.Const(name, STR), value], e)
    return result


def dict_get_mixed(b: FunctionBuilder, e: n.CallExpr, d: o.Value, name: str
                   ) -> o.Value | None:
    """d.get(key, default) / d.pop(key, default) where the default is not a value of the dict
    (None, an empty tuple...): `d[key] (or d.pop(key)) if key in d else default`, typed as mypy
    types the call. None when the default is a value of the dict (the stdlib's _get_or and
    _pop_or do it in one lookup)."""
    assert isinstance(d.type, RInstance)
    value_type = d.type.cls.fields.get("_values")
    default_type = b.rtype_of(e.args[1])
    if value_type is None or not isinstance(value_type, RArray) or \
            fits(default_type, value_type.item):
        return None
    from pyrage.compiler.irbuild import iteration

    key = b.temp(b.rtype_of(e.args[0]))
    b.assign(key, expr.build_expr(b, e.args[0]), e)
    default = expr.build_expr(b, e.args[1])
    result = b.temp(b.rtype_of(e))
    found, missing, end = b.new_block(), b.new_block(), b.new_block()
    b.branch(expr.to_bool(b, iteration.method(b, d, "__contains__", [key], e), e), found,
             missing)
    b.activate(found)
    taken = iteration.method(b, d, "__getitem__" if name == "get" else "pop", [key], e)
    b.assign(result, taken, e)
    b.goto(end)
    b.activate(missing)
    b.assign(result, default, e)
    b.goto(end)
    b.activate(end)
    return result


def narrow_result(b: FunctionBuilder, e: n.CallExpr, value: o.Value) -> o.Value:
    """A stdlib method may be declared wider than the builtin's overload mypy picked (dict.get
    returns V | None where the overload says V): narrow to the call's own type."""
    from pyrage.compiler.ir.types import RUnion

    if isinstance(value.type, RUnion) and e in b.program.typed.types:
        target = b.rtype_of(e)
        if target != value.type:
            return expr.narrow_union(b, value, target)
    return value


def record_virtual(b: FunctionBuilder, call: o.Value, cls: ClassIR, name: str,
                   ctx: n.Context) -> None:
    """Let irbuild/virtual.py make this a vtable call if a subclass overrides the method."""
    from pyrage.compiler.irbuild.virtual import Site

    if isinstance(call, o.Call):
        b.program.virtual_sites.append(Site(call, cls, name, b.path, ctx))


def call_dunder(b: FunctionBuilder, obj: o.Value, name: str, args: list[o.Value],
                ctx: n.Context) -> o.Value | None:
    """Call obj.<name>(*args) if obj's class defines it; None if it does not."""
    assert isinstance(obj.type, RInstance)
    if isinstance(obj.type, RTuple) and obj.type.cls.tuple_type is None:
        return None  # a plain tuple: no methods of its own
    info = b.program.class_info(obj.type.cls).info
    method = info.get_method(name)
    if not isinstance(method, n.FuncDef) or not b.program.is_compiled_class(method.info):
        return None
    from pyrage.compiler.irbuild import records

    if records.is_generated(method):  # a plugin's method (attrs ordering): built here
        return records.generated_method(b, obj, name, args, ctx)
    fn = b.program.function(method, cls=b.program.owner_of(obj.type.cls, method.info))
    args = [expr.int_enum_as_int(b, a, ctx) if p.type == INT else a  # d[Color.RED] of an IntEnum
            for a, p in zip(args, fn.params[1:])]
    if not all(fits(a.type, p.type) for a, p in zip(args, fn.params[1:])):
        return None  # list.__eq__(an int): not applicable, as NotImplemented would say
    call = call_fn(b, fn, [(obj, ctx), *((a, ctx) for a in args)], ctx)
    record_virtual(b, call, obj.type.cls, name, ctx)
    return call


def fits(value: RType, param: RType) -> bool:
    """Whether a value of this type can be passed for this parameter."""
    from pyrage.compiler.ir.types import BOOL, INT, OPAQUE, RUnion

    if value == param or param == OPAQUE:
        return True
    if value.name == "function" and isinstance(param, RCallable):
        return True  # a FunctionRef (len, obj.method): coerce wraps it (irbuild/funcrefs.py)
    if isinstance(param, RUnion):
        return param.accepts(value)
    if isinstance(value, RTuple) and isinstance(param, RTuple) and \
            value.cls.tuple_type is None and param.cls.tuple_type is None:
        return len(value.items) == len(param.items) and all(
            fits(v, p) for v, p in zip(value.items, param.items))  # coerce rebuilds it
    if isinstance(value, RTuple) and value.cls.tuple_type is None and \
            isinstance(param, RInstance) and param.cls.name.startswith("pyrage.stdlib._tuple."):
        return True  # a fixed tuple where a tuple[T, ...] goes: coerce copies it
    if isinstance(value, RInstance) and isinstance(param, RInstance):
        made, family = value.cls.name, param.cls.name.split("[")[0]
        if made.startswith("pyrage.stdlib.") and made.split("[")[0] == family and \
                ("[Never" in made or "Never]" in made):
            return True  # `[]` where a list[int] goes (coerce checks it is a new, empty one)
        return value.cls.is_subclass_of(param.cls)
    if isinstance(value, RCallable) and isinstance(param, RCallable):
        return len(value.args) == len(param.args)  # coerce adapts it (closures.adapt)
    return value == BOOL and param == INT


def dunder_params(b: FunctionBuilder, obj: o.Value, name: str) -> list[RType] | None:
    """The parameter types (self aside) of obj.<name> where obj's class defines it."""
    if not call_dunder_exists(b, obj, name):
        return None
    assert isinstance(obj.type, RInstance)
    method = b.program.class_info(obj.type.cls).info.get_method(name)
    from pyrage.compiler.irbuild import records

    if not isinstance(method, n.FuncDef) or records.is_generated(method):
        return None
    fn = b.program.function(method, cls=b.program.owner_of(obj.type.cls, method.info))
    return [p.type for p in fn.params[1:]]


def call_dunder_exists(b: FunctionBuilder, obj: o.Value, name: str) -> bool:
    """Whether obj's class (or a compiled base) defines `name`."""
    if not isinstance(obj.type, RInstance) or isinstance(obj.type, RTuple):
        return False
    method = b.program.class_info(obj.type.cls).info.get_method(name)
    return isinstance(method, n.FuncDef) and b.program.is_compiled_class(method.info)


# --- arguments --------------------------------------------------------------------------------


def emit_call(b: FunctionBuilder, e: n.CallExpr, fdef: n.FuncDef, fn: FuncIR, *, bound: bool,
              receiver: o.Value | None = None) -> o.Value:
    args = map_arguments(b, e, fdef, skip_self=bound)
    if receiver is not None:
        args = [(receiver, e), *args]
    call = call_fn(b, fn, args, e)
    if fn.noreturn:
        b.add(o.Unreachable())
    return call


def call_fn(b: FunctionBuilder, fn: FuncIR, args: list[tuple[o.Value, n.Context]],
            ctx: n.Context) -> o.Value:
    """A direct call; each argument is checked against its parameter at its own location."""
    values = [b.coerce(a, p.type, where, "passed") for (a, where), p in zip(args, fn.params)]
    return b.add(o.Call(fn, values, b.loc(ctx)))


def map_arguments(b: FunctionBuilder, e: n.CallExpr, fdef: n.FuncDef, *,
                  skip_self: bool) -> list[tuple[o.Value, n.Context]]:
    """The call's argument values in the callee's parameter order.

    Actual arguments are evaluated in source order first (Python's rule), then placed;
    an omitted parameter gets its default, which must be a constant expression.
    """
    formals = fdef.arguments[1:] if skip_self else fdef.arguments
    actual_values, where, kinds, names = expand_star_args(b, e)
    mapping = map_actuals_to_formals(
        kinds, names, [f.kind for f in formals], [f.variable.name for f in formals],
        lambda i: b.program.typed.types[where[i]])
    args: list[tuple[o.Value, n.Context]] = []
    for formal, actuals in zip(formals, mapping):
        if len(actuals) == 1:
            args.append((actual_values[actuals[0]], where[actuals[0]]))
        elif not actuals and formal.initializer is not None:
            args.append((default_value(b, formal.initializer), formal.initializer))
        else:
            raise b.unsupported(e, "this way of passing arguments (yet)")
    return args


def expand_star_args(b: FunctionBuilder, e: n.CallExpr
                     ) -> tuple[list[o.Value], list[n.Expression], list[n.ArgKind],
                                list[str | None]]:
    """The call's arguments, evaluated in source order, with f(*t) of a tuple spread into
    positional arguments (its length is known, so each lands on one parameter)."""
    values: list[o.Value] = []
    where: list[n.Expression] = []
    kinds: list[n.ArgKind] = []
    names: list[str | None] = []
    for arg, kind, name in zip(e.args, e.arg_kinds, e.arg_names):
        value = expr.build_expr(b, arg)
        if kind == n.ARG_STAR:
            t = value.type
            if not isinstance(t, RTuple):
                raise b.unsupported(arg, f"*args of a {t} in a call (yet): pass a tuple, whose "
                                         "length is known")
            for i in range(len(t.items)):
                values.append(b.add(o.GetField(value, t.cls, t.field(i), b.loc(arg))))
                item = n.TempNode(b.program.typed.types[arg], context=arg)
                tuple_type = get_proper_type(b.program.typed.types[arg])
                if isinstance(tuple_type, TupleType):
                    item = n.TempNode(tuple_type.items[i], context=arg)
                b.program.typed.types[item] = item.type
                where.append(item)
                kinds.append(n.ARG_POS)
                names.append(None)
            continue
        if kind == n.ARG_STAR2:
            raise b.unsupported(arg, "**kwargs in calls (yet)")
        values.append(value)
        where.append(arg)
        kinds.append(kind)
        names.append(name)
    return values, where, kinds, names


def default_value(b: FunctionBuilder, init: n.Expression) -> o.Value:
    """A parameter's default, built at the call: the same value CPython made once at the def,
    as long as it is immutable and has no effects (constant_default)."""
    if constant_default(init):
        return expr.build_expr(b, init)
    if isinstance(init, (n.ListExpr, n.DictExpr, n.SetExpr, n.ListComprehension,
                         n.DictionaryComprehension, n.SetComprehension)):
        raise b.unsupported(init, "a mutable default value (CPython makes it once and shares "
                                  "it between calls): default to None and make it in the body")
    raise b.unsupported(init, "a default value that is not a constant expression (yet)")


def constant_default(e: n.Expression) -> bool:
    """Literals, names (None, True, module constants), and tuples and arithmetic of them."""
    if isinstance(e, (n.IntExpr, n.StrExpr, n.BytesExpr, n.FloatExpr, n.NameExpr,
                      n.MemberExpr)):
        return True
    if isinstance(e, n.UnaryExpr):
        return e.op in ("-", "+", "~", "not") and constant_default(e.expr)
    if isinstance(e, n.OpExpr):
        return e.op in ("+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^") and \
            constant_default(e.left) and constant_default(e.right)
    if isinstance(e, n.TupleExpr):
        return all(constant_default(item) for item in e.items)
    return False


def stdlib_function(b: FunctionBuilder, module: str, name: str) -> n.FuncDef:
    node = b.program.typed.modules[module].names[name].node
    assert isinstance(node, n.FuncDef), f"{module}.{name}"
    return node


def call_function(b: FunctionBuilder, module: str, name: str, args: list[o.Value],
                  ctx: n.Context) -> o.Value:
    """module.name(*args) for a plain (not generic) function of pyrage's stdlib."""
    fn = b.program.function(stdlib_function(b, module, name))
    if len(args) != len(fn.params):
        raise b.error(ctx, f"internal error: {module}.{name} takes {len(fn.params)} arguments")
    return call_fn(b, fn, [(a, ctx) for a in args], ctx)


# --- generic functions ------------------------------------------------------------------------


def infer_fn_subst(b: FunctionBuilder, e: n.CallExpr, fdef: n.FuncDef, *,
                   bound: bool) -> dict[TypeVarId, Type]:
    """The function-level type arguments of this call, read off mypy's inferred callee type."""
    generic = fdef.type
    if not isinstance(generic, CallableType) or not generic.variables:
        return {}
    applied = b.program.typed.types.get(e.callee)
    if applied is None:
        b.mypy_type(e.callee)  # mypy typed nothing here: code it found unreachable, refused
    applied_p = get_proper_type(substitute(applied, b.subst)) if applied is not None else None
    if not isinstance(applied_p, CallableType):
        raise b.error(e, "internal error: no inferred signature for this generic call")
    wanted = {v.id for v in generic.variables}
    out: dict[TypeVarId, Type] = {}
    g_args = generic.arg_types[1:] if bound and not fdef.is_static else generic.arg_types
    for g, a in zip([*g_args, generic.ret_type], [*applied_p.arg_types, applied_p.ret_type]):
        match_types(g, a, wanted, out)
    missing = wanted - out.keys()
    if missing:
        raise b.error(e, "pyrage cannot tell the type arguments of this generic call: "
                         "annotate the arguments")
    return out


def match_types(generic: Type, actual: Type, wanted: set[TypeVarId],
                out: dict[TypeVarId, Type]) -> None:
    g, a = get_proper_type(generic), get_proper_type(actual)
    if isinstance(g, TypeVarType) and g.id in wanted:
        out.setdefault(g.id, a)
    elif isinstance(g, Instance) and isinstance(a, Instance) and g.type is a.type:
        for ga, aa in zip(g.args, a.args):
            match_types(ga, aa, wanted, out)
    elif isinstance(g, CallableType) and isinstance(a, CallableType):
        for ga, aa in zip([*g.arg_types, g.ret_type], [*a.arg_types, a.ret_type]):
            match_types(ga, aa, wanted, out)


# --- helpers ----------------------------------------------------------------------------------


def decorator_name(d: n.Expression) -> str | None:
    if isinstance(d, n.CallExpr):
        d = d.callee
    return d.fullname if isinstance(d, n.RefExpr) else None


def extern_symbol(b: FunctionBuilder, decorator: n.Expression) -> str:
    if isinstance(decorator, n.CallExpr) and len(decorator.args) == 1 and \
            isinstance(decorator.args[0], n.StrExpr):
        return decorator.args[0].value
    raise b.error(decorator, '@extern needs the runtime symbol: @extern("rt_name")')


def check_module_compiled(b: FunctionBuilder, e: n.CallExpr, fullname: str) -> None:
    module = fullname.rpartition(".")[0]
    if module not in b.program.typed.compiled:
        from pyrage.compiler.irbuild.advice import not_compiled

        raise b.unsupported(e, not_compiled(e.callee, fullname, calling=True))


def positional(b: FunctionBuilder, e: n.CallExpr, count: Sequence[int]) -> list[o.Value]:
    """The values of a builtin's positional-only arguments."""
    if any(k != n.ARG_POS for k in e.arg_kinds) or len(e.args) not in count:
        raise b.unsupported(e, "these arguments to this builtin (yet)")
    return [expr.build_expr(b, a) for a in e.args]
