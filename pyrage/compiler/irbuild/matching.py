"""match statements: each case's pattern compiled to tests on the subject, then its bindings.

    match shape:                    subject = shape (evaluated once)
        case Circle(r=0):           isinstance(subject, Circle) and subject.r == 0
        case Rect(w, h) if w == h:  isinstance(subject, Rect), then w, h = subject.w, subject.h
                                    (positional patterns follow __match_args__), then the guard
        case [first, *rest]:        a list/tuple of length >= 1: first, rest = ...
        case {"op": op}:            a dict with key "op": op = subject["op"]
        case _:                     anything

A failing test goes to the next case; the first case whose pattern and guard hold runs.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy import nodes as n
from mypy import patterns as p
from mypy.types import Instance

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import FuncIR
from pyrage.compiler.ir.types import BOOL, INT, NONE, OPAQUE, RInstance, RTuple, RType, RUnion
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder


def build_match(b: FunctionBuilder, s: n.MatchStmt) -> None:
    from pyrage.compiler.irbuild import stmt

    value = expr.build_expr(b, s.subject)
    subject = b.temp(value.type)
    b.assign(subject, value, s)
    end = b.new_block()
    for pattern, guard, body in zip(s.patterns, s.guards, s.bodies):
        next_case = b.new_block()
        test_pattern(b, pattern, subject, next_case)
        if guard is not None:
            run = b.new_block()
            expr.build_condition(b, guard, run, next_case)
            b.activate(run)
        stmt.build_block(b, body)
        b.goto(end)
        b.activate(next_case)
    b.goto(end)
    b.activate(end)


def test_pattern(b: FunctionBuilder, pattern: p.Pattern, value: o.Value,
                 fail: o.BasicBlock) -> None:
    """Emit the pattern's tests (jumping to fail when one fails) and its bindings; on success
    the current block continues."""
    if isinstance(pattern, p.AsPattern):
        if pattern.pattern is not None:
            test_pattern(b, pattern.pattern, value, fail)
        if pattern.name is not None:
            bind(b, pattern.name, value)
        return
    if isinstance(pattern, p.ValuePattern):
        expect(b, expr.compare(b, "==", value, expr.build_expr(b, pattern.expr), pattern), fail)
        return
    if isinstance(pattern, p.SingletonPattern):
        if pattern.value is None:
            expect(b, expr.identity(b, value, o.Const(None, NONE)), fail)
        else:
            expect(b, is_bool(b, value, pattern.value, pattern), fail)
        return
    if isinstance(pattern, p.OrPattern):
        matched = b.new_block()
        for i, alternative in enumerate(pattern.patterns):
            if alternative_binds(alternative):
                raise b.unsupported(alternative, "names bound inside | patterns (yet)")
            other = b.new_block() if i < len(pattern.patterns) - 1 else fail
            test_pattern(b, alternative, value, other)
            b.goto(matched)
            if i < len(pattern.patterns) - 1:
                b.activate(other)
        b.activate(matched)
        return
    if isinstance(pattern, p.ClassPattern):
        class_pattern(b, pattern, value, fail)
        return
    if isinstance(pattern, p.SequencePattern):
        sequence_pattern(b, pattern, value, fail)
        return
    if isinstance(pattern, p.MappingPattern):
        mapping_pattern(b, pattern, value, fail)
        return
    raise b.unsupported(pattern, f"this pattern ({type(pattern).__name__})")


def alternative_binds(pattern: p.Pattern) -> bool:
    if isinstance(pattern, p.AsPattern):
        return pattern.name is not None or (pattern.pattern is not None
                                            and alternative_binds(pattern.pattern))
    return False


def expect(b: FunctionBuilder, condition: o.Value, fail: o.BasicBlock) -> None:
    ok = b.new_block()
    b.branch(condition, ok, fail)
    b.activate(ok)


def bind(b: FunctionBuilder, name: n.NameExpr, value: o.Value) -> None:
    """A capture: the name takes the value, narrowed to the type mypy gave the name."""
    from pyrage.compiler.irbuild import stmt

    var = name.node
    if isinstance(var, n.Var) and var.type is not None:
        target = b.rtype(var.type, name)
        value = narrow(b, value, target)
    stmt.store(b, name, value)


def narrow(b: FunctionBuilder, value: o.Value, target: RType) -> o.Value:
    if value.type == target:
        return value
    if isinstance(value.type, RUnion) or value.type.name == "object":
        return expr.narrow_union(b, value, target)
    if isinstance(value.type, RInstance) and isinstance(target, RInstance) and \
            target.cls.is_subclass_of(value.type.cls):
        return b.add(o.Cast(value, target))
    return value


def class_pattern(b: FunctionBuilder, pattern: p.ClassPattern, value: o.Value,
                  fail: o.BasicBlock) -> None:
    from pyrage.compiler.irbuild import builtins

    ref = pattern.class_ref
    info = ref.node
    if not isinstance(info, n.TypeInfo):
        raise b.unsupported(pattern, "a class pattern that does not name a class")
    expect(b, builtins.instance_test(b, value, info, pattern), fail)
    narrowed = narrow(b, value, class_type(b, value, info, pattern))
    if info.fullname in SELF_MATCHING:
        if len(pattern.positionals) > 1:
            raise b.error(pattern, f"{info.name}() accepts 1 positional sub-pattern")
        for sub in pattern.positionals:
            test_pattern(b, sub, narrowed, fail)
    else:
        match_args = positional_names(info)
        if len(pattern.positionals) > len(match_args):
            raise b.error(pattern, f"{info.name}() accepts {len(match_args)} positional "
                                   f"sub-patterns ({len(pattern.positionals)} given)")
        for name, sub in zip(match_args, pattern.positionals):
            test_pattern(b, sub, attribute(b, narrowed, name, pattern), fail)
    for key, sub in zip(pattern.keyword_keys, pattern.keyword_values):
        test_pattern(b, sub, attribute(b, narrowed, key, pattern), fail)


def class_type(b: FunctionBuilder, value: o.Value, info: n.TypeInfo, ctx: n.Context) -> RType:
    """The type a value has once it matched `info`'s class pattern: for a generic class, the
    specialization the subject's own type names."""
    candidates = list(value.type.members) if isinstance(value.type, RUnion) else [value.type]
    for candidate in candidates:
        if isinstance(candidate, RInstance) and candidate.cls.name in b.program.class_infos \
                and b.program.class_info(candidate.cls).info is info:
            return candidate
    if info.defn.type_vars:
        raise b.unsupported(ctx, f"a class pattern of the generic {info.name} here (yet)")
    return b.rtype(Instance(info, []), ctx)


