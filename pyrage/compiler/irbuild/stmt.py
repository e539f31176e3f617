"""Statements -> IR."""

from __future__ import annotations

from mypy import nodes as n
from mypy.types import AnyType, get_proper_type

from pyrage.compiler.frontend.typelevel import is_type_level
from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import INT
from pyrage.compiler.irbuild import exceptions, expr
from pyrage.compiler.irbuild.builder import FunctionBuilder


def build_block(b: FunctionBuilder, block: n.Block) -> None:
    if block.is_unreachable:
        return  # mypy proved it never runs (e.g. `if TYPE_CHECKING` else-branches); untyped
    for s in block.body:
        build_stmt(b, s)


def build_stmt(b: FunctionBuilder, s: n.Statement) -> None:
    b.line = s.line
    if isinstance(s, n.ExpressionStmt):
        if isinstance(s.expr, n.StrExpr):
            return  # docstring
        expr.build_expr(b, s.expr)
    elif isinstance(s, n.AssignmentStmt):
        build_assignment(b, s)
    elif isinstance(s, n.OperatorAssignmentStmt):
        build_operator_assignment(b, s)
    elif isinstance(s, n.ReturnStmt):
        build_return(b, s)
    elif isinstance(s, n.IfStmt):
        build_if(b, s)
    elif isinstance(s, n.WhileStmt):
        build_while(b, s)
    elif isinstance(s, n.ForStmt):
        build_for(b, s)
    elif isinstance(s, n.BreakStmt):
        b.jump(b.loops[-1][1], b.loops[-1][2])
    elif isinstance(s, n.ContinueStmt):
        b.jump(b.loops[-1][0], b.loops[-1][2])
    elif isinstance(s, n.RaiseStmt):
        exceptions.build_raise(b, s)
    elif isinstance(s, n.TryStmt):
        exceptions.build_try(b, s)
    elif isinstance(s, n.AssertStmt):
        exceptions.build_assert(b, s)
    elif isinstance(s, n.PassStmt):
        pass
    elif isinstance(s, (n.Import, n.ImportFrom)):
        build_import(b, s)
    elif isinstance(s, n.Block):
        build_block(b, s)
    elif isinstance(s, (n.FuncDef, n.Decorator, n.ClassDef, n.OverloadedFuncDef)):
        if not b.in_module_init:
            raise b.unsupported(s, "nested functions and classes (yet)")
        # Module level: definitions are compiled on demand when they are used.
    else:
        raise b.unsupported(s, f"this statement ({type(s).__name__})")


# --- assignment -------------------------------------------------------------------------------


def build_assignment(b: FunctionBuilder, s: n.AssignmentStmt) -> None:
    if is_type_level(s) or isinstance(s.rvalue, n.TempNode):
        return  # type-checker-only, or a declaration without a value: `x: int`
    lv = s.lvalues[0]
    if len(s.lvalues) != 1:
        raise b.unsupported(s, "chained assignment (a = b = c)")
    value = expr.build_expr(b, s.rvalue)
    store(b, lv, value)


def store(b: FunctionBuilder, lv: n.Expression, value: o.Value) -> None:
    if isinstance(lv, n.NameExpr) and isinstance(lv.node, n.Var):
        var = lv.node
        if lv.kind == n.LDEF:
            b.assign(b.local(var, lv), value, lv)
        elif lv.kind == n.GDEF:
            glob = b.global_of(var, lv)
            b.add(o.StoreGlobal(glob, b.coerce(value, glob.type, lv)))
        else:
            raise b.unsupported(lv, "assignment to this name")
    elif isinstance(lv, n.MemberExpr):
        target = expr.member_target(b, lv)
        if isinstance(target, expr.FieldRef):
            value = b.coerce(value, target.cls.fields[lv.name], lv)
            b.add(o.SetField(target.obj, target.cls, lv.name, value, b.loc(lv)))
        else:
            raise b.unsupported(lv, "assignment to this attribute")
    else:
        raise b.unsupported(lv, "this assignment target")


def build_operator_assignment(b: FunctionBuilder, s: n.OperatorAssignmentStmt) -> None:
    # x op= e reads x once: for `obj.f += 1`, obj is evaluated once, as in CPython.
    lv = s.lvalue
    if isinstance(lv, n.MemberExpr):
        target = expr.member_target(b, lv)
        if not isinstance(target, expr.FieldRef):
            raise b.unsupported(lv, "augmented assignment to this attribute")
        current: o.Value = b.add(o.GetField(target.obj, target.cls, lv.name, b.loc(lv)))
        result = expr.binary_op(b, s.op, current, expr.build_expr(b, s.rvalue), s)
        result = b.coerce(result, target.cls.fields[lv.name], lv)
        b.add(o.SetField(target.obj, target.cls, lv.name, result, b.loc(lv)))
        return
    current = expr.build_expr(b, lv)
    result = expr.binary_op(b, s.op, current, expr.build_expr(b, s.rvalue), s)
    store(b, lv, result)


# --- control flow -----------------------------------------------------------------------------


