"""Statements -> IR."""

from __future__ import annotations

from mypy import nodes as n
from mypy.types import AnyType, get_proper_type

from pyrage.compiler.frontend.typelevel import is_type_level
from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import BOOL, INT, NONE, RArray, RInstance, RTuple
from pyrage.compiler.irbuild import collections, exceptions, expr
from pyrage.compiler.irbuild.builder import FunctionBuilder
from pyrage.errors import CompileError


def build_block(b: FunctionBuilder, block: n.Block) -> None:
    if block.is_unreachable:
        return  # mypy proved it never runs (e.g. `if TYPE_CHECKING` else-branches); untyped
    build_statements(b, block.body)


def build_statements(b: FunctionBuilder, statements: list[n.Statement]) -> None:
    for s in statements:
        if not b.reachable:
            # After return/raise/break/continue nothing runs, and mypy, which knows it, has not
            # narrowed (or even typed) what follows: skip it, as mypy does.
            return
        if b.module.startswith("pyrage."):
            build_stmt(b, s)  # pyrage's own code: its errors are relocated per body (drain)
            continue
        saved = b.save_state()
        try:
            build_stmt(b, s)
        except CompileError as e:
            # Recorded, and the program's next statement is built: one run reports every
            # statement the compiler refuses, not the first one. The IR is never used then.
            b.program.failed(b.program.relocated(e, b.fn, b))
            b.restore_state(saved)


def build_stmt(b: FunctionBuilder, s: n.Statement) -> None:
    b.line = s.line
    if isinstance(s, n.ExpressionStmt):
        if isinstance(s.expr, (n.StrExpr, n.EllipsisExpr)):
            return  # a docstring, or `...` (a stub's body)
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
    elif isinstance(s, n.DelStmt):
        build_del(b, s)
    elif isinstance(s, n.MatchStmt):
        from pyrage.compiler.irbuild import matching

        matching.build_match(b, s)
    elif isinstance(s, n.PassStmt):
        pass
    elif isinstance(s, (n.Import, n.ImportFrom)):
        build_import(b, s)
    elif isinstance(s, n.Block):
        build_block(b, s)
    elif isinstance(s, n.FuncDef) and not b.in_module_init:
        build_nested_def(b, s)
    elif isinstance(s, n.ClassDef) and s.info.is_enum:
        if not b.in_module_init:
            raise b.unsupported(s, "enums defined inside functions (yet)")
        from pyrage.compiler.irbuild import enums

        enums.build_enum_class(b, s)  # the members exist once the class statement has run
    elif isinstance(s, (n.FuncDef, n.Decorator, n.ClassDef, n.OverloadedFuncDef)):
        if not b.in_module_init:
            raise b.unsupported(s, "nested classes and decorated nested functions (yet)")
        # Module level: definitions are compiled on demand when they are used; a class
        # statement sets its class variables.
        if isinstance(s, n.ClassDef):
            from pyrage.compiler.irbuild import classvars

            classvars.run_class_body(b, s)
    elif isinstance(s, (n.NonlocalDecl, n.GlobalDecl)):
        pass  # mypy has bound the names: nonlocal ones to the enclosing function's cells
    else:
        raise b.unsupported(s, f"this statement ({type(s).__name__})")


def build_nested_def(b: FunctionBuilder, s: n.FuncDef) -> None:
    """`def inner(...)` inside a function: make the closure now and bind the name to it."""
    from pyrage.compiler.irbuild import closures

    value = closures.build_nested(b, s)
    cell = closures.cell_of(b, s, s)
    if cell is not None:
        closures.write_cell(b, cell, value, s)
    else:
        reg = b.nested_defs.get(s)
        if reg is None:
            reg = b.new_register(s.name, value.type)
            b.nested_defs[s] = reg
        b.add(o.Assign(reg, value))


# --- assignment -------------------------------------------------------------------------------


