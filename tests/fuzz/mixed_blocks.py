"""Statement blocks of a mixed-type fuzz unit (tests/fuzz/mixed_units.py): print lines of
observations, isinstance chains, match statements, loops over containers, exceptions raised and
caught as their bases. Each block is wrapped in a try/except that prints what escaped, with the
block's tag, so that one exception does not hide the others.
"""

from __future__ import annotations

import textwrap

from tests.fuzz.mixed_types import OBJECT, Ty, cls, subtype
from tests.fuzz.mixed_units import Expr, Unit, UnitGen

BUILTIN_CATCHES = ["Exception", "LookupError", "ValueError", "ArithmeticError", "KeyError",
                   "RuntimeError"]


def wrap(tag: str, body: str) -> str:
    return textwrap.indent(
        f"try:\n{textwrap.indent(body, '    ')}except Exception as e:\n"
        f'    print("{tag}", "!", type(e).__name__, e)\n', "    ")


class BlockGen(UnitGen):
    def unit(self, name: str, blocks: int) -> Unit:
        params = [(f"p{i}", self.static_type()) for i in range(self.rng.randint(1, 4))]
        unit = Unit(name, params, [self.value(t) for _, t in params])
        pool = self.pool(params)
        for j in range(blocks):
            tag = f"{name}.{j}"
            kind = self.pick(["print"] * 5 + ["isinstance", "isinstance", "match", "match",
                                              "loop", "exceptions", "objects"])
            p, t = self.rng.choice(params)
            body = {"print": lambda: self.print_line(tag, pool),
                    "isinstance": lambda: self.isinstance_chain(tag, Expr(p, t)),
                    "match": lambda: self.match(tag, Expr(p, t)),
                    "loop": lambda: self.loop(tag, pool),
                    "exceptions": lambda: self.exceptions(tag),
                    "objects": lambda: self.objects(tag, pool)}[kind]()
            unit.blocks.append(wrap(tag, body))
        return unit

    def print_line(self, tag: str, pool: list[Expr]) -> str:
        parts = [self.observe(pool) for _ in range(self.rng.randint(1, 3))]
        return f'print("{tag}", {", ".join(parts)})\n'

    def narrowed(self, tag: str, name: str, t: Ty) -> str:
        """A print of what only a value of type t allows (t narrowed by isinstance)."""
        k = t.kind
        if k == "int":
            return f'print("{tag}", "int", {name} + 1, -{name}, {name} // 3, {name} > 2)\n'
        if k == "bool":
            return f'print("{tag}", "bool", {name}, not {name}, {name} + 1)\n'
        if k == "str":
            return f'print("{tag}", "str", {name}.upper(), len({name}), {name} * 2, ' \
                   f'{name}[:1], {name} < "b")\n'
        if k == "float":
            return f'print("{tag}", "float", {name} * 2, {name} > 0, round({name}, 1))\n'
        if k == "list":
            return f'print("{tag}", "list", len({name}), {name}[:1], {name} + {name})\n'
        if k == "cls" and t.name in self.excs:
            return f'print("{tag}", "exc", {name}, repr({name}), str({name}))\n'
        if k == "cls":
            return f'print("{tag}", "{t.name}", {name}.v, {name}.key(), ' \
                   f'{self.show(Expr(name, t))})\n'
        return f'print("{tag}", "{k}", {name})\n'

    def reachable(self, t: Ty, test: Ty, covered: list[Ty]) -> bool:
        """Whether a test for `test` can still succeed on a value of static type t after the
        tests in `covered` (mypy refuses nothing, but pyrage refuses the code mypy found
        unreachable, a located refusal the generator avoids)."""
        return any((subtype(m, test, self.h) or subtype(test, m, self.h)) and
                   not any(subtype(m, c, self.h) for c in covered) for m in t.members())

    def isinstance_chain(self, tag: str, x: Expr) -> str:
        t = x.ty
        if t.kind == "object":
            options = [Ty(k) for k in ("int", "bool", "str", "float")] + \
                [cls(c) for c in self.plain + self.excs]
        else:
            options = [m for m in t.members() if m.kind != "box"]
            for m in list(options):
                if m.kind == "cls":
                    options += [cls(c) for c in self.h.subclasses(m.name) if c != m.name]
                if m.kind == "int":
                    options.append(Ty("bool"))
        self.rng.shuffle(options)
        out, covered = "", list[Ty]()
        for m in options[:self.rng.randint(1, 4)]:
            if not self.reachable(t, m, covered):
                continue
            name = m.name if m.kind == "cls" else m.kind
            test = f"{x.src} is None" if m.kind == "None" else f"isinstance({x.src}, {name})"
            out += f"{'elif' if out else 'if'} {test}:\n" + \
                textwrap.indent(self.narrowed(tag, x.src, m), "    ")
            covered.append(m)
        if not out:
            return f'print("{tag}", {self.show(x)})\n'
        if not self.reachable(t, OBJECT, covered):
            return out
        return out + f'else:\n    print("{tag}", "else", {self.show(x)})\n'

    def match(self, tag: str, x: Expr) -> str:
        """A match over x; captures are named C_... in the patterns, renamed per block (mypy
        types a name once a function)."""
        t = x.ty
        # (pattern, what it prints, the type it tests, whether it matches every such value)
        cases: list[tuple[str, str, Ty, bool]] = []
        members = [Ty(k) for k in ("int", "str", "None", "bool", "float")] + \
            [cls(c) for c in self.plain] if t.kind == "object" else list(t.members())
        for m in members:
            k = m.kind
            if k == "int":
                cases += [("0 | 1", '"small"', m, False),
                          ("int(C_n) if C_n > 3", '"big", C_n + 1', m, False),
                          ("int()", '"int"', m, True), ("-1", '"minus one"', m, False)]
            elif k == "str":
                cases += [('"a" | "b"', '"ab"', m, False),
                          ("str(C_s)", '"str", C_s.upper()', m, True),
                          ('""', '"empty"', m, False)]
            elif k == "None":
                cases.append(("None", '"none"', m, True))
            elif k == "bool":
                cases += [("True", '"true"', m, False), ("False", '"false"', m, False)]
            elif k == "float":
                cases += [("2.5", '"two and a half"', m, False),
                          ("float(C_f)", '"float", C_f * 2', m, True)]
            elif k == "list":
                cases += [("[C_a, C_b]", '"pair", C_a, C_b', m, False),
                          ("[C_a, *C_rest]", '"head", C_a, C_rest', m, False),
                          ("[]", '"empty list"', m, False)]
            elif k == "cls" and m.name in self.plain:
                sub = self.rng.choice(self.h.subclasses(m.name))
                cases += [(f"{sub}(v=3)", f'"{sub} three"', cls(sub), False),
                          (f"{sub}(v=C_w) if C_w < 0", f'"{sub} negative", C_w', cls(sub),
                           False),
                          (f"{sub}() as C_x", f'"{sub}", {self.show(Expr("C_x", cls(sub)))}',
                           cls(sub), True)]
        self.rng.shuffle(cases)
        out, covered = f"match {x.src}:\n", list[Ty]()
        for pattern, what, test, full in cases[:self.rng.randint(1, 5)]:
            if not self.reachable(t, test, covered):
                continue
            out += f'    case {pattern}:\n        print("{tag}", {what})\n'
            if full or test.kind == "bool" and f"case {'False' if pattern == 'True' else 'True'}:" \
                    in out:  # True and False: every bool
                covered.append(test)
        if self.reachable(t, OBJECT, covered):
            out += f'    case _:\n        print("{tag}", "default", {self.show(x)})\n'
        return out.replace("C_", f"c{tag.split('.')[1]}_")

    def loop(self, tag: str, pool: list[Expr]) -> str:
        xs = self.draw(pool, lambda e: e.ty.kind in ("list", "set", "dict", "str"))
        if xs is None:
            return self.print_line(tag, pool)
        it = "it_" + tag.split(".")[1]
        item = Expr(it, xs.ty.args[0] if xs.ty.kind in ("list", "set") else Ty("str"))
        inner = [item] + [e for e in pool if e.src != xs.src][:3]
        body = self.print_line(tag, inner)
        if self.rng.random() < 0.4:
            body = self.isinstance_chain(tag, item)
        return f"for {it} in {xs.src}:\n" + textwrap.indent(body, "    ")

    def exceptions(self, tag: str) -> str:
        k = self.rng.randint(0, len(self.excs) + 2)
        catches = self.rng.sample(self.excs + BUILTIN_CATCHES,
                                  self.rng.randint(1, min(3, len(self.excs) + 2)))
        if self.rng.random() < 0.3 and len(catches) > 1:
            catches = [f"({catches[0]}, {catches[1]})"] + catches[2:]
        out = f"try:\n    boom({k})\n"
        shows = ["e", "repr(e)", "str(e)", "type(e).__name__", "[e]", 'f"{e!r:>12}"',
                 "isinstance(e, Exception)", "(e, 1)"] + [f"isinstance(e, {x})" for x in
                                                          self.excs]
        for i, c in enumerate(catches):
            parts = ", ".join(self.rng.sample(shows, 3))
            out += f'except {c} as e:\n    print("{tag}", "caught {i}", {parts})\n'
            if self.rng.random() < 0.2:
                held = f"held_{tag.split('.')[1]}_{i}"
                out += f'    {held}: object = e\n' \
                       f'    print("{tag}", {held}, repr({held}), {held} == e, [{held}])\n'
        return out + f'else:\n    print("{tag}", "nothing raised")\n'

    def objects(self, tag: str, pool: list[Expr]) -> str:
        """Containers of mixed values, built and observed."""
        j = tag.split(".")[1]
        items = [self.rng.choice(pool) for _ in range(self.rng.randint(1, 4))]
        srcs = ", ".join(e.src for e in items)
        kind = self.pick(["list", "dict", "set"])
        if kind == "list":
            probe = self.rng.choice(pool).src
            xs = f"xs_{j}"
            return f"{xs}: list[object] = [{srcs}]\n" \
                   f"{xs}.append({self.rng.choice(pool).src})\n" \
                   f'print("{tag}", {xs}, len({xs}), {probe} in {xs}, {xs}.count({probe}))\n' \
                   f'print("{tag}", {xs}.index({items[0].src}), {xs} == {xs}[:], ' \
                   f'sorted({xs}, key=repr)[-1], [type(v).__name__ for v in {xs}])\n'
        if kind == "dict":
            pairs = ", ".join(f'"{"abcd"[i]}": {e.src}' for i, e in enumerate(items))
            d = f"d_{j}"
            return f"{d}: dict[str, object] = {{{pairs}}}\n" \
                   f'{d}["z"] = {self.rng.choice(pool).src}\n' \
                   f'print("{tag}", {d}, {d}.get("a"), "b" in {d}, ' \
                   f'list({d}.values()) == list({d}.values()))\n'
        hashables = [e for e in items if e.ty.kind in ("int", "str")]
        if not hashables:
            return self.print_line(tag, pool)
        srcs = ", ".join(e.src for e in hashables)
        # set[object] is refused (hash() of an object): a union of hashable types instead
        return f"s_{j}: set[int | str] = {{{srcs}}}\n" \
               f'print("{tag}", len(s_{j}), {hashables[0].src} in s_{j}, ' \
               f'sorted(s_{j}, key=repr))\n'
