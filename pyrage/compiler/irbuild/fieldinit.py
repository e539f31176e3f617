"""Which fields may be read before they are assigned.

CPython raises AttributeError when code reads `self.x` before `self.x = ...` ran; pyrage's
instances start zeroed, so such a read would see NULL. A field is *safe* when the constructor
assigns it before `self` can be seen by any other code: a class-body default, a record's field,
or an `__init__` that assigns it in its opening straight-line statements (`self.x = <no self>`,
`super().__init__(...)`). Reads of the other reference-typed fields are checked (a NULL test
that raises CPython's AttributeError), so a read too early is an exception, never a crash.

    def __init__(self, n: int) -> None:
        self.n = n              # safe
        self.items = []         # safe
        self.setup()            # self escapes: fields assigned from here on are checked
        self.cache = {}         # checked
"""

from __future__ import annotations

from mypy import nodes as n

from pyrage.compiler.frontend.walk import children
from pyrage.compiler.ir.func import ClassIR


def safe_fields(program: object, cls: ClassIR) -> set[str]:
    from pyrage.compiler.irbuild.program import ProgramBuilder
    from pyrage.compiler.irbuild.records import record_kind

    assert isinstance(program, ProgramBuilder)
    if cls.name not in program.class_infos:
        return set(cls.fields)  # tuples, cells, closures: filled when made
    info = program.class_info(cls).info
    if record_kind(info) is not None or info.is_enum or program.is_exception(cls):
        return set(cls.fields)
    safe = class_body_defaults(info)
    init, _owner = program.init_of(cls)
    if init is not None:
        safe |= assigned_before_escape(program, init)
    return safe


def class_body_defaults(info: n.TypeInfo) -> set[str]:
    names: set[str] = set()
    for base in info.mro:
        for s in base.defn.defs.body:
            if isinstance(s, n.AssignmentStmt) and not isinstance(s.rvalue, n.TempNode):
                names |= {lv.name for lv in s.lvalues if isinstance(lv, n.NameExpr)}
    return names


def assigned_before_escape(program: object, init: n.FuncDef) -> set[str]:
    from pyrage.compiler.irbuild.program import ProgramBuilder

    assert isinstance(program, ProgramBuilder)
    if not init.arguments:
        return set()
    me = init.arguments[0].variable
    assigned: set[str] = set()
    for s in init.body.body:
        if isinstance(s, n.AssignmentStmt) and len(s.lvalues) == 1 and \
                is_self_member(s.lvalues[0], me) and not mentions(s.rvalue, me, assigned):
            lv = s.lvalues[0]
            assert isinstance(lv, n.MemberExpr)
            assigned.add(lv.name)
            continue
        if isinstance(s, n.ExpressionStmt) and isinstance(s.expr, n.CallExpr) and \
                is_super_init(s.expr) and not any(mentions(a, me, assigned) for a in s.expr.args):
            base_init = super_init(program, init)
            if base_init is not None:
                assigned |= assigned_before_escape(program, base_init)
            continue
        if mentions(s, me, assigned):
            break  # self may be seen from here on
    return assigned


def is_self_member(e: n.Expression, me: n.Var) -> bool:
    return isinstance(e, n.MemberExpr) and isinstance(e.expr, n.NameExpr) and e.expr.node is me


def mentions(node: n.Node, me: n.Var, assigned: set[str]) -> bool:
    """Whether node uses self other than to read an already-assigned field."""
    if isinstance(node, n.MemberExpr) and is_self_member(node, me) and node.name in assigned:
        return False
    if isinstance(node, n.NameExpr) and node.node is me:
        return True
    return any(mentions(child, me, assigned) for child in children(node))


def is_super_init(e: n.Expression) -> bool:
    return isinstance(e, n.CallExpr) and isinstance(e.callee, n.SuperExpr) and \
        e.callee.name == "__init__"


def super_init(program: object, init: n.FuncDef) -> n.FuncDef | None:
    from pyrage.compiler.irbuild.program import ProgramBuilder

    assert isinstance(program, ProgramBuilder)
    if init.info is None:
        return None
    for base in init.info.mro[1:]:
        method = base.get_method("__init__")
        if isinstance(method, n.FuncDef) and program.is_compiled_class(base):
            return method
    return None
