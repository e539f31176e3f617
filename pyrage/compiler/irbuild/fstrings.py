"""f-strings and str.format with a literal format string, expanded at compile time.

mypy parses f"x={x:04x}" as ''.join(['x=', '{:{}}'.format(x, '04x')]); both shapes end up as one
BuildStr of literal pieces and formatted values, so no format string is parsed at run time.
"""

from __future__ import annotations

import string

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import STR
from pyrage.compiler.irbuild import builtins, expr
from pyrage.compiler.irbuild.builder import FunctionBuilder


def is_fstring(e: n.CallExpr) -> bool:
    return (isinstance(e.callee, n.MemberExpr) and e.callee.name == "join"
            and isinstance(e.callee.expr, n.StrExpr) and e.callee.expr.value == ""
            and len(e.args) == 1 and isinstance(e.args[0], n.ListExpr))


def is_literal_format(e: n.CallExpr) -> bool:
    return (isinstance(e.callee, n.MemberExpr) and e.callee.name == "format"
            and isinstance(e.callee.expr, n.StrExpr))


def build_fstring(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    items = e.args[0]
    assert isinstance(items, n.ListExpr)
    parts: list[o.Value] = []
    for item in items.items:
        if isinstance(item, n.StrExpr):
            if item.value:
                parts.append(o.Const(item.value, STR))
        elif isinstance(item, n.CallExpr) and is_literal_format(item):
            parts += format_parts(b, item)
        else:
            parts.append(builtins.to_str(b, expr.build_expr(b, item), item))
    return join(b, parts, e)


def build_literal_format(b: FunctionBuilder, e: n.CallExpr) -> o.Value:
    return join(b, format_parts(b, e), e)


def join(b: FunctionBuilder, parts: list[o.Value], ctx: n.Context) -> o.Value:
    if not parts:
        return o.Const("", STR)
    if len(parts) == 1:
        return parts[0]
    return b.add(o.BuildStr(parts, b.loc(ctx)))


class _Args:
    """The arguments of one .format() call, evaluated once, in source order."""

    def __init__(self, b: FunctionBuilder, e: n.CallExpr) -> None:
        self.b, self.e = b, e
        self.positional: list[o.Value] = []
        self.named: dict[str, o.Value] = {}
        for arg, kind, name in zip(e.args, e.arg_kinds, e.arg_names):
            value = expr.build_expr(b, arg)
            if kind == n.ARG_POS:
                self.positional.append(value)
            elif kind == n.ARG_NAMED and name is not None:
                self.named[name] = value
            else:
                raise b.unsupported(arg, "*args and **kwargs in str.format")
        self.next_auto = 0
        self.numbering: str | None = None

    def lookup(self, field: str) -> o.Value:
        first, rest = split_field(field)
        if rest:  # {0.x}, {p[1]}, {cfg[name]}: the argument, then each access in turn
            value = self.lookup(first)
            for is_attr, key in rest:
                value = access(self.b, value, is_attr, key, self.e)
            return value
        if field == "" or field.isdigit():
            mode = "auto" if field == "" else "manual"
            if self.numbering not in (None, mode):
                raise self.b.error(self.e, "cannot switch between automatic field numbering "
                                           "and manual field specification")
            self.numbering = mode
            index = self.next_auto if field == "" else int(field)
            self.next_auto += field == ""
            if index >= len(self.positional):
                raise self.b.error(self.e, f"Replacement index {index} out of range for "
                                           "positional args tuple")
            return self.positional[index]
        if not field.isidentifier():
            raise self.b.unsupported(self.e, f'the format field "{field}" (attribute and index '
                                             "access in format fields)")
        if field not in self.named:
            raise self.b.error(self.e, f"no keyword argument {field!r} for this format string")
        return self.named[field]


def split_field(field: str) -> tuple[str, list[tuple[bool, str]]]:
    """"a.b[0]" -> ("a", [(True, "b"), (False, "0")]), as str.format parses a field name."""
    import re

    match = re.match(r"[^.\[]*", field)
    assert match is not None
    first, rest = match.group(0), field[match.end():]
    accesses = [(part[0] == ".", part[1:].rstrip("]"))
                for part in re.findall(r"\.[^.\[]+|\[[^\]]*\]", rest)]
    return first, accesses


def access(b: FunctionBuilder, value: o.Value, is_attr: bool, key: str,
           ctx: n.Context) -> o.Value:
    """value.key or value[key] inside a format field."""
    from pyrage.compiler.ir.types import INT, RInstance, RTuple

    if is_attr:
        if isinstance(value.type, RInstance) and key in value.type.cls.fields:
            return b.add(o.GetField(value, value.type.cls, key, b.loc(ctx)))
        raise b.unsupported(ctx, f'the format field attribute ".{key}" of a {value.type}')
    index: o.Value = o.Const(int(key), INT) if key.isdigit() else o.Const(key, STR)
    if isinstance(value.type, RTuple) and key.isdigit():
        t = value.type
        if int(key) >= len(t.items):
            raise b.error(ctx, "tuple index out of range")
        return b.add(o.GetField(value, t.cls, t.field(int(key)), b.loc(ctx)))
    if isinstance(value.type, RInstance):
        from pyrage.compiler.irbuild import calls

        result = calls.call_dunder(b, value, "__getitem__", [index], ctx)
        if result is not None:
            return result
    raise b.unsupported(ctx, f"the format field index [{key}] of a {value.type}")


def format_parts(b: FunctionBuilder, e: n.CallExpr) -> list[o.Value]:
    assert isinstance(e.callee, n.MemberExpr) and isinstance(e.callee.expr, n.StrExpr)
    args = _Args(b, e)
    return expand(b, e.callee.expr.value, args, e, depth=0)


def expand(b: FunctionBuilder, fmt: str, args: _Args, ctx: n.Context, depth: int) -> list[o.Value]:
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError as err:
        raise b.error(ctx, f"bad format string: {err}") from None
    parts: list[o.Value] = []
    for literal, field, spec, conversion in fields:
        if literal:
            parts.append(o.Const(literal, STR))
        if field is None:
            continue
        value = args.lookup(field)
        if conversion == "r":
            value = builtins.to_repr(b, value, ctx)
        elif conversion == "s":
            value = builtins.to_str(b, value, ctx)
        elif conversion is not None:
            raise b.unsupported(ctx, f"the !{conversion} conversion")
        if spec and "{" in spec:
            if depth > 0:
                raise b.error(ctx, "Max string recursion exceeded")
            spec_value = join(b, expand(b, spec, args, ctx, depth + 1), ctx)
        else:
            spec_value = o.Const(spec or "", STR)
        parts.append(builtins.format_value(b, value, spec_value, ctx))
    return parts