#: Builtin classes whose single positional sub-pattern matches the subject itself.
SELF_MATCHING = {"builtins.int", "builtins.str", "builtins.float", "builtins.bool",
                 "builtins.bytes", "builtins.list", "builtins.dict", "builtins.set",
                 "builtins.tuple"}


def positional_names(info: n.TypeInfo) -> list[str]:
    """__match_args__: what a class pattern's positional sub-patterns match (dataclasses,
    attrs classes and NamedTuples get it from their fields)."""
    from pyrage.compiler.irbuild import records

    if records.record_kind(info) is not None:
        return [a.name for a in records.attributes(info) if a.init]
    for s in info.defn.defs.body:
        if isinstance(s, n.AssignmentStmt) and isinstance(s.lvalues[0], n.NameExpr) and \
                s.lvalues[0].name == "__match_args__" and isinstance(s.rvalue, n.TupleExpr):
            return [item.value for item in s.rvalue.items if isinstance(item, n.StrExpr)]
    return []


def attribute(b: FunctionBuilder, obj: o.Value, name: str, ctx: n.Context) -> o.Value:
    if isinstance(obj.type, RInstance) and name in obj.type.cls.fields:
        return b.add(o.GetField(obj, obj.type.cls, name, b.loc(ctx)))
    raise b.unsupported(ctx, f'matching the attribute "{name}" of a {obj.type} (yet)')


def sequence_pattern(b: FunctionBuilder, pattern: p.SequencePattern, value: o.Value,
                     fail: o.BasicBlock) -> None:
    """[a, b, *rest] against a list or a tuple (not str or bytes, as in Python)."""
    value = only_member(b, value, is_sequence, fail, pattern)
    items = pattern.patterns
    star = next((i for i, q in enumerate(items) if isinstance(q, p.StarredPattern)), None)
    fixed = len(items) - (star is not None)
    t = value.type
    if isinstance(t, RTuple):
        size = len(t.items)
        if (star is None and size != fixed) or (star is not None and size < fixed):
            b.goto(fail)
            b.activate(b.new_block())
            return
        length: o.Value = o.Const(size, INT)

        def get(i: int) -> o.Value:
            assert isinstance(t, RTuple)
            return b.add(o.GetField(value, t.cls, t.field(i), b.loc(pattern)))
    elif isinstance(t, RInstance) and t.cls.name.startswith("pyrage.stdlib._list."):
        length = b.add(o.Call(method_fn(b, value, "__len__"), [value], b.loc(pattern)))
        test = o.Compare("==" if star is None else ">=", length, o.Const(fixed, INT))
        expect(b, b.add(test), fail)

        def get(i: int) -> o.Value:
            return b.add(o.Call(method_fn(b, value, "_at"), [value, o.Const(i, INT)],
                                b.loc(pattern)))
    else:
        raise b.unsupported(pattern, f"sequence patterns against a {t} (yet)")
    for i, sub in enumerate(items):
        if star is not None and i == star:
            assert isinstance(sub, p.StarredPattern)
            if sub.capture is not None:
                end = b.add(o.IntOp("-", length, o.Const(fixed - star, INT), b.loc(pattern)))
                rest = slice_of(b, value, star, end, pattern)
                bind(b, sub.capture, rest)
            continue
        if star is not None and i > star:
            index = b.add(o.IntOp("-", length, o.Const(len(items) - i, INT), b.loc(pattern)))
            test_pattern(b, sub, get_dynamic(b, value, index, pattern), fail)
        else:
            test_pattern(b, sub, get(i), fail)