def build_return(b: FunctionBuilder, s: n.ReturnStmt) -> None:
    value = expr.build_expr(b, s.expr) if s.expr is not None else None
    if value is None or b.fn.ret_type.name == "None":
        b.return_value(None)
    else:
        b.return_value(b.coerce(value, b.fn.ret_type, s))


def build_if(b: FunctionBuilder, s: n.IfStmt) -> None:
    end = b.new_block()
    for cond, body in zip(s.expr, s.body):
        then, other = b.new_block(), b.new_block()
        expr.build_condition(b, cond, then, other)
        b.activate(then)
        build_block(b, body)
        b.goto(end)
        b.activate(other)
    if s.else_body is not None:
        build_block(b, s.else_body)
    b.goto(end)
    b.activate(end)


def build_while(b: FunctionBuilder, s: n.WhileStmt) -> None:
    head, body, end = b.new_block(), b.new_block(), b.new_block()
    b.goto(head)
    b.activate(head)
    expr.build_condition(b, s.expr, body, end)
    b.activate(body)
    b.loops.append((head, end, len(b.finally_stack)))
    build_block(b, s.body)
    b.loops.pop()
    b.goto(head)
    b.activate(end)


def build_for(b: FunctionBuilder, s: n.ForStmt) -> None:
    """for i in range(start, stop[, step]) with a constant step: a counted loop.

    The counter is hidden, as in CPython: assigning to i in the body does not change the
    iteration, and after the loop i holds the last value produced.
    """
    call = s.expr
    if not (isinstance(call, n.CallExpr) and isinstance(call.callee, n.NameExpr)
            and call.callee.fullname == "builtins.range"):
        raise b.unsupported(call, "for loops over anything but range() (yet)")
    if not isinstance(s.index, n.NameExpr):
        raise b.unsupported(s.index, "unpacking in a for loop target")
    args = [expr.build_expr(b, a) for a in call.args]
    args = [b.as_int(a, call) for a in args]
    if not 1 <= len(args) <= 3 or any(k != n.ARG_POS for k in call.arg_kinds):
        raise b.error(call, "range() takes 1 to 3 positional arguments")
    start: o.Value = o.Const(0, INT) if len(args) == 1 else args[0]
    stop = args[0] if len(args) == 1 else args[1]
    step = 1
    if len(args) == 3:
        literal = expr.constant_int(call.args[2])
        if literal is None:
            raise b.unsupported(call.args[2], "a range() step that is not a constant (yet)")
        if literal == 0:
            raise b.error(call.args[2], "range() arg 3 must not be zero")
        step = literal
    index_var = s.index.node
    if isinstance(index_var, n.Var) and isinstance(get_proper_type(index_var.type), AnyType):
        # mypy types a throwaway `_` as Any; over range() it is an int.
        if s.index.kind == n.LDEF and index_var not in b.env:
            b.env[index_var] = b.new_register(index_var.name, INT)
        elif s.index.kind == n.GDEF:
            b.program.global_var(index_var.fullname, INT)
    counter, limit = b.temp(INT), b.temp(INT)
    b.assign(counter, start, call)
    b.assign(limit, stop, call)
    head, body, latch, end = b.new_block(), b.new_block(), b.new_block(), b.new_block()
    b.goto(head)
    b.activate(head)
    b.branch(b.add(o.Compare("<" if step > 0 else ">", counter, limit)), body, end)
    b.activate(body)
    store(b, s.index, counter)
    b.loops.append((latch, end, len(b.finally_stack)))
    build_block(b, s.body)
    b.loops.pop()
    b.goto(latch)
    b.activate(latch)
    # counter + step cannot overflow while counter < stop and |step| == 1; for larger steps an
    # overflow means the next value is past any int stop, so the loop ends.
    if abs(step) == 1:
        b.add(o.Assign(counter, b.add(o.IntOp("+", counter, o.Const(step, INT), b.loc(s)))))
        b.goto(head)
    else:
        b.add(o.Assign(counter, b.add(o.CallRuntime(
            "rt_int_add_saturating", [counter, o.Const(step, INT)], INT, b.loc(s), pure=True))))
        b.goto(head)
    b.activate(end)


# --- imports ----------------------------------------------------------------------------------


def build_import(b: FunctionBuilder, s: n.Import | n.ImportFrom) -> None:
    """Run the top level of every compiled module the statement imports (once each)."""
    names: list[str] = []
    if isinstance(s, n.Import):
        for module, _alias in s.ids:
            parts = module.split(".")
            names += [".".join(parts[: i + 1]) for i in range(len(parts))]
    else:
        base = resolve_relative(b, s.id, s.relative)
        parts = base.split(".")
        names += [".".join(parts[: i + 1]) for i in range(len(parts))]
        names += [f"{base}.{name}" for name, _alias in s.names]
    for module in names:
        if module in b.program.typed.compiled:
            b.add(o.Call(b.program.module_init(module), [], b.loc(s)))


def resolve_relative(b: FunctionBuilder, module: str, level: int) -> str:
    if level == 0:
        return module
    current = b.module
    tree = b.program.typed.modules.get(current)
    package = current if tree is not None and tree.is_package_init_file() else \
        current.rpartition(".")[0]
    for _ in range(level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{module}" if module else package
