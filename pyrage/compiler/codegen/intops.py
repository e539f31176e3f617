"""Integer operators with Python's semantics on a 64-bit int.

- + - * and << trap (rt_trap_overflow) where CPython would grow the int;
- // and % floor (the remainder takes the divisor's sign), raise ZeroDivisionError on 0;
- >> is arithmetic; a negative shift count is a ValueError, as in CPython;
- ** is a runtime call (rt_int_pow), trapping on overflow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from pyrage.compiler.codegen import layout as L
from pyrage.compiler.ir import ops as o

if TYPE_CHECKING:
    from pyrage.compiler.codegen.function import FunctionEmitter

ZERO = ir.Constant(L.I64, 0)
ONE = ir.Constant(L.I64, 1)
MINUS_ONE = ir.Constant(L.I64, -1)
INT_MIN = ir.Constant(L.I64, -(2**63))
OVERFLOW_INTRINSICS = {"+": "llvm.sadd.with.overflow.i64", "-": "llvm.ssub.with.overflow.i64",
                       "*": "llvm.smul.with.overflow.i64"}


def emit_int_op(fe: FunctionEmitter, op: o.IntOp) -> ir.Value:
    a, b = fe.value(op.lhs), fe.value(op.rhs)
    bld = fe.b
    if op.wrapping:
        return bld.add(a, b) if op.op == "+" else bld.sub(a, b)
    if op.op in OVERFLOW_INTRINSICS:
        return checked(fe, op, OVERFLOW_INTRINSICS[op.op], a, b)
    if op.op == "&":
        return bld.and_(a, b)
    if op.op == "|":
        return bld.or_(a, b)
    if op.op == "^":
        return bld.xor(a, b)
    if op.op in ("//", "%"):
        return floor_div_mod(fe, op, a, b)
    if op.op in ("<<", ">>"):
        return shift(fe, op, a, b)
    if op.op == "**":
        return fe.call_runtime("rt_int_pow", L.I64, [a, b, fe.loc(op)])
    raise AssertionError(op.op)


def checked(fe: FunctionEmitter, op: o.IntOp, intrinsic: str, a: ir.Value, b: ir.Value) -> ir.Value:
    pair = ir.LiteralStructType([L.I64, L.I1])
    fn = fe.m.module.globals.get(intrinsic)
    if fn is None:
        fn = ir.Function(fe.m.module, ir.FunctionType(pair, [L.I64, L.I64]), name=intrinsic)
    result = fe.b.call(fn, [a, b])
    fe.fail_if(fe.b.extract_value(result, 1), "rt_trap_overflow", op)
    return fe.b.extract_value(result, 0)


def floor_div_mod(fe: FunctionEmitter, op: o.IntOp, a: ir.Value, b: ir.Value) -> ir.Value:
    bld = fe.b
    is_zero = bld.icmp_signed("==", b, ZERO)
    fe.raise_if(is_zero, "rt_raise_modulo_zero" if op.op == "%" else "rt_raise_zero_division",
                op)
    b = bld.select(is_zero, ONE, b)  # the raising path must not fault in sdiv
    if op.op == "//":
        # -2**63 // -1 is 2**63: too big. (x86's idiv would fault on it.)
        fe.fail_if(bld.and_(bld.icmp_signed("==", a, INT_MIN), bld.icmp_signed("==", b, MINUS_ONE)),
                   "rt_trap_overflow", op)
        q = bld.sdiv(a, b)
        r = bld.srem(a, b)
        adjust = needs_floor_adjust(fe, r, b)
        return bld.sub(q, bld.zext(adjust, L.I64))
    # x % -1 is 0 for every x; avoid srem's undefined -2**63 % -1.
    safe_b = bld.select(bld.icmp_signed("==", b, MINUS_ONE), ONE, b)
    r = bld.srem(a, safe_b)
    adjust = needs_floor_adjust(fe, r, safe_b)
    return bld.select(adjust, bld.add(r, safe_b), r)


def needs_floor_adjust(fe: FunctionEmitter, r: ir.Value, b: ir.Value) -> ir.Value:
    """C truncates toward zero; Python floors: adjust when the remainder's sign differs."""
    bld = fe.b
    return bld.and_(bld.icmp_signed("!=", r, ZERO),
                    bld.icmp_signed("<", bld.xor(r, b), ZERO))


def shift(fe: FunctionEmitter, op: o.IntOp, a: ir.Value, b: ir.Value) -> ir.Value:
    bld = fe.b
    negative = bld.icmp_signed("<", b, ZERO)
    fe.raise_if(negative, "rt_raise_negative_shift", op)
    b = bld.select(negative, ZERO, b)  # the raising path computes a harmless a << 0
    big = bld.icmp_signed(">=", b, ir.Constant(L.I64, 64))
    count = bld.select(big, ir.Constant(L.I64, 63), b)
    if op.op == ">>":
        return bld.ashr(a, count)  # a >> 63 is already 0 or -1: the answer for any count >= 64
    result = bld.shl(a, count)
    # Overflow: shifting back does not give a, or the count is >= 64 with a != 0.
    lost = bld.icmp_signed("!=", bld.ashr(result, count), a)
    fe.fail_if(bld.or_(lost, bld.and_(big, bld.icmp_signed("!=", a, ZERO))), "rt_trap_overflow", op)
    return bld.select(big, ZERO, result)