def is_sequence(t: RType) -> bool:
    return isinstance(t, RTuple) or isinstance(t, RInstance) and \
        t.cls.name.startswith("pyrage.stdlib._list.")


def is_mapping(t: RType) -> bool:
    return isinstance(t, RInstance) and t.cls.name.startswith("pyrage.stdlib._dict.")


def only_member(b: FunctionBuilder, value: o.Value, wanted: Callable[[RType], bool],
                fail: o.BasicBlock, ctx: n.Context) -> o.Value:
    """A union subject whose one sequence (or mapping) member the pattern needs: test for it,
    then go on with the value narrowed to it."""
    if not isinstance(value.type, RUnion):
        return value
    members = [m for m in value.type.members if wanted(m)]
    if len(members) != 1:
        raise b.unsupported(ctx, f"this pattern against a {value.type} (yet)")
    expect(b, expr.member_test(b, value, members[0]), fail)
    return expr.narrow_union(b, value, members[0])


def method_fn(b: FunctionBuilder, obj: o.Value, name: str) -> FuncIR:
    assert isinstance(obj.type, RInstance)
    info = b.program.class_info(obj.type.cls).info
    method = info.get_method(name)
    assert isinstance(method, n.FuncDef)
    return b.program.function(method, cls=obj.type.cls)


def get_dynamic(b: FunctionBuilder, value: o.Value, index: o.Value, ctx: n.Context) -> o.Value:
    if isinstance(value.type, RTuple):
        from pyrage.compiler.irbuild import iteration

        return iteration.tuple_item_at(b, value, index, ctx)
    return b.add(o.Call(method_fn(b, value, "_at"), [value, index], b.loc(ctx)))


def slice_of(b: FunctionBuilder, value: o.Value, start: int, end: o.Value,
             ctx: n.Context) -> o.Value:
    """value[start:end] as a list (a star capture is always a list)."""
    if isinstance(value.type, RTuple):
        raise b.unsupported(ctx, "star captures in patterns against tuples (yet)")
    u = RUnion((INT,), True)
    bounds = [b.coerce(o.Const(start, INT), u, ctx), b.coerce(end, u, ctx), o.Const(None, u)]
    return b.add(o.Call(method_fn(b, value, "_slice"), [value, *bounds], b.loc(ctx)))


def mapping_pattern(b: FunctionBuilder, pattern: p.MappingPattern, value: o.Value,
                    fail: o.BasicBlock) -> None:
    """{"key": sub, ...} against a dict: each key present, its value matching."""
    value = only_member(b, value, is_mapping, fail, pattern)
    t = value.type
    if not (isinstance(t, RInstance) and t.cls.name.startswith("pyrage.stdlib._dict.")):
        raise b.unsupported(pattern, f"mapping patterns against a {t} (yet)")
    if pattern.rest is not None:
        raise b.unsupported(pattern, "**rest in mapping patterns (yet)")
    from pyrage.compiler.irbuild import calls

    for key_expr, sub in zip(pattern.keys, pattern.values):
        key = expr.build_expr(b, key_expr)
        present = calls.call_dunder(b, value, "__contains__", [key], pattern)
        assert present is not None
        expect(b, present, fail)
        item = calls.call_dunder(b, value, "__getitem__", [key], pattern)
        assert item is not None
        test_pattern(b, sub, item, fail)


def is_bool(b: FunctionBuilder, value: o.Value, truth: bool, ctx: p.Pattern) -> o.Value:
    """`case True:` / `case False:`: value is that bool (`is`, so 1 is not True), also where a
    union or an object holds it."""
    want = o.Const(truth, BOOL)
    if value.type == BOOL:
        return expr.compare(b, "==", value, want, ctx)
    if isinstance(value.type, RUnion) and BOOL in value.type.members or value.type == OPAQUE:
        def holds() -> o.Value:
            return b.add(o.HasType(value, BOOL))

        def equal() -> o.Value:
            return expr.compare(b, "==", expr.narrow_union(b, value, BOOL), want, ctx)

        not_none = b.add(o.Not(b.add(o.IsNone(value))))
        return expr.both(b, expr.both(b, not_none, holds), equal)
    return o.Const(False, BOOL)
