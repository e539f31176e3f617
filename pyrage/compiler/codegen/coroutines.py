"""`async def` as an LLVM switch-resumed coroutine (the llvm.coro.* intrinsics, split at O2).

Calling an async function runs its *ramp*: it allocates a pyrage_coro (a header, then LLVM's
frame: runtime/core/coro.c) and suspends at once, returning the header, so that nothing of the
body runs before the coroutine is awaited, as in CPython. The body runs when the frame is
resumed:

    entry:  id = coro.id; mem = rt_coro_alloc(coro.size); hdl = coro.begin(id, mem)
            initial suspend ----------------------------> ret header (the coroutine object)
    body:   ... `return v` stores v in header.result, sets state DONE and goes to
    final:  final suspend -------------------------------> back to whoever resumed it

`await c` (op Await) resumes c directly; if c finished, its result is read at once; if it
suspended, the awaiter stores itself in c.awaiter and suspends as well, and
runtime/core/coro.c's trampoline resumes it once c is done. `await sched.suspend()` (op Suspend)
records the coroutine as its task's leaf and suspends. The frame is never destroyed explicitly:
it is a CONSERVATIVE object of the collector, reclaimed when unreachable.

WARNING: the header layout is runtime/core/object.h's struct pyrage_coro.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir
from llvmlite.ir import values

from pyrage.compiler.codegen import layout as L
from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.types import BOOL, FLOAT, NONE, RType

if TYPE_CHECKING:
    from pyrage.compiler.codegen.function import FunctionEmitter

#: struct pyrage_coro { type; awaiter (a root: its leaf); int32_t state; uint32_t bytes;
#: uint64_t result }
CORO_HEADER = ir.LiteralStructType([L.PTR, L.PTR, L.I32, L.I32, L.I64])
HEADER_SIZE = 32
AWAITER, STATE, RESULT = 1, 2, 4
CREATED, STARTED, DONE = 0, 1, 2


class TokenType(ir.Type):  # type: ignore[misc]  # llvmlite is untyped
    """LLVM's `token` (llvmlite has none): what coro.id returns and coro.suspend takes."""

    def _to_string(self) -> str:
        return "token"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TokenType)

    def __hash__(self) -> int:
        return hash("token")


TOKEN = TokenType()


class CoroutineAttributes(values.FunctionAttributes):  # type: ignore[misc]
    """llvmlite's attribute set, plus `presplitcoroutine`, which marks a function for CoroSplit."""

    _known = values.FunctionAttributes._known | frozenset(["presplitcoroutine"])


def mark_coroutine(f: ir.Function) -> None:
    attrs = CoroutineAttributes(f.attributes)
    f.attributes = attrs
    attrs.add("presplitcoroutine")


