"""FunctionBuilder: the state of building one function's IR (blocks, locals, loop targets).

Statements are in stmt.py, expressions in expr.py, calls in calls.py; they all take the builder
as their first argument, as mypyc's irbuild does.
"""

from __future__ import annotations

from typing import NamedTuple

from mypy.nodes import Context, Expression, FuncDef, FuncItem, MypyFile, TypeInfo, Var
from mypy.types import ProperType, Type, TypeVarId

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR, FuncIR, GlobalIR
from pyrage.compiler.ir.types import (
    BOOL,
    BOXED,
    BYTES,
    FLOAT,
    INT,
    NONE,
    OPAQUE,
    STR,
    RCallable,
    RCoroutine,
    RInstance,
    RTuple,
    RType,
    RUnion,
)
from pyrage.compiler.irbuild.program import ProgramBuilder
from pyrage.compiler.irbuild.types import substitute
from pyrage.errors import CompileError


#: FinallyContext.control values: fall through, re-raise the saved exception, return.
NORMAL, RERAISE, RETURN = 0, 1, 2


class FinallyContext:
    """A try/finally being built: how its protected code leaves through the finally body."""

    def __init__(self, entry: o.BasicBlock, control: o.Register, result: o.Register | None,
                 saved: o.Register) -> None:
        self.entry = entry  # the finally body
        self.control = control  # why the finally body runs (NORMAL, RERAISE, RETURN, or a jump)
        self.result = result  # the value of a `return` that passes through
        self.saved = saved  # the exception that passes through
        self.jumps: dict[int, tuple[o.BasicBlock, int]] = {}  # code -> (break/continue target, depth)

    def code_for(self, target: o.BasicBlock, depth: int) -> int:
        for code, (known, _) in self.jumps.items():
            if known is target:
                return code
        code = 3 + len(self.jumps)
        self.jumps[code] = (target, depth)
        return code


def empty_collection_of(value: o.Value, to: RInstance) -> bool:
    """A collection made empty whose item type mypy left undecided (`[]` typed list[Never] or
    list[object]) going where a definite one is declared: nothing in it depends on the item
    type yet, and everything done to it from now on is done by the declared type's code."""
    assert isinstance(value.type, RInstance)
    made = value.type.cls.name
    family = made.split("[")[0]
    if not (family.startswith("pyrage.stdlib.") and to.cls.name.split("[")[0] == family):
        return False
    if "[Never" in made or "Never]" in made:
        return True  # nothing can be put in a list[Never]: it is empty wherever it came from
    return any(word in made for word in ("[object", "object]")) and \
        isinstance(value, o.Call) and value.fn.name.endswith(".__new__")


def unbound_name_error(name: str) -> tuple[str, str]:
    return "builtins.NameError", f"name '{name}' is not defined"


class BuilderState(NamedTuple):
    """FunctionBuilder's stacks, saved before a statement of the program (save_state)."""

    handler: o.BasicBlock | None
    finally_stack: list[FinallyContext]
    handled: list[o.Value]
    loops: list[tuple[o.BasicBlock, o.BasicBlock, int]]
    comprehensions: list[set[Var]]
    returning: Expression | None


