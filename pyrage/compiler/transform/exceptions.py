"""Make exceptions flow: after every op that can raise, branch to its block's error handler.

Example: a block whose handler is H (or, with none, the function's error exit)

    L3:                                  L3:
        r1 = f(x)           becomes          r1 = f(x)
        r2 = r1 + 1                          r9 = exception pending
                                             if r9 goto L7 else goto L8
                                         L7: tb_add(loc of f(x)); goto H
                                         L8: r2 = r1 + 1

An op whose failure test codegen emits inline (a bounds check, a zero divisor) gets no check
after it: its raising path branches to the handler itself (op.raise_to).

A call of a compiled function adds the caller's frame to the traceback on its way out (the
exception arrives from a callee); ops that raise directly (`raise`, 1 // 0, s[99]) have the
runtime add their frame when raising. The error exit returns a dummy value: the caller looks
at rt_exc, not at it.
"""

from __future__ import annotations

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import FuncIR
from pyrage.compiler.ir.types import BOOL, FLOAT, INT, NONE
from pyrage.compiler.irbuild.program import ENTRY_SYMBOL


def dummy_value(fn: FuncIR) -> o.Value | None:
    t = fn.ret_type
    if t == NONE:
        return None
    if t == INT:
        return o.Const(0, INT)
    if t == BOOL:
        return o.Const(False, BOOL)
    if t == FLOAT:
        return o.Const(0.0, FLOAT)
    return o.Const(None, t)  # a NULL of a reference type


def insert_exception_checks(fn: FuncIR) -> None:
    if fn.extern is not None or not fn.blocks or fn.name == ENTRY_SYMBOL:
        return  # pyrage_main leaves an escaping exception to the runtime, adding no frame
    exit_block: o.BasicBlock | None = None
    out: list[o.BasicBlock] = []
    for block in fn.blocks:
        # Keep the block object (others jump to it): reuse it as the first piece.
        pieces = [block]
        ops, block.ops = block.ops, []
        current = block
        for op in ops:
            current.ops.append(op)
            if not op.can_raise or isinstance(op, o.Terminator):
                continue
            if block.error_handler is None and exit_block is None:
                exit_block = o.BasicBlock(-1)
                exit_block.ops = [o.Return(dummy_value(fn), raising=True)]
            target = block.error_handler or exit_block
            assert target is not None
            if op.raises_inline:
                op.raise_to = target  # its failing path jumps there itself: no check after it
                continue
            if isinstance(op, o.Call) and op.fn.outlined_raise:
                current.ops.append(o.Goto(target))  # it always raises, adding the frame itself
                break
            if isinstance(op, (o.Call, o.CallValue, o.Await, o.Suspend)) and \
                    not fn.hides_frame:
                # it arrives from elsewhere: this frame is one more it passed through
                frame = o.BasicBlock(-1)
                frame.ops = [o.CallRuntime("rt_tb_add", [], NONE, op.loc or o.Loc(fn.path, 0),
                                           pass_loc=True), o.Goto(target)]
                pieces.append(frame)
                target = frame
            rest = o.BasicBlock(-1, block.error_handler)
            check = o.CheckExc()
            current.ops += [check, o.Branch(check, target, rest)]
            pieces.append(rest)
            current = rest
        out += pieces
    if exit_block is not None:
        out.append(exit_block)
    fn.blocks = out
    for i, block in enumerate(fn.blocks):
        block.label = i
