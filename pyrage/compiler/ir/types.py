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
