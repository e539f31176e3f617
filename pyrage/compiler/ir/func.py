"""Functions, classes, globals and the whole program, as IR data."""

from __future__ import annotations

from pyrage.compiler.ir.ops import BasicBlock, Register
from pyrage.compiler.ir.types import RTuple, RType


class FuncIR:
    """One compiled function: one specialization of a Python function or method.

    An @extern function has `extern` set to the runtime symbol it calls and no blocks.
    """

    def __init__(self, name: str, params: list[Register], ret_type: RType, *,
                 path: str, line: int, noreturn: bool = False, extern: str | None = None) -> None:
        self.name = name  # unique in the program, e.g. "unikernel.Main[impls.Console].start"
        self.params = params
        self.ret_type = ret_type
        self.path = path
        self.line = line
        self.noreturn = noreturn
        self.extern = extern
        self.blocks: list[BasicBlock] = []
        self.registers: list[Register] = []  # every local, parameters included
        self.py_name = "<module>"  # the name CPython's tracebacks show for it
        #: LLVM function attributes beyond the target's: "cold"/"noinline" for what only runs
        #: on an error path (exception constructors), "inlinehint" for the stdlib's primitives.
        self.attributes: set[str] = set()
        #: An `async def`: calling it creates a coroutine (RCoroutine(ret_type)) and runs
        #: nothing; its body runs when the coroutine is awaited or stepped (codegen/coroutines.py).
        self.is_coroutine = False
        #: A Python function as CPython sees one (a frame): its calls count towards the
        #: recursion limit (codegen/function.py). Not the builtins' implementation in
        #: pyrage.stdlib._*, nor adapters and other synthesized code; not coroutines, whose
        #: resumptions are counted at `await` instead.
        self.counts_depth = False
        #: A class's constructor: CPython refuses it past the limit "while calling a Python
        #: object".
        self.is_type_call = False
        #: The tail of a `raise` moved out of its function (transform/outline_raises.py): it
        #: always returns with an exception pending, whose traceback already has the caller's
        #: frame.
        self.outlined_raise = False
        #: Code CPython has no Python frame for (the builtins' implementation in
        #: pyrage.stdlib._*: `d[k]`, `int.to_bytes`): an exception raised in it or passing
        #: through it gets no traceback entry of it, so tracebacks show what CPython shows.
        self.hides_frame = False

    @property
    def call_type(self) -> RType:
        """What a call of it evaluates to."""
        from pyrage.compiler.ir.types import RCoroutine

        return RCoroutine(self.ret_type) if self.is_coroutine else self.ret_type

    def __repr__(self) -> str:
        return f"<FuncIR {self.name}>"


class ClassIR:
    """One concrete class: its fields in layout order and its compiled methods."""

    def __init__(self, name: str, py_name: str, module: str | None = None,
                 base: ClassIR | None = None, extern_type: str | None = None) -> None:
        self.name = name  # unique, with type arguments: "unikernel.Main[pyrage.impls.console.Console]"
        self.py_name = py_name  # what type(x).__name__ gives in CPython: "Main"
        self.module = module  # None for builtins (tracebacks print "module.Name" otherwise)
        self.base = base  # the superclass; its fields come first in the layout
        self.extern_type = extern_type  # a type info defined by the runtime (rt_type_ValueError)
        #: str()/repr() of an instance held as `object`, when the program makes one
        #: (ProgramBuilder.dynamic_text); the type info points at them.
        self.dynamic_str: FuncIR | None = None
        self.dynamic_repr: FuncIR | None = None
        self.dynamic_eq: FuncIR | None = None  # == of an instance held as `object`
        self.fields: dict[str, RType] = dict(base.fields) if base is not None else {}
        self.methods: dict[str, FuncIR] = {}
        #: The methods its instances run for each virtual slot of its class family (slot index
        #: -> function); empty when nothing is called virtually.
        self.vtable: list[FuncIR | None] = []
        #: For a NamedTuple class: the tuple type its instances have (they are tuples).
        self.tuple_type: RTuple | None = None

    def is_subclass_of(self, other: ClassIR) -> bool:
        cls: ClassIR | None = self
        while cls is not None:
            if cls is other:
                return True
            cls = cls.base
        return False

    def __repr__(self) -> str:
        return f"<ClassIR {self.name}>"


class GlobalIR:
    """A module-level variable (or a module's "initialized" flag)."""

    def __init__(self, name: str, type: RType) -> None:
        self.name = name
        self.type = type
        #: For a variable of the program: (builtin exception, message) raised by a read before
        #: the first assignment (NameError, or AttributeError for a class variable).
        self.unbound_error: tuple[str, str] | None = None
        #: Its "assigned" flag, where the value itself cannot tell (an int, an Optional...).
        self.flag: GlobalIR | None = None


class ProgramIR:
    """Everything reachable from the entry point, after monomorphization."""

    def __init__(self, entry: FuncIR, entry_module: str) -> None:
        self.entry = entry  # emitted as pyrage_main: runs the main module
        self.entry_module = entry_module  # its classes are __main__.X to CPython
        self.functions: list[FuncIR] = []
        self.classes: list[ClassIR] = []
        self.globals: list[GlobalIR] = []
