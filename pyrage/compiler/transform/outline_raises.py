"""Move the work of a `raise` out of line: building the exception (an f-string message, its
int-to-str conversions, the constructor) goes into a cold, noinline helper of its own, and
the raise site becomes one call of it. The stdlib's small primitives (Buffer's accessors,
list[i]) are inlined everywhere (transform/inline_small.py): without this pass every inlined
copy carried its own copy of the message formatting, which was most of an image's code.

Example: in Buffer._check

    L2:                                        L2:
        r1 = rt_int_to_str(width)                  Buffer._check.<raise:57>(width, at, self, what)
        r2 = rt_int_to_str(at)                     unreachable
        r3 = self._len
        r4 = rt_int_to_str(r3)
        r5 = build_str('Buffer.', what, ...)   def Buffer._check.<raise:57>(width, at, self, what):
        r6 = IndexError.__new__(r5)            L0: (the ops on the left, unchanged)
        rt_raise_at(r6)
        unreachable

The helper always returns with an exception pending, whose traceback already holds the frame
(every op keeps its location, and with it the caller's file, line and function name); it
counts no recursion depth. So transform/exceptions.py sends its caller straight to the handler,
adding no frame, and what a traceback shows is unchanged. The moved ops are the straight-line
tail of the block that ends in the raise, up to the first op that assigns a local (a handler
may read it) or that only the caller can do (await, taking or setting the pending exception).
"""

from __future__ import annotations

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import FuncIR, ProgramIR
from pyrage.compiler.ir.types import NONE
from pyrage.compiler.irbuild.program import ENTRY_SYMBOL

#: Ops that only the raising function itself can run (registers, the coroutine, rt_exc).
_STAYS = (o.Assign, o.Unassign, o.Await, o.Suspend, o.LoadExc, o.SetExc, o.CheckExc,
          o.Terminator)


def outline_raises(program: ProgramIR) -> None:
    helpers: list[FuncIR] = []
    for fn in program.functions:
        if fn.extern is not None or fn.name == ENTRY_SYMBOL:
            continue
        count = 0
        for block in fn.blocks:
            helper = _outline(fn, block, count)
            if helper is not None:
                helpers.append(helper)
                count += 1
    program.functions += helpers


def _is_raise(op: o.Op) -> bool:
    return isinstance(op, o.CallRuntime) and op.name == "rt_raise_at"


def _outline(fn: FuncIR, block: o.BasicBlock, count: int) -> FuncIR | None:
    ops = block.ops
    if len(ops) < 2 or not isinstance(ops[-1], o.Unreachable) or not _is_raise(ops[-2]):
        return None
    start = len(ops) - 2
    while start > 0 and not isinstance(ops[start - 1], _STAYS):
        start -= 1
    tail = ops[start:-1]
    # A value the tail defines and code outside it uses would have to stay: irbuild never
    # makes one (values crossing control flow go through registers), but check.
    moved = {id(op) for op in tail}
    for other in fn.blocks:
        for op in other.ops if other is not block else ops[:start]:
            if any(id(v) in moved for v in op.sources()):
                return None
    if len(tail) < 2:
        return None  # `raise e`: nothing to share
    raise_op = tail[-1]
    assert raise_op.loc is not None
    params: list[o.Register] = []
    outer: list[o.Value] = []
    mapping: dict[int, o.Register] = {}
    for op in tail:
        for v in op.sources():
            if isinstance(v, o.Const) or id(v) in moved or id(v) in mapping:
                continue
            param = o.Register(f"a{len(params)}", v.type)
            mapping[id(v)] = param
            params.append(param)
            outer.append(v)
        _substitute(op, mapping)
    name = f"{fn.name}.<raise:{raise_op.loc.line}>" + (f"#{count}" if count else "")
    helper = FuncIR(name, params, NONE, path=fn.path, line=raise_op.loc.line)
    helper.py_name = fn.py_name
    helper.registers = list(params)
    helper.attributes = {"cold", "noinline", "optsize", "minsize"}
    helper.outlined_raise = True
    helper.hides_frame = fn.hides_frame
    body = o.BasicBlock(0)
    body.ops = [*tail, o.Unreachable()]
    helper.blocks = [body]
    block.ops = [*ops[:start], o.Call(helper, outer, raise_op.loc), o.Unreachable()]
    return helper


def _substitute(op: o.Op, mapping: dict[int, o.Register]) -> None:
    """Point op's operands that come from outside the tail at the helper's parameters."""
    for attr, value in vars(op).items():
        if isinstance(value, o.Value) and id(value) in mapping:
            setattr(op, attr, mapping[id(value)])
        elif isinstance(value, list):
            setattr(op, attr, [mapping.get(id(v), v) if isinstance(v, o.Value) else v
                               for v in value])
