"""Drop blocks no edge reaches (code after return/break, loops mypy proved endless).

Example: in

    L0: return 1
    L1: x = 2          <- only here because the source had code after `return`
        return x

L1 is removed and the remaining blocks are renumbered in order.
"""

from __future__ import annotations

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import FuncIR


def remove_dead_blocks(fn: FuncIR) -> None:
    if not fn.blocks:
        return
    seen: set[int] = set()
    stack = [fn.blocks[0]]
    while stack:
        block = stack.pop()
        if id(block) in seen:
            continue
        seen.add(id(block))
        if block.ops:
            stack.extend(o.successors(block.ops[-1]))
        stack.extend(op.raise_to for op in block.ops if op.raise_to is not None)
        if block.error_handler is not None:
            stack.append(block.error_handler)  # reached when something in the block raises
    fn.blocks = [b for b in fn.blocks if id(b) in seen]
    for i, block in enumerate(fn.blocks):
        block.label = i
