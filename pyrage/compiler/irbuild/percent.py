"""printf-style formatting, `"%-8s %5d" % (name, count)`, with a literal format string: parsed
at compile time into literal pieces and format() calls (one BuildStr), as f-strings are.

Each conversion becomes the format spec that gives CPython's text: `%5s` right-aligns (format()
would left-align a str), `%d` truncates a float, `%c` takes an int or a one-character str, `%r`
is repr(). Argument count mismatches are compile-time errors (CPython raises TypeError).
"""

from __future__ import annotations

import re

from mypy import nodes as n

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import BOOL, FLOAT, INT, STR, RTuple
from pyrage.compiler.irbuild import builtins, expr
from pyrage.compiler.irbuild.builder import FunctionBuilder
from pyrage.compiler.irbuild.fstrings import join

CONVERSION = re.compile(r"%(?:\((?P<key>[^)]*)\))?(?P<flags>[-+ #0]*)(?P<width>\d+|\*)?"
                        r"(?:\.(?P<precision>\d+|\*))?[hlL]?(?P<type>.?)")


def is_percent_format(e: n.OpExpr) -> bool:
    return e.op == "%" and isinstance(e.left, (n.StrExpr, n.BytesExpr))


def build_percent(b: FunctionBuilder, e: n.OpExpr) -> o.Value:
    if isinstance(e.left, n.BytesExpr):
        return build_bytes_percent(b, e)
    assert isinstance(e.left, n.StrExpr)
    fmt = e.left.value
    specs = list(CONVERSION.finditer(fmt))
    wanted: list[re.Match[str]] = []
    for m in specs:
        if m.group("type") != "%":
            wanted += [m] * (1 + (m.group("width") == "*") + (m.group("precision") == "*"))
    keyed = any(m.group("key") is not None for m in wanted)
    values: list[o.Value] = []
    mapping: o.Value | None = None
    literal_keys: dict[str, o.Value] = {}
    if keyed and isinstance(e.right, n.DictExpr) and all(
            isinstance(k, n.StrExpr) for k, _ in e.right.items):
        for k, v in e.right.items:  # a dict display: its values, no dict
            assert isinstance(k, n.StrExpr)
            literal_keys[k.value] = expr.build_expr(b, v)
    elif keyed:
        mapping = expr.build_expr(b, e.right)
    elif isinstance(e.right, n.TupleExpr):
        values = [expr.build_expr(b, item) for item in e.right.items]
    else:
        right = expr.build_expr(b, e.right)
        if isinstance(right.type, RTuple) and right.type.cls.tuple_type is None:
            values = [b.add(o.GetField(right, right.type.cls, right.type.field(i), b.loc(e)))
                      for i in range(len(right.type.items))]
        else:
            values = [right]
    if not keyed and len(wanted) > len(values):
        raise b.error(e, "not enough arguments for format string (TypeError)")
    if not keyed and len(wanted) < len(values):
        raise b.error(e, "not all arguments converted during string formatting (TypeError)")
    parts: list[o.Value] = []
    at = 0
    remaining = iter(values)
    for m in specs:
        if m.start() > at:
            parts.append(o.Const(fmt[at:m.start()], STR))
        at = m.end()
        if m.group("type") == "%":
            parts.append(o.Const("%", STR))
            continue
        if keyed and mapping is None:
            key_name = m.group("key") or ""
            if key_name not in literal_keys:
                raise b.error(e, f"KeyError: {key_name!r} (not in the format's dict)")
            value = literal_keys[key_name]
        elif mapping is not None:
            from pyrage.compiler.irbuild import iteration

            key = o.Const(m.group("key") or "", STR)
            value = iteration.method(b, mapping, "__getitem__", [key], e)
        else:
            stars = [next(remaining) for g in ("width", "precision") if m.group(g) == "*"]
            value = next(remaining)
            if stars:
                parts.append(convert_starred(b, m, stars, value, e))
                continue
        parts.append(convert(b, m, value, e))
    if at < len(fmt):
        parts.append(o.Const(fmt[at:], STR))
    return join(b, parts, e)


def build_bytes_percent(b: FunctionBuilder, e: n.OpExpr) -> o.Value:
    """b"%d %s" % (n, data): numbers formatted as for str (ASCII), bytes spliced in as they are
    (%s and %b), everything joined into one bytes."""
    import codecs

    from pyrage.compiler.ir.types import BYTES
    from pyrage.compiler.irbuild import byteseq, calls, collections, iteration

    assert isinstance(e.left, n.BytesExpr)
    fmt = codecs.escape_decode(e.left.value)[0].decode("latin-1")
    right = e.right.items if isinstance(e.right, n.TupleExpr) else [e.right]
    values = iter([expr.build_expr(b, item) for item in right])
    parts = collections.new(b, b.program.list_of(BYTES, e, b.path), e)

    def put(value: o.Value) -> None:
        iteration.method(b, parts, "append", [value], e)

    at = 0
    for m in CONVERSION.finditer(fmt):
        if m.start() > at:
            put(o.Const(fmt[at:m.start()].encode("latin-1"), BYTES))
        at = m.end()
        kind = m.group("type")
        if kind == "%":
            put(o.Const(b"%", BYTES))
            continue
        if m.group("key") is not None or "*" in (m.group("width"), m.group("precision")):
            raise b.unsupported(e, "%(name) and * in bytes %-formatting (yet)")
        value = next(values, None)
        if value is None:
            raise b.error(e, "not enough arguments for format string (TypeError)")
        if kind in "sb" and (value.type == BYTES or byteseq.is_bytearray(value.type)):
            if m.group("width") or m.group("precision"):
                raise b.unsupported(e, "widths on bytes in %-formatting (yet)")
            put(byteseq.as_bytes(b, value, e))
            continue
        if kind in "sb":
            raise b.error(e, f"%b requires a bytes-like object, not {value.type} (TypeError)")
        text = convert(b, m, value, e)
        put(b.add(o.CallRuntime("rt_str_encode", [text], BYTES, b.loc(e), pure=True)))
    if next(values, None) is not None:
        raise b.error(e, "not all arguments converted during bytes formatting (TypeError)")
    if at < len(fmt):
        put(o.Const(fmt[at:].encode("latin-1"), BYTES))
    return calls.call_function(b, byteseq.BYTES_MODULE, "bytes_join",
                               [o.Const(b"", BYTES), parts], e)


