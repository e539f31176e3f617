"""Statements that exist for the type checker only and do nothing at run time in pyrage."""

from __future__ import annotations

from mypy import nodes as n

_TYPE_LEVEL = (n.TypeVarLikeExpr, n.TypeAliasExpr, n.NewTypeExpr)


def is_type_level(stmt: n.AssignmentStmt) -> bool:
    """`T = TypeVar("T")`, `X = NewType(...)`, `Alias = list[int]` and `__all__ = [...]`."""
    if stmt.is_alias_def:
        return True
    rvalue = stmt.rvalue
    if isinstance(rvalue, n.CallExpr) and rvalue.analyzed is not None:
        rvalue = rvalue.analyzed
    if isinstance(rvalue, _TYPE_LEVEL):
        return True
    return any(isinstance(lv, n.NameExpr) and lv.name == "__all__" for lv in stmt.lvalues)
