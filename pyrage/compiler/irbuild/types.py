"""mypy types -> runtime types, after type-variable substitution.

Substitution happens first (mypy.expandtype.expand_type with the specialization's map), so a
TypeVar left here is a compiler bug, and a Protocol here means the program uses a signature as a
value's type, which would need dynamic dispatch: pyrage asks for a TypeVar bound to it instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from mypy.expandtype import expand_type
from mypy.nodes import ARG_OPT, ARG_POS, Context, TypeInfo
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    LiteralType,
    NoneType,
    ProperType,
    TupleType,
    Type,
    TypeAliasType,
    TypeVarId,
    TypeVarType,
    UninhabitedType,
    UnionType,
    get_proper_type,
)

from pyrage.compiler.ir.types import (
    BOOL,
    BYTES,
    FLOAT,
    INT,
    NONE,
    OPAQUE,
    RAW,
    STR,
    RArray,
    RCallable,
    RCoroutine,
    RInstance,
    RType,
    RUnion,
)
from pyrage.compiler.irbuild.builtin_classes import (
    ARRAY_CLASS,
    BUILTIN_EXCEPTIONS,
    RAWBYTES_CLASS,
    STDLIB_CLASSES,
)

if TYPE_CHECKING:
    from pyrage.compiler.irbuild.program import ProgramBuilder

Subst = Mapping[TypeVarId, Type]

BUILTIN_RTYPES = {
    "builtins.int": INT,
    "builtins.bool": BOOL,
    "builtins.float": FLOAT,
    "builtins.str": STR,
    "builtins.bytes": BYTES,
}


def substitute(t: Type, subst: Subst) -> ProperType:
    return get_proper_type(expand_type(t, subst) if subst else t)


def unwrap_coroutine(t: ProperType) -> ProperType:
    """The T of Coroutine[Any, Any, T] (the declared return type of an async def)."""
    if isinstance(t, Instance) and t.type.fullname in ("typing.Coroutine", "typing.Awaitable") \
            and t.args:
        return get_proper_type(t.args[-1])
    return t


def type_key(t: Type) -> str:
    """A canonical, fully qualified spelling, used to name specializations."""
    return str(plain(t))


def plain(t: Type) -> ProperType:
    """t without literal-ness: mypy infers {2: x} as dict[Literal[2]?, ...]; its representation
    (and its specialization) is dict[int, ...]."""
    if isinstance(t, TypeAliasType) and t.is_recursive:
        return get_proper_type(t)  # TypeMapper.rtype reports it
    p = get_proper_type(t)
    if isinstance(p, LiteralType):
        return plain(p.fallback)
    if isinstance(p, Instance):
        if p.last_known_value is not None or any(
                isinstance(get_proper_type(a), (LiteralType, UnionType)) or
                isinstance(get_proper_type(a), Instance) for a in p.args):
            return p.copy_modified(args=[plain(a) for a in p.args], last_known_value=None)
        return p
    if isinstance(p, UnionType):
        items: list[ProperType] = []
        for item in p.items:
            q = plain(item)
            if str(q) not in (str(i) for i in items):
                items.append(q)
        return items[0] if len(items) == 1 else UnionType(items)
    if isinstance(p, TupleType):
        return p.copy_modified(items=[plain(i) for i in p.items])
    return p


class TypeMapper:
    def __init__(self, program: ProgramBuilder) -> None:
        self.program = program
        self.expanding: set[str] = set()  # the type aliases being mapped, outermost first

    def rtype(self, t: Type, ctx: Context, path: str) -> RType:
        alias = t.alias.fullname if isinstance(t, TypeAliasType) and t.alias else None
        if alias is not None and alias in self.expanding:  # recursive through list[...] etc.
            raise self.program.error(path, ctx, f'pyrage does not support recursive types '
                                                f'such as "{alias.rpartition(".")[2]}" (yet): '
                                                'use a class for the recursive case')
        if alias is not None:
            self.expanding.add(alias)
        try:
            return self.rtype_of(t, ctx, path)
        finally:
            if alias is not None:
                self.expanding.discard(alias)

    def rtype_of(self, t: Type, ctx: Context, path: str) -> RType:
        if isinstance(t, TypeAliasType) and t.is_recursive:
            raise self.program.error(path, ctx, f'pyrage does not support recursive type '
                                                f'aliases such as "{t.alias.name if t.alias else t}"'
                                                ' (yet): use a class for the recursive case')
        p = get_proper_type(t)
        if isinstance(p, LiteralType):
            p = p.fallback
        if isinstance(p, CallableType):
            if p.variables:  # `(lambda: Box)()` with Box generic: one value, many types
                raise self.program.error(path, ctx, "pyrage does not support a generic class "
                                                    "or function as a value (yet): call it "
                                                    "directly, or give the value a concrete "
                                                    "type")
            if any(k not in (ARG_POS, ARG_OPT) for k in p.arg_kinds):
                raise self.program.error(path, ctx, "pyrage does not support function values "
                                                    "with keyword-only or star parameters (yet)")
            return RCallable(tuple(self.rtype(a, ctx, path) for a in p.arg_types),
                             self.rtype(p.ret_type, ctx, path))
        if isinstance(p, TupleType):
            fallback = p.partial_fallback.type
            if fallback.fullname != "builtins.tuple":
                cls = self.program.specialize_class(fallback, [], ctx, path)  # a NamedTuple
                assert cls.tuple_type is not None
                return cls.tuple_type
            return self.program.tuple_type([self.rtype(t, ctx, path) for t in p.items])
        if isinstance(p, Instance):
            info = p.type
            if info.fullname in BUILTIN_RTYPES:
                return BUILTIN_RTYPES[info.fullname]
            if info.fullname in ("typing.Coroutine", "typing.Awaitable") and p.args:
                return RCoroutine(self.rtype(p.args[-1], ctx, path))
            if info.fullname == "builtins.object":
                return OPAQUE  # e.g. the items of `[]` passed where an Iterable[object] goes
            if info.fullname == ARRAY_CLASS:
                return RArray(self.rtype(p.args[0], ctx, path))
            if info.fullname == RAWBYTES_CLASS:
                return RAW
            if info.fullname in STDLIB_CLASSES:
                impl = self.program.stdlib_class(info.fullname)
                return RInstance(self.program.specialize_class(impl, p.args, ctx, path))
            if info.is_protocol:
                raise self.program.error(
                    path, ctx,
                    f'a value of the Protocol type "{info.name}" needs dynamic dispatch, which '
                    f'pyrage does not do: make the code generic over a TypeVar bound to '
                    f'{info.name} (e.g. T = TypeVar("T", bound={info.name}))')
            if self.program.is_compiled_class(info) or info.fullname in BUILTIN_EXCEPTIONS:
                return RInstance(self.program.specialize_class(info, p.args, ctx, path))
            raise self.program.error(path, ctx, f'pyrage does not support values of type '
                                                f'"{_display(p)}" yet')
        if isinstance(p, NoneType) or isinstance(p, UninhabitedType):
            return NONE
        if isinstance(p, UnionType):
            return self.union(p, ctx, path)
        if isinstance(p, AnyType):
            raise self.program.error(path, ctx, "pyrage needs a precise type here, but mypy "
                                                "inferred Any: add an annotation")
        if isinstance(p, TypeVarType):
            raise self.program.error(path, ctx, f"internal error: type variable {p.name} was "
                                                "not substituted")
        raise self.program.error(path, ctx, f'pyrage does not support values of type '
                                            f'"{_display(p)}" yet')


    def union(self, p: UnionType, ctx: Context, path: str) -> RType:
        """Literal['on'] | Literal['off'] is a str (one representation); anything else is an
        RUnion, members flattened and deduplicated."""
        members: list[RType] = []
        has_none = False
        for item in p.items:
            t = self.rtype(item, ctx, path)
            parts = list(t.members) if isinstance(t, RUnion) else [t]
            has_none |= t == NONE or (isinstance(t, RUnion) and t.has_none)
            members += [m for m in parts if m != NONE and m not in members]
        if not has_none and len(members) == 1:
            return members[0]
        if not members:
            return NONE
        return RUnion(tuple(members), has_none)


def _display(t: ProperType) -> str:
    if isinstance(t, Instance):
        return str(t).replace("builtins.", "")
    return str(t)


def class_subst(info: TypeInfo, args: tuple[Type, ...] | list[Type]) -> dict[TypeVarId, Type]:
    return {tv.id: arg for tv, arg in zip(info.defn.type_vars, args)}
