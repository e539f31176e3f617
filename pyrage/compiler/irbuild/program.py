"""Monomorphization: build IR for every specialization reachable from the entry module.

Work is demand-driven. Building a function body asks for the functions, classes and module
initializers it uses; each request creates the FuncIR (signature) at once and queues its body.
So only reachable code is compiled (which keeps images small), a generic class gets one ClassIR
per distinct type-argument list, and every call names its callee exactly: there is no dynamic
dispatch on a signature (Protocol) call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mypy.nodes import Context, FuncDef, TypeInfo, Var
from mypy.types import CallableType, Type, TypeVarId, get_proper_type

from pyrage.compiler.frontend.mypy_build import TypedProgram
from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR, FuncIR, GlobalIR, ProgramIR
from pyrage.compiler.ir.types import BOOL, INT, NONE, RInstance, RType
from pyrage.compiler.irbuild.types import (
    Subst,
    TypeMapper,
    class_subst,
    substitute,
    type_key,
    unwrap_coroutine,
)
from pyrage.errors import CompileError, Diagnostic

ENTRY_SYMBOL = "pyrage_main"


class ClassInfo:
    """What irbuild keeps about a ClassIR: its mypy TypeInfo and type-argument substitution."""

    def __init__(self, info: TypeInfo, subst: dict[TypeVarId, Type], path: str) -> None:
        self.info, self.subst, self.path = info, subst, path


class ProgramBuilder:
    def __init__(self, typed: TypedProgram) -> None:
        self.typed = typed
        self.mapper = TypeMapper(self)
        self.classes: dict[str, ClassIR] = {}
        self.class_infos: dict[str, ClassInfo] = {}
        self.functions: dict[str, FuncIR] = {}
        self.globals: dict[str, GlobalIR] = {}
        self.module_inits: dict[str, FuncIR] = {}
        self.pending: list[Callable[[], None]] = []
        self.order: list[FuncIR] = []

    # --- errors and lookups -----------------------------------------------------------------

    def error(self, path: str, ctx: Context, message: str) -> CompileError:
        return CompileError([Diagnostic(path, ctx.line, ctx.column + 1, message)])

    def module_path(self, module: str) -> str:
        return self.typed.modules[module].path

    def is_compiled_class(self, info: TypeInfo) -> bool:
        return info.module_name in self.typed.compiled

    def rtype(self, t: Type, subst: Subst, ctx: Context, path: str) -> RType:
        return self.mapper.rtype(substitute(t, subst), ctx, path)

    # --- classes ----------------------------------------------------------------------------

    def specialize_class(self, info: TypeInfo, args: Sequence[Type], ctx: Context,
                         path: str) -> ClassIR:
        name = info.fullname
        if args:
            name += "[" + ", ".join(type_key(a) for a in args) + "]"
        if name in self.classes:
            return self.classes[name]
        cls = ClassIR(name, info.name)
        self.classes[name] = cls  # before the fields: a field may have this very class's type
        subst = class_subst(info, list(args))
        cinfo = ClassInfo(info, subst, self.module_path(info.module_name))
        self.class_infos[name] = cinfo
        for attr, sym in info.names.items():
            node = sym.node
            if isinstance(node, Var) and not node.is_classvar and not node.is_property:
                if node.type is None:
                    raise self.error(cinfo.path, node, f'attribute "{attr}" of {info.name} needs '
                                                       "a type annotation")
                cls.fields[attr] = self.rtype(node.type, subst, node, cinfo.path)
        return cls

    def class_info(self, cls: ClassIR) -> ClassInfo:
        return self.class_infos[cls.name]

    # --- functions --------------------------------------------------------------------------

    def function(self, fdef: FuncDef, *, cls: ClassIR | None = None,
                 fn_subst: dict[TypeVarId, Type] | None = None,
                 extern: str | None = None) -> FuncIR:
        """The FuncIR of one specialization of `fdef`, creating it (and queuing its body)."""
        fn_subst = fn_subst or {}
        base = f"{cls.name}.{fdef.name}" if cls is not None else fdef.fullname
        name = base
        if fn_subst:
            name += "[" + ", ".join(type_key(fn_subst[k]) for k in sorted(fn_subst, key=str)) + "]"
        if name in self.functions:
            return self.functions[name]
        module = cls_module(fdef, cls, self)
        path = self.module_path(module)
        subst: dict[TypeVarId, Type] = {}
        if cls is not None:
            subst.update(self.class_info(cls).subst)
        subst.update(fn_subst)
        sig = fdef.type
        if not isinstance(sig, CallableType):
            raise self.error(path, fdef, f'function "{fdef.name}" needs type annotations')
        params: list[o.Register] = []
        for i, arg in enumerate(fdef.arguments):
            if i == 0 and cls is not None and not fdef.is_static:
                params.append(o.Register(arg.variable.name, RInstance(cls)))
            else:
                params.append(o.Register(arg.variable.name,
                                         self.rtype(sig.arg_types[i], subst, arg, path)))
        ret_t = substitute(sig.ret_type, subst)
        if fdef.is_coroutine:
            ret_t = unwrap_coroutine(ret_t)
        ret = self.mapper.rtype(ret_t, fdef, path)
        from mypy.types import UninhabitedType

        fn = FuncIR(name, params, ret, path=path, line=fdef.line,
                    noreturn=isinstance(get_proper_type(ret_t), UninhabitedType), extern=extern)
        fn.registers.extend(params)
        self.functions[name] = fn
        self.order.append(fn)
        if extern is None:
            from pyrage.compiler.irbuild.builder import FunctionBuilder

            self.pending.append(lambda: FunctionBuilder(self, fn, module, subst, cls).build_def(fdef))
        return fn

    def constructor(self, cls: ClassIR, ctx: Context, path: str) -> FuncIR:
        """`Class.__new__`: allocate, set class-body defaults, run __init__, return the object."""
        name = f"{cls.name}.__new__"
        if name in self.functions:
            return self.functions[name]
        cinfo = self.class_info(cls)
        init = cinfo.info.get_method("__init__")
        init_ir = None
        if isinstance(init, FuncDef) and init.info is cinfo.info:
            init_ir = self.function(init, cls=cls)
        params = [o.Register(p.name, p.type) for p in (init_ir.params[1:] if init_ir else [])]
        fn = FuncIR(name, params, RInstance(cls), path=cinfo.path, line=cinfo.info.line)
        fn.registers.extend(params)
        self.functions[name] = fn
        self.order.append(fn)
        from pyrage.compiler.irbuild.builder import FunctionBuilder

        self.pending.append(
            lambda: FunctionBuilder(self, fn, cinfo.info.module_name, cinfo.subst, cls).build_constructor(
                cinfo.info, init_ir))
        return fn

    # --- modules ----------------------------------------------------------------------------

    def global_var(self, fullname: str, type: RType) -> GlobalIR:
        if fullname not in self.globals:
            self.globals[fullname] = GlobalIR(fullname, type)
        return self.globals[fullname]

    def module_init(self, module: str) -> FuncIR:
        """The function that runs a module's top-level code once (Python's import semantics)."""
        if module in self.module_inits:
            return self.module_inits[module]
        path = self.module_path(module)
        fn = FuncIR(f"{module}.<module>", [], NONE, path=path, line=1)
        self.module_inits[module] = fn
        self.order.append(fn)
        from pyrage.compiler.irbuild.builder import FunctionBuilder

        tree = self.typed.modules[module]
        flag = self.global_var(f"{module}.<initialized>", BOOL)
        self.pending.append(lambda: FunctionBuilder(self, fn, module, {}, None).build_module(
            tree, flag))
        return fn

    def build(self) -> ProgramIR:
        init = self.module_init(self.typed.entry)
        entry = FuncIR(ENTRY_SYMBOL, [], INT, path=init.path, line=1)
        block = o.BasicBlock(0)
        block.ops += [o.Call(init, [], o.Loc(init.path, 1)), o.Return(o.Const(0, INT))]
        entry.blocks.append(block)
        while self.pending:
            self.pending.pop(0)()
        program = ProgramIR(entry)
        program.functions = [*self.order, entry]
        program.classes = list(self.classes.values())
        program.globals = list(self.globals.values())
        return program


def cls_module(fdef: FuncDef, cls: ClassIR | None, program: ProgramBuilder) -> str:
    if cls is not None:
        return program.class_info(cls).info.module_name
    return fdef.fullname.rsplit(".", 1)[0]
