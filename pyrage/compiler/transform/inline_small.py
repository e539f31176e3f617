"""Mark the stdlib's small primitives `alwaysinline`: list[i], bytearray[i], len(), Buffer's
accessors and the like are a few compares and a load once inlined, but LLVM's inliner, which
counts the cold raising paths too, leaves them out of line in big callers (a whole program's
module code, say). Example:

    def pyrage.stdlib._list.List[int].__getitem__(self, index) -> int:   # 14 ops
        ...                          -> attributes {"inlinehint", "alwaysinline"}
"""

from __future__ import annotations

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import FuncIR

#: At most this many ops outside the blocks that only raise.
SMALL = 24


def mark_small_primitives(fn: FuncIR) -> None:
    if "inlinehint" not in fn.attributes or "noinline" in fn.attributes or fn.is_coroutine:
        return
    if any(isinstance(op, o.Call) and op.fn is fn for block in fn.blocks for op in block.ops):
        return  # recursive
    size = sum(len(block.ops) for block in fn.blocks if not _raises_only(block))
    if size <= SMALL:
        fn.attributes.add("alwaysinline")


def _raises_only(block: o.BasicBlock) -> bool:
    """A block on a raising path: it ends by re-raising or returning with an exception
    pending."""
    last = block.ops[-1] if block.ops else None
    if isinstance(last, o.Return) and last.raising:
        return True
    return any(isinstance(op, o.CallRuntime) and op.name in ("rt_raise_at", "rt_tb_add")
               or isinstance(op, o.Call) and op.fn.outlined_raise for op in block.ops)