def build_assignment(b: FunctionBuilder, s: n.AssignmentStmt) -> None:
    if is_type_level(s) or isinstance(s.rvalue, n.TempNode):
        return  # type-checker-only, or a declaration without a value: `x: int`
    lv = s.lvalues[0]
    if len(s.lvalues) != 1:
        # a = b = value: the value once, then stored to each target left to right.
        value = expr.build_expr(b, s.rvalue)
        shared = b.temp(value.type)
        b.assign(shared, value, s)
        for target in s.lvalues:
            store(b, target, shared)
        return
    if isinstance(lv, (n.TupleExpr, n.ListExpr)) and isinstance(s.rvalue, n.ListExpr) and \
            s.rvalue not in b.program.typed.types:
        # a, b = [1, 2]: mypy typed the items only; unpack them as a tuple display
        as_tuple = n.TupleExpr(s.rvalue.items)
        as_tuple.set_line(s.rvalue)
        s.rvalue = as_tuple
    if isinstance(lv, (n.TupleExpr, n.ListExpr)) and isinstance(s.rvalue, n.TupleExpr) and \
            len(lv.items) == len(s.rvalue.items) and \
            not any(isinstance(x, n.StarExpr) for x in (*lv.items, *s.rvalue.items)):
        # a, b = b, a: every value first, then the stores, left to right; no tuple is built.
        values = [expr.build_expr(b, item) for item in s.rvalue.items]
        held = []
        for value in values:
            temp = b.temp(value.type)
            b.assign(temp, value, s)
            held.append(temp)
        for target, value in zip(lv.items, held):
            store(b, target, value)
        return
    declared = empty_display_type(b, lv, s.rvalue)
    if declared is not None:  # `xs: list[bool | int] = []`: made as declared (mypy typed the
        value = collections.build_display(b, s.rvalue, declared)  # display list[int])
    else:
        value = expr.build_expr(b, s.rvalue)
    store(b, lv, value)


def empty_display_type(b: FunctionBuilder, lv: n.Expression, rvalue: n.Expression
                       ) -> RInstance | None:
    """The declared type of a variable an empty `[]` or `{}` is assigned to, when it is a
    collection of that kind: nothing in an empty display depends on mypy's guess of its item
    type, which can differ from the declaration (Union[bool, int] is int to mypy; a recursive
    alias expands to another depth)."""
    if not (isinstance(rvalue, (n.ListExpr, n.DictExpr)) and not rvalue.items):
        return None
    if not (isinstance(lv, n.NameExpr) and isinstance(lv.node, n.Var) and
            lv.node.type is not None and lv.kind in (n.LDEF, n.GDEF)):
        return None
    t = b.rtype(lv.node.type, lv)
    made = b.rtype_of(rvalue)
    if not isinstance(t, RInstance) or not isinstance(made, RInstance) or t == made:
        return None
    family = made.cls.name.split("[")[0]
    return t if t.cls.name.split("[")[0] == family else None


def store(b: FunctionBuilder, lv: n.Expression, value: o.Value) -> None:
    if isinstance(lv, n.NameExpr) and isinstance(lv.node, n.Var):
        var = lv.node
        from pyrage.compiler.irbuild import closures

        cell = closures.cell_of(b, var, lv) if lv.kind == n.LDEF else None
        untyped = isinstance(get_proper_type(var.type), AnyType)  # `_` in `a, _ = pair`
        if cell is not None:
            closures.write_cell(b, cell, value, lv)
        elif untyped and lv.kind == n.LDEF:
            if var not in b.env or b.env[var].type != value.type:
                b.env[var] = b.new_register(var.name, value.type)
            b.add(o.Assign(b.env[var], value))
        elif untyped and lv.kind == n.GDEF:
            from pyrage.compiler.irbuild.builder import unbound_name_error

            b.add(o.StoreGlobal(b.program.global_var(var.fullname, value.type,
                                                     unbound_name_error(var.name)), value))
        elif lv.kind == n.LDEF:
            b.assign(b.local(var, lv), value, lv)
        elif lv.kind == n.GDEF:
            glob = b.global_of(var, lv)
            b.add(o.StoreGlobal(glob, b.coerce(value, glob.type, lv)))
        else:
            raise b.unsupported(lv, "assignment to this name")
    elif isinstance(lv, (n.TupleExpr, n.ListExpr)):
        unpack(b, lv, value)
    elif isinstance(lv, n.IndexExpr):
        store_index(b, lv, value)
    elif isinstance(lv, n.MemberExpr) and expr.property_setter(b, lv) is not None:
        setter = expr.property_setter(b, lv)
        assert setter is not None
        obj = expr.build_expr(b, lv.expr)
        assert isinstance(obj.type, RInstance)
        from pyrage.compiler.irbuild import calls

        fn = b.program.function(setter, cls=b.program.owner_of(obj.type.cls, setter.info))
        calls.call_fn(b, fn, [(obj, lv), (value, lv)], lv)
    elif isinstance(lv, n.MemberExpr) and expr.class_var_owner(b, lv) is not None:
        from pyrage.compiler.irbuild import classvars

        owner = expr.class_var_owner(b, lv)
        assert owner is not None
        if classvars.class_of_expr(b.program.typed.types, lv.expr) is None and not (
                isinstance(lv.expr, n.NameExpr) and lv.expr.node is b.cls_var):
            raise b.unsupported(lv, f'assigning the class variable "{lv.name}" through an '
                                    "instance (CPython would give the instance its own "
                                    "attribute): assign it through the class")
        classvars.store(b, owner, lv.name, value, lv)
    elif isinstance(lv, n.MemberExpr):
        target = expr.member_target(b, lv)
        if isinstance(target, expr.FieldRef):
            value = b.coerce(value, target.cls.fields[lv.name], lv)
            b.add(o.SetField(target.obj, target.cls, lv.name, value, b.loc(lv)))
        else:
            raise b.unsupported(lv, "assignment to this attribute")
    else:
        raise b.unsupported(lv, "this assignment target")


