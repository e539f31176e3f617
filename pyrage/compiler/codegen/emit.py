"""ProgramIR -> LLVM IR text (llvmlite.ir).

Every compiled function is `internal` (the program is one module), the entry point and every
runtime symbol are `dso_local`, so under the static relocation model no GOT is involved.
Statics (str/bytes constants, type infos, source locations) are deduplicated constants.
"""

from __future__ import annotations

from llvmlite import ir
from llvmlite.ir import values

from pyrage.compiler.codegen import coroutines
from pyrage.compiler.codegen import layout as L
from pyrage.compiler.codegen.target import TRIPLE, TargetSpec, target_data
from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR, FuncIR, GlobalIR, ProgramIR
from pyrage.compiler.ir.types import BOOL, BYTES, FLOAT, INT, NONE, STR
from pyrage.compiler.irbuild.program import ENTRY_SYMBOL


#: Runtime functions that call compiled code back: an instance's str/repr/eq through its type
#: info (runtime/core/objstr.c, objeq.c), or a coroutine's body (coro.c). Compiled code stores
#: its recursion depth in rt_depth around a call of one (tests/compiler/test_depth.py checks
#: the list against the runtime's sources).
CALLS_BACK = frozenset({"rt_object_str", "rt_object_repr", "rt_object_format", "rt_object_eq",
                        "rt_object_ne", "rt_coro_step", "rt_coro_throw"})


def takes_depth(fn: FuncIR) -> bool:
    """Whether fn's LLVM function takes the caller's recursion depth as its first parameter:
    every compiled function but the entry point, which the runtime calls."""
    return fn.extern is None and fn.name != ENTRY_SYMBOL


