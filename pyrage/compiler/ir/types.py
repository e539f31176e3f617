"""Runtime types of the IR: what a value is after monomorphization.

Every mypy type of a compiled expression maps to exactly one RType (irbuild/types.py does the
mapping). There are no type variables and no Protocols here: monomorphization has replaced them
by concrete classes, which is why a signature call is a direct call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyrage.compiler.ir.func import ClassIR


class RType:
    """Base of runtime types. `is_ref` types are pointers to heap (or static) objects."""

    name: str = "?"
    is_ref: bool = False

    def __str__(self) -> str:
        return self.name

    __repr__ = __str__


class RPrimitive(RType):
    """A built-in type with a fixed representation."""

    def __init__(self, name: str, *, is_ref: bool) -> None:
        self.name = name
        self.is_ref = is_ref


INT = RPrimitive("int", is_ref=False)  # i64, overflow traps
BOOL = RPrimitive("bool", is_ref=False)  # i1 in registers, i8 in fields
FLOAT = RPrimitive("float", is_ref=False)  # double
NONE = RPrimitive("None", is_ref=False)  # the unit: functions returning it return void
STR = RPrimitive("str", is_ref=True)
OPAQUE = RPrimitive("object", is_ref=True)  # a runtime-managed pointer (e.g. a traceback)
BYTES = RPrimitive("bytes", is_ref=True)
#: pyrage.stdlib.rawbytes.RawBytes: a bytes object used mutably (the storage of bytearray, Buffer)
RAW = RPrimitive("RawBytes", is_ref=True)


class RInstance(RType):
    """An instance of a compiled class (one specialization of a generic class)."""

    is_ref = True

    def __init__(self, cls: ClassIR) -> None:
        self.cls = cls
        self.name = cls.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RInstance) and other.cls is self.cls

    def __hash__(self) -> int:
        return hash(self.cls.name)


class RArray(RType):
    """pyrage.stdlib.array.Array[T]: a pyrage_array of 8-byte slots holding T natively."""

    is_ref = True

    def __init__(self, item: RType) -> None:
        self.item = item
        self.name = f"Array[{item.name}]"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RArray) and other.item == self.item

    def __hash__(self) -> int:
        return hash(("array", self.item))


class RCallable(RType):
    """A function value: a pointer to a closure object {type, fnptr, captured...}."""

    is_ref = True

    def __init__(self, args: tuple[RType, ...], ret: RType) -> None:
        self.args, self.ret = args, ret
        self.name = f"Callable[[{', '.join(a.name for a in args)}], {ret.name}]"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RCallable) and other.args == self.args and other.ret == self.ret

    def __hash__(self) -> int:
        return hash((self.args, self.ret))


class RCoroutine(RType):
    """What calling an `async def` returns (Coroutine[Any, Any, T], Awaitable[T]): a pointer
    to a pyrage_coro (runtime/core/object.h), whose result slot holds a T once it is done."""

    is_ref = True

    def __init__(self, ret: RType) -> None:
        self.ret = ret
        self.name = f"Coroutine[{ret.name}]"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RCoroutine) and other.ret == self.ret

    def __hash__(self) -> int:
        return hash(("coroutine", self.ret))


class RTuple(RInstance):
    """tuple[A, B, ...]: an immutable instance of a synthesized class with fields "0", "1"..."""

    def __init__(self, cls: ClassIR, items: tuple[RType, ...]) -> None:
        super().__init__(cls)
        self.items = items

    def field(self, i: int) -> str:
        """The field holding item i ("0", "1"... or a NamedTuple's field names)."""
        return list(self.cls.fields)[i]


class RUnion(RType):
    """A value of a Union/Optional type: one pointer. None is NULL, a reference member is the
    object itself, an int/bool/float member is boxed (runtime/core/object.h's pyrage_box)."""

    is_ref = True

    def __init__(self, members: tuple[RType, ...], has_none: bool) -> None:
        self.members = members  # without None; no two alike
        self.has_none = has_none
        names = [m.name for m in members] + (["None"] if has_none else [])
        self.name = " | ".join(names)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RUnion) and set(other.members) == set(self.members) and \
            other.has_none == self.has_none

    def __hash__(self) -> int:
        return hash((frozenset(self.members), self.has_none))

    def accepts(self, t: RType) -> bool:
        """Whether a value of type t can be stored in this union as it is or boxed."""
        if t == NONE:
            return self.has_none
        if isinstance(t, RUnion):
            return all(self.accepts(m) for m in t.members) and (self.has_none or not t.has_none)
        return any(t == m or (isinstance(t, RInstance) and isinstance(m, RInstance)
                              and t.cls.is_subclass_of(m.cls)) for m in self.members)


#: Members held in a box inside a union.
BOXED = (INT, BOOL, FLOAT)


def never_null(t: RType) -> bool:
    """Whether no value of type t is NULL, so that a NULL slot can mean "not assigned yet"
    (a str, an instance); else (an int, an Optional, an object) a separate flag must say it."""
    return t.is_ref and t != OPAQUE and not isinstance(t, RUnion) and t.name != "None"