def unpack(b: FunctionBuilder, lv: n.TupleExpr | n.ListExpr, value: o.Value) -> None:
    """a, (b, c) = value and a, *rest, z = value, for a tuple or a list: every item is read
    before the first target is stored, left to right, as in CPython."""
    stars = [i for i, item in enumerate(lv.items) if isinstance(item, n.StarExpr)]
    if len(stars) > 1:
        raise b.error(lv, "multiple starred expressions in assignment")
    star = stars[0] if stars else None
    before = star if star is not None else len(lv.items)
    after = len(lv.items) - before - 1 if star is not None else 0
    t = value.type
    loc = b.loc(lv)
    items: list[o.Value] = []
    if isinstance(t, RTuple):
        size = len(t.items)
        if size < before + after or (star is None and size != before):
            raise b.error(lv, f"cannot unpack {size} values into {len(lv.items)} targets")
        fields: list[o.Value] = [b.add(o.GetField(value, t.cls, t.field(i), loc))
                                 for i in range(size)]
        items = fields[:before]
        if star is not None:
            starred = lv.items[star]
            assert isinstance(starred, n.StarExpr)
            target = starred.expr
            if isinstance(target, n.NameExpr) and isinstance(target.node, n.Var) and \
                    target.node.type is not None:
                rest_type = b.rtype(target.node.type, lv)
            else:
                rest_type = b.rtype_of(target)
            rest = collections.new(b, rest_type, lv)
            for field in fields[before:size - after]:
                collections.method(b, rest, "append", [field], lv)
            items += [rest, *fields[size - after:]]
    elif isinstance(t, RInstance) and t.cls.name.startswith(("pyrage.stdlib._list.",
                                                              "pyrage.stdlib._tuple.")):
        from pyrage.compiler.irbuild import calls

        size_value = collections.method(b, value, "__len__", [], lv)
        calls.call_function(b, "pyrage.stdlib._list", "unpack_check",
                            [size_value, o.Const(before, INT), o.Const(after, INT),
                             o.Const(star is not None, BOOL)], lv)
        items = [collections.method(b, value, "_at", [o.Const(i, INT)], lv)
                 for i in range(before)]
        if star is not None:
            stop = b.add(o.IntOp("-", size_value, o.Const(after, INT), loc))
            slicer = "_slice" if t.cls.name.startswith("pyrage.stdlib._list.") else "_slice_list"
            items.append(collections.method(b, value, slicer, [
                o.Const(before, INT), stop, o.Const(None, NONE)], lv))
            for k in range(after):
                at = b.add(o.IntOp("+", stop, o.Const(k, INT), loc))
                items.append(collections.method(b, value, "_at", [at], lv))
    else:
        raise b.unsupported(lv, f"unpacking a {t} (yet): unpack a tuple or a list")
    held = []
    for item in items:  # read everything first: `a, b = b, a` style aliasing stays right
        reg = b.temp(item.type)
        b.add(o.Assign(reg, item))
        held.append(reg)
    for target, item in zip(lv.items, held):
        store(b, target.expr if isinstance(target, n.StarExpr) else target, item)