class FunctionBuilder:
    def __init__(self, program: ProgramBuilder, fn: FuncIR, module: str,
                 subst: dict[TypeVarId, Type], cls: ClassIR | None) -> None:
        self.program = program
        self.fn = fn
        self.module = module
        self.path = program.module_path(module)
        self.subst = subst
        self.cls = cls
        self.env: dict[Var, o.Register] = {}
        self.handler: o.BasicBlock | None = None  # where exceptions go; None: to the caller
        self.finally_stack: list[FinallyContext] = []  # innermost last
        self.handled: list[o.Value] = []  # exceptions being handled (for a bare `raise`)
        #: `except E as name`: inside the handler, `name` is this register, whatever mypy's
        #: Var says (mypy types a name reused by several handlers as deleted).
        self.exc_vars: dict[Var, o.Register] = {}
        #: Closures (irbuild/closures.py): this function's names that nested functions capture
        #: live in cells; names it uses from an enclosing function are read through its closure
        #: object (param 0); nested defs that nothing captures are held in registers.
        self.cells: dict[Var | FuncDef, o.Register] = {}
        self.free: dict[Var | FuncDef, tuple[o.Register, str]] = {}
        self.nested_defs: dict[FuncDef, o.Register] = {}
        self.cls_var: Var | None = None  # a classmethod's `cls`: the class it was built for
        self.returning: Expression | None = None  # the expression of the `return` being built
        #: Blocks some edge (or an exception) can enter; irbuild adds edges into a block
        #: before it builds code in it, so code in a block outside this set never runs.
        self.entered: set[int] = set()
        self.block = self.new_block()
        self.entered.add(id(self.block))
        #: (continue, break, len(finally_stack) when the loop began) of the enclosing loops.
        self.loops: list[tuple[o.BasicBlock, o.BasicBlock, int]] = []
        #: The comprehensions being built around the current expression (past their first
        #: iterable, which CPython evaluates in the enclosing scope), each with its own loop
        #: variables: any other local read there is, in CPython 3.11, a free variable.
        self.comprehensions: list[set[Var]] = []
        self.line = fn.line
        self.in_module_init = False

    # --- error recovery ---------------------------------------------------------------------

    def save_state(self) -> BuilderState:
        """What a statement may leave half-done if it fails (stmt.build_statements records
        the error and goes on with the next statement from this state, in a fresh block)."""
        return BuilderState(self.handler, list(self.finally_stack), list(self.handled),
                            list(self.loops), list(self.comprehensions), self.returning)

    def restore_state(self, state: BuilderState) -> None:
        self.handler = state.handler
        self.finally_stack = state.finally_stack
        self.handled = state.handled
        self.loops = state.loops
        self.comprehensions = state.comprehensions
        self.returning = state.returning
        self.activate(self.new_block())
        self.entered.add(id(self.block))

    # --- blocks and ops ---------------------------------------------------------------------

    def new_block(self) -> o.BasicBlock:
        block = o.BasicBlock(len(self.fn.blocks), self.handler)
        self.fn.blocks.append(block)
        if self.handler is not None:
            self.entered.add(id(self.handler))  # what raises in the block goes there
        return block

    @property
    def reachable(self) -> bool:
        """Whether code built now can run: not after a return/raise/break/continue, nor in a
        block no edge enters (after an if/else whose every branch returned)."""
        return not self.block.terminated and id(self.block) in self.entered

    def activate(self, block: o.BasicBlock) -> None:
        self.block = block

    def add(self, op: o.Op) -> o.Op:
        if self.block.terminated:
            # Code after return/break/continue: unreachable, but still type-checked; give it a
            # block of its own that no edge enters (transform/dead_blocks.py drops it).
            self.activate(self.new_block())
        self.block.ops.append(op)
        if isinstance(op, o.Terminator):
            self.entered.update(id(succ) for succ in o.successors(op))
        return op

    def goto(self, target: o.BasicBlock) -> None:
        if not self.block.terminated:
            self.block.ops.append(o.Goto(target))
            self.entered.add(id(target))

    def branch(self, cond: o.Value, if_true: o.BasicBlock, if_false: o.BasicBlock) -> None:
        self.add(o.Branch(cond, if_true, if_false))

    # --- leaving a block through `finally` ------------------------------------------------------

    def jump(self, target: o.BasicBlock, depth: int) -> None:
        """goto target, running the finally bodies entered since finally depth `depth`."""
        if len(self.finally_stack) > depth:
            ctx = self.finally_stack[-1]
            self.assign(ctx.control, o.Const(ctx.code_for(target, depth), INT), None)
            self.goto(ctx.entry)
        else:
            self.goto(target)

    def return_value(self, value: o.Value | None) -> None:
        """return, running every enclosing finally body first."""
        if self.finally_stack:
            ctx = self.finally_stack[-1]
            if value is not None and ctx.result is not None:
                self.assign(ctx.result, value, None)
            self.assign(ctx.control, o.Const(RETURN, INT), None)
            self.goto(ctx.entry)
        else:
            self.add(o.Return(value))

    def loc(self, ctx: Context | None = None) -> o.Loc:
        line = ctx.line if ctx is not None and ctx.line > 0 else self.line
        return o.Loc(self.path, line, self.fn.py_name)

    def new_register(self, name: str, type: RType) -> o.Register:
        reg = o.Register(name, type)
        self.fn.registers.append(reg)
        return reg

    def temp(self, type: RType) -> o.Register:
        return self.new_register(f"t{len(self.fn.registers)}", type)

    def assign(self, dest: o.Register, value: o.Value, ctx: Context | None) -> None:
        self.add(o.Assign(dest, self.coerce(value, dest.type, ctx)))

    def coerce(self, value: o.Value, to: RType, ctx: Context | None,
               what: str = "stored") -> o.Value:
        """A value going into a slot of type `to` (a variable, field, argument, return).

        A bool is an int to mypy, but a bool object stays a bool in CPython (it prints True);
        an i64 slot cannot remember that, so pyrage refuses the store instead of differing.
        """
        if value.type == to:
            return value
        if to == INT and isinstance(value.type, RInstance):
            from pyrage.compiler.irbuild import enums

            member = enums.int_value(self, value, ctx or Context(self.line))
            if member is not None:
                return member  # an IntEnum member in an int slot holds its value
        int_slot = to == INT or isinstance(to, RUnion) and INT in to.members and \
            BOOL not in to.members
        if value.type == BOOL and int_slot:
            raise self.error(ctx or Context(self.line), f"a bool {what} where an int is declared would print as 1 "
                                  "where CPython prints True: pyrage keeps bool and int apart, "
                                  "so write int(...) or declare a bool")
        float_slot = to == FLOAT or isinstance(to, RUnion) and FLOAT in to.members and \
            INT not in to.members and value.type not in to.members  # (an int in a float | bool)
        if value.type in (INT, BOOL) and float_slot:
            raise self.error(ctx or Context(self.line),
                             f"an int {what} where a float is declared stays an int in CPython "
                             "(it prints without .0): pyrage keeps int and float apart, so write "
                             "a float (1.0, float(n))")
        if to == NONE:
            return o.Const(None, NONE)
        if isinstance(value.type, RTuple) and isinstance(to, RTuple) and \
                value.type.cls.tuple_type is None and to.cls.tuple_type is None and \
                len(value.type.items) == len(to.items):
            # ("a", None) where a tuple[str, str | None] goes: a new tuple, item by item
            from pyrage.compiler.irbuild import expr

            where = ctx or Context(self.line)
            t = value.type
            items = [self.coerce(self.add(o.GetField(value, t.cls, t.field(i), self.loc(where))),
                                 item, where, what) for i, item in enumerate(to.items)]
            return expr.make_tuple(self, to, items, where)
        if isinstance(value.type, RTuple) and value.type.cls.tuple_type is None and \
                isinstance(to, RInstance) and to.cls.name.startswith("pyrage.stdlib._tuple."):
            return self.var_tuple(value, to, ctx or Context(self.line))
        if isinstance(to, RCallable):
            from pyrage.compiler.irbuild import funcrefs

            if isinstance(value, funcrefs.FunctionRef):
                return funcrefs.to_callable(self, value, to, ctx or Context(self.line))
        if isinstance(value.type, RCoroutine) and isinstance(to, RCoroutine):
            from pyrage.compiler.irbuild import coroutines

            return coroutines.adapt(self, value, to, ctx or Context(self.line))
        if isinstance(value.type, RCallable) and isinstance(to, RCallable):
            from pyrage.compiler.irbuild import closures

            return closures.adapt(self, value, to, ctx or Context(self.line))
        if to == BYTES or isinstance(to, RUnion) and BYTES in to.members and \
                not to.accepts(value.type):
            from pyrage.compiler.irbuild import byteseq

            if byteseq.is_bytearray(value.type):  # a bytes-like argument: copied to bytes
                return self.coerce(byteseq.as_bytes(self, value, ctx or Context(self.line)), to,
                                   ctx, what)
        if isinstance(value.type, RInstance) and isinstance(to, RInstance) and \
                value.type.cls.is_subclass_of(to.cls):
            return value  # an upcast: the layouts share their prefix
        if to == OPAQUE and value.type != NONE:  # `object`: any value, primitives boxed
            if value.type in BOXED:
                return self.add(o.Box(value, to, self.loc(ctx)))
            self.program.held_as_object(value.type)  # str() and == of it as an object
            return self.add(o.Cast(value, to))
        if to == OPAQUE:
            return o.Const(None, to)
        if isinstance(value.type, RInstance) and isinstance(to, RInstance) and \
                empty_collection_of(value, to):
            return self.add(o.Cast(value, to))
        if isinstance(to, RUnion) and to.accepts(value.type):
            if value.type == NONE:
                return o.Const(None, to)
            if value.type in BOXED:
                return self.add(o.Box(value, to, self.loc(ctx)))
            return self.add(o.Cast(value, to))
        if isinstance(value.type, RInstance) and isinstance(to, RInstance) and \
                "Never" in value.type.cls.name and \
                value.type.cls.name.split("[")[0] == to.cls.name.split("[")[0]:
            # `x: Box[float] = (lambda b: b)(Box())`: mypy typed the Box() by the lambda, not
            # by x, and a class of Never is not laid out as the declared one
            short = to.cls.name.rsplit(".", 1)[-1]
            raise self.error(ctx or Context(self.line),
                             f"pyrage cannot use this {value.type.cls.name.rsplit('.', 1)[-1]} "
                             f"as a {short}: mypy left its type argument undecided (Never); "
                             f"write it where it is made, e.g. {short}()")
        if isinstance(value.type, RUnion) and not value.type.has_none and \
                isinstance(to, RInstance) and all(isinstance(m, RInstance) and
                                                  m.cls.is_subclass_of(to.cls)
                                                  for m in value.type.members):
            return self.add(o.Cast(value, to))  # `B | A` where an A goes (B a subclass of A)
        if isinstance(value.type, RUnion) and value.type.has_none and isinstance(to, RUnion) and \
                not to.has_none and all(to.accepts(m) for m in value.type.members):
            # `A | B | None` where an `A | B` goes: mypy narrowed out None (`if x is None:
            # ... else:`), which the value's register does not record; one representation
            return self.add(o.Cast(value, to))
        if isinstance(value.type, RUnion) and BOOL in value.type.members and int_slot:
            raise self.error(ctx or Context(self.line), f"a {value.type} {what} where an int is "
                                                        "declared would print a bool as 1 where "
                                                        "CPython prints True: pyrage keeps bool "
                                                        "and int apart, so write int(...) or "
                                                        "declare the union")
        raise self.error(ctx or Context(self.line), f"internal error: cannot convert "
                                                    f"{value.type} to {to}")

    def var_tuple(self, value: o.Value, to: RInstance, ctx: Context) -> o.Value:
        """(1, 2, 3) where a tuple[int, ...] goes: its items copied into a VarTuple."""
        from pyrage.compiler.irbuild import calls, collections

        t = value.type
        assert isinstance(t, RTuple)
        items = collections.new(self, to.cls.fields["_items"], ctx)
        for i in range(len(t.items)):
            item = self.add(o.GetField(value, t.cls, t.field(i), self.loc(ctx)))
            collections.method(self, items, "append", [item], ctx)
        ctor = self.program.constructor(to.cls, ctx, self.path)
        return calls.call_fn(self, ctor, [(items, ctx)], ctx)

    def as_int(self, value: o.Value, ctx: Context) -> o.Value:
        """An operand where Python's result is an int anyway (True + 1 is 2, int(True) is 1)."""
        if isinstance(value.type, RInstance):
            from pyrage.compiler.irbuild import enums

            member = enums.int_value(self, value, ctx)  # an IntEnum member
            if member is not None:
                return member
        if value.type == BOOL:
            return self.add(o.Select(value, o.Const(1, INT), o.Const(0, INT)))
        if value.type != INT:
            raise self.error(ctx, f"internal error: {value.type} is not an int")
        return value

    # --- types and errors -------------------------------------------------------------------

    def error(self, ctx: Context, message: str) -> CompileError:
        return self.program.error(self.path, ctx, message)

    def unsupported(self, ctx: Context, what: str) -> CompileError:
        return self.error(ctx, f"pyrage does not support {what}")

    def mypy_type(self, e: Expression) -> ProperType:
        t = self.program.typed.types.get(e)
        if t is None:
            raise self.error(e, "pyrage does not support code that mypy found unreachable and "
                                "did not type-check (after `assert False`, in `if False:`...): "
                                "remove it")
        return substitute(t, self.subst)

    def rtype_of(self, e: Expression) -> RType:
        return self.program.mapper.rtype(self.mypy_type(e), e, self.path)

    def rtype(self, t: Type, ctx: Context) -> RType:
        return self.program.rtype(t, self.subst, ctx, self.path)

    # --- locals and globals -----------------------------------------------------------------

    def local(self, var: Var, ctx: Context) -> o.Register:
        reg = self.env.get(var)
        if reg is None:
            if var.type is None:
                raise self.error(ctx, f'variable "{var.name}" needs a type annotation')
            reg = self.new_register(var.name, self.rtype(var.type, ctx))
            self.env[var] = reg
        return reg

    def read_local(self, reg: o.Register, name: str, ctx: Context) -> o.Register:
        """A read of a local variable: checked for a value (transform/unbound_locals.py keeps
        the check only where some path reaches it with none)."""
        own = self.comprehensions and any(v.name == name and self.env.get(v) is reg
                                          for scope in self.comprehensions for v in scope)
        free = bool(self.comprehensions) and not own
        self.program.exception_class_for("builtins.NameError" if free
                                         else "builtins.UnboundLocalError")
        self.add(o.CheckBound(reg, name, self.loc(ctx), free=free))
        return reg

    def global_of(self, var: Var, ctx: Context) -> GlobalIR:
        known = self.program.globals.get(var.fullname)
        if known is not None:
            return known
        if var.type is None:
            raise self.error(ctx, f'module variable "{var.name}" needs a type annotation')
        return self.program.global_var(var.fullname, self.rtype(var.type, ctx),
                                       unbound_name_error(var.name))

    # --- whole bodies -----------------------------------------------------------------------

    def build_def(self, fdef: FuncItem, params: list[o.Register] | None = None,
                  skip_first: bool = False) -> None:
        from pyrage.compiler.irbuild import closures, stmt

        params = self.fn.params if params is None else params
        captured = closures.captured_bindings(fdef)
        arguments = fdef.arguments[1:] if skip_first else fdef.arguments
        for arg, param in zip(arguments, params):
            if arg.variable in captured:
                closures.new_cell(self, arg.variable, param, fdef)
            else:
                self.env[arg.variable] = param
        for binding in captured:
            if binding not in self.cells:
                closures.new_cell(self, binding, None, fdef)
        self.line = fdef.line
        stmt.build_block(self, fdef.body)
        if isinstance(fdef, FuncDef) and fdef.is_trivial_body and self.fn.ret_type != NONE and \
                self.reachable:
            # An abstract method's `...` body, called after all (mypy refuses it through
            # super(), not as Base.method(obj)): CPython returns None, which a declared
            # non-None result cannot hold. Stop loudly.
            self.add(o.CallRuntime("rt_trivial_body_called", [o.Const(fdef.name, STR)], NONE,
                                   self.loc(fdef), pass_loc=True))
            self.add(o.Unreachable())
        self.finish(fdef)

    def build_constructor(self, info: TypeInfo, init: FuncIR | None) -> None:
        """Class.__new__(args) = alloc; class-body defaults; __init__(self, args); return self."""
        from pyrage.compiler.irbuild import expr
        from mypy.nodes import AssignmentStmt, NameExpr, TempNode

        assert self.cls is not None
        loc = self.loc()
        obj = self.add(o.Alloc(self.cls, loc))
        # Class-body defaults, the bases' first: a subclass's own value replaces its base's.
        defaults: dict[str, AssignmentStmt] = {}
        for klass in reversed(info.mro):
            if not self.program.is_compiled_class(klass):
                continue
            for s in klass.defn.defs.body:
                if isinstance(s, AssignmentStmt) and not isinstance(s.rvalue, TempNode):
                    lv = s.lvalues[0]
                    if isinstance(lv, NameExpr) and lv.name in self.cls.fields:
                        defaults[lv.name] = s
        from pyrage.compiler.irbuild import classvars

        for name, s in defaults.items():
            klass = classvars.body_owner(info, name)
            if classvars.is_literal(s.rvalue) or not classvars.is_instance_default(klass, name):
                value = expr.build_expr(self, s.rvalue)
            else:  # evaluated once, by the class statement, and shared (as CPython does)
                value = self.add(o.LoadGlobal(classvars.default_slot(self, klass, name, s),
                                              self.loc(s)))
            value = self.coerce(value, self.cls.fields[name], s)
            self.add(o.SetField(obj, self.cls, name, value, self.loc(s)))
        if init is not None:
            self.add(o.Call(init, [obj, *self.fn.params], loc))
        elif self.program.is_exception(self.cls):
            self.add(o.SetField(obj, self.cls, "<message>", self.fn.params[0], loc))
        self.add(o.Return(obj))

    def build_module(self, tree: MypyFile, flag: GlobalIR) -> None:
        """A module's top level, guarded so it runs once (set before running, like sys.modules)."""
        from pyrage.compiler.irbuild import stmt

        self.in_module_init = True
        run, done = self.new_block(), self.new_block()
        self.branch(self.add(o.LoadGlobal(flag)), done, run)
        self.activate(run)
        self.add(o.StoreGlobal(flag, o.Const(True, BOOL)))
        from pyrage.compiler.irbuild import closures

        for binding in sorted(closures.module_captured_bindings(tree),
                              key=lambda v: (v.line, v.name)):
            closures.new_cell(self, binding, None, binding)
        stmt.build_statements(self, tree.defs)
        self.goto(done)
        self.activate(done)
        self.add(o.Return(None))

    def finish(self, ctx: Context) -> None:
        """Falling off the end of a function returns None (mypy has checked that is allowed)."""
        if self.block.terminated:
            return
        if self.fn.ret_type == NONE:
            self.add(o.Return(None))
        else:
            # mypy proved every path returns: this block is unreachable (e.g. after a
            # `while True` that only returns from inside).
            self.add(o.Unreachable())