class ModuleEmitter:
    def __init__(self, program: ProgramIR, target: TargetSpec) -> None:
        self.program = program
        self.target = target
        self.module = ir.Module(name="pyrage")
        self.module.triple = TRIPLE
        self.module.data_layout = str(target_data())
        self.functions: dict[str, ir.Function] = {}
        self.runtime: dict[str, ir.Function] = {}
        self.globals: dict[str, ir.GlobalVariable] = {}
        self.statics: dict[tuple[str, object], ir.GlobalVariable] = {}
        self.type_infos: dict[str, ir.GlobalVariable] = {}
        self.tbaa_root: ir.MDValue | None = None
        self.tbaa_tags: dict[str, ir.MDValue] = {}
        self.counter = 0

    # --- module -----------------------------------------------------------------------------

    def emit(self) -> str:
        for g in self.program.globals:
            self.declare_global(g)
        for fn in self.program.functions:
            self.declare_function(fn)
        from pyrage.compiler.codegen.function import FunctionEmitter

        for fn in self.program.functions:
            if fn.extern is None:
                FunctionEmitter(self, fn).emit()
        if any(fn.is_coroutine for fn in self.program.functions):
            coroutines.emit_resume_helper(self.module)
        self.emit_global_roots()
        return str(self.module)

    def emit_global_roots(self) -> None:
        """pyrage_global_roots: the address of every global holding an object pointer, then
        NULL. The collector scans them precisely (runtime/core/object.h)."""
        refs = [self.globals[g.name] for g in self.program.globals if g.type.is_ref]
        ty = ir.ArrayType(L.PTR, len(refs) + 1)
        gv = ir.GlobalVariable(self.module, ty, name="pyrage_global_roots")
        gv.storage_class = "dso_local"
        gv.global_constant = True
        gv.initializer = ir.Constant(ty, [*refs, ir.Constant(L.PTR, None)])

    def new_global(self, ty: ir.Type, name: str) -> ir.GlobalVariable:
        """A global whose address is an opaque `ptr`: llvmlite would otherwise type it `T*`,
        and two statics of different T could not meet in a select or a phi."""
        gv = ir.GlobalVariable(self.module, ty, name=name)
        gv.type = L.PTR
        return gv

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}.{self.counter}"

    def add_attributes(self, f: ir.Function, *, noreturn: bool = False) -> None:
        for attr in self.target.function_attributes:
            f.attributes.add(attr)
        if noreturn:
            f.attributes.add("noreturn")

    def declare_function(self, fn: FuncIR) -> None:
        params = [L.value_type(p.type) for p in fn.params]
        if takes_depth(fn):
            params.insert(0, L.I64)
        fnty = ir.FunctionType(L.return_type(fn.call_type), params)
        if fn.extern is not None:
            f = self.runtime_function(fn.extern, fnty, noreturn=fn.noreturn)
        else:
            f = ir.Function(self.module, fnty, name=fn.name)
            f.linkage = "dso_local" if fn.name == ENTRY_SYMBOL else "internal"
            # WARNING: never `noreturn` here. A Python function typed NoReturn ends by raising,
            # which returns to its caller with the exception pending: LLVM would treat that
            # return as undefined behaviour (it was seen to corrupt the recursion counter).
            self.add_attributes(f)
            for attr in sorted(fn.attributes):
                f.attributes.add(attr)
            if fn.is_coroutine:
                coroutines.mark_coroutine(f)
        self.functions[fn.name] = f

    def runtime_function(self, name: str, fnty: ir.FunctionType, *,
                         noreturn: bool = False) -> ir.Function:
        """A declaration of a runtime (C) function, made once."""
        f = self.runtime.get(name)
        if f is None:
            f = ir.Function(self.module, fnty, name=name)
            f.linkage = "dso_local"  # printed as `declare dso_local ...`: a direct call, no GOT
            self.add_attributes(f, noreturn=noreturn)
            self.runtime[name] = f
        elif f.function_type != fnty:
            raise AssertionError(f"runtime function {name} used with two signatures: "
                                 f"{f.function_type} and {fnty}")
        return f

    def declare_global(self, g: GlobalIR) -> None:
        gv = self.new_global(L.memory_type(g.type), name=g.name)
        gv.linkage = "internal"
        gv.initializer = ir.Constant(L.memory_type(g.type), None)
        self.globals[g.name] = gv

    def tbaa(self, kind: str) -> ir.MDValue:
        """The TBAA access tag of one kind of memory compiled code touches: "field" (instance
        fields), "slot" (array slots), "byte" (bytes data), "length" (array/str/bytes sizes).
        They never overlap (distinct objects or distinct parts of one), so a store to a list's
        slot does not make LLVM reload the list's size."""
        tag = self.tbaa_tags.get(kind)
        if tag is None:
            if self.tbaa_root is None:
                self.tbaa_root = self.module.add_metadata([ir.MetaDataString(self.module,
                                                                             "pyrage")])
            node = self.module.add_metadata([ir.MetaDataString(self.module, kind),
                                             self.tbaa_root, ir.Constant(L.I64, 0)])
            tag = self.module.add_metadata([node, node, ir.Constant(L.I64, 0)])
            self.tbaa_tags[kind] = tag
        return tag

    # --- statics ----------------------------------------------------------------------------

    def external_data(self, name: str, ty: ir.Type, *, constant: bool = True
                      ) -> ir.GlobalVariable:
        """A runtime global. WARNING: a constant one may be assumed never to change."""
        gv = self.module.globals.get(name)
        if gv is None:
            gv = self.new_global(ty, name=name)
            gv.storage_class = "dso_local"
            gv.global_constant = constant
        return gv

    def constant(self, key: tuple[str, object], ty: ir.Type, init: ir.Constant,
                 prefix: str, *, align: int = 8) -> ir.GlobalVariable:
        """A deduplicated static. Its alignment is its fields' own: LLVM would give anything of
        16 bytes or more 16 (a 24-byte source location took 32)."""
        gv = self.statics.get(key)
        if gv is None:
            gv = self.new_global(ty, name=self.fresh(prefix))
            # internal, not private: the unstripped image names it (link/sizes.py counts it)
            gv.linkage = "internal"
            gv.global_constant = True
            gv.unnamed_addr = True
            gv.align = align
            gv.initializer = init
            self.statics[key] = gv
        return gv

    def cstring(self, text: str) -> ir.GlobalVariable:
        data = text.encode() + b"\0"
        ty = ir.ArrayType(L.I8, len(data))
        return self.constant(("cstr", text), ty, ir.Constant(ty, bytearray(data)), ".cstr",
                             align=1)

    def str_constant(self, value: str) -> ir.GlobalVariable:
        data = value.encode("utf-8", "surrogatepass")
        ty = L.str_struct(len(data) + 1)  # a NUL after the data, as for heap strs
        init = ir.Constant(ty, [self.external_data("rt_type_str", L.TYPE_INFO),
                                ir.Constant(L.I64, len(data)), ir.Constant(L.I64, len(value)),
                                ir.Constant(L.I64, static_hash(data)),
                                ir.Constant(ty.elements[4], bytearray(data + b"\0"))])
        return self.constant(("str", value), ty, init, ".str")

    def str_piece(self, value: str) -> ir.Value:
        """A literal part of a BuildStr: a pyrage_str_piece (8 bytes of header, not a str's 32),
        passed tagged (runtime/core/str.c's rt_str_build)."""
        data = value.encode("utf-8", "surrogatepass")
        ty = L.piece_struct(len(data))
        init = ir.Constant(ty, [ir.Constant(L.I32, len(data)), ir.Constant(L.I32, len(value)),
                                ir.Constant(ty.elements[2], bytearray(data))])
        gv = self.constant(("piece", value), ty, init, ".piece", align=4)
        return values.FormattedConstant(
            L.PTR, f"getelementptr (i8, ptr {gv.get_reference()}, i64 {L.PIECE_TAG})")

    def bytes_constant(self, value: bytes) -> ir.GlobalVariable:
        ty = L.bytes_struct(len(value) + 1)
        init = ir.Constant(ty, [self.external_data("rt_type_bytes", L.TYPE_INFO),
                                ir.Constant(L.I64, len(value)),
                                ir.Constant(L.I64, static_hash(value)),
                                ir.Constant(ty.elements[3], bytearray(value + b"\0"))])
        return self.constant(("bytes", value), ty, init, ".bytes")

    def location(self, loc: o.Loc, hidden: bool = False) -> ir.GlobalVariable:
        """A pyrage_loc: the line, and the 32-bit address of the frame (file and function)
        that the function's locations share (runtime/core/object.h). A hidden location (its
        line negated) is one no traceback shows: code CPython has no frame for."""
        frame_init = ir.Constant(L.FRAME, [self.cstring(loc.path), self.cstring(loc.func)])
        frame = self.constant(("frame", (loc.path, loc.func)), L.FRAME, frame_init, ".frame")
        line = -loc.line if hidden else loc.line
        init = ir.Constant(L.LOC, [ir.Constant(L.I32, line), frame.ptrtoint(L.I32)])
        return self.constant(("loc", (loc.path, line, loc.func)), L.LOC, init, ".loc",
                             align=4)

    def type_info(self, cls: ClassIR) -> ir.GlobalVariable:
        gv = self.type_infos.get(cls.name)
        if gv is None and cls.extern_type is not None:
            gv = self.external_data(cls.extern_type, L.TYPE_INFO)
            self.type_infos[cls.name] = gv
        if gv is None:
            struct = L.instance_struct(cls)
            td = target_data()
            ptrmap = 0
            for i, t in enumerate(cls.fields.values(), start=1):
                if t.is_ref:
                    ptrmap |= 1 << (struct.get_element_offset(td, i) // 8)
            init = ir.Constant(L.TYPE_INFO, [
                self.cstring(cls.py_name), ir.Constant(L.I32, L.KIND_INSTANCE),
                ir.Constant(L.I32, struct.get_abi_size(td)), ir.Constant(L.I64, ptrmap),
                self.type_info(cls.base) if cls.base is not None else ir.Constant(L.PTR, None),
                ir.Constant(L.I32, 0), ir.Constant(L.I32, 0), self.vtable(cls),
                self.traceback_module(cls), self.function_or_null(cls.dynamic_str),
                self.function_or_null(cls.dynamic_repr), self.function_or_null(cls.dynamic_eq)])
            gv = self.new_global(L.TYPE_INFO, name=f"type:{cls.name}")
            gv.linkage = "internal"
            gv.global_constant = True
            gv.align = 8
            gv.initializer = init
            self.type_infos[cls.name] = gv
        return gv

    def program_class(self, fullname: str) -> ClassIR:
        """A class of the program by name (a builtin exception the program raises)."""
        for cls in self.program.classes:
            if cls.name == fullname:
                return cls
        raise AssertionError(f"class {fullname} is not in the program")

    def empty_array(self) -> ir.Value:
        """The static pyrage_array of length 0 that every Array(0) is."""
        gv = self.statics.get(("empty array", None))
        if gv is None:
            ty = ir.LiteralStructType([L.PTR, L.I64])
            gv = self.new_global(ty, name="pyrage.empty_array")
            gv.linkage = "private"
            gv.global_constant = True
            gv.initializer = ir.Constant(ty, [
                self.external_data("rt_type_array_values", L.TYPE_INFO), ir.Constant(L.I64, 0)])
            self.statics[("empty array", None)] = gv
        return gv

    def function_or_null(self, fn: FuncIR | None) -> ir.Value:
        """A compiled function the runtime calls (a type info's str/repr/eq), or NULL."""
        return self.c_entry(fn) if fn is not None else ir.Constant(L.PTR, None)

    def c_entry(self, fn: FuncIR) -> ir.Function:
        """fn with the C signature the runtime calls it with: without the recursion depth,
        which it takes from rt_depth, where compiled code leaves it before calling a runtime
        function that calls back (CALLS_BACK)."""
        name = f"{fn.name}.<from C>"
        f = self.module.globals.get(name)
        if f is None:
            target = self.functions[fn.name]
            fnty = ir.FunctionType(target.function_type.return_type,
                                   target.function_type.args[1:])
            f = ir.Function(self.module, fnty, name=name)
            f.linkage = "internal"
            self.add_attributes(f)
            b = ir.IRBuilder(f.append_basic_block("entry"))
            depth = b.load(self.external_data("rt_depth", L.I64, constant=False), typ=L.I64)
            result = b.call(target, [depth, *f.args])
            if fnty.return_type == L.VOID:
                b.ret_void()
            else:
                b.ret(result)
        assert isinstance(f, ir.Function)
        return f

    def vtable(self, cls: ClassIR) -> ir.Value:
        if not cls.vtable:
            return ir.Constant(L.PTR, None)
        ty = ir.ArrayType(L.PTR, len(cls.vtable))
        entries = [self.functions[fn.name] if fn is not None else ir.Constant(L.PTR, None)
                   for fn in cls.vtable]
        gv = self.new_global(ty, name=f"vtable:{cls.name}")
        gv.linkage = "internal"
        gv.global_constant = True
        gv.align = 8
        gv.initializer = ir.Constant(ty, entries)
        return gv

    def traceback_module(self, cls: ClassIR) -> ir.Value:
        """The module a traceback prints before the class name: none for builtins and for the
        entry file's classes (CPython's __main__), as traceback.format_exception does."""
        if cls.module is None or cls.module == self.program.entry_module:
            return ir.Constant(L.PTR, None)
        return self.cstring(cls.module)

    def const_value(self, c: o.Const) -> ir.Value:
        t = c.type
        if t == INT:
            return ir.Constant(L.I64, int(c.value))  # type: ignore[arg-type]
        if t == BOOL:
            return ir.Constant(L.I1, int(bool(c.value)))
        if t == FLOAT:
            return ir.Constant(L.DOUBLE, float(c.value))  # type: ignore[arg-type]
        if t == NONE or (t.is_ref and c.value is None):
            return ir.Constant(L.PTR, None)
        if t == STR:
            assert isinstance(c.value, str)
            return self.str_constant(c.value)
        if t == BYTES:
            assert isinstance(c.value, bytes)
            return self.bytes_constant(c.value)
        raise AssertionError(f"no constants of type {t}")


def static_hash(data: bytes) -> int:
    """runtime/core/hash.c's fnv1a, for literals (they are read-only, so the runtime cannot
    cache their hash; it finds it already there). Returned as the i64 bit pattern. The empty
    one's is 0 (CPython's), which the runtime answers without reading the field."""
    if not data:
        return 0
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    h ^= h >> 29
    x = h - (1 << 64) if h >= 1 << 63 else h
    if x == -1:
        x = -2
    if x == 0:
        x = 1
    return x


def emit_module(program: ProgramIR, target: TargetSpec) -> str:
    return ModuleEmitter(program, target).emit()

