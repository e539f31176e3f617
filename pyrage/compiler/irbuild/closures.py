"""Closures: nested functions, lambdas, and functions used as values.

A function value is a closure object {type, fnptr, fields...}; calling one loads fnptr and passes
the object itself as a hidden first argument. A variable captured by a nested function lives in
a cell {type, value}, shared by the function that owns it and every closure that uses it, so
writes (`nonlocal`) and late binding behave as in CPython:

    def outer():                outer: x is a cell (inner captures it)
        x = 1                   inner's closure object holds x's cell
        def inner(): return x
        x = 2
        return inner()          -> 2, as in CPython
"""

from __future__ import annotations

from mypy import nodes as n
from mypy.types import CallableType, get_proper_type

from pyrage.compiler.frontend.walk import walk
from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR, FuncIR
from pyrage.compiler.ir.types import BOOL, NONE, OPAQUE, RCallable, RInstance, RType, never_null
from pyrage.compiler.irbuild.builder import FunctionBuilder

FunctionNode = n.FuncItem


# --- scopes -------------------------------------------------------------------------------------

#: What a name in a function scope is bound to: a variable, or a nested `def` (mypy binds the
#: name of a nested def to its FuncDef).
Binding = n.Var | n.FuncDef


def _targets(target: n.Expression) -> list[n.NameExpr]:
    if isinstance(target, n.NameExpr):
        return [target]
    if isinstance(target, (n.TupleExpr, n.ListExpr)):
        return [name for item in target.items for name in _targets(item)]
    if isinstance(target, n.StarExpr):
        return _targets(target.expr)
    return []


def _captures(pattern: object) -> list[n.NameExpr]:
    """The names a match pattern binds (`case [a, *rest]`, `case P(x=y) as whole`...)."""
    from mypy import patterns as pt

    if isinstance(pattern, pt.AsPattern):
        inner = _captures(pattern.pattern) if pattern.pattern is not None else []
        return inner + ([pattern.name] if pattern.name is not None else [])
    if isinstance(pattern, pt.StarredPattern):
        return [pattern.capture] if pattern.capture is not None else []
    if isinstance(pattern, (pt.SequencePattern, pt.OrPattern)):
        return [name for p in pattern.patterns for name in _captures(p)]
    if isinstance(pattern, pt.MappingPattern):
        names = [name for p in pattern.values for name in _captures(p)]
        return names + ([pattern.rest] if pattern.rest is not None else [])
    if isinstance(pattern, pt.ClassPattern):
        return [name for p in [*pattern.positionals, *pattern.keyword_values]
                for name in _captures(p)]
    return []


def owned_bindings(fn: FunctionNode) -> set[Binding]:
    """The names a function's own scope binds: parameters, assignment targets, loop and except
    variables, nested defs (`nonlocal` names belong to an enclosing function)."""
    owned: set[Binding] = {a.variable for a in fn.arguments}
    elsewhere: set[str] = set()
    for node in walk(fn.body, into_functions=False):
        if isinstance(node, (n.NonlocalDecl, n.GlobalDecl)):
            elsewhere.update(node.names)
    defined: list[n.NameExpr] = []
    for node in walk(fn.body, into_functions=False):
        if isinstance(node, n.AssignmentStmt):
            for lv in node.lvalues:
                defined += _targets(lv)
        elif isinstance(node, n.OperatorAssignmentStmt):
            defined += _targets(node.lvalue)
        elif isinstance(node, n.ForStmt):
            defined += _targets(node.index)
        elif isinstance(node, (n.GeneratorExpr, n.DictionaryComprehension)):
            for index in node.indices:
                defined += _targets(index)
        elif isinstance(node, n.TryStmt):
            defined += [v for v in node.vars if v is not None]
        elif isinstance(node, n.MatchStmt):
            for pattern in node.patterns:
                defined += _captures(pattern)
        elif isinstance(node, n.FuncDef) and node is not fn:
            owned.add(node)
    for name in defined:
        if isinstance(name.node, n.Var) and name.kind == n.LDEF and name.name not in elsewhere:
            owned.add(name.node)
    return owned


def nested_functions(fn: FunctionNode) -> list[FunctionNode]:
    """The functions and lambdas directly inside fn (not inside those)."""
    return [node for node in walk(fn.body, into_functions=False)
            if isinstance(node, (n.FuncDef, n.LambdaExpr)) and node is not fn]


