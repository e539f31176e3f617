"""A readable text form of the IR, used by `pyrage compile --emit-ir` and by the IR test cases.

Example (for `def inc(x: int) -> int: return x + 1`):

    def t.inc(x: int) -> int:
    L0:
        r0 = x + 1
        return r0
"""

from __future__ import annotations

from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import FuncIR, ProgramIR


class _Namer:
    def __init__(self) -> None:
        self.names: dict[int, str] = {}

    def __call__(self, v: o.Value) -> str:
        if isinstance(v, o.Register):
            return v.name
        if isinstance(v, o.Const):
            return repr(v.value)
        key = id(v)
        if key not in self.names:
            self.names[key] = f"r{len(self.names)}"
        return self.names[key]


def format_op(op: o.Op, n: _Namer) -> str:
    def args(values: list[o.Value]) -> str:
        return ", ".join(n(v) for v in values)

    if isinstance(op, o.Assign):
        return f"{op.dest.name} = {n(op.src)}"
    if isinstance(op, o.Goto):
        return f"goto L{op.target.label}"
    if isinstance(op, o.Branch):
        return f"if {n(op.cond)} goto L{op.if_true.label} else goto L{op.if_false.label}"
    if isinstance(op, o.Return):
        return "return" + (f" {n(op.value)}" if op.value is not None else "")
    if isinstance(op, o.Unreachable):
        return "unreachable"
    if isinstance(op, o.SetField):
        return f"{n(op.obj)}.{op.field} = {n(op.value)}"
    if isinstance(op, o.StoreGlobal):
        return f"{op.glob.name} = {n(op.value)}"
    if isinstance(op, o.ArraySet):
        return f"{n(op.array)}[{n(op.index)}] = {n(op.value)}"
    if isinstance(op, o.ByteSet):
        return f"{n(op.obj)}[{n(op.index)}] = byte {n(op.value)}"
    if isinstance(op, o.SetExc):
        return f"raise again {n(op.value)}"
    if isinstance(op, o.CheckBound):
        return f"check bound {n(op.var)}  # {op.name}"
    if isinstance(op, o.Unassign):
        return f"del {op.dest.name}"
    rhs: str
    if isinstance(op, o.Call) and op.vtable_slot is not None:
        rhs = f"{n(op.args[0])}.vtable[{op.vtable_slot}]({args(op.args)})  # {op.fn.name}"
    elif isinstance(op, o.Call):
        rhs = f"{op.fn.name}({args(op.args)})"
    elif isinstance(op, o.FuncAddr):
        rhs = f"&{op.fn.name}"
    elif isinstance(op, o.Await):
        rhs = f"await {n(op.coro)}"
    elif isinstance(op, o.Suspend):
        rhs = "suspend"
    elif isinstance(op, o.CallValue):
        rhs = f"{n(op.fn)}({args(op.args)})"
    elif isinstance(op, o.CallRuntime):
        rhs = f"{op.name}({args(op.args)})"
    elif isinstance(op, o.BuildStr):
        rhs = f"build_str({args(op.parts)})"
    elif isinstance(op, o.Alloc):
        rhs = f"new {op.cls.name}"
    elif isinstance(op, o.GetField):
        rhs = f"{n(op.obj)}.{op.field}"
    elif isinstance(op, o.LoadGlobal):
        rhs = op.glob.name
    elif isinstance(op, o.IntToFloat):
        rhs = f"float {n(op.value)}"
    elif isinstance(op, (o.IntOp, o.Compare, o.FloatOp)):
        rhs = f"{n(op.lhs)} {op.op} {n(op.rhs)}"
        if isinstance(op, o.IntOp) and op.wrapping:
            rhs += " (mod 2**64)"
    elif isinstance(op, o.CheckExc):
        rhs = "exception pending"
    elif isinstance(op, o.LoadExc):
        rhs = "take exception"
    elif isinstance(op, o.IsInstance):
        rhs = f"isinstance({n(op.obj)}, {op.cls.name})"
    elif isinstance(op, o.IsOfFamily):
        rhs = f"isinstance({n(op.obj)}, {op.family}[...])"
    elif isinstance(op, o.ArrayNew):
        rhs = f"new {op.type}({n(op.length)})"
    elif isinstance(op, o.ArrayGet):
        rhs = f"{n(op.array)}[{n(op.index)}]"
    elif isinstance(op, o.RangeLength):
        rhs = f"len(range({n(op.start)}, {n(op.stop)}, {op.step}))"
    elif isinstance(op, o.ByteGet):
        rhs = f"byte {n(op.obj)}[{n(op.index)}]"
    elif isinstance(op, o.Box):
        rhs = f"box {n(op.value)}"
    elif isinstance(op, o.Unbox):
        rhs = f"unbox {n(op.value)} as {op.type}"
    elif isinstance(op, o.IsNone):
        rhs = f"{n(op.value)} is None"
    elif isinstance(op, o.HasType):
        rhs = f"{n(op.value)} holds {op.member}"
    elif isinstance(op, o.SameObject):
        rhs = f"{n(op.lhs)} is {n(op.rhs)}"
    elif isinstance(op, o.Cast):
        rhs = f"cast {n(op.value)} to {op.type}"
    elif isinstance(op, o.Len):
        rhs = f"len {n(op.value)}"
    elif isinstance(op, o.Not):
        rhs = f"not {n(op.value)}"
    elif isinstance(op, o.Select):
        rhs = f"{n(op.if_true)} if {n(op.cond)} else {n(op.if_false)}"
    else:  # pragma: no cover - every op is listed above
        rhs = type(op).__name__
    if op.type.name == "None" and isinstance(op, (o.Call, o.CallRuntime, o.CallValue, o.Await,
                                                   o.Suspend)):
        return rhs
    return f"{n(op)} = {rhs}"


def format_func(fn: FuncIR) -> str:
    params = ", ".join(f"{p.name}: {p.type}" for p in fn.params)
    head = f"{'async def' if fn.is_coroutine else 'def'} {fn.name}({params}) -> {fn.ret_type}:"
    if fn.extern:
        return f"{head}  # extern {fn.extern}"
    n = _Namer()
    lines = [head]
    for block in fn.blocks:
        lines.append(f"L{block.label}:")
        lines += [f"    {format_op(op, n)}" for op in block.ops]
    return "\n".join(lines)


def format_program(program: ProgramIR) -> str:
    parts = []
    for cls in program.classes:
        fields = "".join(f"\n    {name}: {t}" for name, t in cls.fields.items())
        parts.append(f"class {cls.name}:{fields or ' pass'}")
    parts += [format_func(f) for f in program.functions]
    return "\n\n".join(parts) + "\n"