def store_index(b: FunctionBuilder, lv: n.IndexExpr, value: o.Value) -> None:
    base = expr.build_expr(b, lv.base)
    if isinstance(base.type, RArray):
        index = b.as_int(expr.build_expr(b, lv.index), lv)
        b.add(o.ArraySet(base, index, b.coerce(value, base.type.item, lv), b.loc(lv)))
        return
    if isinstance(base.type, RInstance):
        from pyrage.compiler.irbuild import calls

        if isinstance(lv.index, n.SliceExpr):  # xs[a:b] = ...: the stdlib's _set_slice
            bounds = slice_bounds(b, lv.index)
            if calls.call_dunder(b, base, "_set_slice", [*bounds, value], lv) is not None:
                return
        elif calls.call_dunder(b, base, "__setitem__", [expr.build_expr(b, lv.index), value],
                               lv) is not None:
            return
    raise b.unsupported(lv, f"assigning to an item of a {base.type} (yet)")


def slice_bounds(b: FunctionBuilder, s: n.SliceExpr) -> list[o.Value]:
    """start, stop, step as `int | None` values (what the stdlib's slice methods take)."""
    return [expr.optional_int(b, x) for x in (s.begin_index, s.end_index, s.stride)]


def build_del(b: FunctionBuilder, s: n.DelStmt) -> None:
    targets = s.expr.items if isinstance(s.expr, n.TupleExpr) else [s.expr]
    for target in targets:
        if isinstance(target, n.NameExpr) and isinstance(target.node, n.Var) and \
                target.kind in (n.LDEF, n.GDEF) and target.node not in b.exc_vars:
            delete_name(b, target, target.node)
            continue
        if isinstance(target, n.IndexExpr):
            base = expr.build_expr(b, target.base)
            from pyrage.compiler.irbuild import calls

            if isinstance(base.type, RInstance):
                if isinstance(target.index, n.SliceExpr):
                    deleted = calls.call_dunder(b, base, "_del_slice",
                                                slice_bounds(b, target.index), s)
                else:
                    deleted = calls.call_dunder(b, base, "__delitem__",
                                                [expr.build_expr(b, target.index)], s)
                if deleted is not None:
                    continue
        raise b.unsupported(target, "del of anything but a list, dict or bytearray item (yet)")


def delete_name(b: FunctionBuilder, target: n.NameExpr, var: n.Var) -> None:
    """`del name`: an unassigned name raises as a read would; then the name has no value, so
    that a later read raises UnboundLocalError (NameError at module level), as in CPython."""
    from pyrage.compiler.irbuild import closures

    expr.build_name(b, target)  # the read's check
    if target.kind == n.GDEF:
        b.add(o.Unassign(b.global_of(var, target)))
        return
    cell = closures.cell_of(b, var, target)
    if cell is not None:
        closures.clear_cell(b, cell, target)
    else:
        b.add(o.Unassign(b.local(var, target)))


def build_operator_assignment(b: FunctionBuilder, s: n.OperatorAssignmentStmt) -> None:
    # x op= e reads x once: for `obj.f += 1`, obj is evaluated once, as in CPython.
    lv = s.lvalue
    if isinstance(lv, n.MemberExpr) and expr.class_var_owner(b, lv) is not None:
        store(b, lv, augmented(b, s, expr.build_member(b, lv)))  # Cls.count += 1
        return
    if isinstance(lv, n.MemberExpr) and expr.property_setter(b, lv) is not None:
        augmented_property(b, s, lv)  # obj.prop += x: getter, operator, setter; obj once
        return
    if isinstance(lv, n.MemberExpr):
        target = expr.member_target(b, lv)
        if not isinstance(target, expr.FieldRef):
            raise b.unsupported(lv, "augmented assignment to this attribute")
        current: o.Value = expr.read_field(b, target.obj, target.cls, lv.name, lv)
        result = augmented(b, s, current)
        result = b.coerce(result, target.cls.fields[lv.name], lv)
        b.add(o.SetField(target.obj, target.cls, lv.name, result, b.loc(lv)))
        return
    store(b, lv, augmented(b, s, expr.build_expr(b, lv)))


