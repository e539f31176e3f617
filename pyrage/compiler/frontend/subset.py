"""The subset check: every construct in a compiled module is one pyrage compiles, or it gets a
located `pyrage does not support ...` error.

This is a syntactic walk over *all* code of the compiled modules (reachable or not), so that
`pyrage check` reports everything at once, as mypy does. Type-dependent limits (a value whose type
is a Protocol, say) are reported by irbuild, which sees the types after monomorphization.
"""

from __future__ import annotations

from collections.abc import Iterator

from mypy import nodes as n

from pyrage.compiler.frontend.mypy_build import TypedProgram
from pyrage.compiler.frontend.typelevel import is_type_level
from pyrage.compiler.irbuild.builtin_classes import ARRAY_CLASS, BUILTIN_EXCEPTIONS
from pyrage.compiler.irbuild.records import plugin_made
from pyrage.errors import Diagnostic

#: What the user reads for each unsupported node kind.
UNSUPPORTED_STMT = {
    n.WithStmt: "with statements",
    n.TypeAliasStmt: "type statements",
}
UNSUPPORTED_EXPR = {
    n.SliceExpr: "slices outside an index",
    n.ComplexExpr: "complex numbers",
    n.YieldExpr: "generators (yield)",
    n.YieldFromExpr: "yield from",
    n.StarExpr: "starred expressions",
    n.AssignmentExpr: "assignment expressions (:=)",
    n.EllipsisExpr: "Ellipsis as a value",
    n.TemplateStrExpr: "template strings",
}
#: Decorators that change nothing at run time, and pyrage's own markers.
ALLOWED_DECORATORS = {"typing.final", "typing_extensions.final", "typing.override",
                      "typing_extensions.override", "pyrage.stdlib.intrinsics.extern",
                      "pyrage.stdlib.intrinsics.intrinsic", "pyrage.stdlib.intrinsics.outline",
                      "builtins.property",
                      "builtins.staticmethod", "builtins.classmethod", "abc.abstractmethod",
                      "<property.setter>"}
#: Class decorators that generate __init__, __repr__, __eq__ (irbuild/records.py).
RECORD_DECORATORS = {"attrs.define", "attrs.frozen", "attrs.mutable", "attr.s", "attr.attrs",
                     "attr.define", "attr.frozen", "attr.mutable", "dataclasses.dataclass"}
#: Base classes a compiled class may name: generic scaffolding and signatures (Protocols).
ALLOWED_BASES = {"builtins.object", "typing.Generic", "typing.Protocol", "enum.Enum",
                 "enum.IntEnum", "builtins.int", "typing.NamedTuple", "builtins.tuple",
                 "abc.ABC"}
#: Metaclasses that change nothing pyrage compiles (ABCMeta: mypy enforces abstractness).
ALLOWED_METACLASSES = {"abc.ABCMeta"}


