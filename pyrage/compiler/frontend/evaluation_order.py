"""Type-level code that CPython runs when a module is imported, and pyrage never runs.

CPython evaluates a def's annotations when the def statement runs, a class's bases and its
annotated attributes when the class statement runs, a module's variable annotations, and
`T = TypeVar("T")` or `Alias = list[Point]`. mypy accepts a forward reference in all of them,
but CPython then raises NameError:

    def make() -> Point: ...        NameError: name 'Point' is not defined
    class Point: ...

    class Node:
        def copy(self) -> Node: ... NameError (Node is bound once its body has run)

pyrage compiles no code for these, so the binary would run on where CPython stops. This check
refuses each such use, located, with the three usual fixes. It follows a module's top level in
order; what a function body does when called (later, the module complete) is not concerned.
Under `from __future__ import annotations` annotations are strings and only the rest is checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from mypy import nodes as n
from mypy.types import CallableType, RawExpressionType, Type, TypeList, UnboundType, UnionType

from pyrage.compiler.frontend.mypy_build import TypedProgram
from pyrage.compiler.frontend.typelevel import is_type_level
from pyrage.compiler.frontend.walk import walk
from pyrage.errors import Diagnostic


TYPE_LEVEL = "this type-level statement"


def check_evaluation_order(program: TypedProgram) -> list[Diagnostic]:
    errors: list[Diagnostic] = []
    for name in sorted(program.compiled):
        if name == "pyrage" or name.startswith("pyrage."):
            continue  # pyrage's own modules run under CPython (hosted) as they are
        errors += _ModuleOrder(program.modules[name]).check()
    return errors


class _ModuleOrder:
    def __init__(self, tree: n.MypyFile) -> None:
        self.tree = tree
        self.lazy_annotations = "annotations" in tree.future_import_flags
        self.module_names = {name for s in tree.defs for name in _bound_by(s)}
        self.bound: set[str] = set()
        self.errors: list[Diagnostic] = []

    def check(self) -> list[Diagnostic]:
        for s in self.tree.defs:
            self.statement(s)
            self.bound |= _bound_by(s)
        return self.errors

    def statement(self, s: n.Statement) -> None:
        if isinstance(s, (n.FuncDef, n.Decorator, n.OverloadedFuncDef)):
            self.function(s, None)
        elif isinstance(s, n.ClassDef):
            self.class_def(s)
        elif isinstance(s, n.AssignmentStmt):
            if is_type_level(s):
                for e in walk(s.rvalue):
                    if isinstance(e, n.NameExpr):
                        self.use(e.name, e, TYPE_LEVEL)
            elif s.unanalyzed_type is not None and not self.lazy_annotations:
                self.annotation(s.unanalyzed_type, s, "this variable annotation")

    def class_def(self, cls: n.ClassDef, outer: frozenset[str] = frozenset()) -> None:
        for base in cls.base_type_exprs:
            for e in walk(base):
                if isinstance(e, n.NameExpr):
                    self.use(e.name, e, f'the class statement of "{cls.name}"', outer)
        # Inside the body, the class's own name is not bound yet (nor are outer classes').
        pending = outer | {cls.name}
        for s in cls.defs.body:
            if isinstance(s, (n.FuncDef, n.Decorator, n.OverloadedFuncDef)):
                self.function(s, f'the class statement of "{cls.name}"', pending)
            elif isinstance(s, n.ClassDef):
                self.class_def(s, pending)
            elif isinstance(s, n.AssignmentStmt) and s.unanalyzed_type is not None and \
                    not self.lazy_annotations:
                self.annotation(s.unanalyzed_type, s, f'the class statement of "{cls.name}"',
                                pending)

    def function(self, node: n.FuncDef | n.Decorator | n.OverloadedFuncDef, what: str | None,
                 pending: frozenset[str] = frozenset()) -> None:
        """A def's annotations, evaluated when its def statement runs (`what` None: a top-level
        def), or a method's, when its class statement runs."""
        if self.lazy_annotations:
            return
        for fdef in _defs(node):
            sig = fdef.unanalyzed_type
            if isinstance(sig, CallableType):
                for t in [*sig.arg_types, sig.ret_type]:
                    self.annotation(t, fdef, what or f'the def statement of "{fdef.name}"',
                                    pending)

    def annotation(self, t: Type | None, ctx: n.Context, what: str,
                   pending: frozenset[str] = frozenset()) -> None:
        for name, where in _annotation_names(t):
            self.use(name, where if where.line > 0 else ctx, what, pending)

    def use(self, name: str, ctx: n.Context, what: str, pending: frozenset[str] = frozenset()
            ) -> None:
        if name in pending or (name in self.module_names and name not in self.bound):
            self.errors.append(Diagnostic(
                self.tree.path, ctx.line, ctx.column + 1,
                f'CPython evaluates "{name}" here when {what} runs, before "{name}" is '
                f'defined, and raises NameError: define "{name}" first' +
                ("" if what == TYPE_LEVEL else
                 f', quote it ("{name}"), or add `from __future__ import annotations`')))


def _defs(node: n.FuncDef | n.Decorator | n.OverloadedFuncDef) -> Iterator[n.FuncDef]:
    if isinstance(node, n.FuncDef):
        yield node
    elif isinstance(node, n.Decorator):
        yield node.func
    else:
        for item in node.items:
            yield from _defs(item)


def _annotation_names(t: Type | None) -> Iterator[tuple[str, Type]]:
    """The names an unanalyzed annotation evaluates (the first part of a dotted name); not
    those in quotes, which CPython keeps as strings."""
    if getattr(t, "original_str_expr", None) is not None:
        return  # "Node", "Node | None": a string (mypy parsed it, CPython will not)
    if isinstance(t, UnboundType):
        yield t.name.split(".")[0], t
        for arg in t.args:
            yield from _annotation_names(arg)
    elif isinstance(t, (UnionType, TypeList)):
        for item in t.items:
            yield from _annotation_names(item)
    elif isinstance(t, CallableType):
        for arg in [*t.arg_types, t.ret_type]:
            yield from _annotation_names(arg)
    elif isinstance(t, RawExpressionType):
        return


def _bound_by(s: n.Statement) -> set[str]:
    """The module-level names a top-level statement binds (in compound statements too)."""
    names: set[str] = set()
    for node in walk(s, into_functions=False):
        if isinstance(node, (n.FuncDef, n.ClassDef, n.OverloadedFuncDef)):
            names.add(node.name)
        elif isinstance(node, n.Decorator):
            names.add(node.func.name)
        elif isinstance(node, n.Import):
            names |= {alias or name.split(".")[0] for name, alias in node.ids}
        elif isinstance(node, n.ImportFrom):
            names |= {alias or name for name, alias in node.names}
        elif isinstance(node, n.AssignmentStmt):
            names |= {t for lv in node.lvalues for t in _target_names(lv)}
        elif isinstance(node, n.ForStmt):
            names |= _target_names(node.index)
        elif isinstance(node, n.WithStmt):
            names |= {t for target in node.target if target for t in _target_names(target)}
        elif isinstance(node, n.AssignmentExpr):
            names.add(node.target.name)
        elif isinstance(node, n.TryStmt):
            names |= {v.name for v in node.vars if v is not None}
    return names


def _target_names(target: n.Expression) -> set[str]:
    if isinstance(target, n.NameExpr):
        return {target.name}
    if isinstance(target, (n.TupleExpr, n.ListExpr)):
        return {name for item in target.items for name in _target_names(item)}
    if isinstance(target, n.StarExpr):
        return _target_names(target.expr)
    return set()
