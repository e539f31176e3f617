"""The units of a mixed-type fuzz program (tests/fuzz/fuzz_mixed.py).

A unit is one function `def uN(p0: T0, p1: T1, ...) -> None` whose parameters have random
static types (object, unions, classes, containers, boxes) and are passed values of random
run-time types that fit them, so nothing is known at compile time. Its body is a few blocks,
each printing lines tagged "uN.j": observations (str/repr/format, ==, is None, truthiness,
isinstance, hash, len, in, ordering chains, dunder arithmetic, Protocol-bound generics,
containers of the values), isinstance chains, match statements, loops over containers and
exceptions caught as their bases. Every block runs inside its own try/except that prints what
escaped, so one exception does not hide the rest.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.fuzz.mixed_types import (
    BOOL, FLOAT, INT, NONE, OBJECT, STR, Hierarchy, Ty, cls, hashable, list_of, orderable,
    overlaps, sized, subtype, union)

INTS = ["0", "1", "-1", "2", "3", "5", "7", "-4", "10", "42", "255"]
STRS = ['""', '"a"', '"b"', '"ab"', '"A"', '"x y"', '"é"', '"it\'s"', "'\"q\"'", '"0"', '"1"',
        '"None"', '"ß"', '"\\t"']
#: No NaN: `x in [x]` of the very same NaN object is True under CPython and False compiled, a
#: documented difference (docs/language.md, "Deliberate differences from CPython").
FLOATS = ["0.0", "1.0", "-2.5", "1e20", "0.1", "float('inf')", "3.0", "-0.0"]
SPECS = [">6", "<5", "^7", "*>8", ""]


@dataclass
class Expr:
    src: str
    ty: Ty
    literal: bool = False  # mypy refuses `1 == 2`: two literals are never compared


@dataclass
class Unit:
    name: str
    params: list[tuple[str, Ty]]
    args: list[str]
    blocks: list[str] = field(default_factory=list)  # each a statement block (indented)

    def source(self) -> str:
        params = ", ".join(f"{p}: {t.src()}" for p, t in self.params)
        body = "".join(self.blocks) or "    pass\n"
        return f"def {self.name}({params}) -> None:\n{body}"


class UnitGen:
    def __init__(self, rng: random.Random, h: Hierarchy) -> None:
        self.rng = rng
        self.h = h
        self.plain = h.plain()
        self.excs = sorted(h.exceptions)

    def pick(self, options: list[str]) -> str:
        return self.rng.choice(options)

    # --- types and values -----------------------------------------------------------------
    def member(self) -> Ty:
        """A type that can be a union member."""
        choices = [INT, STR, NONE, BOOL, FLOAT, list_of(INT)] + [cls(c) for c in self.plain]
        return self.rng.choice(choices)

    def static_type(self, depth: int = 1) -> Ty:
        r = self.rng.random()
        if r < 0.22:
            return OBJECT
        if r < 0.5:
            return union(*(self.member() for _ in range(self.rng.randint(2, 3))))
        if r < 0.65:
            return cls(self.rng.choice(self.plain + self.excs[:1]))
        if r < 0.72:
            return self.rng.choice([INT, STR, FLOAT, BOOL])
        if r < 0.78:
            return Ty("box", (self.rng.choice([union(INT, STR), OBJECT, cls(self.plain[0])]),))
        if depth <= 0:
            return OBJECT
        item = self.rng.choice([OBJECT, union(INT, STR), union(INT, NONE), cls(
            self.rng.choice(self.plain)), INT, STR])
        kind = self.rng.choice(["list", "list", "dict", "set", "tuple"])
        if kind == "set":
            item = self.rng.choice([union(INT, STR), INT, cls(self.rng.choice(self.plain)),
                                    Ty("tuple", (INT, INT))])
        if kind == "tuple":
            return Ty("tuple", (self.rng.choice([INT, OBJECT, union(INT, STR)]),
                                self.rng.choice([STR, OBJECT, cls(self.plain[0])])))
        return Ty(kind, (item,))

    def instance(self, name: str) -> str:
        sub = self.rng.choice(self.h.subclasses(name))
        if sub in self.h.exceptions:
            if self.h.defines(sub, "__init__int"):
                return f"{sub}({self.pick(INTS)})"
            return f"{sub}({self.pick(STRS)})"
        return f"{sub}({self.pick(INTS)})"

    def value(self, t: Ty, depth: int = 2) -> str:
        """Source of a value whose run-time type fits t."""
        k = t.kind
        if k == "union":
            return self.value(self.rng.choice(t.args), depth)
        if k == "object":
            concrete = [INT, STR, NONE, BOOL, FLOAT] + [cls(c) for c in self.plain + self.excs]
            if depth > 0:
                concrete += [list_of(INT), list_of(OBJECT), Ty("tuple", (INT, STR)),
                             Ty("dict", (OBJECT,)), Ty("box", (INT,))]
            return self.value(self.rng.choice(concrete), depth - 1)
        if k == "int":
            return self.pick(INTS)
        if k == "bool":
            return self.pick(["True", "False"])
        if k == "str":
            return self.pick(STRS)
        if k == "float":
            return self.pick(FLOATS)
        if k == "None":
            return "None"
        if k == "cls":
            return self.instance(t.name)
        if k == "list":
            return "[" + ", ".join(self.value(t.args[0], depth - 1)
                                   for _ in range(self.rng.randint(0, 3))) + "]"
        if k == "dict":
            keys = self.rng.sample(["a", "b", "c"], self.rng.randint(0, 3))
            return "{" + ", ".join(f'"{key}": {self.value(t.args[0], depth - 1)}'
                                   for key in keys) + "}"
        if k == "set":
            items = [self.value(t.args[0], depth - 1) for _ in range(self.rng.randint(0, 3))]
            return "{" + ", ".join(items) + "}" if items else "set()"
        if k == "tuple":
            return "(" + ", ".join(self.value(a, depth - 1) for a in t.args) + ")"
        assert k == "box", t
        return f"Box({self.value(t.args[0], depth - 1)})"

    # --- operands ---------------------------------------------------------------------------
    def pool(self, params: list[tuple[str, Ty]]) -> list[Expr]:
        """The expressions a unit's observations draw from: its parameters, parts of them, and
        a few literals."""
        out = [Expr(p, t) for p, t in params]
        for p, t in params:
            if t.kind == "list":
                out.append(Expr(f"{p}[0]", t.args[0]))
            elif t.kind == "dict":
                out.append(Expr(f'{p}["a"]', t.args[0]))
                if t.args[0].kind != "object":
                    out.append(Expr(f'{p}.get("b")', union(t.args[0], NONE)))
            elif t.kind == "tuple":
                i = self.rng.randint(0, 1)
                out.append(Expr(f"{p}[{i}]", t.args[i]))
            elif t.kind == "box":
                out.append(Expr(f"{p}.get()", t.args[0]))
        out.append(Expr(f"g_id({params[0][0]})", params[0][1]))
        for t in (INT, STR, NONE):
            out.append(Expr(self.value(t), t, literal=True))
        c = self.rng.choice(self.plain)  # mypy types A1(3) as A1, even where an A goes
        out.append(Expr(f"{c}({self.pick(INTS)})", cls(c)))
        return out

    def draw(self, pool: list[Expr], ok: Callable[[Expr], bool]) -> Expr | None:
        fits = [e for e in pool if ok(e)]
        return self.rng.choice(fits) if fits else None

    # --- observations: printable expressions --------------------------------------------------
    def show(self, x: Expr) -> str:
        forms = ["{x}", "repr({x})", "str({x})", 'f"{{{x}}}"', 'f"{{{x}!r}}"',
                 'f"[{{{x}!s:>8}}]"', '"%s/%r" % ({x}, {x})', '"{{}}|{{!r}}".format({x}, {x})',
                 "[{x}]", "({x}, 1)", '{{"k": {x}}}', "g_str({x})"]
        if x.ty.kind in ("int", "str", "float"):
            forms.append(f'f"{{{{{{x}}:{self.pick(SPECS)}}}}}"')
        if x.ty.kind in ("object", "union") and self.rng.random() < 0.3:
            forms.append(f'format({{x}}, "{self.pick(SPECS)}")')
        if '"' in x.src or "'" in x.src:  # Python 3.11 allows no such quote in an f-string
            forms = [f for f in forms if not f.startswith("f")]
        return self.pick(forms).format(x=x.src)

    def observe(self, pool: list[Expr]) -> str:
        h = self.h
        kind = self.pick(["show", "show", "eq", "eq", "none", "truth", "isinstance", "type",
                          "hash", "len", "in", "order", "order", "arith", "generic", "generic",
                          "container", "minmax"])
        x = self.rng.choice(pool)
        if kind == "eq":
            y = self.draw(pool, lambda e: e is not x and overlaps(x.ty, e.ty, h) and
                          not (x.literal and e.literal))
            if y is not None:
                return f"({x.src} {self.pick(['==', '!=', '=='])} {y.src})"
        if kind == "none" and (x.ty.kind == "object" or x.ty.has("None")):
            return f"({x.src} is {self.pick(['', 'not '])}None)"
        if kind == "truth":
            return self.pick(["bool({x})", "(not {x})", '("t" if {x} else "f")',
                              "({x} or 0)", "({x} and 1)"]).format(x=x.src)
        if kind == "isinstance":
            names = ["int", "bool", "str", "float", "Exception", "(int, str)", "tuple", "list",
                     "dict", "set", "(str, list)"]
            names += self.plain + self.excs
            return f"isinstance({x.src}, {self.pick(names)})"
        if kind == "type":
            return f"type({x.src}).__name__"
        if kind == "hash" and hashable(x.ty, h):
            return f"hash({x.src})"
        if kind == "len" and sized(x.ty, h):
            return self.pick(["len({x})", "g_len({x})", "g_truth({x})"]).format(x=x.src)
        if kind == "in":
            return self.contains(pool, x)
        if kind == "order":
            return self.order(pool, x)
        if kind == "arith":
            return self.arith(pool, x)
        if kind == "generic":
            return self.generic(pool, x)
        if kind == "container":
            y = self.rng.choice(pool)
            forms = ["[{x}, {y}]", "g_pair({x}, {y})", "[{x}, {y}].index({y})",
                     "sorted([{x}, {y}], key=repr)", '{{"p": {x}, "q": {y}}}', "Box({x})"]
            if overlaps(x.ty, y.ty, h) and not (x.literal and y.literal) and \
                    NONE not in (x.ty, y.ty):  # Box[None] == Box[int] is refused by mypy
                forms += ["Box({x}) == Box({y})", "[{x}, {x}, {y}].count({x})", "{y} in [{x}]"]
            if x.ty == y.ty:
                forms.append("g_in({y}, [{x}, {x}])")
            return self.pick(forms).format(x=x.src, y=y.src)
        if kind == "minmax" and x.ty.kind == "cls" and (h.defines(x.ty.name, "__lt__") or
                                                       h.defines(x.ty.name, "__gt__")):
            # one static class for both: mypy solves max's type variable with it
            y = self.draw(pool, lambda e: e.ty == x.ty and e is not x)
            if y is not None:
                return self.pick(["max({x}, {y})", "min({x}, {y})", "sorted([{x}, {y}])",
                                  "sorted([{y}, {x}], reverse=True)"]).format(x=x.src, y=y.src)
        return self.show(x)

    def contains(self, pool: list[Expr], x: Expr) -> str:
        h = self.h
        t = x.ty
        if t.kind in ("list", "set"):
            y = self.draw(pool, lambda e: overlaps(e.ty, t.args[0], h))
            if y is not None:
                return f"({y.src} {self.pick(['in', 'not in'])} {x.src})"
        if t.kind == "dict":
            return f"({self.pick(STRS)} in {x.src})"
        if t.kind == "str":
            y = self.draw(pool, lambda e: e.ty.kind == "str")
            return f"({y.src if y else STRS[1]} in {x.src})"
        if t.kind == "cls" and h.defines(t.name, "__contains__"):
            y = self.rng.choice(pool)
            return f"({y.src} in {x.src})"
        y = self.draw(pool, lambda e: overlaps(e.ty, t, h))
        return f"({x.src} in [{y.src if y else x.src}, {self.value(t)}])"

    def order(self, pool: list[Expr], x: Expr) -> str:
        ops = ["<", "<=", ">", ">="]
        op1, op2 = self.pick(ops), self.pick(ops)
        y = self.draw(pool, lambda e: orderable(x.ty, e.ty, self.h, op1))
        if y is None:
            return self.show(x)
        if self.rng.random() < 0.5:
            return f"({x.src} {op1} {y.src})"
        z = self.draw(pool, lambda e: orderable(y.ty, e.ty, self.h, op2))
        if z is None:
            return f"({x.src} {op1} {y.src})"
        return f"({x.src} {op1} {y.src} {op2} {z.src})"

    def arith(self, pool: list[Expr], x: Expr) -> str:
        h = self.h
        t = x.ty
        if t.kind == "cls":
            ops = [("__add__", "({x} + {k})"), ("__radd__", "({k} + {x})"),
                   ("__sub__", "({x} - {k})"), ("__neg__", "(-{x})")]
            ops = [(m, f) for m, f in ops if h.defines(t.name, m)]
            if h.defines(t.name, "__mul__"):
                y = self.draw(pool, lambda e: e.ty.kind == "cls" and subtype(e.ty, cls(
                    h.root(t.name)), h))
                if y is not None:
                    ops.append(("__mul__", "({x} * " + y.src + ")"))
            if ops:
                return self.rng.choice(ops)[1].format(x=x.src, k=self.pick(INTS[:6]))
        if t.kind in ("int", "float", "bool"):
            y = self.draw(pool, lambda e: e.ty.kind in ("int", "float", "bool"))
            if y is not None:
                return f"({x.src} {self.pick(['+', '-', '*', '//', '%'])} {y.src})"
        if t.kind in ("str", "list"):
            return self.pick(["({x} * 2)", "({x} + {x})"]).format(x=x.src)
        return self.show(x)

    def generic(self, pool: list[Expr], x: Expr) -> str:
        h = self.h
        t = x.ty
        if t.kind == "cls" and t.name in self.plain:
            y = self.draw(pool, lambda e: e.ty.kind == "cls" and e.ty.name in self.plain and
                          h.root(e.ty.name) == h.root(t.name))
            forms = ["g_key({x})", "g_show({x})", "KBag([{x}]).total()", "str(KBag([{x}]))",
                     "{x}.key()"]
            if y is not None:
                forms += ["g_same({x}, {y})", "g_best([{x}, {y}])", "str(KBag([{x}, {y}]))",
                          "({y} in KBag([{x}]))", "len(KBag([{x}, {y}]))"]
                return self.pick(forms).format(x=x.src, y=y.src)
            return self.pick(forms).format(x=x.src)
        y = self.draw(pool, lambda e: e.ty == x.ty) or x
        return self.pick(["g_str({x})", "g_eq({x}, {y})", "g_id({x})", "g_in({x}, [{y}])",
                          "Box({x}).get()", "Box(g_id({x}))"]).format(x=x.src, y=y.src)