def referenced_bindings(fn: FunctionNode) -> set[Binding]:
    """Local names used in fn's own body (not in nested functions)."""
    refs: set[Binding] = set()
    for node in walk(fn.body, into_functions=False):
        if isinstance(node, n.NameExpr) and node.kind == n.LDEF and \
                isinstance(node.node, (n.Var, n.FuncDef)):
            refs.add(node.node)
    return refs


def free_bindings(fn: FunctionNode) -> list[Binding]:
    """Names fn uses (itself or through its nested functions) that an enclosing function binds,
    in a stable order."""
    found = referenced_bindings(fn)
    for inner in nested_functions(fn):
        found |= set(free_bindings(inner))
    return sorted(found - owned_bindings(fn), key=lambda v: (v.line, v.name))


def module_captured_bindings(tree: n.MypyFile) -> set[Binding]:
    """The local names of a module's top level that its lambdas capture: comprehension
    variables (`[lambda: i for i in range(3)]`), which live in cells like a function's."""
    found: set[Binding] = set()
    for s in tree.defs:
        if isinstance(s, (n.FuncDef, n.OverloadedFuncDef, n.Decorator, n.ClassDef)):
            continue  # their lambdas capture their own names, given cells when they are built
        for node in walk(s, into_functions=False):
            if isinstance(node, n.LambdaExpr):
                found |= set(free_bindings(node))
    return found


def captured_bindings(fn: FunctionNode) -> set[Binding]:
    """fn's own names that some nested function uses: they live in cells."""
    captured: set[Binding] = set()
    for inner in nested_functions(fn):
        captured |= set(free_bindings(inner))
    return captured & owned_bindings(fn)


# --- cells --------------------------------------------------------------------------------------


def cell_class(b: FunctionBuilder, t: RType) -> ClassIR:
    """The cell of a variable of type t: {value}, plus a `bound` flag where the value itself
    cannot say that the variable has none (an int, an Optional...; a NULL str can)."""
    name = f"cell[{t.name}]"
    cls = b.program.classes.get(name)
    if cls is None:
        cls = ClassIR(name, "cell")
        cls.fields = {"value": t}
        if not never_null(t):
            cls.fields["bound"] = BOOL
        b.program.classes[name] = cls
    return cls


def binding_type(b: FunctionBuilder, binding: Binding, ctx: n.Context) -> RType:
    if isinstance(binding, n.FuncDef):
        sig = get_proper_type(binding.type)
        if not isinstance(sig, CallableType):
            raise b.error(ctx, f'function "{binding.name}" needs type annotations')
        return callable_rtype(b, b_substitute(b, sig), ctx)
    if binding.type is None:
        raise b.error(ctx, f'captured variable "{binding.name}" needs a type annotation')
    return b.rtype(binding.type, ctx)


def new_cell(b: FunctionBuilder, var: Binding, initial: o.Value | None, ctx: n.Context) -> None:
    """Give a captured name its cell (at function entry)."""
    t = binding_type(b, var, ctx)
    cls = cell_class(b, t)
    cell = b.new_register(f"{var.name}.cell", RInstance(cls))
    b.add(o.Assign(cell, b.add(o.Alloc(cls, b.loc(ctx)))))
    if initial is not None:
        write_cell(b, cell, initial, ctx)
    b.cells[var] = cell


def cell_of(b: FunctionBuilder, var: Binding, ctx: n.Context) -> o.Value | None:
    """The cell holding var, if var lives in one here (owned-captured or free)."""
    if var in b.cells:
        return b.cells[var]
    if var in b.free:
        closure, field = b.free[var]
        assert isinstance(closure.type, RInstance)
        return b.add(o.GetField(closure, closure.type.cls, field, b.loc(ctx)))
    return None


def read_cell(b: FunctionBuilder, cell: o.Value, name: str, *, free: bool,
              ctx: n.Context) -> o.Value:
    """The value of a captured variable; a cell that was never assigned (or was deleted)
    raises as CPython does: UnboundLocalError in the owning function, NameError through a
    closure (`free`)."""
    assert isinstance(cell.type, RInstance)
    cls, loc = cell.type.cls, b.loc(ctx)
    value = b.add(o.GetField(cell, cls, "value", loc))
    bound = b.add(o.GetField(cell, cls, "bound", loc)) if "bound" in cls.fields else value
    b.program.exception_class_for("builtins.NameError" if free else
                                  "builtins.UnboundLocalError")
    b.add(o.CheckBound(bound, name, loc, free=free))
    return value