def convert(b: FunctionBuilder, m: re.Match[str], value: o.Value, ctx: n.Context) -> o.Value:
    kind, flags = m.group("type"), m.group("flags")
    width, precision = m.group("width"), m.group("precision")
    if "*" in (width, precision):
        raise b.unsupported(ctx, "* widths in %-formatting (yet)")
    if kind == "":
        raise b.error(ctx, "incomplete format (ValueError)")
    if kind not in "diuxXoeEfFgGcsr":
        raise b.error(ctx, f"unsupported format character {kind!r} (ValueError)")
    width = width or ""
    dot = f".{precision}" if precision is not None else ""
    if kind in "src":
        if kind == "c":
            text = value if value.type == STR else b.add(o.CallRuntime(
                "rt_chr", [b.as_int(value, ctx)], STR, b.loc(ctx), pass_loc=True, raises=True))
            dot = ""
        elif kind == "s":
            text = builtins.to_str(b, value, ctx)
        else:
            text = builtins.to_repr(b, value, ctx)
        if not width and not dot:
            return text
        align = "<" if "-" in flags else ">"
        return builtins.format_value(b, text, o.Const(f"{align}{width}{dot}", STR), ctx)
    sign = "+" if "+" in flags else " " if " " in flags else ""
    alt = "#" if "#" in flags else ""
    if "-" in flags:
        prefix = f"<{sign}{alt}"
    else:
        prefix = f"{sign}{alt}" + ("0" if "0" in flags else "")
    if kind in "diu":
        if precision is not None:
            raise b.unsupported(ctx, "a precision with %d (yet)")
        number = as_int(b, value, ctx)
        return builtins.format_value(b, number, o.Const(f"{prefix}{width}d", STR), ctx)
    if kind in "xXo":
        if value.type not in (INT, BOOL):
            raise b.error(ctx, f"%{kind} format: an integer is required, not {value.type} "
                               "(TypeError)")
        if precision is not None:
            raise b.unsupported(ctx, f"a precision with %{kind} (yet)")
        return builtins.format_value(b, b.as_int(value, ctx),
                                     o.Const(f"{prefix}{width}{kind}", STR), ctx)
    real = expr.as_float(b, value) if value.type in (INT, BOOL) else value
    if real.type != FLOAT:
        raise b.error(ctx, f"must be real number, not {real.type} (TypeError)")
    dot = dot or ".6"
    return builtins.format_value(b, real, o.Const(f"{prefix}{width}{dot}{kind}", STR), ctx)


def convert_starred(b: FunctionBuilder, m: re.Match[str], stars: list[o.Value], value: o.Value,
                    ctx: n.Context) -> o.Value:
    """%*d, %-*s, %.*f: the width or precision comes from the arguments; the spec is built at
    run time from the same pieces convert() would use."""
    kind, flags = m.group("type"), m.group("flags")
    numbers = iter(stars)
    width = builtins.to_str(b, b.as_int(next(numbers), ctx), ctx) if m.group("width") == "*" \
        else o.Const(m.group("width") or "", STR)
    precision: o.Value = o.Const("" if m.group("precision") is None
                                 else "." + m.group("precision"), STR)
    if m.group("precision") == "*":
        digits = builtins.to_str(b, b.as_int(next(numbers), ctx), ctx)
        precision = b.add(o.BuildStr([o.Const(".", STR), digits], b.loc(ctx)))
    if kind in "sr":
        text = builtins.to_str(b, value, ctx) if kind == "s" else builtins.to_repr(b, value, ctx)
        align = o.Const("<" if "-" in flags else ">", STR)
        spec = b.add(o.BuildStr([align, width, precision], b.loc(ctx)))
        return builtins.format_value(b, text, spec, ctx)
    if kind in "eEfFgG":
        real = expr.as_float(b, value) if value.type in (INT, BOOL) else value
        prefix = o.Const(("<" if "-" in flags else "0" if "0" in flags else ""), STR)
        if m.group("precision") is None:
            precision = o.Const(".6", STR)
        spec = b.add(o.BuildStr([prefix, width, precision, o.Const(kind, STR)], b.loc(ctx)))
        return builtins.format_value(b, real, spec, ctx)
    if kind in "diu" and m.group("precision") is None:
        prefix = o.Const(("<" if "-" in flags else "0" if "0" in flags else ""), STR)
        spec = b.add(o.BuildStr([prefix, width, o.Const("d", STR)], b.loc(ctx)))
        return builtins.format_value(b, as_int(b, value, ctx), spec, ctx)
    raise b.unsupported(ctx, f"%{kind} with a * width or precision (yet)")


def as_int(b: FunctionBuilder, value: o.Value, ctx: n.Context) -> o.Value:
    """%d's argument: an int, a bool as 0/1, a float truncated (ValueError for NaN/inf)."""
    if value.type == FLOAT:
        return b.add(o.CallRuntime("rt_math_trunc", [value], INT, b.loc(ctx), pass_loc=True,
                                   raises=True))
    if value.type in (INT, BOOL):
        return b.as_int(value, ctx)
    raise b.error(ctx, f"%d format: a real number is required, not {value.type} (TypeError)")
