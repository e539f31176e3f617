"""IR values and operations. Data only: building is in irbuild/, meaning is in codegen/.

A function body is a list of basic blocks; each block is a list of ops ending in exactly one
terminator (Goto, Branch, Return, Unreachable). Local variables are Registers (assigned any
number of times); every other Op is a value defined once and used only in the block that
defines it or in blocks it dominates (irbuild guarantees this by going through Registers
whenever a value crosses control flow it built).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from pyrage.compiler.ir.types import BOOL, INT, NONE, RType

if TYPE_CHECKING:
    from pyrage.compiler.ir.func import ClassIR, FuncIR, GlobalIR


class Value:
    type: RType = NONE


class Register(Value):
    """A local variable or parameter."""

    def __init__(self, name: str, type: RType) -> None:
        self.name = name
        self.type = type


ConstValue = Union[int, bool, float, str, bytes, None]


class Const(Value):
    """A literal. str and bytes constants become static objects."""

    def __init__(self, value: ConstValue, type: RType) -> None:
        self.value = value
        self.type = type


class Loc:
    """A source location attached to every op that can fail; `func` is the function's name as
    a CPython traceback shows it."""

    def __init__(self, path: str, line: int, func: str = "<module>") -> None:
        self.path = path
        self.line = line
        self.func = func

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class Op(Value):
    loc: Loc | None = None
    #: Whether the op can raise: afterwards, transform/exceptions.py checks rt_exc and branches
    #: to the block's error handler.
    can_raise: bool = False
    #: For an op whose check codegen inlines (raises_inline): where its raising path jumps,
    #: set by transform/exceptions.py in place of a check of rt_exc after the op.
    raise_to: BasicBlock | None = None

    @property
    def raises_inline(self) -> bool:
        """Whether codegen emits this op's failure test itself (a bounds check, a zero
        divisor), so that the raising path can branch straight to the handler."""
        return False

    def sources(self) -> list[Value]:
        return []


class BasicBlock:
    def __init__(self, label: int, error_handler: BasicBlock | None = None) -> None:
        self.label = label
        self.ops: list[Op] = []
        #: Where an exception raised in this block goes: an except dispatcher, or None for the
        #: function's error exit (propagate to the caller).
        self.error_handler = error_handler

    @property
    def terminated(self) -> bool:
        return bool(self.ops) and isinstance(self.ops[-1], Terminator)


# --- plain operations -------------------------------------------------------------------------


class Assign(Op):
    def __init__(self, dest: Register, src: Value) -> None:
        self.dest, self.src = dest, src

    def sources(self) -> list[Value]:
        return [self.src]


class Call(Op):
    """A direct call of a compiled (or @extern) function: after monomorphization, all are."""

    def __init__(self, fn: FuncIR, args: list[Value], loc: Loc) -> None:
        self.fn, self.args, self.loc = fn, args, loc
        self.type = fn.call_type
        # Creating a coroutine runs none of its body: nothing can raise until it is awaited.
        self.can_raise = fn.extern is None and not fn.is_coroutine
        #: Set when the receiver's class has subclasses that override fn: the call goes through
        #: slot `vtable_slot` of the receiver's vtable (args[0] is the receiver).
        self.vtable_slot: int | None = None

    def sources(self) -> list[Value]:
        return list(self.args)


class Await(Op):
    """`await coro` in an async def: runs coro until it finishes (the value is its result; its
    exception propagates from here) or suspends, in which case this coroutine suspends too
    and goes on when coro has finished. Awaiting a coroutine twice raises RuntimeError."""

    def __init__(self, coro: Value, type: RType, loc: Loc, *, owned: bool = False) -> None:
        self.coro, self.type, self.loc = coro, type, loc
        self.can_raise = True
        #: coro was made for this await (`await f(x)`) and nothing else holds it, so it is
        #: recycled once done.
        self.owned = owned

    def sources(self) -> list[Value]:
        return [self.coro]


class Suspend(Op):
    """`await sched.suspend()`: suspends the running task (recording this coroutine as where
    it goes on). When the scheduler resumes it with an exception thrown in (cancellation),
    the exception is raised here."""

    def __init__(self, loc: Loc) -> None:
        self.loc = loc
        self.can_raise = True


class FuncAddr(Op):
    """The address of a compiled function (the entry of a closure)."""

    def __init__(self, fn: FuncIR) -> None:
        from pyrage.compiler.ir.types import OPAQUE

        self.fn = fn
        self.type = OPAQUE


class CallValue(Op):
    """f(args) for a function value f: its entry, called with f itself first."""

    def __init__(self, fn: Value, args: list[Value], ret: RType, loc: Loc) -> None:
        self.fn, self.args, self.type, self.loc = fn, args, ret, loc
        self.can_raise = True

    def sources(self) -> list[Value]:
        return [self.fn, *self.args]


class CallRuntime(Op):
    """A call of a language-core function in runtime/core (rt_*).

    `arg_types` are the C-level parameter types. With `pass_loc`, the op's location is passed
    as a trailing `const pyrage_loc *` (the function reports errors at it).
    """

    def __init__(self, name: str, args: list[Value], ret: RType, loc: Loc,
                 *, pass_loc: bool = False, arg_types: list[RType] | None = None,
                 pure: bool = False, raises: bool = False) -> None:
        self.name, self.args, self.type, self.loc = name, args, ret, loc
        self.pass_loc = pass_loc
        self.can_raise = raises
        self.arg_types = arg_types if arg_types is not None else [a.type for a in args]
        self.pure = pure

    def sources(self) -> list[Value]:
        return list(self.args)


class BuildStr(Op):
    """''.join(parts) for a number of parts known at compile time (f-strings, str.format)."""

    def __init__(self, parts: list[Value], loc: Loc) -> None:
        from pyrage.compiler.ir.types import STR

        self.parts, self.loc, self.type = parts, loc, STR

    def sources(self) -> list[Value]:
        return list(self.parts)


class Alloc(Op):
    """A new, zeroed instance of a class (fields are set by the constructor)."""

    def __init__(self, cls: ClassIR, loc: Loc, type: RType | None = None) -> None:
        from pyrage.compiler.ir.types import RInstance

        self.cls, self.loc = cls, loc
        self.type = type or RInstance(cls)  # an RTuple for tuples


class GetField(Op):
    def __init__(self, obj: Value, cls: ClassIR, field: str, loc: Loc, *,
                 unassigned_error: str | None = None) -> None:
        self.obj, self.cls, self.field, self.loc = obj, cls, field, loc
        self.type = cls.fields[field]
        #: For a field that may be read before its first assignment (irbuild/fieldinit.py):
        #: the AttributeError message a NULL raises.
        self.unassigned_error = unassigned_error
        self.can_raise = unassigned_error is not None

    @property
    def raises_inline(self) -> bool:
        return self.unassigned_error is not None

    def sources(self) -> list[Value]:
        return [self.obj]


class SetField(Op):
    def __init__(self, obj: Value, cls: ClassIR, field: str, value: Value, loc: Loc) -> None:
        self.obj, self.cls, self.field, self.value, self.loc = obj, cls, field, value, loc

    def sources(self) -> list[Value]:
        return [self.obj, self.value]


class LoadGlobal(Op):
    """A module or class variable; reading one that was never assigned raises its
    glob.unbound_error (a NameError), checked inline."""

    def __init__(self, glob: GlobalIR, loc: Loc | None = None) -> None:
        self.glob = glob
        self.type = glob.type
        self.loc = loc
        self.can_raise = glob.unbound_error is not None
        assert loc is not None or not self.can_raise, glob.name

    @property
    def raises_inline(self) -> bool:
        return self.glob.unbound_error is not None


class CheckBound(Op):
    """Raise CPython's UnboundLocalError (or, for a free variable, NameError) unless a local
    variable has a value: reading a name that no path assigned, or that `del` removed.

    irbuild puts one before every read of a local (`var` is then its register);
    transform/unbound_locals.py deletes those it proves assigned on every path, and points the
    rest at what codegen tests: a BOOL "bound" flag, or the register itself when its type can
    never hold NULL (an instance, a str...), whose slot is NULL until assigned. For a cell
    (a captured variable) `var` is the cell's flag or value, read by irbuild, and the check
    always stays."""

    raises_inline = True

    def __init__(self, var: Value, name: str, loc: Loc, *, free: bool = False) -> None:
        self.var, self.name, self.loc = var, name, loc
        #: A variable of an enclosing function (read through a closure): NameError.
        self.free = free
        #: A local register irbuild asked about (the transform may drop the check).
        self.local = isinstance(var, Register)
        self.can_raise = True

    @property
    def error(self) -> tuple[str, str]:
        """The exception class and message CPython raises."""
        if self.free:
            return ("builtins.NameError", f"cannot access free variable '{self.name}' where it "
                                          "is not associated with a value in enclosing scope")
        return ("builtins.UnboundLocalError", f"cannot access local variable '{self.name}' "
                                              "where it is not associated with a value")

    def sources(self) -> list[Value]:
        return [self.var]


class Unassign(Op):
    """`del name`: a local's register (and flag), or a module variable (and its "assigned"
    flag), go back to unassigned, and the slot to NULL/0, so the collector no longer sees the
    value."""

    def __init__(self, dest: Register | GlobalIR) -> None:
        self.dest = dest


class StoreGlobal(Op):
    def __init__(self, glob: GlobalIR, value: Value) -> None:
        self.glob, self.value = glob, value

    def sources(self) -> list[Value]:
        return [self.value]


#: Integer operators with Python semantics: floor division and modulo, traps on overflow,
#: ZeroDivisionError on a zero divisor, ValueError on a negative shift count.
INT_OPS = ("+", "-", "*", "//", "%", "<<", ">>", "&", "|", "^", "**")


class IntOp(Op):
    def __init__(self, op: str, lhs: Value, rhs: Value, loc: Loc, *,
                 wrapping: bool = False) -> None:
        assert op in INT_OPS, op
        assert not wrapping or op in ("+", "-"), op
        self.op, self.lhs, self.rhs, self.loc = op, lhs, rhs, loc
        self.type = INT
        self.can_raise = op in ("//", "%", "<<", ">>", "**")
        #: Modulo 2**64, unchecked: only for counters the compiler itself keeps (range loops),
        #: never for a Python expression.
        self.wrapping = wrapping

    @property
    def raises_inline(self) -> bool:
        return self.op in ("//", "%", "<<", ">>")

    def sources(self) -> list[Value]:
        return [self.lhs, self.rhs]


#: float operators done inline (the others, which can raise, are runtime calls).
FLOAT_OPS = ("+", "-", "*")


class FloatOp(Op):
    def __init__(self, op: str, lhs: Value, rhs: Value) -> None:
        from pyrage.compiler.ir.types import FLOAT

        assert op in FLOAT_OPS, op
        self.op, self.lhs, self.rhs = op, lhs, rhs
        self.type = FLOAT

    def sources(self) -> list[Value]:
        return [self.lhs, self.rhs]


class IntToFloat(Op):
    """float(i): rounds to nearest-even where an int has more than 53 bits, as CPython."""

    def __init__(self, value: Value) -> None:
        from pyrage.compiler.ir.types import FLOAT

        self.value = value
        self.type = FLOAT

    def sources(self) -> list[Value]:
        return [self.value]


COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=")


class Compare(Op):
    """Comparison of two ints or two bools (signed), or two floats (IEEE: NaN is unequal to
    everything, itself included)."""

    def __init__(self, op: str, lhs: Value, rhs: Value) -> None:
        assert op in COMPARE_OPS, op
        self.op, self.lhs, self.rhs = op, lhs, rhs
        self.type = BOOL

    def sources(self) -> list[Value]:
        return [self.lhs, self.rhs]


class Not(Op):
    def __init__(self, value: Value) -> None:
        self.value = value
        self.type = BOOL

    def sources(self) -> list[Value]:
        return [self.value]


class ArrayNew(Op):
    """Array[T](length): zeroed slots; ValueError for a negative length."""

    def __init__(self, length: Value, type: RType, loc: Loc) -> None:
        self.length, self.type, self.loc = length, type, loc
        self.can_raise = True

    def sources(self) -> list[Value]:
        return [self.length]


class ArrayGet(Op):
    raises_inline = True

    """array[index], IndexError outside 0 <= index < len."""

    def __init__(self, array: Value, index: Value, type: RType, loc: Loc) -> None:
        self.array, self.index, self.type, self.loc = array, index, type, loc
        self.can_raise = True

    def sources(self) -> list[Value]:
        return [self.array, self.index]


class ArraySet(Op):
    raises_inline = True

    def __init__(self, array: Value, index: Value, value: Value, loc: Loc) -> None:
        self.array, self.index, self.value, self.loc = array, index, value, loc
        self.can_raise = True

    def sources(self) -> list[Value]:
        return [self.array, self.index, self.value]


class RangeLength(Op):
    """len(range(start, stop, step)) for a constant, non-zero step, as an unsigned 64-bit
    count (range(-2**63, 2**63 - 1) has 2**64 - 1 items): what a range loop counts down."""

    def __init__(self, start: Value, stop: Value, step: int) -> None:
        assert step != 0
        self.start, self.stop, self.step = start, stop, step
        self.type = INT

    def sources(self) -> list[Value]:
        return [self.start, self.stop]


class ByteGet(Op):
    raises_inline = True

    """The byte at index of a bytes or RawBytes object (an int 0..255), IndexError("index out
    of range") outside 0 <= index < len. Negative indexes are the caller's to adjust."""

    def __init__(self, obj: Value, index: Value, loc: Loc) -> None:
        self.obj, self.index, self.loc = obj, index, loc
        self.type = INT
        self.can_raise = True

    def sources(self) -> list[Value]:
        return [self.obj, self.index]


class ByteSet(Op):
    raises_inline = True

    """raw[index] = value for a RawBytes: IndexError outside it, ValueError unless 0 <= value
    < 256."""

    def __init__(self, obj: Value, index: Value, value: Value, loc: Loc) -> None:
        self.obj, self.index, self.value, self.loc = obj, index, value, loc
        self.can_raise = True

    def sources(self) -> list[Value]:
        return [self.obj, self.index, self.value]


class Box(Op):
    """An int/bool/float put in a union: a new pyrage_box."""

    def __init__(self, value: Value, type: RType, loc: Loc) -> None:
        self.value, self.type, self.loc = value, type, loc

    def sources(self) -> list[Value]:
        return [self.value]


class Unbox(Op):
    """The int/bool/float in a boxed union value (mypy proved it is one)."""

    def __init__(self, value: Value, type: RType) -> None:
        self.value, self.type = value, type

    def sources(self) -> list[Value]:
        return [self.value]


class IsNone(Op):
    """value is None, for a union (a NULL pointer)."""

    def __init__(self, value: Value) -> None:
        self.value = value
        self.type = BOOL

    def sources(self) -> list[Value]:
        return [self.value]


class HasType(Op):
    """A non-None union value holds a member of exactly this builtin representation (int box,
    bool box, float box, str, bytes): its type pointer is that runtime type."""

    def __init__(self, value: Value, member: RType) -> None:
        self.value, self.member = value, member
        self.type = BOOL

    def sources(self) -> list[Value]:
        return [self.value]


class SameObject(Op):
    """a is b: pointer identity."""

    def __init__(self, lhs: Value, rhs: Value) -> None:
        self.lhs, self.rhs = lhs, rhs
        self.type = BOOL

    def sources(self) -> list[Value]:
        return [self.lhs, self.rhs]


class Cast(Op):
    """The same pointer with a narrower static type (mypy narrowed it, e.g. by isinstance)."""

    def __init__(self, value: Value, type: RType) -> None:
        self.value = value
        self.type = type

    def sources(self) -> list[Value]:
        return [self.value]


class Len(Op):
    """len() of a str (code points), bytes or RawBytes (octets): a field read, never fails."""

    def __init__(self, value: Value) -> None:
        self.value = value
        self.type = INT

    def sources(self) -> list[Value]:
        return [self.value]


class Select(Op):
    """cond ? if_true : if_false, all evaluated already (no side effects)."""

    def __init__(self, cond: Value, if_true: Value, if_false: Value) -> None:
        self.cond, self.if_true, self.if_false = cond, if_true, if_false
        self.type = if_true.type

    def sources(self) -> list[Value]:
        return [self.cond, self.if_true, self.if_false]


# --- exceptions -------------------------------------------------------------------------------


class CheckExc(Op):
    """rt_exc != NULL: inserted by transform/exceptions.py after each op that can raise."""

    def __init__(self) -> None:
        self.type = BOOL


class LoadExc(Op):
    """The exception in flight (rt_exc), which is cleared: the start of an except handler."""

    def __init__(self, type: RType) -> None:
        self.type = type


class IsExactly(Op):
    """obj's class is exactly cls (no subclass): dataclass equality checks this."""

    def __init__(self, obj: Value, cls: ClassIR) -> None:
        self.obj, self.cls = obj, cls
        self.type = BOOL

    def sources(self) -> list[Value]:
        return [self.obj]


class SetExc(Op):
    """rt_exc = value: re-raise a caught exception as it is (its traceback kept)."""

    def __init__(self, value: Value) -> None:
        self.value = value

    def sources(self) -> list[Value]:
        return [self.value]


class IsInstance(Op):
    """Whether obj's class is cls or a subclass of it (obj is not NULL)."""

    def __init__(self, obj: Value, cls: ClassIR) -> None:
        self.obj, self.cls = obj, cls
        self.type = BOOL

    def sources(self) -> list[Value]:
        return [self.obj]


class IsOfFamily(Op):
    """Whether obj (not NULL) is an instance of a builtin generic family: any specialization of
    the stdlib class `family` (isinstance(x, list) is true of a List[int] and of a List[str]),
    and with `tuples` any tuple class too. The family's classes are only all known once the
    program is built, so codegen compares obj's type with each of them."""

    def __init__(self, obj: Value, family: str, tuples: bool = False) -> None:
        self.obj, self.family, self.tuples = obj, family, tuples
        self.type = BOOL

    def sources(self) -> list[Value]:
        return [self.obj]

    def member(self, cls: ClassIR) -> bool:
        return cls.name == self.family or cls.name.startswith(self.family + "[") or \
            self.tuples and (cls.name.startswith("tuple[") or cls.tuple_type is not None)


# --- terminators ------------------------------------------------------------------------------


class Terminator(Op):
    pass


class Goto(Terminator):
    def __init__(self, target: BasicBlock) -> None:
        self.target = target


class Branch(Terminator):
    def __init__(self, cond: Value, if_true: BasicBlock, if_false: BasicBlock) -> None:
        self.cond, self.if_true, self.if_false = cond, if_true, if_false

    def sources(self) -> list[Value]:
        return [self.cond]


class Return(Terminator):
    def __init__(self, value: Value | None, *, raising: bool = False) -> None:
        self.value = value
        #: The error exit: it returns a dummy value with an exception pending.
        self.raising = raising

    def sources(self) -> list[Value]:
        return [self.value] if self.value is not None else []


class Unreachable(Terminator):
    """After a call that never returns (exit, a fatal error)."""


def successors(term: Op) -> list[BasicBlock]:
    if isinstance(term, Goto):
        return [term.target]
    if isinstance(term, Branch):
        return [term.if_true, term.if_false]
    return []