def write_cell(b: FunctionBuilder, cell: o.Value, value: o.Value, ctx: n.Context) -> None:
    assert isinstance(cell.type, RInstance)
    cls = cell.type.cls
    t = cls.fields["value"]
    b.add(o.SetField(cell, cls, "value", b.coerce(value, t, ctx), b.loc(ctx)))
    if "bound" in cls.fields:
        b.add(o.SetField(cell, cls, "bound", o.Const(True, BOOL), b.loc(ctx)))


def clear_cell(b: FunctionBuilder, cell: o.Value, ctx: n.Context) -> None:
    """`del name` of a captured variable: the cell holds no value again."""
    assert isinstance(cell.type, RInstance)
    cls = cell.type.cls
    b.add(o.SetField(cell, cls, "value", o.Const(None, cls.fields["value"]), b.loc(ctx)))
    if "bound" in cls.fields:
        b.add(o.SetField(cell, cls, "bound", o.Const(False, BOOL), b.loc(ctx)))


# --- closure objects ----------------------------------------------------------------------------


def callable_rtype(b: FunctionBuilder, t: CallableType, ctx: n.Context) -> RCallable:
    if any(k not in (n.ARG_POS, n.ARG_OPT) for k in t.arg_kinds):
        raise b.unsupported(ctx, "function values with keyword-only or star parameters (yet)")
    return RCallable(tuple(b.rtype(a, ctx) for a in t.arg_types), b.rtype(t.ret_type, ctx))


def closure_class(b: FunctionBuilder, name: str, fields: dict[str, RType]) -> ClassIR:
    cls = b.program.classes.get(name)
    if cls is None:
        cls = ClassIR(name, "function")
        cls.fields = {"<fn>": OPAQUE, **fields}
        b.program.classes[name] = cls
    return cls


def make_closure(b: FunctionBuilder, cls: ClassIR, fn: FuncIR, values: dict[str, o.Value],
                 t: RCallable, ctx: n.Context) -> o.Value:
    obj = b.add(o.Alloc(cls, b.loc(ctx)))
    b.add(o.SetField(obj, cls, "<fn>", b.add(o.FuncAddr(fn)), b.loc(ctx)))
    for field, value in values.items():
        b.add(o.SetField(obj, cls, field, value, b.loc(ctx)))
    return b.add(o.Cast(obj, t))


def build_nested(b: FunctionBuilder, node: FunctionNode) -> o.Value:
    """A lambda or nested def, evaluated: a new closure over the cells it uses."""
    from pyrage.compiler.irbuild.program import ProgramBuilder

    sig = b.program.typed.types.get(node) if isinstance(node, n.LambdaExpr) else node.type
    proper = get_proper_type(sig) if sig is not None else None
    if not isinstance(proper, CallableType):
        raise b.error(node, "pyrage does not support code that mypy found unreachable and did "
                            "not type-check (after `assert False`, in `if False:`...): remove it")
    t = callable_rtype(b, b_substitute(b, proper), node)
    free = free_bindings(node)
    cells = {f"cell:{v.name}:{v.line}": v for v in free}
    label = node.name if isinstance(node, n.FuncDef) else f"<lambda>@{node.line}:{node.column}"
    cls_name = f"{b.fn.name}.{label}"
    cell_types: dict[str, RType] = {}
    values: dict[str, o.Value] = {}
    for field, var in cells.items():
        cell = cell_of(b, var, node)
        if cell is None:
            raise b.error(node, f'internal error: "{var.name}" is captured but has no cell')
        cell_types[field] = cell.type
        values[field] = cell
    cls = closure_class(b, cls_name, cell_types)
    fn = ProgramBuilder.nested_function(b.program, node, cls, t, b, cells, label)
    return make_closure(b, cls, fn, values, t, node)


def b_substitute(b: FunctionBuilder, t: CallableType) -> CallableType:
    from pyrage.compiler.irbuild.types import substitute

    result = substitute(t, b.subst)
    assert isinstance(result, CallableType)
    return result


