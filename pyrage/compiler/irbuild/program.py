"""Monomorphization: build IR for every specialization reachable from the entry module.

Work is demand-driven. Building a function body asks for the functions, classes and module
initializers it uses; each request creates the FuncIR (signature) at once and queues its body.
So only reachable code is compiled (which keeps images small), a generic class gets one ClassIR
per distinct type-argument list, and every call names its callee exactly: there is no dynamic
dispatch on a signature (Protocol) call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Callable, Sequence

from mypy.nodes import ARG_POS, Context, Decorator, FakeInfo, FuncDef, FuncItem, TypeInfo, Var
from mypy.types import CallableType, Instance, Type, TypeVarId, get_proper_type

from pyrage.compiler.frontend.mypy_build import TypedProgram
from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR, FuncIR, GlobalIR, ProgramIR
from pyrage.compiler.ir.types import (
    BOOL,
    INT,
    NONE,
    OPAQUE,
    STR,
    RCallable,
    RCoroutine,
    RInstance,
    RTuple,
    RType,
    RUnion,
    never_null,
)
from pyrage.compiler.irbuild.builtin_classes import BUILTIN_EXCEPTIONS, STDLIB_CLASSES
from pyrage.compiler.irbuild.types import (
    Subst,
    plain,
    TypeMapper,
    class_subst,
    substitute,
    type_key,
    unwrap_coroutine,
)
from pyrage.errors import CompileError, Diagnostic

if TYPE_CHECKING:
    from pyrage.compiler.irbuild.builder import FunctionBuilder

ENTRY_SYMBOL = "pyrage_main"



#: Where the builtin types are implemented: C in CPython, so no frames for the recursion limit.
BUILTIN_IMPLEMENTATIONS = ("pyrage.stdlib._", "pyrage.stdlib.array", "pyrage.stdlib.rawbytes")

OUTLINE_DECORATOR = "pyrage.stdlib.intrinsics.outline"
#: Code that runs once, at boot: optimized for size (which also takes LLVM less time).
BOOT_ONLY = frozenset(["pyrage.stdlib.args"])

#: stdlib modules that are not primitives of builtin types: left to LLVM's own inlining
#: judgement, which keeps them out of line (they are big, and run once per task switch or per
#: boot, not once per list access).
NOT_PRIMITIVES = ("pyrage.stdlib.sched", "pyrage.stdlib.args", "pyrage.stdlib.report")

def user_words(message: str) -> str:
    """A message in the program's words: `set[int]`, not the stdlib class that implements it
    (`pyrage.stdlib._set.Set[int]`)."""
    for impl, name in sorted(BUILTIN_NAMES.items(), key=lambda kv: -len(kv[0])):
        message = message.replace(impl, name)
    return message


class ClassInfo:
    """What irbuild keeps about a ClassIR: its mypy TypeInfo and type-argument substitution."""

    def __init__(self, info: TypeInfo, subst: dict[TypeVarId, Type], path: str) -> None:
        self.info, self.subst, self.path = info, subst, path


#: The stdlib classes that implement builtin types, and the names CPython gives those types.
BUILTIN_NAMES = {impl: builtin.rpartition(".")[2] for builtin, impl in STDLIB_CLASSES.items()}
BUILTIN_NAMES["pyrage.stdlib._iter.ListIterator"] = "list_iterator"


class ProgramBuilder:
    def __init__(self, typed: TypedProgram) -> None:
        self.typed = typed
        self.mapper = TypeMapper(self)
        self._class_vars: tuple[set[tuple[str, str]], set[tuple[str, str]]] | None = None
        self._safe_fields: dict[str, set[str]] = {}
        self._all_classes: list[TypeInfo] | None = None
        self.specializing: list[str] = []  # the classes being specialized, outermost first
        self.classes: dict[str, ClassIR] = {}
        self.class_infos: dict[str, ClassInfo] = {}
        self.functions: dict[str, FuncIR] = {}
        self.globals: dict[str, GlobalIR] = {}
        self.module_inits: dict[str, FuncIR] = {}
        self.pending: list[Callable[[], None]] = []
        self.order: list[FuncIR] = []
        self.constructed: list[ClassIR] = []  # classes whose instances can exist
        self.definitions: dict[str, FuncDef] = {}  # FuncIR name -> the def it compiles
        from pyrage.compiler.irbuild.virtual import Site

        self.virtual_sites: list[Site] = []
        #: The builder at work, and for each function of pyrage's stdlib, the line of the
        #: program that first needed it (errors found in its body are reported there).
        self.current: FunctionBuilder | None = None
        self.origins: dict[str, tuple[str, int]] = {}
        self.held: set[str] = set()  # the classes whose instances are held as `object`
        self.errors: list[Diagnostic] = []  # of the bodies that failed (drain)

    # --- errors and lookups -----------------------------------------------------------------

    def error(self, path: str, ctx: Context, message: str) -> CompileError:
        return CompileError([Diagnostic(path, ctx.line, ctx.column + 1, user_words(message))])

    def origin(self) -> tuple[str, int] | None:
        """The line of the program the builder at work stands for: its own line, or, in a
        stdlib function, the program line that needed that function."""
        b = self.current
        if b is None:
            return None
        if not b.module.startswith("pyrage.stdlib"):
            return (b.path, b.line)
        return self.origins.get(b.fn.name)

    def relocated(self, e: CompileError, fn: FuncIR, b: FunctionBuilder) -> CompileError:
        """An error found in stdlib code built for the program's types (a function's body, or
        a class specialized for them), reported at the program line that needed it (with
        where in the stdlib), not in pyrage's own code."""
        origin = self.origins.get(fn.name)
        if origin is None and not b.module.startswith("pyrage.stdlib"):
            origin = (b.path, b.line)
        if origin is None:
            return e
        from pathlib import Path

        path, line = origin
        return CompileError([Diagnostic(path, line, 0, f"{d.message} (at pyrage/stdlib/"
                                                       f"{Path(d.path).name}:{d.line}, which "
                                                       "this line uses)")
                             if "/stdlib/" in d.path.replace("\\", "/") else d
                             for d in e.diagnostics])

    def module_path(self, module: str) -> str:
        return self.typed.modules[module].path

    def is_compiled_class(self, info: TypeInfo) -> bool:
        return info.module_name in self.typed.compiled

    def rtype(self, t: Type, subst: Subst, ctx: Context, path: str) -> RType:
        return self.mapper.rtype(substitute(t, subst), ctx, path)

    # --- classes ----------------------------------------------------------------------------

    def specialize_class(self, info: TypeInfo, args: Sequence[Type], ctx: Context,
                         path: str) -> ClassIR:
        self.specializing.append(info.fullname)
        try:
            if self.specializing.count(info.fullname) > 5:
                # list[list[list[...]]] six deep while specializing: a recursive type, whose
                # every level is a new, bigger type
                raise self.error(path, ctx, "pyrage does not support recursive types (a "
                                            f"{info.name} of {info.name}s of ... without end) "
                                            "yet: use a class for the recursive case")
            return self.specialize(info, args, ctx, path)
        finally:
            self.specializing.pop()

    def specialize(self, info: TypeInfo, args: Sequence[Type], ctx: Context,
                   path: str) -> ClassIR:
        args = [plain(a) for a in args]  # list[Literal['a']?] is list[str]
        name = info.fullname
        if args:
            name += "[" + ", ".join(type_key(a) for a in args) + "]"
        if name in self.classes:
            return self.classes[name]
        if info.fullname in BUILTIN_EXCEPTIONS:
            return self.builtin_exception(info)
        if info.tuple_type is not None:
            return self.named_tuple(info, name, ctx, path)
        subst = class_subst(info, list(args))
        base = self.base_class(info, subst, ctx, path)
        # The stdlib classes behind builtins take the builtin's name: type([]).__name__ is "list".
        py_name = BUILTIN_NAMES.get(info.fullname, info.name)
        module = None if info.fullname in BUILTIN_NAMES else info.module_name
        cls = ClassIR(name, py_name, module=module, base=base)
        self.classes[name] = cls  # before the fields: a field may have this very class's type
        cinfo = ClassInfo(info, subst, self.module_path(info.module_name))
        self.class_infos[name] = cinfo
        from pyrage.compiler.irbuild.records import attributes, record_kind

        # attrs/dataclass fields: the plugin's list (frozen ones look like read-only properties)
        record_fields = {a.name for a in attributes(info)} if record_kind(info) else set()
        for attr, sym in info.names.items():
            node = sym.node
            if info.is_enum:
                break  # an enum's class attributes are its members: irbuild/enums.py
            if isinstance(node, Var) and self.is_class_variable(info, attr):
                continue  # a class variable: a global (irbuild/classvars.py)
            if isinstance(node, Var) and not node.is_classvar and \
                    (not node.is_property or attr in record_fields) and attr not in cls.fields:
                if node.type is None:
                    raise self.error(cinfo.path, node, f'attribute "{attr}" of {info.name} needs '
                                                       "a type annotation")
                cls.fields[attr] = self.rtype(node.type, subst, node, cinfo.path)
        return cls

    def field_check(self, cls: ClassIR, name: str) -> str | None:
        """The AttributeError message for reading field `name` before it is assigned, if that
        can happen and NULL would show it (irbuild/fieldinit.py); None when it cannot."""
        if cls.name not in self._safe_fields:
            from pyrage.compiler.irbuild import fieldinit

            self._safe_fields[cls.name] = fieldinit.safe_fields(self, cls)
        t = cls.fields[name]
        nullable = not t.is_ref or t == OPAQUE or isinstance(t, RUnion)
        if nullable or name in self._safe_fields[cls.name]:
            return None
        self.exception_class_for("builtins.AttributeError")
        return f"'{cls.py_name}' object has no attribute '{name}'"

    def is_class_variable(self, info: TypeInfo, name: str) -> bool:
        from pyrage.compiler.irbuild import classvars

        return (classvars.root_of(info, name).fullname, name) in self.class_vars()[0]

    def compiled_subclasses(self, info: TypeInfo) -> list[TypeInfo]:
        """Every class of the compiled modules that has info in its MRO (info included)."""
        if self._all_classes is None:
            found: list[TypeInfo] = []
            for module in sorted(self.typed.compiled):  # one order, whatever the hash seed
                tree = self.typed.modules.get(module)
                if tree is not None:
                    found += [sym.node for sym in tree.names.values()
                              if isinstance(sym.node, TypeInfo) and
                              sym.node.module_name == module]
            self._all_classes = found
        return [k for k in self._all_classes if info in k.mro]

    def class_vars(self) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        """(class variables, (class, name) assigned through a class): irbuild/classvars.py."""
        if self._class_vars is None:
            from pyrage.compiler.irbuild import classvars

            self._class_vars = classvars.scan(self)
        return self._class_vars

    def stdlib_class(self, builtin: str) -> TypeInfo:
        """The TypeInfo of the pyrage.stdlib class implementing a builtin type."""
        module, _, name = STDLIB_CLASSES[builtin].rpartition(".")
        node = self.typed.modules[module].names[name].node
        assert isinstance(node, TypeInfo)
        return node

    def builtin_instance(self, name: str) -> Instance:
        node = self.typed.modules["builtins"].names[name.rpartition(".")[2]].node
        assert isinstance(node, TypeInfo)
        return Instance(node, [])

    def mypy_type_of(self, t: RType) -> Type:
        """A mypy type whose RType is t (for types the compiler makes up: a tuple[T, ...] of a
        fixed tuple's items, say)."""
        from mypy.types import NoneType, TupleType, UnionType

        from pyrage.compiler.ir.types import BYTES, FLOAT

        primitives = {INT: "int", BOOL: "bool", FLOAT: "float", STR: "str", BYTES: "bytes",
                      OPAQUE: "object"}
        if t in primitives:
            return self.builtin_instance(f"builtins.{primitives[t]}")
        if t == NONE:
            return NoneType()
        if isinstance(t, RTuple) and t.cls.tuple_type is None:
            return TupleType([self.mypy_type_of(i) for i in t.items],
                             self.builtin_instance("builtins.tuple"))
        if isinstance(t, RUnion):
            members = [self.mypy_type_of(m) for m in t.members]
            return UnionType(members + ([NoneType()] if t.has_none else []))
        if isinstance(t, RInstance):
            cinfo = self.class_info(t.cls)
            args = [cinfo.subst[tv.id] for tv in cinfo.info.defn.type_vars
                    if tv.id in cinfo.subst]
            builtin = {impl: name for name, impl in STDLIB_CLASSES.items()}.get(
                cinfo.info.fullname)
            info = self.builtin_instance(builtin).type if builtin and \
                builtin.startswith("builtins.") else cinfo.info
            return Instance(info, args)
        if isinstance(t, RCallable):
            from mypy.types import CallableType

            args = [self.mypy_type_of(a) for a in t.args]
            return CallableType(args, [ARG_POS] * len(args), [None] * len(args),
                                self.mypy_type_of(t.ret),
                                self.builtin_instance("builtins.function"))
        if isinstance(t, RCoroutine):  # Coroutine[Any, Any, T]: what an async def returns
            from mypy.types import AnyType, TypeOfAny

            node = self.typed.modules["typing"].names["Coroutine"].node
            assert isinstance(node, TypeInfo)
            anything = AnyType(TypeOfAny.special_form)
            return Instance(node, [anything, anything, self.mypy_type_of(t.ret)])
        raise AssertionError(f"no mypy type for {t}")

    def builtin_instance_of(self, name: str, item: RType, ctx: Context, path: str) -> Instance:
        """builtins.<name>[item] as a mypy type (list[int], tuple[str, ...])."""
        base = self.builtin_instance(name)
        return Instance(base.type, [self.mypy_type_of(item)])

    def list_of(self, item: RType, ctx: Context, path: str) -> RInstance:
        """The RType of list[item] for a builtin item type (str, int, ...)."""
        info = self.stdlib_class("builtins.list")
        arg = self.builtin_instance(f"builtins.{item.name}")
        return RInstance(self.specialize_class(info, [arg], ctx, path))

    def tuple_type(self, items: list[RType]) -> RTuple:
        """tuple[A, B]: an instance of a synthesized, immutable class with fields "0", "1"."""
        name = "tuple[" + ", ".join(t.name for t in items) + "]"
        cls = self.classes.get(name)
        if cls is None:
            cls = ClassIR(name, "tuple")
            cls.fields = {str(i): t for i, t in enumerate(items)}
            self.classes[name] = cls
        return RTuple(cls, tuple(items))

    def named_tuple(self, info: TypeInfo, name: str, ctx: Context, path: str) -> ClassIR:
        """A typing.NamedTuple class: its instances are tuples whose fields have names."""
        from pyrage.compiler.irbuild.records import attributes

        cls = ClassIR(name, info.name, module=info.module_name)
        self.classes[name] = cls
        self.class_infos[name] = ClassInfo(info, {}, self.module_path(info.module_name))
        assert info.tuple_type is not None
        items = [self.rtype(t, {}, ctx, path) for t in info.tuple_type.items]
        cls.fields = {a.name: t for a, t in zip(attributes(info), items)}
        cls.tuple_type = RTuple(cls, tuple(items))
        return cls

    def base_class(self, info: TypeInfo, subst: dict[TypeVarId, Type], ctx: Context,
                   path: str) -> ClassIR | None:
        """The ClassIR of info's superclass: a compiled class or a builtin exception."""
        bases = [b for b in info.bases
                 if b.type.fullname not in ("builtins.object", "typing.Generic", "enum.Enum",
                                            "enum.IntEnum", "builtins.int", "abc.ABC")
                 and not b.type.is_protocol]
        if not bases:
            return None
        if len(bases) > 1:
            raise self.error(path, ctx, f"pyrage does not support multiple inheritance "
                                        f"({info.name})")
        base = bases[0]
        if base.type.fullname not in BUILTIN_EXCEPTIONS and not self.is_compiled_class(base.type):
            raise self.error(path, ctx, f"pyrage does not support inheriting from "
                                        f"{base.type.fullname}")
        args = [substitute(a, subst) for a in base.args]
        return self.specialize_class(base.type, args, ctx, path)

    def builtin_exception(self, info: TypeInfo) -> ClassIR:
        """BaseException and friends: laid out and typed by runtime/core/exceptions.c."""
        base_name = BUILTIN_EXCEPTIONS[info.fullname]
        base = None
        if base_name is not None:
            base_info = info.mro[1] if len(info.mro) > 1 else None
            assert base_info is not None and base_info.fullname == base_name, info.fullname
            base = self.builtin_exception(base_info)
        if info.fullname in self.classes:
            return self.classes[info.fullname]
        cls = ClassIR(info.fullname, info.name, module=None, base=base,
                      extern_type=f"rt_type_{info.name}")
        if base is None:
            cls.fields = {"<message>": STR, "<tb>": OPAQUE, "<code>": INT, "<code kind>": INT}
        self.classes[info.fullname] = cls
        self.class_infos[info.fullname] = ClassInfo(info, {}, "")
        return cls

    def class_info(self, cls: ClassIR) -> ClassInfo:
        return self.class_infos[cls.name]

    # --- functions --------------------------------------------------------------------------

    def function(self, fdef: FuncDef, *, cls: ClassIR | None = None,
                 fn_subst: dict[TypeVarId, Type] | None = None,
                 extern: str | None = None, static: bool = False,
                 classmethod: bool = False) -> FuncIR:
        """The FuncIR of one specialization of `fdef`, creating it (and queuing its body).

        A static method (static=True) has no self; a classmethod (classmethod=True) takes no
        `cls` either: `cls` is the class it was specialized for, known at compile time.
        """
        fn_subst = fn_subst or {}
        base = f"{cls.name}.{fdef.name}" if cls is not None else fdef.fullname
        name = base
        if fn_subst:
            name += "[" + ", ".join(type_key(fn_subst[k]) for k in sorted(fn_subst, key=str)) + "]"
        # Two definitions can share a name (a property's getter and setter): tell them apart.
        while name in self.functions and self.definitions.get(name) is not fdef:
            name += "'"
        if name in self.functions:
            return self.functions[name]
        self.definitions[name] = fdef
        module = cls_module(fdef, cls, self)
        origin = self.origin() if module.startswith("pyrage.stdlib") else None
        if origin is not None:
            self.origins[name] = origin
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
            if i == 0 and classmethod:
                continue  # cls: a compile-time constant inside the body
            if i == 0 and cls is not None and not static:
                self_type = cls.tuple_type if cls.tuple_type is not None else RInstance(cls)
                params.append(o.Register(arg.variable.name, self_type))
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
        fn.py_name = fdef.name
        fn.is_coroutine = fdef.is_coroutine and extern is None
        fn.counts_depth = extern is None and not fn.is_coroutine and \
            not module.startswith(BUILTIN_IMPLEMENTATIONS)
        fn.hides_frame = module.startswith(BUILTIN_IMPLEMENTATIONS)
        if module.startswith("pyrage.stdlib.") and not module.startswith(NOT_PRIMITIVES):
            fn.attributes.add("inlinehint")  # the builtins' primitives: small and hot
        if OUTLINE_DECORATOR in self.decorators_of(fdef, module):
            fn.attributes.add("noinline")
        if module in BOOT_ONLY:
            fn.attributes |= {"optsize", "minsize"}
        self.functions[name] = fn
        self.order.append(fn)
        if extern is None:
            from pyrage.compiler.irbuild.builder import FunctionBuilder

            def build() -> None:
                builder = FunctionBuilder(self, fn, module, subst, cls)
                if classmethod:
                    builder.cls_var = fdef.arguments[0].variable
                previous, self.current = self.current, builder
                try:
                    builder.build_def(fdef, params if not classmethod else None,
                                      skip_first=classmethod)
                except CompileError as e:
                    raise self.relocated(e, fn, builder) from None
                finally:
                    self.current = previous

            self.pending.append(build)
        return fn

    def decorators_of(self, fdef: FuncDef, module: str) -> set[str]:
        """The full names of fdef's decorators (mypy keeps them on the Decorator node, which
        the symbol table holds in place of the FuncDef)."""
        if not fdef.is_decorated:
            return set()
        if isinstance(fdef.info, FakeInfo):  # a module-level function
            tree = self.typed.modules.get(module)
            sym = tree.names.get(fdef.name) if tree is not None else None
        else:
            sym = fdef.info.names.get(fdef.name)
        node = sym.node if sym is not None else None
        if not isinstance(node, Decorator):
            return set()
        from pyrage.compiler.irbuild.calls import decorator_name

        return {name for d in node.original_decorators if (name := decorator_name(d))}

    def owner_of(self, cls: ClassIR, info: TypeInfo) -> ClassIR:
        """The ancestor of cls (or cls) whose class is `info`: where an inherited method runs."""
        c: ClassIR | None = cls
        while c is not None:
            if self.class_info(c).info is info:
                return c
            c = c.base
        raise AssertionError(f"{info.fullname} is not an ancestor of {cls.name}")

    def is_exception(self, cls: ClassIR) -> bool:
        root = cls
        while root.base is not None:
            root = root.base
        return root.extern_type == "rt_type_BaseException"

    def init_of(self, cls: ClassIR) -> tuple[FuncDef | None, ClassIR | None]:
        """The __init__ that constructing cls runs (maybe inherited) and the class it runs as;
        (None, None) for object's and the builtin exceptions' own __init__."""
        init = self.class_info(cls).info.get_method("__init__")
        if isinstance(init, FuncDef) and init.info is not None and \
                self.is_compiled_class(init.info):
            return init, self.owner_of(cls, init.info)
        return None, None

    def constructor(self, cls: ClassIR, ctx: Context, path: str) -> FuncIR:
        """`Class.__new__`: allocate, set class-body defaults, run __init__, return the object.

        A class whose __init__ is BaseException's takes the message (str(arg), or NULL for no
        argument) as its one parameter.
        """
        name = f"{cls.name}.__new__"
        if name in self.functions:
            return self.functions[name]
        cinfo = self.class_info(cls)
        init, owner = self.init_of(cls)
        init_ir = self.function(init, cls=owner) if init is not None and owner else None
        if init_ir is not None:
            params = [o.Register(p.name, p.type) for p in init_ir.params[1:]]
        elif self.is_exception(cls):
            params = [o.Register("message", STR)]
        else:
            params = []
        fn = FuncIR(name, params, RInstance(cls), path=cinfo.path or path, line=cinfo.info.line)
        fn.registers.extend(params)
        fn.py_name = "__init__"
        fn.hides_frame = True  # type.__call__: CPython shows the caller's frame, then __init__'s
        if self.is_exception(cls):  # raising is the rare path: keep it out of hot code
            fn.attributes |= {"cold", "noinline"}
        elif not cinfo.info.module_name.startswith(BUILTIN_IMPLEMENTATIONS):
            # CPython counts the call of a class (type.__call__) towards the recursion limit,
            # then its __init__ frame
            fn.counts_depth = fn.is_type_call = True
        self.functions[name] = fn
        self.order.append(fn)
        self.constructed.append(cls)
        from pyrage.compiler.irbuild.builder import FunctionBuilder

        module = cinfo.info.module_name if cinfo.path else self.typed.entry
        self.pending.append(
            lambda: FunctionBuilder(self, fn, module, cinfo.subst, cls).build_constructor(
                cinfo.info, init_ir))
        return fn

    def nested_function(self, node: FuncItem, cls: ClassIR, t: RCallable, outer: FunctionBuilder,
                        cells: dict[str, Var | FuncDef], label: str) -> FuncIR:
        """A lambda or nested def, compiled once per specialization of the enclosing function:
        (closure, args...) -> result; the captured names are read through the closure."""
        name = f"{outer.fn.name}.{label}"
        if name in self.functions:
            return self.functions[name]
        if node.is_generator or node.is_async_generator:
            raise self.error(outer.path, node, "pyrage does not support generators (yield)")
        if any(a.initializer is not None for a in node.arguments):
            raise self.error(outer.path, node, "pyrage does not support default values in nested "
                                               "functions and lambdas (yet)")
        closure = o.Register("<closure>", RInstance(cls))
        params = [o.Register(a.variable.name, t.args[i]) for i, a in enumerate(node.arguments)]
        ret = t.ret
        if node.is_coroutine:  # a call makes the coroutine; its body returns what it holds
            assert isinstance(ret, RCoroutine), ret
            ret = ret.ret
        fn = FuncIR(name, [closure, *params], ret, path=outer.path, line=node.line)
        fn.is_coroutine = node.is_coroutine
        fn.counts_depth = not node.is_coroutine
        fn.registers.extend(fn.params)
        fn.py_name = label.split("@")[0]
        self.functions[name] = fn
        self.order.append(fn)
        from pyrage.compiler.irbuild.builder import FunctionBuilder

        def build() -> None:
            inner = FunctionBuilder(self, fn, outer.module, outer.subst, outer.cls)
            inner.free = {binding: (closure, field) for field, binding in cells.items()}
            inner.build_def(node, params)

        self.pending.append(build)
        return fn

    def dynamic_context(self, cls: ClassIR) -> tuple[RType, dict[TypeVarId, Type], str, str,
                                                     int, Context]:
        """What a function the type info of cls points at is built with: the type of self, the
        class's substitution, its module, path, line and a node to locate errors at."""
        if cls.name.startswith("tuple["):  # a plain tuple: no ClassInfo, no methods
            return (self.tuple_type(list(cls.fields.values())), {}, self.typed.entry,
                    "<builtin>", 0, Context())
        self_type = cls.tuple_type if cls.tuple_type is not None else RInstance(cls)
        info = self.class_info(cls)
        module = info.info.module_name if info.path else self.typed.entry
        return self_type, info.subst, module, info.path or "<builtin>", info.info.line, info.info

    def dynamic_text(self, cls: ClassIR) -> None:
        """Give cls the str()/repr() functions its type info carries, for when one of its
        instances is held as `object`, or its str/repr is chosen by its run-time class
        (runtime/core/objstr.c calls them)."""
        if cls.dynamic_str is not None:
            return
        from pyrage.compiler.irbuild.builder import FunctionBuilder

        self_type, subst, module, path, line, where = self.dynamic_context(cls)
        origin = self.origin()  # the program line that holds it as an object
        for kind in ("str", "repr"):
            param = o.Register("self", self_type)
            fn = FuncIR(f"{cls.name}.<{kind}>", [param], STR, path=path, line=line)
            fn.registers.append(param)
            fn.py_name = f"__{kind}__"
            fn.hides_frame = True  # a dispatcher: the method it calls has the frame
            self.functions[fn.name] = fn
            self.order.append(fn)
            if origin is not None and module.startswith("pyrage.stdlib"):
                self.origins[fn.name] = origin
            if kind == "str":
                cls.dynamic_str = fn
            else:
                cls.dynamic_repr = fn

            def build(fn: FuncIR = fn, kind: str = kind) -> None:
                from pyrage.compiler.irbuild import builtins

                b = FunctionBuilder(self, fn, module, subst, cls)
                convert = builtins.to_str if kind == "str" else builtins.to_repr
                previous, self.current = self.current, b
                try:
                    # this class's own choice: objstr.c found it as the nearest class (of the
                    # object's) that carries these functions
                    b.add(o.Return(convert(b, fn.params[0], where, dynamic=False)))
                except CompileError:
                    # A class CPython prints by address: stop loudly if it is ever printed.
                    fn.blocks.clear()
                    b = FunctionBuilder(self, fn, module, subst, cls)
                    b.add(o.CallRuntime("rt_cannot_print", [o.Const(cls.py_name, STR)], NONE,
                                        b.loc(where)))
                    b.add(o.Unreachable())
                finally:
                    self.current = previous

            self.pending.append(build)

    def dynamic_eq(self, cls: ClassIR) -> None:
        """Give cls the eq function its type info carries, when its instances held as `object`
        compare by more than identity (irbuild/object_eq.py, runtime/core/objeq.c)."""
        from pyrage.compiler.irbuild import object_eq

        if cls.dynamic_eq is not None or not object_eq.needs_eq(self, cls):
            return
        from pyrage.compiler.irbuild.builder import FunctionBuilder

        self_type, subst, module, path, line, where = self.dynamic_context(cls)
        me, other = o.Register("self", self_type), o.Register("other", OPAQUE)
        ne = o.Register("ne", INT)  # not 0: the answer to self != other
        fn = FuncIR(f"{cls.name}.<eq>", [me, other, ne], INT, path=path, line=line)
        fn.registers.extend([me, other, ne])
        fn.py_name = "__eq__"
        fn.hides_frame = True  # a dispatcher: the method it calls has the frame
        self.functions[fn.name] = fn
        self.order.append(fn)
        cls.dynamic_eq = fn

        def build() -> None:
            b = FunctionBuilder(self, fn, module, subst, cls)
            object_eq.build(b, cls, me, other, ne, where)
            b.add(o.Unreachable())

        self.pending.append(build)

    def held_as_object(self, t: RType) -> None:
        """A value of type t becomes an `object`: what its class needs at run time then."""
        from pyrage.compiler.irbuild import object_eq

        members = t.members if isinstance(t, RUnion) else (t,)
        for member in members:
            if isinstance(member, RInstance):
                self.dynamic_text(member.cls)
                self.held.add(member.cls.name)
                self.dynamic_eq(object_eq.eq_owner(self, member.cls))

    def subclass_eq(self) -> None:
        """Each class with an __eq__ of its own below a class that has an eq function (or is
        held as `object`) gets one too: objeq.c asks the nearest eq function of the run-time
        class."""
        for cls in list(self.classes.values()):
            if cls.dynamic_eq is not None:
                continue
            base: ClassIR | None = cls
            while base is not None and base.dynamic_eq is None and base.name not in self.held:
                base = base.base
            if base is not None:
                self.dynamic_eq(cls)

    def value_wrapper(self, target: FuncIR, cls: ClassIR, t: RCallable) -> FuncIR:
        """(closure, args...) -> target(args...): a module-level function used as a value."""
        name = f"{target.name}.<value>"
        if name in self.functions:
            return self.functions[name]
        closure = o.Register("<closure>", RInstance(cls))
        params = [o.Register(p.name, p.type) for p in target.params]
        fn = FuncIR(name, [closure, *params], target.ret_type, path=target.path, line=target.line)
        fn.registers.extend(fn.params)
        fn.py_name = target.py_name
        fn.hides_frame = True  # the caller's CallValue adds the caller's frame; target its own
        block = o.BasicBlock(0)
        call = o.Call(target, list(params), o.Loc(target.path, target.line, target.py_name))
        block.ops = [call, o.Return(call if target.ret_type != NONE else None)]
        fn.blocks.append(block)
        self.functions[name] = fn
        self.order.append(fn)
        return fn

    # --- modules ----------------------------------------------------------------------------

    def global_var(self, fullname: str, type: RType,
                   unbound_error: tuple[str, str] | None = None) -> GlobalIR:
        """A global; with unbound_error, a variable of the program whose reads check that it
        was assigned (its NULL, or an "assigned" flag for values that may be NULL or are not
        pointers)."""
        if fullname not in self.globals:
            glob = GlobalIR(fullname, type)
            if unbound_error is not None:
                glob.unbound_error = unbound_error
                if not never_null(type):
                    glob.flag = self.global_var(f"{fullname}?assigned", BOOL)
                self.exception_class_for(unbound_error[0])
            self.globals[fullname] = glob
        return self.globals[fullname]

    def exception_class_for(self, fullname: str) -> ClassIR:
        node = self.typed.modules["builtins"].names[fullname.rpartition(".")[2]].node
        assert isinstance(node, TypeInfo)
        return self.builtin_exception(node)

    def module_init(self, module: str) -> FuncIR:
        """The function that runs a module's top-level code once (Python's import semantics)."""
        if module in self.module_inits:
            return self.module_inits[module]
        path = self.module_path(module)
        fn = FuncIR(f"{module}.<module>", [], NONE, path=path, line=1)
        if module != self.typed.entry:  # an imported module's top level runs once, at boot
            fn.attributes |= {"optsize", "minsize"}
        self.module_inits[module] = fn
        self.order.append(fn)
        from pyrage.compiler.irbuild.builder import FunctionBuilder

        tree = self.typed.modules[module]
        flag = self.global_var(f"{module}.<initialized>", BOOL)
        def build() -> None:
            builder = FunctionBuilder(self, fn, module, {}, None)
            previous, self.current = self.current, builder
            try:
                builder.build_module(tree, flag)
            except CompileError as e:
                raise self.relocated(e, fn, builder) from None
            finally:
                self.current = previous

        self.pending.append(build)
        return fn

    def drain(self) -> None:
        """Build every queued body (building one may queue more). A body that fails is
        skipped and the others are still built, so that one run reports the errors of every
        function (the first of each), not one per run."""
        while self.pending:
            while self.pending:
                try:
                    self.pending.pop(0)()
                except CompileError as e:
                    self.failed(e)
            self.subclass_eq()

    def failed(self, e: CompileError) -> None:
        for d in e.diagnostics:  # a generic body fails once per specialization: keep one
            if d not in self.errors:
                self.errors.append(d)

    def raise_errors(self) -> None:
        if not self.errors:
            return
        # An error found in stdlib code a line uses (relocated there, without a column) says
        # less than the line's own error, when it has one: a knock-on of the same mistake.
        own = {(d.path, d.line) for d in self.errors if d.column > 0}
        errors = [d for d in self.errors if d.column > 0 or (d.path, d.line) not in own]
        raise CompileError(sorted(errors, key=lambda d: (d.path, d.line, d.column)))

    def build(self) -> ProgramIR:
        init = self.module_init(self.typed.entry)
        entry = FuncIR(ENTRY_SYMBOL, [], NONE, path=init.path, line=1)
        block = o.BasicBlock(0)
        block.ops += [o.Call(init, [], o.Loc(init.path, 1)), o.Return(None)]
        entry.blocks.append(block)
        self.drain()
        self.raise_errors()  # what follows needs every body built
        from pyrage.compiler.irbuild.virtual import resolve_virtual_calls

        resolve_virtual_calls(self, self.virtual_sites)
        # The stdlib modules behind builtin types are never imported by the program: run the
        # top level of those it uses first (their module constants), as CPython has its
        # builtins ready before the program starts.
        from pyrage.compiler.irbuild.builtin_classes import stdlib_modules

        used = {fn.name.split(".<")[0].rsplit(".", 1)[0] for fn in self.order}
        used |= {c.name.split("[")[0].rsplit(".", 1)[0] for c in self.classes.values()}
        inits = [self.module_init(m) for m in stdlib_modules()
                 if m in used and m in self.typed.compiled]
        self.drain()
        self.raise_errors()
        block.ops[:0] = [o.Call(fn, [], o.Loc(init.path, 1)) for fn in inits]
        program = ProgramIR(entry, self.typed.entry)
        program.functions = [*self.order, entry]
        program.classes = list(self.classes.values())
        program.globals = list(self.globals.values())
        return program


def cls_module(fdef: FuncDef, cls: ClassIR | None, program: ProgramBuilder) -> str:
    if cls is not None:
        return program.class_info(cls).info.module_name
    return fdef.fullname.rsplit(".", 1)[0]
