"""Iteration: `for`, comprehensions and the builtins that consume iterables, compiled by the
iterable's static type into a counted or hooked loop (no iterator objects, no generators).

    for_each(b, iterable, body)   set up the source, then, per step, get the next item (or
                                  leave the loop) and run body(parts)

A source yields each item as a list of parts: one value, or the items of a tuple-shaped item
(enumerate, zip, dict.items()) kept apart, so that `for i, x in enumerate(xs)` builds no tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mypy import nodes as n
from mypy.types import Instance

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import (
    BOOL,
    BYTES,
    INT,
    STR,
    RCoroutine,
    RInstance,
    RTuple,
    RType,
    RUnion,
)
from pyrage.compiler.irbuild import expr
from pyrage.compiler.irbuild.builder import FunctionBuilder

class Source:
    """How to walk one iterable: start() once before the loop, next() at the top of each step."""

    item_type: RType

    def start(self, b: FunctionBuilder) -> None:
        raise NotImplementedError

    def next(self, b: FunctionBuilder, exhausted: o.BasicBlock) -> list[o.Value]:
        raise NotImplementedError


def method(b: FunctionBuilder, obj: o.Value, name: str, args: Sequence[o.Value],
           ctx: n.Context) -> o.Value:
    """obj.name(*args) on a stdlib or user class (the method must exist)."""
    from pyrage.compiler.irbuild import calls

    result = calls.call_dunder(b, obj, name, list(args), ctx)
    if result is None:
        for arg, param in zip(args, calls.dunder_params(b, obj, name) or []):
            if isinstance(arg.type, RUnion) and BOOL in arg.type.members:
                b.coerce(arg, param, ctx)  # says why a bool | int does not fit an int
        raise b.unsupported(ctx, f"iterating a {obj.type} (it has no {name})")
    return result


class Counted(Source):
    """A counter over 0..len(): lists (through _at), strs, bytes, homogeneous tuples."""

    def __init__(self, value: o.Value, item_type: RType, ctx: n.Context, reverse: bool = False):
        self.value, self.item_type, self.ctx, self.reverse = value, item_type, ctx, reverse

    def length(self, b: FunctionBuilder) -> o.Value:
        t = self.value.type
        if t in (STR, BYTES):
            return b.add(o.Len(self.value))
        if isinstance(t, RTuple):
            return o.Const(len(t.items), INT)
        return method(b, self.value, "__len__", [], self.ctx)

    def start(self, b: FunctionBuilder) -> None:
        self.index = b.temp(INT)
        if self.reverse:
            b.assign(self.index, b.add(o.IntOp("-", self.length(b), o.Const(1, INT),
                                               b.loc(self.ctx))), self.ctx)
        else:
            b.assign(self.index, o.Const(0, INT), self.ctx)

    def next(self, b: FunctionBuilder, exhausted: o.BasicBlock) -> list[o.Value]:
        more = b.new_block()
        # The length is read at every step: a list that grows or shrinks while it is walked
        # behaves as in CPython (its iterator checks the index against the current length).
        if self.reverse:
            done = b.add(o.Compare("<", self.index, o.Const(0, INT)))
        else:
            done = b.add(o.Compare(">=", self.index, self.length(b)))
        b.branch(done, exhausted, more)
        b.activate(more)
        item = self.item(b)
        step = -1 if self.reverse else 1
        b.add(o.Assign(self.index, b.add(o.IntOp("+", self.index, o.Const(step, INT),
                                                 b.loc(self.ctx)))))
        return [item]

    def item(self, b: FunctionBuilder) -> o.Value:
        t = self.value.type
        loc = b.loc(self.ctx)
        if t == STR:
            return b.add(o.CallRuntime("rt_str_getitem", [self.value, self.index], STR, loc,
                                       pass_loc=True, raises=True))
        if t == BYTES:
            return b.add(o.CallRuntime("rt_bytes_getitem", [self.value, self.index], INT, loc,
                                       pass_loc=True, raises=True))
        if isinstance(t, RTuple):
            return tuple_item_at(b, self.value, self.index, self.ctx, self.item_type)
        return method(b, self.value, "_at", [self.index], self.ctx)


def tuple_item_at(b: FunctionBuilder, t: o.Value, index: o.Value, ctx: n.Context,
                  item_type: RType | None = None) -> o.Value:
    """t[index] for a run-time index known to be in range: a tuple whose items share a type,
    or whose items are all of item_type (classes derived from it)."""
    assert isinstance(t.type, RTuple)
    result = b.temp(item_type or t.type.items[0])
    end = b.new_block()
    for i in range(len(t.type.items)):
        this, other = b.new_block(), b.new_block()
        b.branch(b.add(o.Compare("==", index, o.Const(i, INT))), this, other)
        b.activate(this)
        b.assign(result, b.add(o.GetField(t, t.type.cls, t.type.field(i), b.loc(ctx))), ctx)
        b.goto(end)
        b.activate(other)
    b.goto(end)
    b.activate(end)
    return result


class Range(Source):
    """range(start, stop[, step]) with a constant step: a counter, hidden as in CPython."""

    def __init__(self, call: n.CallExpr) -> None:
        self.call = call
        self.item_type = INT

    def start(self, b: FunctionBuilder) -> None:
        call = self.call
        if not 1 <= len(call.args) <= 3 or any(k != n.ARG_POS for k in call.arg_kinds):
            raise b.error(call, "range() takes 1 to 3 positional arguments")
        args = [b.as_int(expr.build_expr(b, a), call) for a in call.args]
        first: o.Value = o.Const(0, INT) if len(args) == 1 else args[0]
        stop = args[0] if len(args) == 1 else args[1]
        self.step = 1
        if len(args) == 3:
            literal = expr.constant_int(call.args[2])
            if literal is None:
                self.dynamic_step = b.temp(INT)
                b.assign(self.dynamic_step, args[2], call)
                zero = b.new_block()
                fine = b.new_block()
                b.branch(b.add(o.Compare("==", args[2], o.Const(0, INT))), zero, fine)
                b.activate(zero)
                from pyrage.compiler.irbuild import exceptions

                exceptions.raise_builtin(b, "builtins.ValueError", "range() arg 3 must not be zero",
                                         call)
                b.activate(fine)
                self.step = 0
            elif literal == 0:
                raise b.error(call.args[2], "range() arg 3 must not be zero")
            else:
                self.step = literal
        self.counter, self.limit = b.temp(INT), b.temp(INT)
        b.assign(self.counter, first, call)
        b.assign(self.limit, stop, call)
        if self.step != 0:  # a constant step: count the items down (what LLVM optimizes best)
            b.assign(self.limit, b.add(o.RangeLength(first, stop, self.step)), call)

    def next(self, b: FunctionBuilder, exhausted: o.BasicBlock) -> list[o.Value]:
        more = b.new_block()
        if self.step != 0:
            # limit holds the items left (unsigned); counter + step wraps only after the last.
            left = b.add(o.Compare("!=", self.limit, o.Const(0, INT)))
            b.branch(left, more, exhausted)
            b.activate(more)
            value = b.temp(INT)
            b.assign(value, self.counter, self.call)
            loc = b.loc(self.call)
            b.add(o.Assign(self.counter, b.add(o.IntOp("+", self.counter,
                                                       o.Const(self.step, INT), loc,
                                                       wrapping=True))))
            b.add(o.Assign(self.limit, b.add(o.IntOp("-", self.limit, o.Const(1, INT), loc,
                                                     wrapping=True))))
            return [value]
        if self.step == 0:  # a step known only at run time: its sign picks the test
            up = b.add(o.Compare(">", self.dynamic_step, o.Const(0, INT)))
            below = b.add(o.Compare("<", self.counter, self.limit))
            above = b.add(o.Compare(">", self.counter, self.limit))
            going = b.add(o.Select(up, below, above))
        else:
            going = b.add(o.Compare("<" if self.step > 0 else ">", self.counter, self.limit))
        b.branch(going, more, exhausted)
        b.activate(more)
        value = b.temp(INT)
        b.assign(value, self.counter, self.call)
        step: o.Value = self.dynamic_step if self.step == 0 else o.Const(self.step, INT)
        # counter + step past the int range means past any stop: saturate, and the loop ends.
        b.add(o.Assign(self.counter, b.add(o.CallRuntime(
            "rt_int_add_saturating", [self.counter, step], INT, b.loc(self.call), pure=True))))
        return [value]


class Enumerate(Source):
    def __init__(self, inner: Source, start_expr: n.Expression | None, t: RTuple,
                 ctx: n.Context) -> None:
        self.inner, self.start_expr, self.item_type, self.ctx = inner, start_expr, t, ctx

    def start(self, b: FunctionBuilder) -> None:
        self.inner.start(b)
        self.count = b.temp(INT)
        first: o.Value = o.Const(0, INT)
        if self.start_expr is not None:
            first = b.as_int(expr.build_expr(b, self.start_expr), self.ctx)
        b.assign(self.count, first, self.ctx)

    def next(self, b: FunctionBuilder, exhausted: o.BasicBlock) -> list[o.Value]:
        parts = self.inner.next(b, exhausted)
        number = b.temp(INT)
        b.assign(number, self.count, self.ctx)
        b.add(o.Assign(self.count, b.add(o.IntOp("+", self.count, o.Const(1, INT),
                                                 b.loc(self.ctx)))))
        return [number, as_value(b, self.inner, parts, self.ctx)]


def next_of_each(b: FunctionBuilder, inners: list[Source], exhausted: o.BasicBlock,
                 ctx: n.Context) -> list[o.Value]:
    """One item of each source (zip, map), or exhausted when the shortest runs out."""
    values: list[o.Value] = []
    for inner in inners:
        value = as_value(b, inner, inner.next(b, exhausted), ctx)
        held = b.temp(value.type)  # kept in a register: later next() calls add blocks
        b.assign(held, value, ctx)
        values.append(held)
    return values


class Zip(Source):
    def __init__(self, inners: list[Source], t: RTuple, ctx: n.Context) -> None:
        self.inners, self.item_type, self.ctx = inners, t, ctx

    def start(self, b: FunctionBuilder) -> None:
        for inner in self.inners:
            inner.start(b)

    def next(self, b: FunctionBuilder, exhausted: o.BasicBlock) -> list[o.Value]:
        return next_of_each(b, self.inners, exhausted, self.ctx)


class Mapped(Source):
    """map(f, xs[, ys...]): each item (of the shortest) passed through f, lazily, as CPython's
    map object is walked."""

    def __init__(self, fn: n.Expression, inners: list[Source], item_type: RType,
                 ctx: n.Context) -> None:
        self.fn, self.inners, self.item_type, self.ctx = fn, inners, item_type, ctx

    def start(self, b: FunctionBuilder) -> None:
        for inner in self.inners:
            inner.start(b)

    def next(self, b: FunctionBuilder, exhausted: o.BasicBlock) -> list[o.Value]:
        from pyrage.compiler.irbuild import callables

        values = next_of_each(b, self.inners, exhausted, self.ctx)
        types = [b.program.mypy_type_of(v.type) for v in values]
        return [callables.apply(b, self.fn, list(values), types, self.ctx,
                                b.program.mypy_type_of(self.item_type))]


class Filtered(Source):
    """filter(f, xs) (or filter(None, xs)): the items for which f(item) is true."""

    def __init__(self, fn: n.Expression, inner: Source, ctx: n.Context) -> None:
        self.fn, self.inner, self.item_type, self.ctx = fn, inner, inner.item_type, ctx

    def start(self, b: FunctionBuilder) -> None:
        self.inner.start(b)

    def next(self, b: FunctionBuilder, exhausted: o.BasicBlock) -> list[o.Value]:
        from pyrage.compiler.irbuild import callables

        head = b.new_block()
        b.goto(head)
        b.activate(head)
        value = as_value(b, self.inner, self.inner.next(b, exhausted), self.ctx)
        held = b.temp(value.type)
        b.assign(held, value, self.ctx)
        if isinstance(self.fn, n.NameExpr) and self.fn.fullname == "builtins.None":
            verdict = expr.to_bool(b, held, self.ctx)
        else:
            verdict = expr.to_bool(b, callables.apply(
                b, self.fn, [held], [b.program.mypy_type_of(held.type)], self.ctx), self.ctx)
        keep = b.new_block()
        b.branch(verdict, keep, head)
        b.activate(keep)
        return [held]


class Hooked(Source):
    """dict and set (and their views): the stdlib class walks its own table.

    hooks: obj._next_entry(pos) -> the position of the next live entry at or after pos, or -1;
    then _key_at(pos) / _value_at(pos) read it.
    """

    def __init__(self, value: o.Value, readers: list[str], item_type: RType,
                 ctx: n.Context) -> None:
        self.value, self.readers, self.item_type, self.ctx = value, readers, item_type, ctx

    def start(self, b: FunctionBuilder) -> None:
        self.position = b.temp(INT)
        b.assign(self.position, o.Const(0, INT), self.ctx)
        self.size = method(b, self.value, "__len__", [], self.ctx)

    def next(self, b: FunctionBuilder, exhausted: o.BasicBlock) -> list[o.Value]:
        found = method(b, self.value, "_next_entry", [self.position], self.ctx)
        more = b.new_block()
        b.branch(b.add(o.Compare("<", found, o.Const(0, INT))), exhausted, more)
        b.activate(more)
        # CPython refuses to go on when the size changed under the loop.
        same, changed = b.new_block(), b.new_block()
        now = method(b, self.value, "__len__", [], self.ctx)
        b.branch(b.add(o.Compare("==", now, self.size)), same, changed)
        b.activate(changed)
        from pyrage.compiler.irbuild import exceptions

        kind = "Set" if self.value.type.name.startswith("pyrage.stdlib._set.") else "dictionary"
        exceptions.raise_builtin(b, "builtins.RuntimeError", f"{kind} changed size during "
                                                             "iteration", self.ctx)
        b.activate(same)
        parts = [method(b, self.value, reader, [found], self.ctx) for reader in self.readers]
        b.add(o.Assign(self.position, b.add(o.IntOp("+", found, o.Const(1, INT),
                                                    b.loc(self.ctx)))))
        return parts


class UserIterator(Source):
    """A class with __iter__ whose iterator has __next__: call __next__ until StopIteration.
    Its subclass AsyncIterator is `async for`'s: __aiter__, then `await __anext__()` until
    StopAsyncIteration."""

    ITER, NEXT, STOP = "__iter__", "__next__", "builtins.StopIteration"

    def __init__(self, value: o.Value, item_type: RType, ctx: n.Context) -> None:
        self.value, self.item_type, self.ctx = value, item_type, ctx

    def start(self, b: FunctionBuilder) -> None:
        iterator = method(b, self.value, self.ITER, [], self.ctx)
        self.iterator = b.temp(iterator.type)
        b.assign(self.iterator, iterator, self.ctx)

    def next_value(self, b: FunctionBuilder) -> o.Value:
        return method(b, self.iterator, self.NEXT, [], self.ctx)

    def next(self, b: FunctionBuilder, exhausted: o.BasicBlock) -> list[o.Value]:
        from pyrage.compiler.irbuild import exceptions

        outer = b.handler
        stop = b.new_block()  # under the outer handler
        b.handler = stop
        call_block = b.new_block()
        b.goto(call_block)
        b.activate(call_block)
        value = self.next_value(b)
        b.handler = outer
        got = b.temp(value.type)
        b.assign(got, value, self.ctx)
        after = b.new_block()
        b.goto(after)
        b.activate(stop)
        exc = b.add(o.LoadExc(RInstance(exceptions.base_exception(b, self.ctx))))
        stop_cls = exceptions.exception_class(b, self.STOP, self.ctx)
        is_stop, other = b.new_block(), b.new_block()
        b.branch(b.add(o.IsInstance(exc, stop_cls)), is_stop, other)
        b.activate(other)
        reraise = o.SetExc(exc)
        reraise.can_raise = True
        b.add(reraise)
        b.add(o.Unreachable())
        b.activate(is_stop)
        b.goto(exhausted)
        b.activate(after)
        return [got]


class AsyncIterator(UserIterator):
    ITER, NEXT, STOP = "__aiter__", "__anext__", "builtins.StopAsyncIteration"

    def next_value(self, b: FunctionBuilder) -> o.Value:
        coro = method(b, self.iterator, self.NEXT, [], self.ctx)
        if not isinstance(coro.type, RCoroutine):
            raise b.unsupported(self.ctx, "an __anext__ that is not an async def")
        return b.add(o.Await(coro, coro.type.ret, b.loc(self.ctx),
                             owned=isinstance(coro, o.Call) and coro.fn.is_coroutine))


def async_source(b: FunctionBuilder, iterable: n.Expression) -> AsyncIterator:
    """`async for x in it`: it has __aiter__, whose result has an async __anext__."""
    from mypy.subtypes import find_member
    from mypy.types import CallableType, get_proper_type

    from pyrage.compiler.irbuild.types import unwrap_coroutine

    t = b.mypy_type(iterable)
    if isinstance(t, Instance):
        aiter = get_proper_type(find_member("__aiter__", t, t))
        if isinstance(aiter, CallableType):
            iterator = get_proper_type(aiter.ret_type)
            if isinstance(iterator, Instance):
                anext = get_proper_type(find_member("__anext__", iterator, iterator))
                if isinstance(anext, CallableType):
                    item = unwrap_coroutine(get_proper_type(anext.ret_type))
                    return AsyncIterator(expr.build_expr(b, iterable), b.rtype(item, iterable),
                                         iterable)
    raise b.unsupported(iterable, f"async for over a {t}")


def as_value(b: FunctionBuilder, source: Source, parts: list[o.Value], ctx: n.Context) -> o.Value:
    """One item as a single value (a tuple-shaped item is built into its tuple)."""
    if len(parts) == 1:
        return parts[0]
    assert isinstance(source.item_type, RTuple)
    return expr.make_tuple(b, source.item_type, parts, ctx)


# --- choosing the source ------------------------------------------------------------------------


def source_for(b: FunctionBuilder, e: n.Expression) -> Source:
    if isinstance(e, n.GeneratorExpr):  # map(f, (x for ...)), zip(a, (...)): its items, listed
        from pyrage.compiler.irbuild import collections

        item = element_type(b, e)
        t = b.rtype(b.program.builtin_instance_of("builtins.list", item, e, b.path), e)
        listed = n.ListComprehension(e)
        listed.set_line(e)
        value = collections.build_display(b, listed, t)
        return source_of_value(b, value, item, e)
    return _source_for(b, e)


def _source_for(b: FunctionBuilder, e: n.Expression) -> Source:
    if isinstance(e, n.RefExpr) and isinstance(e.node, n.TypeInfo) and e.node.is_enum:
        from pyrage.compiler.irbuild import enums  # for member in Color

        members = enums.members_list(b, e.node, e)
        return source_of_value(b, members, b.rtype(Instance(e.node, []), e), e)
    if isinstance(e, n.CallExpr) and isinstance(e.callee, n.NameExpr):
        name = e.callee.fullname
        if name == "builtins.range":
            return Range(e)
        if name == "builtins.enumerate":
            t = element_type(b, e)
            assert isinstance(t, RTuple)
            start = e.args[1] if len(e.args) > 1 else None
            return Enumerate(source_for(b, e.args[0]), start, t, e)
        if name == "builtins.zip":
            t = element_type(b, e)
            assert isinstance(t, RTuple)
            return Zip([source_for(b, a) for a in e.args], t, e)
        if name == "builtins.map" and len(e.args) >= 2:
            return Mapped(e.args[0], [source_for(b, a) for a in e.args[1:]],
                          element_type(b, e), e)
        if name == "builtins.filter" and len(e.args) == 2:
            return Filtered(e.args[0], source_for(b, e.args[1]), e)
        if name == "builtins.reversed" and len(e.args) == 1:
            value = expr.build_expr(b, e.args[0])
            return Counted(value, element_type(b, e), e, reverse=True)
    if isinstance(e, n.CallExpr) and isinstance(e.callee, n.MemberExpr) and not e.args:
        view = e.callee.name
        owner = b.mypy_type(e.callee.expr)
        if isinstance(owner, Instance) and owner.type.fullname == "builtins.dict" and \
                view in ("keys", "values", "items"):
            value = expr.build_expr(b, e.callee.expr)
            readers = {"keys": ["_key_at"], "values": ["_value_at"],
                       "items": ["_key_at", "_value_at"]}[view]
            return Hooked(value, readers, element_type(b, e), e)
    if isinstance(e, (n.ListExpr, n.SetExpr)) and e.items and \
            not any(isinstance(item, n.StarExpr) for item in e.items):
        from pyrage.compiler.irbuild import collections

        t = collections.display_type_from_items(b, e)
        value = collections.build_display(b, e, t)
        assert isinstance(t, RInstance)
        return source_of_value(b, value, item_of(b, t, e), e)
    value = expr.build_expr(b, e)
    return source_of_value(b, value, element_type(b, e), e)


def item_of(b: FunctionBuilder, t: RInstance, ctx: n.Context) -> RType:
    """The item type of a list/set RType (its class's type argument)."""
    cinfo = b.program.class_info(t.cls)
    (arg,) = cinfo.subst.values()
    return b.program.rtype(arg, {}, ctx, b.path)


def source_of_value(b: FunctionBuilder, value: o.Value, item_type: RType,
                    ctx: n.Context) -> Source:
    t = value.type
    if t in (STR, BYTES) or isinstance(t, RTuple):
        return Counted(value, item_type, ctx)
    if isinstance(t, RInstance):
        name = t.cls.name
        if name.startswith(("pyrage.stdlib._dict.", "pyrage.stdlib._set.")):
            return Hooked(value, ["_key_at"], item_type, ctx)
        if name.startswith(("pyrage.stdlib._list.", "pyrage.stdlib._bytearray.",
                            "pyrage.stdlib._range.", "pyrage.stdlib._tuple.")):
            return Counted(value, item_type, ctx)
        return UserIterator(value, item_type, ctx)
    raise b.unsupported(ctx, f"iterating a {t} (yet)")


def element_type(b: FunctionBuilder, iterable: n.Expression) -> RType:
    """The type of the items of an iterable expression, from mypy's view of it."""
    from mypy.subtypes import find_member
    from mypy.types import AnyType, Instance, TupleType, get_proper_type

    t = b.mypy_type(iterable)
    if isinstance(t, TupleType):
        kinds = {b.rtype(item, iterable) for item in t.items}
        if len(kinds) == 1:
            return kinds.pop()
        from mypy.join import join_type_list

        common = b.rtype(join_type_list(list(t.items)), iterable)  # (A(), B()): their base
        if all(isinstance(k, RInstance) and isinstance(common, RInstance) and
               k.cls.is_subclass_of(common.cls) for k in kinds):
            return common
        raise b.unsupported(iterable, "iterating a tuple whose items differ in type")
    if isinstance(t, Instance):
        iter_type = find_member("__iter__", t, t)
        proper = get_proper_type(iter_type)
        from mypy.types import CallableType

        if isinstance(proper, CallableType):
            iterator = get_proper_type(proper.ret_type)
            if isinstance(iterator, Instance):
                next_type = get_proper_type(find_member("__next__", iterator, iterator))
                if isinstance(next_type, CallableType):
                    return b.rtype(next_type.ret_type, iterable)
    if isinstance(t, AnyType):
        raise b.error(iterable, "pyrage needs a precise type here, but mypy inferred Any")
    raise b.unsupported(iterable, f"iterating a value of type {t}")


# --- the loop -------------------------------------------------------------------------------------


def for_each(b: FunctionBuilder, iterable: n.Expression, body: Callable[[list[o.Value], Source],
                                                                       None],
             else_body: Callable[[], None] | None = None, *, is_async: bool = False) -> None:
    """Run body(parts, source) for each item; else_body when the items run out (not on break).

    The loop's continue and break targets are pushed on b.loops while body runs.
    """
    if isinstance(iterable, n.GeneratorExpr):
        comprehension(b, iterable, lambda value: body([value], _Single(value.type)))
        if else_body is not None:
            else_body()
        return
    if isinstance(iterable, (n.ListExpr, n.TupleExpr, n.SetExpr)) and not iterable.items:
        if else_body is not None:  # nothing to walk (and mypy may type the items as object)
            else_body()
        return
    source = async_source(b, iterable) if is_async else source_for(b, iterable)
    source.start(b)
    head, end = b.new_block(), b.new_block()
    exhausted = b.new_block() if else_body is not None else end
    b.goto(head)
    b.activate(head)
    parts = source.next(b, exhausted)
    b.loops.append((head, end, len(b.finally_stack)))
    body(parts, source)
    b.loops.pop()
    b.goto(head)
    if else_body is not None:
        b.activate(exhausted)
        else_body()
        b.goto(end)
    b.activate(end)


class _Single(Source):
    def __init__(self, item_type: RType) -> None:
        self.item_type = item_type


def comprehension(b: FunctionBuilder, gen: n.GeneratorExpr, emit: Callable[[o.Value], None]
                  ) -> None:
    """for ... in ... if ...: emit(element), nested in the order written."""
    if any(gen.is_async):
        raise b.unsupported(gen, "async comprehensions")
    def level(i: int) -> None:
        if i == len(gen.sequences):
            emit(expr.build_expr(b, gen.left_expr))
            return

        def body(parts: list[o.Value], source: Source) -> None:
            store_target(b, gen.indices[i], source, parts)
            skip = b.loops[-1][0]
            for cond in gen.condlists[i]:
                keep = b.new_block()
                expr.build_condition(b, cond, keep, skip)
                b.activate(keep)
            level(i + 1)

        if i == 0:
            for_each(b, gen.sequences[0], lambda parts, source: in_comprehension_scope(
                b, gen.indices, lambda: body(parts, source)))
        else:
            for_each(b, gen.sequences[i], body)

    level(0)


def in_comprehension_scope(b: FunctionBuilder, indices: list[n.Expression],
                           build: Callable[[], None]) -> None:
    """build() a comprehension's body (past its first iterable, which CPython evaluates in the
    enclosing scope): its loop variables are its own, and any other local read there is a free
    variable, whose unassigned read CPython 3.11 reports as a NameError."""
    from pyrage.compiler.irbuild.closures import _targets

    b.comprehensions.append({t.node for index in indices for t in _targets(index)
                             if isinstance(t.node, n.Var)})
    try:
        build()
    finally:
        b.comprehensions.pop()


def store_target(b: FunctionBuilder, target: n.Expression, source: Source,
                 parts: list[o.Value]) -> None:
    from pyrage.compiler.irbuild import stmt

    if len(parts) > 1 and isinstance(target, (n.TupleExpr, n.ListExpr)) and \
            len(target.items) == len(parts):
        for item, part in zip(target.items, parts):
            stmt.store(b, item, part)
        return
    value = as_value(b, source, parts, target)
    if isinstance(target, n.NameExpr) and isinstance(target.node, n.Var) and \
            target.kind == n.LDEF and target.node not in b.env:
        from mypy.types import AnyType, get_proper_type

        if isinstance(get_proper_type(target.node.type), AnyType):  # `for _ in ...`
            b.env[target.node] = b.new_register(target.node.name, value.type)
    stmt.store(b, target, value)

