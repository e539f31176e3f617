"""LLVM types of runtime values and object layouts.

WARNING: must agree with pyrage/runtime/core/object.h (tests/compiler/test_layout.py checks).
"""

from __future__ import annotations

from llvmlite import ir

from pyrage.compiler.ir.func import ClassIR
from pyrage.compiler.ir.types import BOOL, FLOAT, INT, NONE, RType

I1 = ir.IntType(1)
I8 = ir.IntType(8)
I32 = ir.IntType(32)
I64 = ir.IntType(64)
DOUBLE = ir.DoubleType()
PTR = ir.PointerType()
VOID = ir.VoidType()

#: struct pyrage_type { name; kind; size; ptrmap; base; flags; reserved; vtable; module;
#: str_fn; repr_fn }
TYPE_INFO = ir.LiteralStructType([PTR, I32, I32, I64, PTR, I32, I32, PTR, PTR, PTR, PTR, PTR])
#: struct pyrage_array { type; int64_t length; uint64_t slots[] }
ARRAY_HEADER = ir.LiteralStructType([PTR, I64, ir.ArrayType(I64, 0)])
#: A closure object starts {type, entry}; its captured cells follow.
CLOSURE_HEADER = ir.LiteralStructType([PTR, PTR])
#: struct pyrage_box { type; uint64_t value }
BOX = ir.LiteralStructType([PTR, I64])
#: struct pyrage_loc { int32_t line; uint32_t frame } (the address of a pyrage_frame)
LOC = ir.LiteralStructType([I32, I32])
#: struct pyrage_frame { const char *file; const char *func }
FRAME = ir.LiteralStructType([PTR, PTR])

KIND_INSTANCE, KIND_STR, KIND_BYTES = 0, 1, 2

#: Field indices in struct pyrage_str {type, size, length, hash, data[]} and pyrage_bytes.
STR_SIZE, STR_LENGTH = 1, 2
BYTES_SIZE = 1


def str_struct(n: int) -> ir.LiteralStructType:
    return ir.LiteralStructType([PTR, I64, I64, I64, ir.ArrayType(I8, n)])


def bytes_struct(n: int) -> ir.LiteralStructType:
    return ir.LiteralStructType([PTR, I64, I64, ir.ArrayType(I8, n)])


def piece_struct(n: int) -> ir.LiteralStructType:
    """struct pyrage_str_piece { uint32_t size; uint32_t length; char data[n] }"""
    return ir.LiteralStructType([I32, I32, ir.ArrayType(I8, n)])


#: What marks a pointer to a piece among rt_str_build's parts (runtime/core/object.h).
PIECE_TAG = 1

STR_HEADER = str_struct(0)
BYTES_HEADER = bytes_struct(0)


def value_type(t: RType) -> ir.Type:
    """How a value of type t is held in a register or passed to a function."""
    if t == INT:
        return I64
    if t == BOOL:
        return I1
    if t == FLOAT:
        return DOUBLE
    if t == NONE:
        return PTR  # the unit: a null pointer when a None has to be materialised
    assert t.is_ref, t
    return PTR


def memory_type(t: RType) -> ir.Type:
    """How a value of type t is stored in an object field (bools take a byte, as in C)."""
    return I8 if t == BOOL else value_type(t)


def slot_type(t: RType) -> ir.Type:
    """How a value sits in an 8-byte Array slot (a bool is widened to i64)."""
    return I64 if t == BOOL else value_type(t)


def return_type(t: RType) -> ir.Type:
    return VOID if t == NONE else value_type(t)


def instance_struct(cls: ClassIR) -> ir.LiteralStructType:
    """{type header, field...} in declaration order."""
    return ir.LiteralStructType([PTR, *(memory_type(t) for t in cls.fields.values())])


def field_index(cls: ClassIR, name: str) -> int:
    return 1 + list(cls.fields).index(name)
