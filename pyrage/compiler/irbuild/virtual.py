"""Virtual calls: which method calls need the receiver's vtable, and what the vtables hold.

irbuild resolves every method call statically (by the receiver's static class) and records it
here. Once the worklist is empty, each recorded call is checked against the classes that can
have instances (those whose constructor was built): if one of them, a subclass of the static
class, runs a different function for the method, the call becomes a vtable call and every such
override is compiled. Compiling overrides can construct new classes, so this repeats until
nothing changes. Calls whose receiver class has no overriding subclass stay direct calls: the
static type was exact.

Slots are numbered per class family (all classes under one root); each constructed class of
the family gets a vtable with its implementation of every slot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mypy.nodes import Context, FuncDef

from pyrage.compiler.codegen import layout as L
from pyrage.compiler.ir import ops as o
from pyrage.compiler.ir.func import ClassIR, FuncIR
from pyrage.compiler.irbuild.program import ProgramBuilder


@dataclass
class Site:
    call: o.Call
    cls: ClassIR
    name: str
    path: str
    ctx: Context


@dataclass
class Family:
    slots: dict[str, int] = field(default_factory=dict)


def root_of(cls: ClassIR) -> ClassIR:
    while cls.base is not None:
        cls = cls.base
    return cls


def implementation(program: ProgramBuilder, cls: ClassIR, name: str) -> FuncIR | None:
    method = program.class_info(cls).info.get_method(name)
    if not isinstance(method, FuncDef) or not program.is_compiled_class(method.info):
        return None
    return program.function(method, cls=program.owner_of(cls, method.info))


def representation(fn: FuncIR) -> tuple[object, ...]:
    return (L.return_type(fn.call_type), *(L.value_type(p.type) for p in fn.params[1:]))


def resolve_virtual_calls(program: ProgramBuilder, sites: list[Site]) -> None:
    families: dict[str, Family] = {}
    while True:
        for site in sites:
            impls = {site.call.fn.name: site.call.fn}
            for cls in list(program.constructed):
                if cls is not site.cls and cls.is_subclass_of(site.cls):
                    fn = implementation(program, cls, site.name)
                    if fn is not None:
                        impls[fn.name] = fn
            if len(impls) > 1 and site.call.vtable_slot is None:
                wanted = representation(site.call.fn)
                for fn in impls.values():
                    if representation(fn) != wanted:
                        raise program.error(site.path, site.ctx, f'the overrides of "{site.name}" '
                                            "take or return values of different kinds (e.g. int "
                                            "and int | None); pyrage needs them to match")
                family = families.setdefault(root_of(site.cls).name, Family())
                site.call.vtable_slot = family.slots.setdefault(site.name, len(family.slots))
        if not program.pending:
            break
        program.drain()
    # Fill the vtables (this may compile more implementations: drain again after).
    for cls in list(program.constructed):
        known = families.get(root_of(cls).name)
        if known is None:
            continue
        cls.vtable = [None] * len(known.slots)
        for name, slot in known.slots.items():
            cls.vtable[slot] = implementation(program, cls, name)
    program.drain()
