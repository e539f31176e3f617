"""One FuncIR -> one LLVM function.

Registers live in allocas of the entry block (LLVM's mem2reg turns them into SSA values at O2).
Checks that can fail (overflow, zero division, negative shift) branch to cold blocks that call a
noreturn runtime function with the op's source location.
"""

from __future__ import annotations

from llvmlite import ir

from pyrage.compiler.codegen import layout as L
from pyrage.compiler.codegen.coroutines import CoroutineFrame
from pyrage.compiler.codegen.emit import CALLS_BACK, ModuleEmitter, takes_depth
from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import FuncIR
from pyrage.compiler.ir.types import BOOL, BYTES, FLOAT, NONE, RAW, STR, RArray

INT_MIN = -(2**63)
#: Runtime functions that return only with an exception pending.
ALWAYS_RAISE = {"rt_raise_at"}
SIGNED = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class IndirectCallee:
    """A loaded function pointer that llvmlite can call: it takes the callee's signature from
    `function_type`, which a plain loaded value lacks. All overrides share the static method's
    signature (irbuild/virtual.py checks), so that is the one to give."""

    def __init__(self, pointer: ir.Value, function_type: ir.FunctionType) -> None:
        self.pointer = pointer
        self.function_type = function_type
        self.type = L.PTR

    def get_reference(self) -> str:
        return str(self.pointer.get_reference())


