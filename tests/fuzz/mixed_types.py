"""Static types for the mixed-type fuzzer (tests/fuzz/fuzz_mixed.py), and what mypy --strict
accepts between them.

A `Ty` is a static type as the generated program writes it in an annotation. The predicates
below (`overlaps`, `orderable`, ...) say which generated expressions mypy accepts; they are
deliberately narrower than mypy, since a program that mypy rejects is wasted (the fuzzer counts
such rejections as its own bugs: "generator" refusals).
"""

from __future__ import annotations

from dataclasses import dataclass

PRIMS = ("int", "bool", "str", "float", "None")


@dataclass(frozen=True)
class Ty:
    kind: str  # a PRIMS name, "object", "union", "list", "dict", "set", "tuple", "cls", "box"
    args: tuple[Ty, ...] = ()
    name: str = ""  # the class of a "cls"

    def src(self) -> str:
        if self.kind in PRIMS or self.kind == "object":
            return self.kind
        if self.kind == "cls":
            return self.name
        if self.kind == "union":
            return " | ".join(a.src() for a in self.args)
        if self.kind == "dict":
            return f"dict[str, {self.args[0].src()}]"
        if self.kind == "box":
            return f"Box[{self.args[0].src()}]"
        return f"{self.kind}[{', '.join(a.src() for a in self.args)}]"

    def members(self) -> tuple[Ty, ...]:
        return self.args if self.kind == "union" else (self,)

    def has(self, kind: str) -> bool:
        return any(m.kind == kind for m in self.members())


INT, BOOL, STR, FLOAT, NONE, OBJECT = (Ty(k) for k in ("int", "bool", "str", "float", "None",
                                                        "object"))


def union(*members: Ty) -> Ty:
    flat: list[Ty] = []
    for m in members:
        for x in m.members():
            if x not in flat:
                flat.append(x)
    return flat[0] if len(flat) == 1 else Ty("union", tuple(flat))


def list_of(t: Ty) -> Ty:
    return Ty("list", (t,))


def cls(name: str) -> Ty:
    return Ty("cls", name=name)


class Hierarchy:
    """The classes of a generated program: name -> base (None for a root), and the methods each
    class defines itself. Exceptions are classes too (their root is a builtin exception)."""

    def __init__(self) -> None:
        self.base: dict[str, str | None] = {}
        self.methods: dict[str, set[str]] = {}
        self.exceptions: set[str] = set()

    def add(self, name: str, base: str | None, methods: set[str], exception: bool = False) -> None:
        self.base[name] = base
        self.methods[name] = methods
        if exception:
            self.exceptions.add(name)

    def mro(self, name: str) -> list[str]:
        out = [name]
        while (b := self.base.get(out[-1])) is not None:
            out.append(b)
        return out

    def root(self, name: str) -> str:
        return self.mro(name)[-1]

    def defines(self, name: str, method: str) -> bool:
        """Whether the class has the method, its own or inherited from a generated class."""
        return any(method in self.methods.get(c, set()) for c in self.mro(name))

    def subclasses(self, name: str) -> list[str]:
        return [c for c in self.base if name in self.mro(c)]

    def related(self, a: str, b: str) -> bool:
        return a in self.mro(b) or b in self.mro(a)

    def plain(self) -> list[str]:
        return [c for c in self.base if c not in self.exceptions]


def subtype(a: Ty, b: Ty, h: Hierarchy) -> bool:
    """a is assignable to b (as mypy sees it, for the types generated here)."""
    if b.kind == "object" or a == b:
        return True
    if a.kind == "union":
        return all(subtype(m, b, h) for m in a.args)
    if b.kind == "union":
        return any(subtype(a, m, h) for m in b.args)
    if a.kind == "bool" and b.kind in ("int", "float") or a.kind == "int" and b.kind == "float":
        return True
    if a.kind == "cls" and b.kind == "cls":
        return b.name in h.mro(a.name)
    if a.kind == b.kind == "tuple":
        return len(a.args) == len(b.args) and all(subtype(x, y, h) for x, y in zip(a.args,
                                                                                    b.args))
    return False  # lists, dicts, sets and boxes are invariant


def overlaps(a: Ty, b: Ty, h: Hierarchy) -> bool:
    """mypy --strict (strict equality) accepts a == b, a != b, and a in [b]."""
    if a.kind == "object" or b.kind == "object" or NONE in (a, b):
        return True
    # mypy leaves None out of the check (`int | None == str | None` is refused)
    for x in (m for m in a.members() if m.kind != "None"):
        for y in (m for m in b.members() if m.kind != "None"):
            if x == y or subtype(x, y, h) or subtype(y, x, h):
                return True
            if x.kind == y.kind == "cls" and h.related(x.name, y.name):
                return True
            if x.kind == y.kind and x.kind in ("list", "set", "dict", "box") and \
                    overlaps(x.args[0], y.args[0], h):
                return True
    return False


NUMBERS = ("int", "bool", "float")


def orderable(a: Ty, b: Ty, h: Hierarchy, op: str) -> bool:
    """mypy accepts `a OP b` for an ordering OP (<, <=, >, >=)."""
    if a.kind == "union" or b.kind == "union":
        return False
    if a.kind in NUMBERS and b.kind in NUMBERS:
        return True
    if a.kind == b.kind == "str":
        return True
    if a.kind == b.kind == "cls" and h.root(a.name) == h.root(b.name):
        reflected = {"<": "__gt__", ">": "__lt__", "<=": "__ge__", ">=": "__le__"}[op]
        direct = {"<": "__lt__", ">": "__gt__", "<=": "__le__", ">=": "__ge__"}[op]
        return h.defines(a.name, direct) or h.defines(b.name, reflected)
    return False


def sized(t: Ty, h: Hierarchy) -> bool:
    """len() of it type-checks."""
    return all(m.kind in ("str", "list", "dict", "set", "tuple") or
               m.kind == "cls" and h.defines(m.name, "__len__") for m in t.members())


def hashable(t: Ty, h: Hierarchy) -> bool:
    """hash() of it type-checks and never depends on PYTHONHASHSEED (no str)."""
    return all(m.kind in ("int", "bool", "cls") or
               m.kind == "tuple" and all(x.kind == "int" for x in m.args) for m in t.members())
