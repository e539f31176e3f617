"""Explain a failed functor application: which member of the signature the device lacks.

mypy reports `Value of type variable "C" of "Main" cannot be "BadConsole"` and stops there. When
the TypeVar is bound to a Protocol (a signature), pyrage adds notes naming each missing member
and each member whose type does not match, the error Mirage users most want spelled out.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

from mypy.messages import format_type_bare
from mypy.nodes import CallExpr, Expression, FuncDef, MypyFile, TypeInfo
from mypy.options import Options
from mypy.subtypes import find_member, is_subtype
from mypy.types import CallableType, Instance, TypeVarLikeType, TypeVarType, get_proper_type

from pyrage.compiler.frontend.mypy_build import TypedProgram
from pyrage.compiler.frontend.walk import walk
from pyrage.errors import Diagnostic

_VALUE = re.compile(r'Value of type variable "(?P<tv>[^"]+)" of "(?P<owner>[^"]+)" cannot be '
                    r'"(?P<arg>[^"]+)"')
_ARGUMENT = re.compile(r'Type argument "(?P<arg>[^"]+)" of "(?P<owner>[^"]+)" must be a subtype '
                       r'of "(?P<bound>[^"]+)"')


_UNEXPECTED = re.compile(r'^Unexpected keyword argument "(?P<name>[^"]+)"')
_KNOCK_ON = re.compile(r'^Need type annotation for "[^"]+"')


def explain(program: TypedProgram, diags: list[Diagnostic]) -> list[Diagnostic]:
    """mypy's diagnostics, with notes after each failed Protocol-bound check, and moved to
    the argument at fault where the call spans several lines."""
    out: list[Diagnostic] = []
    erring = Counter((d.path, d.line) for d in diags if d.severity == "error")
    moved: tuple[str, int, Diagnostic] | None = None  # the last error moved: its notes follow
    for d in diags:
        if d.severity == "note" and moved is not None and (d.path, d.line) == moved[:2]:
            d = Diagnostic(d.path, moved[2].line, moved[2].column, d.message, d.severity)
        elif d.severity != "note":
            moved = None
        if _KNOCK_ON.match(d.message) and _generated(d.path) and erring[d.path, d.line] > 1:
            continue  # `job = Main(...)` that failed: "Need type annotation" says nothing more
        unexpected = _UNEXPECTED.match(d.message)
        if unexpected is not None and (d.path, d.line) in erring:
            where = _argument_named(program, d, unexpected["name"])
            if where is not None:  # a misspelt keyword: at its own line
                original = d
                d = Diagnostic(d.path, where.line, where.column + 1, d.message, d.severity)
                moved = (original.path, original.line, d)
        out.append(d)
        if d.severity != "error":
            continue
        m = _VALUE.search(d.message) or _ARGUMENT.search(d.message)
        if m is None:
            continue
        bound = _bound_of(program, m["owner"], m.groupdict().get("tv"), m.groupdict().get("bound"))
        arg = _find_class(program, m["arg"])
        if bound is None or arg is None:
            continue
        tv = m.groupdict().get("tv")
        where = _argument_at(program, d, m["owner"], tv) if tv is not None else None
        if where is not None:  # the argument that binds the TypeVar, not the call's first line
            out[-1] = d = Diagnostic(d.path, where.line, where.column + 1, d.message, d.severity)
        for note in missing_members(arg, bound):
            out.append(Diagnostic(d.path, d.line, d.column, note, severity="note"))
    return out


def _argument_at(program: TypedProgram, d: Diagnostic, owner: str,
                 tv_name: str) -> Expression | None:
    """In the call mypy reported at d, the argument whose parameter is typed by the TypeVar:
    in a functor applied over several lines (a generated main.py puts each device on a line
    of its own, marked with its config.py line), the line of the device that does not fit."""
    node = _find_symbol(program, owner)
    init = node.get_method("__init__") if isinstance(node, TypeInfo) else node
    if not isinstance(init, FuncDef) or not isinstance(init.type, CallableType):
        return None
    params = {name for name, t in zip(init.type.arg_names, init.type.arg_types)
              if isinstance(t, TypeVarType) and t.name == tv_name and name is not None}
    return _keyword_argument(program, d, params)


def _argument_named(program: TypedProgram, d: Diagnostic, name: str) -> Expression | None:
    return _keyword_argument(program, d, {name})


def _keyword_argument(program: TypedProgram, d: Diagnostic,
                      names: set[str]) -> Expression | None:
    """The argument passed by one of these keywords in a call that starts at d's line."""
    path = os.path.abspath(d.path)  # mypy's diagnostics have the path as given to it
    tree = next((t for t in program.modules.values() if os.path.abspath(t.path) == path), None)
    if tree is None or not names:
        return None
    calls = [c for stmt in tree.defs for c in walk(stmt)
             if isinstance(c, CallExpr) and c.line == d.line]
    for call in calls:
        for arg, name in zip(call.args, call.arg_names):
            if name in names:
                return arg
    return None


def _generated(path: str) -> bool:
    """A main.py that `pyrage configure` wrote (_build/TARGET/main.py)."""
    p = Path(path)
    return p.name == "main.py" and p.parent.parent.name == "_build"


def missing_members(device: TypeInfo, signature: Instance) -> list[str]:
    """One sentence per member of the signature that `device` lacks or gets wrong."""
    if not signature.type.is_protocol:
        return []
    left = Instance(device, [])
    notes = []
    options = Options()
    for member in sorted(signature.type.protocol_members):
        actual = find_member(member, left, left)
        if actual is None:
            notes.append(f'"{device.name}" is missing the member "{member}" of the signature '
                         f"{signature.type.name}")
            continue
        wanted = find_member(member, signature, left)
        if wanted is not None and not is_subtype(actual, wanted):
            notes.append(f'"{device.name}.{member}" has type '
                         f'"{format_type_bare(actual, options)}", but {signature.type.name} '
                         f'needs "{format_type_bare(wanted, options)}"')
    return notes


def _bound_of(program: TypedProgram, owner: str, tv_name: str | None,
              bound_name: str | None) -> Instance | None:
    if bound_name is not None:
        info = _find_class(program, bound_name)
        return Instance(info, []) if info is not None else None
    variables: list[TypeVarLikeType] = []
    node = _find_symbol(program, owner)
    if isinstance(node, TypeInfo):
        variables = list(node.defn.type_vars)
    elif isinstance(node, FuncDef) and node.type is not None:
        variables = list(getattr(node.type, "variables", []))
    for tv in variables:
        if isinstance(tv, TypeVarType) and tv.name == tv_name:
            bound = get_proper_type(tv.upper_bound)
            return bound if isinstance(bound, Instance) else None
    return None


def _find_class(program: TypedProgram, name: str) -> TypeInfo | None:
    node = _find_symbol(program, name)
    return node if isinstance(node, TypeInfo) else None


def _find_symbol(program: TypedProgram, name: str) -> object | None:
    """A module-level class or function by (possibly qualified) name; the program's own
    modules first, since mypy names types by their short name when that is unambiguous."""
    short = name.rsplit(".", 1)[-1]
    modules: list[MypyFile] = sorted(program.modules.values(),
                                     key=lambda m: m.fullname not in program.compiled)
    for tree in modules:
        sym = tree.names.get(short)
        if sym is None or sym.node is None:
            continue
        fullname = sym.node.fullname
        if fullname == name or fullname.endswith("." + name) or name == short:
            return sym.node
    return None
