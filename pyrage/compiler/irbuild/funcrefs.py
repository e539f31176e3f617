"""Functions named as values that have no single compiled body: builtins (`key=len`), methods
of builtin types (`str.upper`), methods through their class (`Point.norm`) and bound methods
(`obj.method`).

mypy types `len` as `def (Sized) -> int`, a Protocol: pyrage cannot compile that, but where the
value goes the Callable type is concrete (`Callable[[str], int]`). So such a name evaluates to a
FunctionRef placeholder, and the conversion to that Callable (builder.coerce) builds a small
wrapper function that makes the call the usual way:

    Heap(key=len)      ->  closure of  def <len as (str) -> int>(c, a0): return len(a0)
    drain(q, obj.f)    ->  closure over obj of  def <obj.f>(c, a0): return c.self.f(a0)
"""

from __future__ import annotations

from mypy import nodes as n
from mypy.types import CallableType, get_proper_type

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import FuncIR
from pyrage.compiler.ir.types import NONE, RCallable, RInstance, RType
from pyrage.compiler.irbuild.builder import FunctionBuilder

FUNCREF = RType()
FUNCREF.name = "function"  # a placeholder type: only ever converted to a Callable


class FunctionRef(o.Value):
    """A function named as a value. `callee` builds the call given the argument names;
    `receiver` is the bound object of obj.method (captured by the closure)."""

    def __init__(self, label: str, callee: n.Expression | None, method: str | None,
                 receiver: o.Value | None, receiver_type: object | None) -> None:
        self.label, self.callee, self.method = label, callee, method
        self.receiver, self.receiver_type = receiver, receiver_type
        self.type = FUNCREF


def reference(b: FunctionBuilder, e: n.RefExpr) -> FunctionRef | None:
    """A FunctionRef for e if it names a function without a single compiled body."""
    from pyrage.compiler.irbuild import builtins

    if e.fullname in builtins.FUNCTIONS:
        return FunctionRef(e.fullname.rpartition(".")[2], e, None, None, None)  # len, abs
    if isinstance(e.node, n.FuncDef) and any(a.kind == n.ARG_OPT for a in e.node.arguments):
        # def crc(data, poly=7) passed as a Callable[[bytes], int]: its defaults fill the rest
        return FunctionRef(e.node.name, e, None, None, None)
    if isinstance(e, n.MemberExpr) and isinstance(e.expr, n.RefExpr) and \
            isinstance(e.expr.node, n.TypeInfo) and not e.expr.node.is_enum:
        info = e.expr.node
        method = info.get_method(e.name)
        if info.fullname.startswith("builtins.") or isinstance(method, n.FuncDef):
            return FunctionRef(f"{info.name}.{e.name}", None, e.name, None, None)
    return None


def bound_method(b: FunctionBuilder, e: n.MemberExpr, obj: o.Value) -> FunctionRef | None:
    """obj.method named as a value (obj already evaluated, as CPython binds it then)."""
    t = b.program.typed.types.get(e)
    if t is None or not isinstance(get_proper_type(t), CallableType):
        return None
    if isinstance(obj.type, RInstance) and e.name in obj.type.cls.fields:
        return None  # a field holding a function
    return FunctionRef(e.name, None, e.name, obj, b.program.typed.types.get(e.expr))


def to_callable(b: FunctionBuilder, ref: FunctionRef, to: RCallable,
                ctx: n.Context) -> o.Value:
    from pyrage.compiler.irbuild import closures

    fields: dict[str, RType] = {}
    if ref.receiver is not None:
        fields["self"] = ref.receiver.type
    tag = f"{ref.label}:{ref.receiver.type if ref.receiver is not None else ''}"
    name = f"<{tag} as {to}>"
    cls = closures.closure_class(b, name, fields)
    entry = b.program.functions.get(name)
    if entry is None:
        entry = build_wrapper(b, ref, to, cls, name, ctx)
    values = {"self": ref.receiver} if ref.receiver is not None else {}
    return closures.make_closure(b, cls, entry, values, to, ctx)


def build_wrapper(b: FunctionBuilder, ref: FunctionRef, to: RCallable, cls: object, name: str,
                  ctx: n.Context) -> FuncIR:
    """(closure, a0, a1...) -> the call, written as the AST of `f(a0, a1)` / `a0.m(a1)` /
    `self.m(a0)` with names bound to the parameters, and built as any call is."""
    from pyrage.compiler.ir.func import ClassIR
    from pyrage.compiler.irbuild import expr

    assert isinstance(cls, ClassIR)
    program = b.program
    closure = o.Register("<closure>", RInstance(cls))
    params = [o.Register(f"a{i}", t) for i, t in enumerate(to.args)]
    fn = FuncIR(name, [closure, *params], to.ret, path=b.path, line=b.line)
    fn.registers.extend(fn.params)
    fn.py_name = ref.label.rpartition(".")[2]
    fn.hides_frame = True  # an adapter CPython does not have: the call's frame is the caller's
    program.functions[name] = fn
    program.order.append(fn)
    fb = FunctionBuilder(program, fn, b.module, {}, None)
    types = program.typed.types

    def bound_name(label: str, value: o.Value, mypy_type: object) -> n.NameExpr:
        var = n.Var(label, mypy_type)  # type: ignore[arg-type]
        name_expr = n.NameExpr(label)
        name_expr.node, name_expr.kind = var, n.LDEF
        name_expr.set_line(ctx)
        types[name_expr] = mypy_type  # type: ignore[assignment]
        reg = fb.temp(value.type)
        fb.add(o.Assign(reg, value))
        fb.env[var] = reg
        return name_expr

    args: list[n.Expression] = [bound_name(f"a{i}", p, program.mypy_type_of(p.type))
                                for i, p in enumerate(params)]
    callee: n.Expression
    if ref.receiver is not None:
        receiver = fb.add(o.GetField(closure, cls, "self", fb.loc(ctx)))
        owner = bound_name("self", receiver, ref.receiver_type)
        assert ref.method is not None
        callee = n.MemberExpr(owner, ref.method)
    elif ref.method is not None:  # Class.method / str.upper: the first argument is the object
        callee = n.MemberExpr(args[0], ref.method)
        args = args[1:]
    else:
        assert ref.callee is not None
        callee = ref.callee
    callee.set_line(ctx)
    call = n.CallExpr(callee, args, [n.ARG_POS] * len(args), [None] * len(args))
    call.set_line(ctx)
    types[call] = program.mypy_type_of(to.ret)
    if isinstance(callee, n.MemberExpr):
        owner_type = types.get(callee.expr)
        from mypy.types import Instance

        proper = get_proper_type(owner_type) if owner_type is not None else None
        if isinstance(proper, Instance):
            sym = proper.type.get(callee.name)
            if sym is not None and sym.type is not None:
                types[callee] = sym.type
    result = expr.build_expr(fb, call)
    if to.ret == NONE:
        fb.add(o.Return(None))
    else:
        fb.add(o.Return(fb.coerce(result, to.ret, ctx)))
    return fn
