"""A walk over mypy's AST: every statement and expression under a node, in source order.

mypy's own TraverserVisitor cannot be subclassed from interpreted code (its wheel is compiled),
so this walks the node classes directly. `into_functions=False` stops at nested functions and
lambdas (their bodies are another scope).
"""

from __future__ import annotations

from collections.abc import Iterator

from mypy import nodes as n


def children(node: n.Node) -> list[n.Node]:
    """The direct sub-statements and sub-expressions of node."""
    if isinstance(node, n.Block):
        return list(node.body)
    if isinstance(node, (n.FuncDef,)):
        return [*(a.initializer for a in node.arguments if a.initializer is not None), node.body]
    if isinstance(node, n.Decorator):
        return [*node.original_decorators, node.func]
    if isinstance(node, n.LambdaExpr):
        return [*(a.initializer for a in node.arguments if a.initializer is not None), node.body]
    if isinstance(node, n.ClassDef):
        return [node.defs]
    if isinstance(node, n.ExpressionStmt):
        return [node.expr]
    if isinstance(node, n.AssignmentStmt):
        return [*node.lvalues, node.rvalue]
    if isinstance(node, n.OperatorAssignmentStmt):
        return [node.lvalue, node.rvalue]
    if isinstance(node, n.ReturnStmt):
        return [node.expr] if node.expr is not None else []
    if isinstance(node, n.IfStmt):
        return [*node.expr, *node.body, *([node.else_body] if node.else_body else [])]
    if isinstance(node, n.WhileStmt):
        return [node.expr, node.body, *([node.else_body] if node.else_body else [])]
    if isinstance(node, n.ForStmt):
        return [node.index, node.expr, node.body, *([node.else_body] if node.else_body else [])]
    if isinstance(node, n.TryStmt):
        kids: list[n.Node] = [node.body]
        for t, v, h in zip(node.types, node.vars, node.handlers):
            kids += [x for x in (t, v) if x is not None] + [h]
        kids += [b for b in (node.else_body, node.finally_body) if b is not None]
        return kids
    if isinstance(node, n.WithStmt):
        return [*node.expr, *(t for t in node.target if t is not None), node.body]
    if isinstance(node, n.RaiseStmt):
        return [x for x in (node.expr, node.from_expr) if x is not None]
    if isinstance(node, n.AssertStmt):
        return [x for x in (node.expr, node.msg) if x is not None]
    if isinstance(node, n.DelStmt):
        return [node.expr]
    if isinstance(node, n.MatchStmt):
        return [node.subject, *(g for g in node.guards if g is not None), *node.bodies]
    if isinstance(node, n.CallExpr):
        return [node.callee, *node.args]
    if isinstance(node, n.MemberExpr):
        return [node.expr]
    if isinstance(node, n.OpExpr):
        return [node.left, node.right]
    if isinstance(node, n.ComparisonExpr):
        return list(node.operands)
    if isinstance(node, (n.UnaryExpr, n.AwaitExpr, n.CastExpr, n.AssertTypeExpr, n.StarExpr)):
        return [node.expr]
    if isinstance(node, n.ConditionalExpr):
        return [node.cond, node.if_expr, node.else_expr]
    if isinstance(node, n.IndexExpr):
        return [node.base, node.index]
    if isinstance(node, n.SliceExpr):
        return [x for x in (node.begin_index, node.end_index, node.stride) if x is not None]
    if isinstance(node, (n.TupleExpr, n.ListExpr, n.SetExpr)):
        return list(node.items)
    if isinstance(node, n.DictExpr):
        return [x for pair in node.items for x in pair if x is not None]
    if isinstance(node, (n.ListComprehension, n.SetComprehension)):
        return [node.generator]
    if isinstance(node, n.GeneratorExpr):
        return [*node.sequences, *node.indices, *(c for cs in node.condlists for c in cs),
                node.left_expr]
    if isinstance(node, n.DictionaryComprehension):
        return [*node.sequences, *node.indices, *(c for cs in node.condlists for c in cs),
                *(x for x in (node.key, node.value) if x is not None)]
    if isinstance(node, n.AssignmentExpr):
        return [node.target, node.value]
    return []


def walk(node: n.Node, *, into_functions: bool = True) -> Iterator[n.Node]:
    """node and everything under it, pre-order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current is not node and not into_functions and \
                isinstance(current, (n.FuncDef, n.LambdaExpr, n.Decorator, n.ClassDef)):
            continue
        stack.extend(reversed(children(current)))