class SubsetChecker:
    def __init__(self, program: TypedProgram) -> None:
        self.program = program
        self.errors: list[Diagnostic] = []
        self.path = ""

    def error(self, node: n.Context, message: str) -> None:
        self.errors.append(Diagnostic(self.path, node.line, node.column + 1, message))

    def unsupported(self, node: n.Context, what: str) -> None:
        self.error(node, f"pyrage does not support {what}")

    # --- modules and definitions ------------------------------------------------------------

    def check_module(self, tree: n.MypyFile) -> None:
        self.path = tree.path
        for stmt in tree.defs:
            if isinstance(stmt, n.AssignmentStmt) and is_type_level(stmt):
                continue
            self.stmt(stmt)

    def class_def(self, cdef: n.ClassDef) -> None:
        info = cdef.info
        if info.is_protocol or info.fullname == ARRAY_CLASS:
            return  # a signature (type-level only), or the intrinsic compiled by the compiler
        for dec in cdef.decorators:
            if _decorator_name(dec) not in RECORD_DECORATORS:
                self.unsupported(dec, "class decorators other than attrs' and dataclasses'")
        metaclass = cdef.metaclass
        if metaclass is not None and not (isinstance(metaclass, n.RefExpr)
                                          and metaclass.fullname in ALLOWED_METACLASSES) or \
                set(cdef.keywords) - {"metaclass"}:
            self.unsupported(cdef, "metaclasses and class keywords")
        for base in info.bases:
            if base.type.fullname in ALLOWED_BASES or base.type.is_protocol:
                continue
            if base.type.module_name in self.program.compiled or \
                    base.type.fullname in BUILTIN_EXCEPTIONS:
                continue
            self.unsupported(cdef, f"inheritance from {base.type.fullname}")
        for stmt in cdef.defs.body:
            func = stmt.func if isinstance(stmt, n.Decorator) else stmt
            if stmt.line <= 0 or isinstance(func, n.FuncDef) and plugin_made(func):
                continue  # added by a mypy plugin (attrs' __init__, NamedTuple's _replace...)
            if isinstance(stmt, (n.FuncDef, n.Decorator, n.PassStmt, n.OverloadedFuncDef)):
                self.stmt(stmt)
            elif isinstance(stmt, n.ExpressionStmt) and isinstance(stmt.expr, n.StrExpr):
                continue  # docstring
            elif isinstance(stmt, n.AssignmentStmt) and len(stmt.lvalues) == 1 and \
                    isinstance(stmt.lvalues[0], n.NameExpr):
                if not isinstance(stmt.rvalue, n.TempNode):
                    self.expr(stmt.rvalue)
            else:
                self.unsupported(stmt, "this statement in a class body")

    def func_def(self, fdef: n.FuncDef, decorators: list[n.Expression]) -> None:
        names = [_decorator_name(d) for d in decorators]
        for dec, name in zip(decorators, names):
            if name not in ALLOWED_DECORATORS:
                self.unsupported(dec, f"the decorator {name or 'here'}")
        if any(name and name.endswith((".extern", ".intrinsic")) for name in names):
            return  # the body is the hosted implementation; compiled code calls the runtime
        if fdef.is_generator or fdef.is_async_generator:
            self.unsupported(fdef, "generators (yield)")
        for arg in fdef.arguments:
            if arg.kind in (n.ARG_STAR, n.ARG_STAR2):
                self.unsupported(arg, "*args and **kwargs")
            if arg.initializer is not None:
                self.expr(arg.initializer)
        if fdef.type is None:
            self.error(fdef, f'function "{fdef.name}" needs type annotations to be compiled')
        self.block(fdef.body)

    # --- statements ----------------------------------------------------------------------------

    def block(self, block: n.Block) -> None:
        for stmt in block.body:
            self.stmt(stmt)

    def stmt(self, s: n.Statement) -> None:
        kind = type(s)
        if kind in UNSUPPORTED_STMT:
            self.unsupported(s, UNSUPPORTED_STMT[kind])
        elif isinstance(s, n.FuncDef):
            self.func_def(s, [])
        elif isinstance(s, n.Decorator):
            self.func_def(s.func, s.original_decorators)
        elif isinstance(s, n.OverloadedFuncDef) and s.is_property:
            for item in s.items:
                self.stmt(item)
        elif isinstance(s, n.OverloadedFuncDef):
            self.unsupported(s, "overloaded functions")
        elif isinstance(s, n.ClassDef):
            self.class_def(s)
        elif isinstance(s, (n.Import, n.ImportFrom, n.PassStmt, n.BreakStmt, n.ContinueStmt,
                            n.GlobalDecl, n.NonlocalDecl)):
            pass
        elif isinstance(s, n.DelStmt):
            self.expr(s.expr)
        elif isinstance(s, n.MatchStmt):
            self.expr(s.subject)
            for guard, body in zip(s.guards, s.bodies):
                if guard is not None:
                    self.expr(guard)
                self.block(body)
        elif isinstance(s, n.ImportAll):
            self.unsupported(s, "import * (name the imported names)")
        elif isinstance(s, n.ExpressionStmt):
            if not isinstance(s.expr, n.EllipsisExpr):  # `...` as a statement: a stub's body
                self.expr(s.expr)
        elif isinstance(s, n.AssignmentStmt):
            for lv in s.lvalues:
                self.lvalue(lv)
            self.expr(s.rvalue)
        elif isinstance(s, n.OperatorAssignmentStmt):
            self.lvalue(s.lvalue)
            self.expr(s.rvalue)
        elif isinstance(s, n.ReturnStmt):
            if s.expr is not None:
                self.expr(s.expr)
        elif isinstance(s, n.IfStmt):
            for cond, body in zip(s.expr, s.body):
                self.expr(cond)
                self.block(body)
            if s.else_body is not None:
                self.block(s.else_body)
        elif isinstance(s, n.WhileStmt):
            self.expr(s.expr)
            self.block(s.body)
            if s.else_body is not None:
                self.block(s.else_body)
        elif isinstance(s, n.ForStmt):
            self.for_stmt(s)
        elif isinstance(s, n.RaiseStmt):
            for e in (s.expr, s.from_expr):
                if e is not None:
                    self.expr(e)
        elif isinstance(s, n.AssertStmt):
            self.expr(s.expr)
            if s.msg is not None:
                self.expr(s.msg)
        elif isinstance(s, n.TryStmt):
            self.block(s.body)
            for type_expr, handler in zip(s.types, s.handlers):
                if type_expr is not None and not isinstance(type_expr, n.TupleExpr):
                    self.expr(type_expr)
                self.block(handler)
            for extra in (s.else_body, s.finally_body):
                if extra is not None:
                    self.block(extra)
        elif isinstance(s, n.Block):
            self.block(s)
        else:
            self.unsupported(s, f"this statement ({kind.__name__})")

    def for_stmt(self, s: n.ForStmt) -> None:
        self.lvalue(s.index)
        self.expr(s.expr)
        self.block(s.body)
        if s.else_body is not None:
            self.block(s.else_body)

    def lvalue(self, lv: n.Expression) -> None:
        if isinstance(lv, n.NameExpr):
            return
        if isinstance(lv, n.MemberExpr):
            self.expr(lv.expr)
            return
        if isinstance(lv, (n.TupleExpr, n.ListExpr)):
            for item in lv.items:
                self.lvalue(item.expr if isinstance(item, n.StarExpr) else item)
        else:
            self.expr(lv)

    # --- expressions --------------------------------------------------------------------------

    def expr(self, e: n.Expression) -> None:
        for sub in self.walk(e):
            kind = type(sub)
            if kind in UNSUPPORTED_EXPR:
                self.unsupported(sub, UNSUPPORTED_EXPR[kind])
            elif isinstance(sub, n.OpExpr) and sub.op == "@":
                self.unsupported(sub, "the @ operator")
            elif isinstance(sub, n.CallExpr):
                for kind_ in sub.arg_kinds:
                    if kind_ == n.ARG_STAR2:
                        self.unsupported(sub, "**kwargs in calls")
                self.star_into_builtin(sub)

    def star_into_builtin(self, call: n.CallExpr) -> None:
        """zip(*rows), map(f, *columns): mypy types the result as Any, and the error that
        follows would be about Any inside pyrage's stdlib. Say what the program wrote."""
        callee = call.callee
        if not (isinstance(callee, n.RefExpr) and callee.fullname in STAR_REFUSING_BUILTINS):
            return
        if n.ARG_STAR not in call.arg_kinds:
            return
        wrote, instead = [], []
        for arg, kind in zip(call.args, call.arg_kinds):
            spelled = arg.name if isinstance(arg, n.NameExpr) else "..."
            if kind == n.ARG_STAR:
                wrote.append(f"*{spelled}")
                instead += [f"{spelled}[0]", f"{spelled}[1]"]
            else:
                wrote.append(spelled)
                instead.append(spelled)
        name = callee.fullname.rpartition(".")[2]
        self.unsupported(call, f"{name}({', '.join(wrote)}): unpacking a list into {name}()'s "
                               f"arguments (yet): name the iterables, as in "
                               f"{name}({', '.join(instead)})")

    def walk(self, e: n.Expression) -> Iterator[n.Expression]:
        """Pre-order walk over the expressions pyrage compiles; unsupported ones are yielded
        but not entered."""
        yield e
        kids: list[n.Expression] = []
        if isinstance(e, n.CallExpr):
            if _is_fstring_join(e):
                assert isinstance(e.args[0], n.ListExpr)
                for item in e.args[0].items:
                    yield from self.walk(item)
                return
            kids = [e.callee, *e.args]
        elif isinstance(e, n.MemberExpr):
            kids = [e.expr]
        elif isinstance(e, n.OpExpr):
            kids = [e.left, e.right]
        elif isinstance(e, n.ComparisonExpr):
            kids = list(e.operands)
        elif isinstance(e, n.UnaryExpr):
            kids = [e.expr]
        elif isinstance(e, n.AwaitExpr):
            kids = [e.expr]
        elif isinstance(e, n.ConditionalExpr):
            kids = [e.cond, e.if_expr, e.else_expr]
        elif isinstance(e, n.SuperExpr):
            kids = []
        elif isinstance(e, n.LambdaExpr):
            for arg in e.arguments:
                if arg.initializer is not None:
                    self.unsupported(arg, "default values in lambdas (yet)")
            self.block(e.body)
        elif isinstance(e, (n.TupleExpr, n.ListExpr, n.SetExpr)):
            kids = list(e.items)
        elif isinstance(e, n.DictExpr):
            kids = [x for pair in e.items for x in pair if x is not None]
        elif isinstance(e, (n.ListComprehension, n.SetComprehension)):
            kids = [e.generator]
        elif isinstance(e, n.DictionaryComprehension):
            kids = [x for x in (e.key, e.value) if x is not None]
            kids += [*e.sequences, *(c for conds in e.condlists for c in conds)]
            for index in e.indices:
                self.lvalue(index)
        elif isinstance(e, n.GeneratorExpr):
            kids = [e.left_expr, *e.sequences, *(c for conds in e.condlists for c in conds)]
            for index in e.indices:
                self.lvalue(index)
        elif isinstance(e, (n.CastExpr, n.AssertTypeExpr)):
            kids = [e.expr]
        elif isinstance(e, n.IndexExpr):
            kids = [e.base]
            if isinstance(e.index, n.SliceExpr):
                kids += [x for x in (e.index.begin_index, e.index.end_index, e.index.stride)
                         if x is not None]
            else:
                kids.append(e.index)
        for kid in kids:
            yield from self.walk(kid)


#: Builtins whose result mypy cannot type when a list is unpacked into their arguments.
STAR_REFUSING_BUILTINS = frozenset({"builtins.zip", "builtins.map"})


def _is_fstring_join(e: n.CallExpr) -> bool:
    """mypy parses f"a{x}" as ''.join(['a', '{:{}}'.format(x, '')])."""
    return (isinstance(e.callee, n.MemberExpr) and e.callee.name == "join"
            and isinstance(e.callee.expr, n.StrExpr) and e.callee.expr.value == ""
            and len(e.args) == 1 and isinstance(e.args[0], n.ListExpr))


def _decorator_name(d: n.Expression) -> str | None:
    if isinstance(d, n.CallExpr):
        d = d.callee
    if isinstance(d, n.MemberExpr) and d.name == "setter":
        return "<property.setter>"  # @name.setter
    if isinstance(d, n.RefExpr):
        return d.fullname
    return None


def check_subset(program: TypedProgram) -> list[Diagnostic]:
    checker = SubsetChecker(program)
    for name in sorted(program.compiled):
        checker.check_module(program.modules[name])
    return checker.errors
