"""Definite assignment: keep a local's read check only where some path reaches it unassigned.

irbuild puts a `check bound x` before every read of a local variable. A forward data-flow
analysis over the function's control flow (exception edges included: an op that can raise
leads to its block's handler with what was assigned before it) finds, for each check, whether
x is assigned on every path from the entry. Those checks are deleted, at no cost. The others
stay, and x gets what codegen tests:

- a register whose type can never be NULL (a str, an instance) is its own test: every slot
  starts NULL (codegen/function.py), so NULL means "never assigned";
- any other (an int, a float, an Optional...) gets a BOOL flag register `x?bound`, set after
  each assignment and cleared by `del x`.

Example:

    def f(n: int) -> int:          L0: if n > 0 goto L1 else goto L2
        if n > 0:                  L1: x = 1; x?bound = True; goto L2
            x = 1                  L2: check bound x?bound  # x
        return x                       return x

A check that passes also proves x assigned for what follows it, so a name read twice in a
row is checked once. Run before transform/exceptions.py, which turns each kept check's
failure into a branch to the handler.
"""

from __future__ import annotations

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import FuncIR
from pyrage.compiler.ir.types import BOOL, never_null


def check_unbound_locals(fn: FuncIR) -> None:
    if not fn.blocks:
        return
    tracked = _tracked_registers(fn)
    if not tracked:
        return
    bit = {reg: 1 << i for i, reg in enumerate(tracked)}
    entry_state = 0
    for param in fn.params:
        entry_state |= bit.get(param, 0)
    state_in = _solve(fn, bit, entry_state)
    kept: list[o.CheckBound] = []
    for block in fn.blocks:
        if id(block) not in state_in:  # no path reaches it (dead code, dropped later)
            block.ops = [op for op in block.ops if not (isinstance(op, o.CheckBound) and op.local)]
            continue
        state = state_in[id(block)]
        ops: list[o.Op] = []
        for op in block.ops:
            if isinstance(op, o.CheckBound) and op.local:
                assert isinstance(op.var, o.Register)
                if state & bit[op.var]:
                    continue  # assigned on every path here: no check
                kept.append(op)
            ops.append(op)
            state = _transfer(op, state, bit)
        block.ops = ops
    _instrument(fn, kept)


def _tracked_registers(fn: FuncIR) -> list[o.Register]:
    """The registers some check or `del` is about, in a stable order."""
    seen: dict[o.Register, None] = {}
    for block in fn.blocks:
        for op in block.ops:
            if isinstance(op, o.CheckBound) and op.local:
                assert isinstance(op.var, o.Register)
                seen[op.var] = None
            elif isinstance(op, o.Unassign) and isinstance(op.dest, o.Register):
                seen[op.dest] = None
    return list(seen)


def _transfer(op: o.Op, state: int, bit: dict[o.Register, int]) -> int:
    """What is assigned after op, given what was before it."""
    if isinstance(op, o.Assign):
        return state | bit.get(op.dest, 0)
    if isinstance(op, o.Unassign) and isinstance(op.dest, o.Register):
        return state & ~bit.get(op.dest, 0)
    if isinstance(op, o.CheckBound) and op.local:
        assert isinstance(op.var, o.Register)
        return state | bit[op.var]  # past the check (its failure raised)
    return state


def _solve(fn: FuncIR, bit: dict[o.Register, int], entry_state: int) -> dict[int, int]:
    """For each reachable block, the registers assigned on every path to its start (the
    meet is intersection: a block not yet reached starts from "all")."""
    state_in: dict[int, int] = {id(fn.blocks[0]): entry_state}
    work = [fn.blocks[0]]
    queued = {id(fn.blocks[0])}

    def flow(target: o.BasicBlock, state: int) -> None:
        key = id(target)
        old = state_in.get(key)
        new = state if old is None else old & state
        if new != old:
            state_in[key] = new
            if key not in queued:
                queued.add(key)
                work.append(target)

    while work:
        block = work.pop()
        queued.discard(id(block))
        state = state_in[id(block)]
        for op in block.ops:
            if op.can_raise and block.error_handler is not None:
                flow(block.error_handler, state)  # what was assigned before it raised
            if op.raise_to is not None:
                flow(op.raise_to, state)
            state = _transfer(op, state, bit)
        if block.ops:
            for succ in o.successors(block.ops[-1]):
                flow(succ, state)
    return state_in


def _instrument(fn: FuncIR, kept: list[o.CheckBound]) -> None:
    """Give each register that still has a check what codegen tests (see the docstring)."""
    flags: dict[o.Register, o.Register] = {}
    for check in kept:
        reg = check.var
        assert isinstance(reg, o.Register)
        if never_null(reg.type):
            continue
        if reg not in flags:
            flags[reg] = o.Register(f"{reg.name}?bound", BOOL)
            fn.registers.append(flags[reg])
        check.var = flags[reg]
    if not flags:
        return
    for block in fn.blocks:
        ops: list[o.Op] = []
        for op in block.ops:
            ops.append(op)
            if isinstance(op, o.Assign) and op.dest in flags:
                ops.append(o.Assign(flags[op.dest], o.Const(True, BOOL)))
            elif isinstance(op, o.Unassign) and op.dest in flags:
                assert isinstance(op.dest, o.Register)
                ops.append(o.Assign(flags[op.dest], o.Const(False, BOOL)))
        block.ops = ops
    # Flags start False (codegen zeroes every slot); a parameter's starts True, set once in
    # an entry block of its own if something jumps back to the first one.
    starts = [o.Assign(flags[p], o.Const(True, BOOL)) for p in fn.params if p in flags]
    if not starts:
        return
    first = fn.blocks[0]
    if any(first in o.successors(b.ops[-1]) for b in fn.blocks if b.ops):
        entry = o.BasicBlock(-1, None)
        entry.ops = [*starts, o.Goto(first)]
        fn.blocks.insert(0, entry)
        for i, block in enumerate(fn.blocks):
            block.label = i
    else:
        first.ops[:0] = starts