def function_value(b: FunctionBuilder, fdef: n.FuncDef, ctx: n.Context) -> o.Value:
    """A module-level function used as a value: a closure with nothing captured, whose entry
    calls the function."""
    sig = get_proper_type(fdef.type)
    if not isinstance(sig, CallableType) or sig.variables:
        raise b.unsupported(ctx, "generic functions as values (yet)")
    t = callable_rtype(b, sig, ctx)
    target = b.program.function(fdef)
    cls = closure_class(b, f"{target.name}.<value>", {})
    wrapper = b.program.value_wrapper(target, cls, t)
    # One object per function, made on first use: `f is f` and handlers.remove(f) hold, as in
    # CPython, where a def makes one function object.
    glob = b.program.global_var(f"{target.name}.<function object>", t)
    current = b.add(o.LoadGlobal(glob))
    result = b.temp(t)
    b.assign(result, current, ctx)
    make, done = b.new_block(), b.new_block()
    b.branch(b.add(o.IsNone(current)), make, done)
    b.activate(make)
    made = make_closure(b, cls, wrapper, {}, t, ctx)
    b.add(o.StoreGlobal(glob, made))
    b.assign(result, made, ctx)
    b.goto(done)
    b.activate(done)
    return result


def adapt(b: FunctionBuilder, value: o.Value, to: RCallable, ctx: n.Context) -> o.Value:
    """A function value of one Callable type where another is expected (Callable[[], int]
    stored as a Callable[[], object], or Callable[[int], Sub] as Callable[[int], Base]): a
    closure over it whose entry converts the arguments and the result, as mypy's variance
    rules allow (an int result boxed, a subclass upcast...)."""
    source = value.type
    assert isinstance(source, RCallable)
    if len(source.args) != len(to.args):
        raise b.error(ctx, f"internal error: cannot convert {source} to {to}")
    name = f"<adapt {source} to {to}>"
    cls = closure_class(b, name, {"inner": source})
    entry = b.program.functions.get(name)
    if entry is None:
        closure = o.Register("<closure>", RInstance(cls))
        params = [o.Register(f"a{i}", t) for i, t in enumerate(to.args)]
        entry = FuncIR(name, [closure, *params], to.ret, path=b.path, line=b.line)
        entry.registers.extend(entry.params)
        entry.py_name = "<lambda>"
        entry.hides_frame = True  # an adapter between Callable types: no frame of CPython's
        b.program.functions[name] = entry
        b.program.order.append(entry)
        inner_b = FunctionBuilder(b.program, entry, b.module, {}, None)
        inner = inner_b.add(o.GetField(closure, cls, "inner", inner_b.loc(ctx)))
        args = [inner_b.coerce(p, t, ctx, "passed") for p, t in zip(params, source.args)]
        result = inner_b.add(o.CallValue(inner, args, source.ret, inner_b.loc(ctx)))
        if to.ret == NONE:
            inner_b.add(o.Return(None))
        else:
            inner_b.add(o.Return(inner_b.coerce(result, to.ret, ctx)))
    return make_closure(b, cls, entry, {"inner": value}, to, ctx)


def call_value(b: FunctionBuilder, fn_value: o.Value, e: n.CallExpr) -> o.Value:
    """f(args) where f is a function value (RCallable): positional arguments only."""
    t = fn_value.type
    if isinstance(t, RInstance) and not isinstance(t, RCallable):  # obj(args): obj.__call__
        from pyrage.compiler.irbuild import calls, expr

        if any(k != n.ARG_POS for k in e.arg_kinds):
            raise b.unsupported(e, "keyword arguments to __call__ (yet)")
        result = calls.call_dunder(b, fn_value, "__call__",
                                   [expr.build_expr(b, a) for a in e.args], e)
        if result is None:
            raise b.error(e, f"'{t.cls.py_name}' object is not callable")
        return result
    if not isinstance(t, RCallable):
        raise b.unsupported(e, f"calling a {t} value")
    if any(k != n.ARG_POS for k in e.arg_kinds):
        raise b.unsupported(e, "keyword arguments in a call of a function value (yet)")
    from pyrage.compiler.irbuild import expr

    args = [b.coerce(expr.build_expr(b, a), p, a, "passed") for a, p in zip(e.args, t.args)]
    if len(args) != len(t.args):
        raise b.error(e, f"this function value takes {len(t.args)} arguments")
    return b.add(o.CallValue(fn_value, args, t.ret, b.loc(e)))