class CoroutineFrame:
    """The coroutine parts of one FunctionEmitter: its handle, header and shared blocks."""

    def __init__(self, fe: FunctionEmitter) -> None:
        self.fe = fe
        b = fe.b
        coro_id = b.call(fe.intrinsic("llvm.coro.id", TOKEN, [L.I32, L.PTR, L.PTR, L.PTR]),
                         [ir.Constant(L.I32, 16), ir.Constant(L.PTR, None),
                          ir.Constant(L.PTR, None), ir.Constant(L.PTR, None)])
        size = b.call(fe.intrinsic("llvm.coro.size.i64", L.I64, []), [])
        mem = fe.call_runtime("rt_coro_alloc", L.PTR, [size])
        self.handle = b.call(fe.intrinsic("llvm.coro.begin", L.PTR, [TOKEN, L.PTR]),
                             [coro_id, mem])
        self.header = b.gep(self.handle, [ir.Constant(L.I64, -HEADER_SIZE)],
                            source_etype=L.I8)
        f = fe.f
        self.suspended = f.append_basic_block("coro.suspended")  # return to the resumer
        self.cleanup = f.append_basic_block("coro.cleanup")  # destroy: nothing to free
        self.final = f.append_basic_block("coro.final")
        saved = b.block
        b.position_at_end(self.cleanup)
        b.branch(self.suspended)
        b.position_at_end(self.suspended)
        b.call(fe.intrinsic("llvm.coro.end", L.VOID, [L.PTR, L.I1, TOKEN]),
               [self.handle, ir.Constant(L.I1, 0), self.none_token()])
        b.ret(self.header)
        b.position_at_end(self.final)
        self.store_state(self.header, DONE)
        s = self.suspend(final=True)
        trap = f.append_basic_block("coro.resumed_after_final")
        switch = b.switch(s, self.suspended)
        switch.add_case(ir.Constant(L.I8, 0), trap)
        switch.add_case(ir.Constant(L.I8, 1), self.cleanup)
        b.position_at_end(trap)
        b.unreachable()
        b.position_at_end(saved)

    # --- helpers ------------------------------------------------------------------------------

    def none_token(self) -> ir.Value:
        return values.FormattedConstant(TOKEN, "none")

    def suspend(self, *, final: bool) -> ir.Value:
        fe = self.fe
        return fe.b.call(fe.intrinsic("llvm.coro.suspend", L.I8, [TOKEN, L.I1]),
                         [self.none_token(), ir.Constant(L.I1, int(final))])

    def suspend_then(self, resumed: ir.Block) -> None:
        """Suspend; when resumed, go on at `resumed`."""
        b = self.fe.b
        switch = b.switch(self.suspend(final=False), self.suspended)
        switch.add_case(ir.Constant(L.I8, 0), resumed)
        switch.add_case(ir.Constant(L.I8, 1), self.cleanup)

    def field(self, header: ir.Value, index: int) -> ir.Value:
        return self.fe.b.gep(header, [ir.Constant(L.I32, 0), ir.Constant(L.I32, index)],
                             source_etype=CORO_HEADER)

    def store_state(self, header: ir.Value, state: int) -> None:
        self.fe.b.store(ir.Constant(L.I32, state), self.field(header, STATE))

    def resume(self, frame: ir.Value) -> None:
        fe = self.fe
        fe.b.call(fe.intrinsic("llvm.coro.resume", L.VOID, [L.PTR]), [frame])

    # --- the body's ends ----------------------------------------------------------------------

    def initial_suspend(self, body: ir.Block) -> None:
        """The ramp's suspend: the caller gets the coroutine object, the body waits."""
        self.suspend_then(body)

    def finish(self, value: ir.Value | None, t: RType) -> None:
        """`return value` (or the error exit, value None): record the result, then the final
        suspend."""
        if value is not None and t != NONE:
            self.store_result(self.header, value, t)
        self.fe.b.branch(self.final)

    def store_result(self, header: ir.Value, value: ir.Value, t: RType) -> None:
        b = self.fe.b
        if t == BOOL:
            value = b.zext(value, L.I64)
        elif t == FLOAT:
            value = b.bitcast(value, L.I64)
        elif t.is_ref:
            value = b.ptrtoint(value, L.I64)
        b.store(value, self.field(header, RESULT))

    def load_result(self, header: ir.Value, t: RType) -> ir.Value:
        b = self.fe.b
        raw = b.load(self.field(header, RESULT), typ=L.I64)
        if t == BOOL:
            return b.trunc(raw, L.I1)
        if t == FLOAT:
            return b.bitcast(raw, L.DOUBLE)
        if t.is_ref:
            return b.inttoptr(raw, L.PTR)
        return raw

    # --- ops ----------------------------------------------------------------------------------

    def emit_await(self, op: o.Await) -> ir.Value:
        fe = self.fe
        b = fe.b
        child = fe.value(op.coro)
        started = fe.call_runtime("rt_coro_start", L.I1, [child])
        run = fe.f.append_basic_block("await.run")
        wait = fe.f.append_basic_block("await.wait")
        after = fe.f.append_basic_block("await.after")
        b.cbranch(started, run, after)  # not started: RuntimeError is pending
        b.position_at_end(run)
        # The resumed coroutine is one more frame on the stack, as in CPython: past the
        # recursion limit it does not run, and RecursionError is raised here.
        depth = b.add(fe.load_depth(), ir.Constant(L.I64, 1))
        too_deep = fe.f.append_basic_block("await.too_deep")
        resume = fe.f.append_basic_block("await.resume")
        b.cbranch(fe.past_depth_limit(depth), too_deep, resume)
        b.position_at_end(too_deep)
        fe.call_runtime("rt_raise_recursion", L.VOID, [ir.Constant(L.I1, 0)])
        b.branch(after)
        b.position_at_end(resume)
        fe.store_depth(depth)
        self.resume(b.gep(child, [ir.Constant(L.I64, HEADER_SIZE)], source_etype=L.I8))
        fe.store_depth(b.sub(fe.load_depth(), ir.Constant(L.I64, 1)))
        state = b.load(self.field(child, STATE), typ=L.I32)
        b.cbranch(b.icmp_unsigned("==", state, ir.Constant(L.I32, DONE)), after, wait)
        b.position_at_end(wait)
        b.store(self.header, self.field(child, AWAITER))
        self.suspend_then(after)
        b.position_at_end(after)
        result = ir.Constant(L.PTR, None) if op.type == NONE else \
            self.load_result(child, op.type)
        if op.owned:  # nothing else can reach it: recycle it (runtime/core/coro.c)
            fe.call_runtime("rt_coro_free", L.VOID, [child])
        return result

    def emit_suspend(self, op: o.Suspend) -> None:
        fe = self.fe
        fe.call_runtime("rt_coro_park", L.VOID, [self.header])
        resumed = fe.f.append_basic_block("suspend.resumed")
        self.suspend_then(resumed)
        fe.b.position_at_end(resumed)


def emit_resume_helper(module: ir.Module) -> None:
    """pyrage_coro_resume(frame), for runtime/core/coro.c: LLVM's resume functions have their
    own calling convention, so only LLVM code may call them."""
    fnty = ir.FunctionType(L.VOID, [L.PTR])
    f = ir.Function(module, fnty, name="pyrage_coro_resume")
    f.linkage = "dso_local"
    b = ir.IRBuilder(f.append_basic_block("entry"))
    resume = module.globals.get("llvm.coro.resume")
    if resume is None:
        resume = ir.Function(module, fnty, name="llvm.coro.resume")
    b.call(resume, [f.args[0]])
    b.ret_void()