def augmented_property(b: FunctionBuilder, s: n.OperatorAssignmentStmt,
                       lv: n.MemberExpr) -> None:
    from pyrage.compiler.irbuild import calls

    setter = expr.property_setter(b, lv)
    prop = expr.property_of(b, lv)
    assert setter is not None and prop is not None
    getter, obj = prop
    assert isinstance(obj.type, RInstance)
    get = b.program.function(getter, cls=b.program.owner_of(obj.type.cls, getter.info))
    current = calls.call_fn(b, get, [(obj, lv)], lv)
    result = augmented(b, s, current)
    put = b.program.function(setter, cls=b.program.owner_of(obj.type.cls, setter.info))
    calls.call_fn(b, put, [(obj, lv), (result, lv)], lv)


def augmented(b: FunctionBuilder, s: n.OperatorAssignmentStmt, current: o.Value) -> o.Value:
    """current op= rvalue: the in-place dunder if the object has one (xs += ys changes xs
    itself), else the binary operator."""
    rhs = expr.build_expr(b, s.rvalue)
    if isinstance(current.type, RInstance) and s.op in INPLACE_DUNDERS:
        from pyrage.compiler.irbuild import calls

        result = calls.call_dunder(b, current, INPLACE_DUNDERS[s.op], [rhs], s)
        if result is not None:
            return result
    return expr.binary_op(b, s.op, current, rhs, s)


INPLACE_DUNDERS = {"+": "__iadd__", "-": "__isub__", "*": "__imul__", "//": "__ifloordiv__",
                   "%": "__imod__", "&": "__iand__", "|": "__ior__", "^": "__ixor__",
                   "<<": "__ilshift__", ">>": "__irshift__", "/": "__itruediv__",
                   "**": "__ipow__", "@": "__imatmul__"}


# --- control flow -----------------------------------------------------------------------------


def build_return(b: FunctionBuilder, s: n.ReturnStmt) -> None:
    from pyrage.compiler.irbuild import object_eq

    if s.expr is not None and object_eq.is_not_implemented(s.expr):
        if b.fn.py_name != "__eq__" or b.fn.ret_type != BOOL:
            # CPython would try the reflected method, then raise TypeError (or, for __ne__,
            # fall back to identity): pyrage's operators call one method and take its answer
            raise b.unsupported(s.expr, f"returning NotImplemented from {b.fn.py_name} (yet): "
                                        "only __eq__ may; return a bool or raise TypeError")
        if b.finally_stack:  # an == in the finally body would take the flag below
            raise b.unsupported(s.expr, "returning NotImplemented through a finally block (yet)")
        # False, with a flag that the callers of __eq__ read (irbuild/object_eq.py): CPython
        # then asks the other operand, then falls back to identity
        b.return_value(b.add(o.CallRuntime("rt_not_implemented", [], BOOL, b.loc(s))))
        return
    b.returning = s.expr  # `return super().__eq__(other)` passes NotImplemented on
    try:
        value = expr.build_expr(b, s.expr) if s.expr is not None else None
    finally:
        b.returning = None
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
    exhausted = b.new_block() if s.else_body is not None else end
    b.goto(head)
    b.activate(head)
    expr.build_condition(b, s.expr, body, exhausted)
    b.activate(body)
    b.loops.append((head, end, len(b.finally_stack)))
    build_block(b, s.body)
    b.loops.pop()
    b.goto(head)
    if s.else_body is not None:  # runs when the condition fails, not after a break
        b.activate(exhausted)
        build_block(b, s.else_body)
        b.goto(end)
    b.activate(end)


def build_for(b: FunctionBuilder, s: n.ForStmt) -> None:
    """for target in iterable: body [else: ...], by the iterable's static type (iteration.py)."""
    from pyrage.compiler.irbuild import iteration

    def body(parts: list[o.Value], source: iteration.Source) -> None:
        iteration.store_target(b, s.index, source, parts)
        build_block(b, s.body)

    else_body = s.else_body
    iteration.for_each(b, s.expr, body,
                       (lambda: build_block(b, else_body)) if else_body is not None else None,
                       is_async=s.is_async)


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
