"""Which functions can raise: a call of one that cannot needs no exception check after it.

A function can raise if it has an op that raises by itself (raise, 1 // x, s[i], a runtime call
marked `raises`), if it counts towards the recursion limit (RecursionError), or if it calls a
function that can raise. Computed for the whole program to a fixed point, so recursion is
handled. Example: `len(xs)` calls the stdlib's List.__len__, which raises nothing, so no check
follows the call.
"""

from __future__ import annotations

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import FuncIR, ProgramIR


def _calls(fn: FuncIR) -> list[o.Call]:
    return [op for block in fn.blocks for op in block.ops if isinstance(op, o.Call)]


def _raises_directly(fn: FuncIR) -> bool:
    return fn.counts_depth or any(op.can_raise and not isinstance(op, o.Call)
                                  for block in fn.blocks for op in block.ops)


def mark_calls_that_cannot_raise(program: ProgramIR) -> None:
    raising = {fn.name for fn in program.functions if fn.extern is None and _raises_directly(fn)}
    changed = True
    while changed:
        changed = False
        for fn in program.functions:
            if fn.name in raising or fn.extern is not None:
                continue
            if any(call.fn.name in raising for call in _calls(fn)):
                raising.add(fn.name)
                changed = True
    for fn in program.functions:
        for call in _calls(fn):
            # Creating a coroutine runs none of its body: its exceptions come out of `await`.
            call.can_raise = call.fn.name in raising and not call.fn.is_coroutine