class FunctionEmitter:
    def __init__(self, module: ModuleEmitter, fn: FuncIR) -> None:
        self.m = module
        self.fn = fn
        self.f = module.functions[fn.name]
        self.entry = self.f.append_basic_block("entry")
        self.b = ir.IRBuilder(self.entry)
        self.slots: dict[o.Register, ir.Value] = {}
        self.values: dict[int, ir.Value] = {}
        self.blocks: dict[int, ir.Block] = {}
        self.coro: CoroutineFrame | None = None
        #: The recursion depth of this function's frame, for a function that takes its
        #: caller's (emit.takes_depth); coroutines and the entry point read rt_depth instead.
        self.depth: ir.Value | None = None

    def emit(self) -> None:
        for reg in self.fn.registers:
            self.slots[reg] = self.b.alloca(L.value_type(reg.type), name=reg.name)
        params = set(self.fn.params)
        for reg in self.fn.registers:
            # Every local starts NULL/0: a read no path assigned can then only be caught
            # (transform/unbound_locals.py), never see stale memory. mem2reg folds the stores.
            if reg not in params:
                self.b.store(ir.Constant(L.value_type(reg.type), None), self.slots[reg])
        args = list(self.f.args)
        if takes_depth(self.fn):
            caller_depth = args.pop(0)
            if not self.fn.is_coroutine:  # a coroutine's body runs later, at another depth
                self.depth = caller_depth
        for reg, arg in zip(self.fn.params, args):
            self.b.store(arg, self.slots[reg])
        # No exception is pending when a function starts (callers check after every call that
        # can raise): telling LLVM lets it drop the checks after inlined calls that did not.
        pending = self.load_exc()
        assume = self.intrinsic("llvm.assume", L.VOID, [L.I1])
        self.b.call(assume, [self.b.icmp_unsigned("==", pending, ir.Constant(L.PTR, None))])
        for block in self.fn.blocks:
            self.blocks[block.label] = self.f.append_basic_block(f"L{block.label}")
        if self.fn.counts_depth:
            self.enter_frame()
        if self.fn.is_coroutine:
            self.coro = CoroutineFrame(self)
            self.coro.initial_suspend(self.blocks[self.fn.blocks[0].label])
        elif self.fn.blocks:
            self.b.branch(self.blocks[self.fn.blocks[0].label])
        for block in self.fn.blocks:
            self.b.position_at_end(self.blocks[block.label])
            for op in block.ops:
                self.emit_op(op)
            if not block.terminated:
                self.b.unreachable()  # only blocks nothing jumps to (dead code) end so

    # --- the recursion limit ------------------------------------------------------------------
    #
    # A compiled function gets its caller's depth as a parameter and passes its own to its
    # callees: once inlined, a callee's check is a compare, with no memory traffic. Coroutines,
    # whose frames outlive a call, run at the depth in rt_depth, which `await` raises by one
    # while the awaited coroutine runs (coroutines.py); around a call of a runtime function
    # that calls compiled code back (emit.CALLS_BACK), rt_depth holds the caller's depth.

    def depth_global(self) -> ir.Value:
        return self.m.external_data("rt_depth", L.I64, constant=False)

    def frame_depth(self) -> ir.Value:
        """The depth of this function's frame, which its callees get."""
        return self.depth if self.depth is not None else self.load_depth()

    def enter_frame(self) -> None:
        """depth + 1; past the limit, raise RecursionError and return at once (a dummy
        value, the exception pending), as CPython refuses the call. runtime/core/exceptions.c."""
        assert self.depth is not None
        depth = self.b.add(self.depth, ir.Constant(L.I64, 1))
        self.depth = depth
        with self.b.if_then(self.past_depth_limit(depth), likely=False):
            self.call_runtime("rt_raise_recursion", L.VOID,
                              [ir.Constant(L.I1, int(self.fn.is_type_call))])
            self.assume_raised()
            ret = L.return_type(self.fn.call_type)
            if ret == L.VOID:
                self.b.ret_void()
            else:
                self.b.ret(ir.Constant(ret, None))

    def past_depth_limit(self, depth: ir.Value) -> ir.Value:
        """depth > rt_depth_limit (CPython's recursion limit)."""
        limit = self.b.load(self.m.external_data("rt_depth_limit", L.I64), typ=L.I64)
        return self.b.icmp_signed(">", depth, limit)

    def load_depth(self) -> ir.Value:
        """rt_depth, tagged apart from the heap (a store to it does not make LLVM reload a
        field), like rt_exc."""
        depth = self.b.load(self.depth_global(), typ=L.I64)
        depth.set_metadata("tbaa", self.m.tbaa("depth"))
        return depth

    def store_depth(self, value: ir.Value) -> None:
        store = self.b.store(value, self.depth_global())
        store.set_metadata("tbaa", self.m.tbaa("depth"))

    # --- values -----------------------------------------------------------------------------

    def value(self, v: o.Value) -> ir.Value:
        if isinstance(v, o.Register):
            return self.b.load(self.slots[v])
        if isinstance(v, o.Const):
            return self.m.const_value(v)
        return self.values[id(v)]

    def set(self, op: o.Op, value: ir.Value) -> None:
        self.values[id(op)] = value

    def loc(self, op: o.Op) -> ir.Value:
        assert op.loc is not None
        return self.m.location(op.loc)

    def raise_loc(self, op: o.Op) -> ir.Value:
        """The location of an op that may raise: in a function that hides its frame
        (FuncIR.hides_frame), one the runtime adds to no traceback (as CPython's builtins add
        no frame), though a fatal error still prints it."""
        assert op.loc is not None
        return self.m.location(op.loc, hidden=self.fn.hides_frame)

    def entry_alloca(self, ty: ir.Type) -> ir.Value:
        """An alloca in the entry block, so it is allocated once per call, not per use."""
        saved = self.b.block
        self.b.position_at_start(self.entry)
        slot = self.b.alloca(ty)
        self.b.position_at_end(saved)
        return slot

    def call_runtime(self, name: str, ret: ir.Type, args: list[ir.Value],
                     *, noreturn: bool = False) -> ir.Value:
        # Every pointer is an opaque `ptr` in the declaration, whatever llvmlite typed it.
        fnty = ir.FunctionType(ret, [L.PTR if isinstance(a.type, ir.PointerType) else a.type
                                     for a in args])
        return self.call_maybe_back(name, self.m.runtime_function(name, fnty, noreturn=noreturn),
                                    args)

    def call_maybe_back(self, name: str, callee: ir.Function, args: list[ir.Value]
                        ) -> ir.Value:
        """Call a runtime function; one that calls compiled code back finds this frame's depth
        in rt_depth, which is then put back as it was (a coroutine that called this function
        reads it afterwards)."""
        if name not in CALLS_BACK:
            return self.b.call(callee, args)
        saved = self.load_depth()
        self.store_depth(self.frame_depth())
        result = self.b.call(callee, args)
        self.store_depth(saved)
        return result

    def fail_if(self, cond: ir.Value, runtime: str, op: o.Op) -> None:
        """if cond: runtime(loc) — a cold, noreturn path (a trap)."""
        with self.b.if_then(cond, likely=False):
            self.call_runtime(runtime, L.VOID, [self.loc(op)], noreturn=True)
            self.b.unreachable()  # so if_then adds no branch to its merge block

    def raise_if(self, cond: ir.Value, runtime: str, op: o.Op,
                 extra: list[ir.Value] | None = None) -> None:
        """if cond: runtime(loc), which raises (sets rt_exc) and returns; the op is marked
        can_raise, so the check that transform/exceptions.py put after it takes the error
        path. Code after this must not fault on the bad operands: it computes a value nobody
        uses."""
        with self.b.if_then(cond, likely=False):
            self.call_runtime(runtime, L.VOID, [self.raise_loc(op), *(extra or [])])
            if op.raise_to is not None:
                self.assume_raised()
                self.b.branch(self.blocks[op.raise_to.label])

    def assume_raised(self) -> None:
        """After a call that always raises: tell LLVM an exception is now pending, so that the
        check which follows goes straight to the handler."""
        pending = self.load_exc()
        assume = self.intrinsic("llvm.assume", L.VOID, [L.I1])
        self.b.call(assume, [self.b.icmp_unsigned("!=", pending, ir.Constant(L.PTR, None))])

    def rt_exc(self) -> ir.Value:
        return self.m.external_data("rt_exc", L.PTR, constant=False)

    def load_exc(self) -> ir.Value:
        """rt_exc, tagged so that LLVM knows stores to fields, slots and bytes leave it alone
        (and keeps what it learnt about it across them)."""
        pending = self.b.load(self.rt_exc(), typ=L.PTR)
        pending.set_metadata("tbaa", self.m.tbaa("exc"))
        return pending

    def store_exc(self, value: ir.Value) -> None:
        store = self.b.store(value, self.rt_exc())
        store.set_metadata("tbaa", self.m.tbaa("exc"))

    def op_CheckExc(self, op: o.CheckExc) -> None:
        pending = self.load_exc()
        self.set(op, self.b.icmp_unsigned("!=", pending, ir.Constant(L.PTR, None)))

    def op_LoadExc(self, op: o.LoadExc) -> None:
        self.set(op, self.load_exc())
        self.store_exc(ir.Constant(L.PTR, None))

    def op_SetExc(self, op: o.SetExc) -> None:
        self.store_exc(self.value(op.value))

    def op_IsExactly(self, op: o.IsExactly) -> None:
        type_ptr = self.b.load(self.value(op.obj), typ=L.PTR)
        self.set(op, self.b.icmp_unsigned("==", type_ptr, self.m.type_info(op.cls)))

    def op_IsInstance(self, op: o.IsInstance) -> None:
        type_ptr = self.b.load(self.value(op.obj), typ=L.PTR)
        self.set(op, self.call_runtime("rt_is_subtype", L.I1,
                                       [type_ptr, self.m.type_info(op.cls)]))

    def op_IsOfFamily(self, op: o.IsOfFamily) -> None:
        type_ptr = self.b.load(self.value(op.obj), typ=L.PTR)
        result: ir.Value = ir.Constant(L.I1, 0)
        for cls in self.m.program.classes:
            if op.member(cls):
                same = self.b.icmp_unsigned("==", type_ptr, self.m.type_info(cls))
                result = self.b.or_(result, same)
        self.set(op, result)

    # --- ops --------------------------------------------------------------------------------

    def emit_op(self, op: o.Op) -> None:
        handler = getattr(self, "op_" + type(op).__name__)
        handler(op)

    def op_Assign(self, op: o.Assign) -> None:
        self.b.store(self.value(op.src), self.slots[op.dest])

    def op_CheckBound(self, op: o.CheckBound) -> None:
        """UnboundLocalError/NameError unless the variable has a value: its flag is set, or
        (for a type that is never NULL) its value is not NULL."""
        var = self.value(op.var)
        if op.var.type == BOOL:
            unbound = self.b.not_(var)
        else:
            unbound = self.b.icmp_unsigned("==", var, ir.Constant(var.type, None))
        exc, message = op.error
        self.raise_if(unbound, "rt_raise_unbound", op,
                      [self.m.type_info(self.m.program_class(exc)),
                       self.m.const_value(o.Const(message, STR))])

    def op_Unassign(self, op: o.Unassign) -> None:
        if isinstance(op.dest, o.Register):
            slot = self.slots[op.dest]
            self.b.store(ir.Constant(L.value_type(op.dest.type), None), slot)
            return
        glob = op.dest  # a module variable: NULL, and its "assigned" flag cleared
        self.b.store(ir.Constant(L.memory_type(glob.type), None), self.m.globals[glob.name])
        if glob.flag is not None:
            self.b.store(ir.Constant(L.I8, 0), self.m.globals[glob.flag.name])

    def op_Call(self, op: o.Call) -> None:
        args = [self.value(a) for a in op.args]
        receiver = args[0] if args else None
        if takes_depth(op.fn):
            args.insert(0, self.frame_depth())
        callee = self.m.functions[op.fn.name]
        if op.vtable_slot is not None:
            # receiver->type->vtable[slot]: the override for the receiver's class.
            assert receiver is not None
            type_ptr = self.b.load(receiver, typ=L.PTR)
            vtable_field = self.b.gep(type_ptr, [ir.Constant(L.I32, 0), ir.Constant(L.I32, 7)],
                                      source_etype=L.TYPE_INFO)
            vtable = self.b.load(vtable_field, typ=L.PTR)
            slot = self.b.gep(vtable, [ir.Constant(L.I64, op.vtable_slot)], source_etype=L.PTR)
            target = IndirectCallee(self.b.load(slot, typ=L.PTR), callee.function_type)
            result = self.b.call(target, args)
        elif op.fn.extern is not None:
            result = self.call_maybe_back(op.fn.extern, callee, args)
        else:
            result = self.b.call(callee, args)
        if op.fn.outlined_raise:
            self.assume_raised()
        self.set(op, ir.Constant(L.PTR, None) if op.fn.call_type == NONE else result)

    def op_Await(self, op: o.Await) -> None:
        assert self.coro is not None, "irbuild allows await only in async functions"
        self.set(op, self.coro.emit_await(op))

    def op_Suspend(self, op: o.Suspend) -> None:
        assert self.coro is not None, "irbuild allows await only in async functions"
        self.coro.emit_suspend(op)
        self.set(op, ir.Constant(L.PTR, None))

    def op_FuncAddr(self, op: o.FuncAddr) -> None:
        self.set(op, self.m.functions[op.fn.name])

    def op_CallValue(self, op: o.CallValue) -> None:
        """f(args): load f's entry (the closure object's second word) and call it with f."""
        closure = self.value(op.fn)
        entry_ptr = self.b.gep(closure, [ir.Constant(L.I32, 0), ir.Constant(L.I32, 1)],
                               source_etype=L.CLOSURE_HEADER)
        entry = self.b.load(entry_ptr, typ=L.PTR)
        args = [self.frame_depth(), closure, *(self.value(a) for a in op.args)]
        fnty = ir.FunctionType(L.return_type(op.type), [L.I64, L.PTR, *(L.value_type(a.type)
                                                                         for a in op.args)])
        result = self.b.call(IndirectCallee(entry, fnty), args)
        self.set(op, ir.Constant(L.PTR, None) if op.type == NONE else result)

    def intrinsic(self, name: str, ret: ir.Type, params: list[ir.Type]) -> ir.Function:
        fn = self.m.module.globals.get(name)
        if fn is None:
            fn = ir.Function(self.m.module, ir.FunctionType(ret, params), name=name)
        assert isinstance(fn, ir.Function)
        return fn

    #: Runtime functions that are one LLVM intrinsic: inlined rather than called.
    INLINE_RUNTIME = {"rt_int_add_saturating": "llvm.sadd.sat.i64"}

    def op_CallRuntime(self, op: o.CallRuntime) -> None:
        if op.name in self.INLINE_RUNTIME:
            fn = self.intrinsic(self.INLINE_RUNTIME[op.name], L.I64, [L.I64, L.I64])
            self.set(op, self.b.call(fn, [self.value(a) for a in op.args]))
            return
        args = [self.value(a) for a in op.args]
        if op.pass_loc:
            args.append(self.raise_loc(op))
        result = self.call_runtime(op.name, L.return_type(op.type), args)
        if op.name in ALWAYS_RAISE:
            self.assume_raised()
        self.set(op, ir.Constant(L.PTR, None) if op.type == NONE else result)

    def op_BuildStr(self, op: o.BuildStr) -> None:
        array = self.entry_alloca(ir.ArrayType(L.PTR, len(op.parts)))
        for i, part in enumerate(op.parts):
            slot = self.b.gep(array, [ir.Constant(L.I32, 0), ir.Constant(L.I32, i)])
            literal = part.value if isinstance(part, o.Const) else None
            self.b.store(self.m.str_piece(literal) if isinstance(literal, str)
                         else self.value(part), slot)
        self.set(op, self.call_runtime("rt_str_build", L.PTR,
                                       [ir.Constant(L.I64, len(op.parts)), array]))

    def op_Alloc(self, op: o.Alloc) -> None:
        struct = L.instance_struct(op.cls)
        from pyrage.compiler.codegen.target import target_data

        size = ir.Constant(L.I64, struct.get_abi_size(target_data()))
        self.set(op, self.call_runtime("rt_alloc", L.PTR, [size, self.m.type_info(op.cls)]))

    def field_ptr(self, obj: o.Value, cls: object, name: str) -> ir.Value:
        from pyrage.compiler.ir.func import ClassIR

        assert isinstance(cls, ClassIR)
        struct = L.instance_struct(cls)
        index = L.field_index(cls, name)
        return self.b.gep(self.value(obj), [ir.Constant(L.I32, 0), ir.Constant(L.I32, index)],
                          source_etype=struct)

    def op_GetField(self, op: o.GetField) -> None:
        raw = self.b.load(self.field_ptr(op.obj, op.cls, op.field), typ=L.memory_type(op.type))
        raw.set_metadata("tbaa", self.m.tbaa("field"))
        if op.unassigned_error is not None:  # read before assigned: AttributeError, as CPython
            cls = self.m.program_class("builtins.AttributeError")
            self.raise_if(self.b.icmp_unsigned("==", raw, ir.Constant(L.PTR, None)),
                          "rt_raise_unbound", op,
                          [self.m.type_info(cls),
                           self.m.const_value(o.Const(op.unassigned_error, STR))])
        self.set(op, self.b.trunc(raw, L.I1) if op.type == BOOL else raw)

    def op_SetField(self, op: o.SetField) -> None:
        value = self.value(op.value)
        if op.cls.fields[op.field] == BOOL:
            value = self.b.zext(value, L.I8)
        store = self.b.store(value, self.field_ptr(op.obj, op.cls, op.field))
        store.set_metadata("tbaa", self.m.tbaa("field"))

    def op_LoadGlobal(self, op: o.LoadGlobal) -> None:
        glob = op.glob
        raw = self.b.load(self.m.globals[glob.name], typ=L.memory_type(glob.type))
        if glob.unbound_error is not None:  # read before assigned: NameError, as CPython
            if glob.flag is not None:
                flag = self.b.load(self.m.globals[glob.flag.name], typ=L.I8)
                unbound = self.b.icmp_unsigned("==", flag, ir.Constant(L.I8, 0))
            else:
                unbound = self.b.icmp_unsigned("==", raw, ir.Constant(L.PTR, None))
            exc, message = glob.unbound_error
            cls = self.m.program_class(exc)
            self.raise_if(unbound, "rt_raise_unbound", op,
                          [self.m.type_info(cls), self.m.const_value(o.Const(message, STR))])
        self.set(op, self.b.trunc(raw, L.I1) if glob.type == BOOL else raw)

    def op_StoreGlobal(self, op: o.StoreGlobal) -> None:
        value = self.value(op.value)
        if op.glob.type == BOOL:
            value = self.b.zext(value, L.I8)
        self.b.store(value, self.m.globals[op.glob.name])
        if op.glob.flag is not None:
            self.b.store(ir.Constant(L.I8, 1), self.m.globals[op.glob.flag.name])

    BOX_TYPES = {"int": "rt_type_box_int", "bool": "rt_type_box_bool",
                 "float": "rt_type_box_float", "str": "rt_type_str", "bytes": "rt_type_bytes"}

    def op_Box(self, op: o.Box) -> None:
        t = op.value.type
        box = self.call_runtime("rt_alloc", L.PTR, [
            ir.Constant(L.I64, 16), self.m.external_data(self.BOX_TYPES[t.name], L.TYPE_INFO)])
        raw = self.value(op.value)
        if t == BOOL:
            raw = self.b.zext(raw, L.I64)
        elif t == FLOAT:
            raw = self.b.bitcast(raw, L.I64)
        field = self.b.gep(box, [ir.Constant(L.I32, 0), ir.Constant(L.I32, 1)],
                           source_etype=L.BOX)
        self.b.store(raw, field)
        self.set(op, box)

    def op_Unbox(self, op: o.Unbox) -> None:
        field = self.b.gep(self.value(op.value), [ir.Constant(L.I32, 0), ir.Constant(L.I32, 1)],
                           source_etype=L.BOX)
        raw = self.b.load(field, typ=L.I64)
        if op.type == BOOL:
            raw = self.b.trunc(raw, L.I1)
        elif op.type == FLOAT:
            raw = self.b.bitcast(raw, L.DOUBLE)
        self.set(op, raw)

    def op_IsNone(self, op: o.IsNone) -> None:
        self.set(op, self.b.icmp_unsigned("==", self.value(op.value), ir.Constant(L.PTR, None)))

    def op_HasType(self, op: o.HasType) -> None:
        type_ptr = self.b.load(self.value(op.value), typ=L.PTR)
        wanted = self.m.external_data(self.BOX_TYPES[op.member.name], L.TYPE_INFO)
        self.set(op, self.b.icmp_unsigned("==", type_ptr, wanted))

    def op_SameObject(self, op: o.SameObject) -> None:
        self.set(op, self.b.icmp_unsigned("==", self.value(op.lhs), self.value(op.rhs)))

    def op_Cast(self, op: o.Cast) -> None:
        self.set(op, self.value(op.value))

    # --- arrays -------------------------------------------------------------------------------

    def op_ArrayNew(self, op: o.ArrayNew) -> None:
        assert isinstance(op.type, RArray)
        if isinstance(op.length, o.Const) and op.length.value == 0:
            # Array(0) (every new list starts so): one shared static object; with no slots
            # nothing can be written to it, so sharing it changes nothing.
            self.set(op, self.m.empty_array())
            return
        self.set(op, self.call_runtime("rt_array_new_checked", L.PTR, [
            self.value(op.length), ir.Constant(L.I1, int(op.type.item.is_ref)), self.loc(op)]))

    def array_slot(self, op: o.ArrayGet | o.ArraySet) -> ir.Value:
        """The address of array[index], after a bounds check that raises IndexError. On the
        raising path the address is a dummy slot, so nothing outside the array is touched."""
        array, index = self.value(op.array), self.value(op.index)
        length_ptr = self.b.gep(array, [ir.Constant(L.I32, 0), ir.Constant(L.I32, 1)],
                                source_etype=L.ARRAY_HEADER)
        length = self.load_length(length_ptr)
        inside = self.b.icmp_unsigned("<", index, length)  # unsigned: negatives are huge
        self.raise_if(self.b.not_(inside), "rt_raise_array_index", op)
        slot = self.b.gep(array, [ir.Constant(L.I32, 0), ir.Constant(L.I32, 2), index],
                          source_etype=L.ARRAY_HEADER)
        dummy = self.m.external_data("rt_dummy_slot", L.I64, constant=False)
        return self.b.select(inside, slot, dummy)

    def op_ArrayGet(self, op: o.ArrayGet) -> None:
        raw = self.b.load(self.array_slot(op), typ=L.slot_type(op.type))
        raw.set_metadata("tbaa", self.m.tbaa("slot"))
        self.set(op, self.b.trunc(raw, L.I1) if op.type == BOOL else raw)

    def op_ArraySet(self, op: o.ArraySet) -> None:
        slot = self.array_slot(op)
        value = self.value(op.value)
        if op.value.type == BOOL:
            value = self.b.zext(value, L.I64)
        store = self.b.store(value, slot)
        store.set_metadata("tbaa", self.m.tbaa("slot"))

    def op_RangeLength(self, op: o.RangeLength) -> None:
        """(hi - lo - 1) // |step| + 1 in unsigned arithmetic where hi > lo, else 0; hi - lo
        always fits an unsigned 64-bit value."""
        start, stop = self.value(op.start), self.value(op.stop)
        lo, hi = (start, stop) if op.step > 0 else (stop, start)
        nonempty = self.b.icmp_signed("<", lo, hi)
        span = self.b.sub(self.b.sub(hi, lo), ir.Constant(L.I64, 1))
        count = self.b.add(self.b.udiv(span, ir.Constant(L.I64, abs(op.step))),
                           ir.Constant(L.I64, 1))
        self.set(op, self.b.select(nonempty, count, ir.Constant(L.I64, 0)))

    def byte_address(self, op: o.ByteGet | o.ByteSet) -> tuple[ir.Value, ir.Value]:
        """The address of obj.data[index] after a bounds check that raises IndexError (a dummy
        address on the raising path, as array_slot does), and whether index was inside."""
        obj, index = self.value(op.obj), self.value(op.index)
        size_ptr = self.b.gep(obj, [ir.Constant(L.I32, 0), ir.Constant(L.I32, L.BYTES_SIZE)],
                              source_etype=L.BYTES_HEADER)
        size = self.load_length(size_ptr)
        inside = self.b.icmp_unsigned("<", index, size)  # unsigned: negatives are huge
        self.raise_if(self.b.not_(inside), "rt_raise_byte_index", op)
        address = self.b.gep(obj, [ir.Constant(L.I32, 0), ir.Constant(L.I32, 3), index],
                             source_etype=L.BYTES_HEADER)
        dummy = self.m.external_data("rt_dummy_slot", L.I64, constant=False)
        return self.b.select(inside, address, dummy), inside

    def op_ByteGet(self, op: o.ByteGet) -> None:
        address, _ = self.byte_address(op)
        byte = self.b.load(address, typ=L.I8)
        byte.set_metadata("tbaa", self.m.tbaa("byte"))
        self.set(op, self.b.zext(byte, L.I64))

    def op_ByteSet(self, op: o.ByteSet) -> None:
        address, inside = self.byte_address(op)
        value = self.value(op.value)
        fits = self.b.icmp_unsigned("<", value, ir.Constant(L.I64, 256))
        # One exception at most: the value is checked only where the index was good.
        self.raise_if(self.b.and_(inside, self.b.not_(fits)), "rt_raise_byte_value", op)
        with self.b.if_then(self.b.and_(inside, fits), likely=True):
            store = self.b.store(self.b.trunc(value, L.I8), address)
            store.set_metadata("tbaa", self.m.tbaa("byte"))

    def op_Len(self, op: o.Len) -> None:
        t = op.value.type
        if isinstance(t, RArray):
            ptr = self.b.gep(self.value(op.value), [ir.Constant(L.I32, 0),
                                                    ir.Constant(L.I32, 1)],
                             source_etype=L.ARRAY_HEADER)
            self.set(op, self.load_length(ptr))
            return
        struct, index = (L.STR_HEADER, L.STR_LENGTH) if t == STR else (L.BYTES_HEADER,
                                                                       L.BYTES_SIZE)
        assert t in (STR, BYTES, RAW)
        ptr = self.b.gep(self.value(op.value), [ir.Constant(L.I32, 0), ir.Constant(L.I32, index)],
                         source_etype=struct)
        self.set(op, self.load_length(ptr))

    def load_length(self, ptr: ir.Value) -> ir.Value:
        """A length or size field: never negative, and far below 2**62 (no object is that big),
        which lets LLVM drop overflow checks on `i + len(x)` and the like."""
        length = self.b.load(ptr, typ=L.I64)
        length.set_metadata("tbaa", self.m.tbaa("length"))
        return length

    def op_Compare(self, op: o.Compare) -> None:
        lhs, rhs = self.value(op.lhs), self.value(op.rhs)
        if op.lhs.type == FLOAT:
            # Python: NaN compares false, except !=, which is true (unordered-or-not-equal).
            if op.op == "!=":
                self.set(op, self.b.fcmp_unordered("!=", lhs, rhs))
            else:
                self.set(op, self.b.fcmp_ordered(op.op, lhs, rhs))
            return
        self.set(op, self.b.icmp_signed(SIGNED[op.op], lhs, rhs))

    def op_FloatOp(self, op: o.FloatOp) -> None:
        lhs, rhs = self.value(op.lhs), self.value(op.rhs)
        emit = {"+": self.b.fadd, "-": self.b.fsub, "*": self.b.fmul}[op.op]
        self.set(op, emit(lhs, rhs))

    def op_IntToFloat(self, op: o.IntToFloat) -> None:
        self.set(op, self.b.sitofp(self.value(op.value), L.DOUBLE))

    def op_Not(self, op: o.Not) -> None:
        self.set(op, self.b.xor(self.value(op.value), ir.Constant(L.I1, 1)))

    def op_Select(self, op: o.Select) -> None:
        self.set(op, self.b.select(self.value(op.cond), self.value(op.if_true),
                                   self.value(op.if_false)))

    def op_IntOp(self, op: o.IntOp) -> None:
        from pyrage.compiler.codegen import intops

        self.set(op, intops.emit_int_op(self, op))

    # --- terminators ------------------------------------------------------------------------

    def op_Goto(self, op: o.Goto) -> None:
        self.b.branch(self.blocks[op.target.label])

    def op_Branch(self, op: o.Branch) -> None:
        self.b.cbranch(self.value(op.cond), self.blocks[op.if_true.label],
                       self.blocks[op.if_false.label])

    def op_Return(self, op: o.Return) -> None:
        if self.coro is not None:
            value = self.value(op.value) if op.value is not None and not op.raising else None
            self.coro.finish(value, self.fn.ret_type)
            return
        if op.raising:
            self.assume_raised()  # so that an inlined caller's check folds
        if self.fn.ret_type == NONE:
            self.b.ret_void()
        else:
            assert op.value is not None
            self.b.ret(self.value(op.value))

    def op_Unreachable(self, op: o.Unreachable) -> None:
        self.b.unreachable()
