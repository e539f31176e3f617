"""Mutations of a Python program at the AST level, for tests/fuzz/fuzz_mutants.py.

`AstMutator(rng).mutate(source)` parses the source, applies one mutation chosen at random (by
weight) and returns the unparsed result with the mutation's name, or None when the source does
not parse or nothing applied. `AstMutator(rng, well_typed=True)` keeps to the mutations that
mostly leave a program well typed (for the mutants that are run beside CPython). A mutation works on a copy of the tree and is dropped when its
result does not parse back, so every mutant is valid Python syntax (mypy and pyrage may still
refuse it: that is the point).

The mutations, by family:

- statements: delete, duplicate, swap (mostly neighbours), negate an `if`;
- values: literals at the limits (±2**63-1, -2**63, 2**63, nan, inf, -0.0, empty, non-ASCII and
  NUL-carrying strings...), format specs (valid and invalid), annotations changed or dropped,
  a name renamed to an undefined one or to another local;
- paths on which a local may be unassigned: an assignment wrapped in `if cond:`, moved into a
  `try` whose body can raise, into a loop that runs zero times, after a `break`, into an
  `except` handler, or followed by `del name`;
- constructs: yield, with, lambdas, nested classes, global/nonlocal, walrus, *args, async def,
  match, `raise SystemExit(...)`, `sys.exit(...)`, del, raise, return/break/continue, and the
  snippets of fuzz_frontend.INSERTIONS;
- observers, so that a changed value shows in the output: `print(repr(x))` after an
  assignment, a statement wrapped in `try`/`except Exception` that prints what it caught.
"""

from __future__ import annotations

import ast
import copy
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from tests.fuzz.fuzz_frontend import INSERTIONS, TYPES

Function = ast.FunctionDef | ast.AsyncFunctionDef
T = TypeVar("T")

# --- value pools --------------------------------------------------------------------------------

INT_LIMITS = ["9223372036854775807", "-9223372036854775807", "(-9223372036854775807 - 1)",
              "-9223372036854775808", "9223372036854775808", "2 ** 63 - 1", "-2 ** 63", "2 ** 63",
              "2 ** 62", "4294967296", "0", "-1", "1", "255", "256", "-2"]
FLOAT_LIMITS = ["float('nan')", "float('inf')", "-float('inf')", "-0.0", "0.0", "1e308",
                "1.7976931348623157e308", "5e-324", "0.1", "-1.5", "2.5", "1e16",
                "9007199254740993.0", "-9.223372036854776e18"]
STR_LIMITS = ["''", "'é'", "'€𝄞λ'", "'\\x00'", "'a\\x00b'", "' '", "'\\n'", "'ß'", "'İ'", "'ǅ'",
              "'\\u200b'", "'\\t x \\r\\n'", "'%s'", "'{}'", "'0'", "'-9223372036854775808'",
              "'nan'", "'\\x7f\\x80'", "'a' * 1000"]
BYTES_LIMITS = ["b''", "b'\\x00'", "b'\\xff\\xfe'", "b'\\x80'", "bytes(8)", "b'a\\x00'"]
ANY_LITERAL = ["None", "True", "[]", "()", "{}", "0", "''", "b''", "0.0", "(1,)", "[0]"]

#: Format specs, valid and not (for an int, a float or a str): CPython raises ValueError for an
#: invalid one at run time.
FORMAT_SPECS = ["", "x", "X", "o", "b", "#x", "08.3f", ",", "_", ",d", ",x", "_x", "_o", "+",
                " ", "-", "=+10", "^12", "*<7", "0>5", "e", ".3e", "g", ".0%", "%", "c", "s",
                "d", "n", "z.1f", ".2", "Q", "10.3s", "#", "#o", "08_b", ".30f", "=", "0=10,",
                ",.2f", ">-08,.3", "#.0f", "+c", ".1s", "=s", ",s", "0s", "#s", " d"]

#: Conditions mypy cannot decide (it would skip the other branch as unreachable).
CONDITIONS = ["len('ab') > 5", "'x' in ''", "len('ab') == 2", "3 % 2 == 1",
              "len(__name__) < 0", "__name__ == '__main__'", "ord('a') > 100"]
#: A statement that raises (or not), with the exception to catch.
RAISERS = [("int('x')", "ValueError"), ("[0][len('ab')]", "IndexError"),
           ("{'a': 0}['b']", "KeyError"), ("print(1 // len(''))", "ZeroDivisionError"),
           ("int('1')", "ValueError"), ("[0][len('')]", "IndexError")]

#: Paths on which the assignment __S__ (to NAME) may not run. {c}: a condition, {r}/{e}: a
#: raiser and its exception, {v}: a fresh name.
UNBOUND_TEMPLATES = [
    "if {c}:\n    __S__",
    "if {c}:\n    pass\nelse:\n    __S__",
    "try:\n    {r}\n    __S__\nexcept {e}:\n    pass",
    "try:\n    __S__\n    {r}\nexcept {e}:\n    del NAME",
    "for {v} in range(len('')):\n    __S__",
    "for {v} in range(0):\n    __S__\nelse:\n    pass",
    "while {c}:\n    __S__\n    break",
    "for {v} in range(2):\n    if {v} == 0:\n        break\n    __S__",
    "for {v} in range(1):\n    break\n    __S__",
    "try:\n    pass\nexcept ValueError:\n    __S__",
    "__S__\ndel NAME",
    "__S__\nif {c}:\n    del NAME",
]

#: Snippets inserted at a statement position, beyond fuzz_frontend.INSERTIONS. NAME is an
#: existing name of the scope, {v} a fresh one.
EXTRA_INSERTIONS = [
    "raise SystemExit", "raise SystemExit(3)", "raise SystemExit('bye')",
    "try:\n    raise SystemExit(2)\nexcept SystemExit as {v}:\n    print({v}.code)",
    "raise ValueError('fuzz')", "raise KeyError(0)", "raise RuntimeError",
    "assert len('') > 0, 'fuzz'", "print(repr(NAME))", "del NAME", "global NAME",
    "NAME = NAME", "print(NAME is NAME, NAME == NAME)", "{v} = lambda: NAME\nprint({v}())",
    "class {v}:\n    value: int = 1", "print(f'{NAME!r:>10}')",
]

#: The insertions that mostly keep a program well typed (and change what it does).
TYPED_INSERTIONS = EXTRA_INSERTIONS[:8] + ["print(repr(NAME))", "NAME = NAME",
                                           "{v} = lambda: NAME\nprint({v}())"]

#: Annotation replacements: {t} is the annotation being replaced.
ANNOTATION_FORMS = ["{t} | None", "object", "list[{t}]", "tuple[{t}, ...]", "int", "float",
                    "bool", "str", "bytes", "None", "int | str", "dict[str, {t}]"]


# --- the tree -----------------------------------------------------------------------------------

@dataclass
class Block:
    """A list of statements and where it is."""

    stmts: list[ast.stmt]
    func: Function | None  # the innermost function around it
    scope: str  # "module", "class" or "function"
    loop: bool  # break and continue are legal here


def blocks(tree: ast.Module) -> list[Block]:
    found: list[Block] = []

    def visit(stmts: list[ast.stmt], func: Function | None, scope: str, loop: bool) -> None:
        if not stmts:
            return
        found.append(Block(stmts, func, scope, loop))
        for s in stmts:
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(s.body, s, "function", False)
            elif isinstance(s, ast.ClassDef):
                visit(s.body, None, "class", False)
            elif isinstance(s, (ast.For, ast.AsyncFor, ast.While)):
                visit(s.body, func, scope, True)
                visit(s.orelse, func, scope, loop)
            elif isinstance(s, ast.If):
                visit(s.body, func, scope, loop)
                visit(s.orelse, func, scope, loop)
            elif isinstance(s, (ast.Try, ast.TryStar)):
                for part in (s.body, *[h.body for h in s.handlers], s.orelse, s.finalbody):
                    visit(part, func, scope, loop)
            elif isinstance(s, (ast.With, ast.AsyncWith)):
                visit(s.body, func, scope, loop)
            elif isinstance(s, ast.Match):
                for case in s.cases:
                    visit(case.body, func, scope, loop)

    visit(tree.body, None, "module", False)
    return found


def first_index(block: Block) -> int:
    """The first position after a docstring and `from __future__` imports."""
    i = 0
    while i < len(block.stmts):
        s = block.stmts[i]
        docstring = isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and \
            isinstance(s.value.value, str) and i == 0
        future = isinstance(s, ast.ImportFrom) and s.module == "__future__"
        if not (docstring or future):
            break
        i += 1
    return i


def parse_stmts(text: str) -> list[ast.stmt]:
    return ast.parse(text).body


def parse_expr(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


def substitute(stmts: list[ast.stmt], inner: list[ast.stmt]) -> list[ast.stmt]:
    """stmts with the placeholder statement `__S__` replaced by inner."""
    out: list[ast.stmt] = []
    for s in stmts:
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Name) and s.value.id == "__S__":
            out.extend(inner)
            continue
        for name in ("body", "orelse", "finalbody"):
            if isinstance(getattr(s, name, None), list):
                setattr(s, name, substitute(getattr(s, name), inner))
        for handler in getattr(s, "handlers", []):
            handler.body = substitute(handler.body, inner)
        out.append(s)
    return out


def replace_node(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    class Replace(ast.NodeTransformer):
        def visit(self, node: ast.AST) -> ast.AST:
            return new if node is old else self.generic_visit(node)

    Replace().visit(tree)


def parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def annotation_ids(tree: ast.AST) -> set[int]:
    """The nodes inside annotations (mutated only by change_annotation)."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        for ann in (getattr(node, "annotation", None), getattr(node, "returns", None)):
            if isinstance(ann, ast.expr):
                ids.update(id(n) for n in ast.walk(ann))
    return ids


def scope_names(func: Function | None, tree: ast.Module) -> list[str]:
    """The names a scope assigns (and a function's parameters), in order of appearance."""
    body = func.body if func is not None else tree.body
    names: list[str] = []
    if func is not None:
        names += [a.arg for a in func.args.posonlyargs + func.args.args + func.args.kwonlyargs]

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                  ast.Lambda)):
                continue
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                names.append(child.id)
            walk(child)

    for s in body:
        walk(s)
    return list(dict.fromkeys(n for n in names if n != "self"))


# --- the mutator --------------------------------------------------------------------------------

class AstMutator:
    def __init__(self, rng: random.Random, well_typed: bool = False) -> None:
        self.rng = rng
        self.well_typed = well_typed
        self.fresh = 0
        self.tree = ast.Module(body=[], type_ignores=[])
        #: (name, weight, mutation): a mutation changes self.tree and says whether it did.
        #: The ones up to rename-local mostly keep a program well typed.
        self.ops: list[tuple[str, int, Callable[[], bool]]] = [
            ("duplicate-stmt", 2, self.duplicate_stmt), ("swap-stmts", 1, self.swap_stmts),
            ("negate-if", 1, self.negate_if), ("literal-limit", 5, self.literal_limit),
            ("format-spec", 2, self.format_spec), ("unbound-path", 5, self.unbound_path),
            ("system-exit", 2, self.system_exit), ("wrap-lambda", 1, self.wrap_lambda),
            ("if-to-match", 1, self.if_to_match), ("insert-jump", 1, self.insert_jump),
            ("observe", 3, self.observe), ("catch-and-print", 3, self.catch_and_print),
            ("insert-snippet", 2, self.insert_snippet), ("rename-local", 1, self.rename_local),
            # the rest mostly give diagnostics: for the front end's robustness
            ("delete-stmt", 2, self.delete_stmt), ("change-annotation", 2, self.change_annotation),
            ("rename-undefined", 1, self.rename_undefined), ("wrap-with", 1, self.wrap_with),
            ("insert-yield", 1, self.insert_yield), ("nested-class", 1, self.nested_class),
            ("global-nonlocal", 1, self.global_nonlocal), ("walrus", 1, self.walrus),
            ("star-args", 1, self.star_args), ("make-async", 1, self.make_async),
        ]
        if well_typed:
            last = [name for name, _, _ in self.ops].index("rename-local")
            self.ops = self.ops[:last + 1]

    def mutate(self, source: str) -> tuple[str, str] | None:
        try:
            original = ast.parse(source)
        except (SyntaxError, ValueError):
            return None
        names = [name for name, _, _ in self.ops]
        weights = [weight for _, weight, _ in self.ops]
        for _attempt in range(8):
            name = self.rng.choices(names, weights)[0]
            self.tree = copy.deepcopy(original)
            op = next(fn for n, _, fn in self.ops if n == name)
            if not op():
                continue
            ast.fix_missing_locations(self.tree)
            try:
                out = ast.unparse(self.tree)
                ast.parse(out)
            except (SyntaxError, ValueError, RecursionError):
                continue
            return out + "\n", name
        return None

    # helpers -----------------------------------------------------------------------------------
    def name(self) -> str:
        self.fresh += 1
        return f"_fz{self.fresh}"

    def pick(self, items: Sequence[T]) -> T | None:
        return self.rng.choice(items) if items else None

    def block(self, where: Callable[[Block], bool] = lambda b: True) -> Block | None:
        found = [b for b in blocks(self.tree) if where(b)]
        return self.rng.choice(found) if found else None

    def statement(self, where: Callable[[Block, ast.stmt], bool]) -> tuple[Block, int] | None:
        spots = [(b, i) for b in blocks(self.tree) for i in range(first_index(b), len(b.stmts))
                 if where(b, b.stmts[i])]
        return self.rng.choice(spots) if spots else None

    def insert(self, block: Block, stmts: list[ast.stmt], at: int | None = None) -> None:
        if at is None:
            at = self.rng.randint(first_index(block), len(block.stmts))
        block.stmts[at:at] = stmts

    def fill(self, template: str, block: Block, name: str | None = None) -> str:
        """A template's NAME (default: a name of the block's scope), {v}, {c}, {r}/{e} filled
        in."""
        raiser, exc = self.rng.choice(RAISERS)
        if name is None:
            name = self.rng.choice(scope_names(block.func, self.tree) or ["__name__"])
        return template.replace("NAME", name).format(
            v=self.name(), c=self.rng.choice(CONDITIONS), r=raiser, e=exc)

    def ensure_import(self, module: str) -> None:
        top = Block(self.tree.body, None, "module", False)
        self.insert(top, parse_stmts(f"import {module}"), first_index(top))

    def expressions(self, kinds: tuple[type, ...]) -> list[ast.expr]:
        skip = annotation_ids(self.tree)
        up = parents(self.tree)
        found: list[ast.expr] = []
        for node in ast.walk(self.tree):
            parent = up.get(id(node))
            if not isinstance(node, kinds) or id(node) in skip:
                continue
            if isinstance(parent, (ast.JoinedStr, ast.MatchValue, ast.MatchSingleton)):
                continue
            if isinstance(parent, ast.Expr) and isinstance(node, ast.Constant) and \
                    isinstance(node.value, str):
                continue  # a docstring
            if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) and \
                    not isinstance(node.ctx, ast.Load):
                continue
            found.append(node)  # type: ignore[arg-type]
        return found

    # statements --------------------------------------------------------------------------------
    def delete_stmt(self) -> bool:
        spot = self.statement(lambda b, s: True)
        if spot is None:
            return False
        block, i = spot
        del block.stmts[i:i + self.rng.choice([1, 1, 1, 2])]
        if not block.stmts:
            block.stmts.append(ast.Pass())
        return True

    def duplicate_stmt(self) -> bool:
        spot = self.statement(lambda b, s: True)
        if spot is None:
            return False
        block, i = spot
        block.stmts.insert(i + 1, copy.deepcopy(block.stmts[i]))
        return True

    def swap_stmts(self) -> bool:
        spot = self.statement(lambda b, s: len(b.stmts) - first_index(b) >= 2)
        if spot is None:
            return False
        block, i = spot
        lo = first_index(block)
        j = i + 1 if i + 1 < len(block.stmts) else i - 1
        if self.rng.random() < 0.3:
            j = self.rng.randrange(lo, len(block.stmts))
        block.stmts[i], block.stmts[j] = block.stmts[j], block.stmts[i]
        return i != j

    def negate_if(self) -> bool:
        ifs = [n for n in ast.walk(self.tree) if isinstance(n, ast.If)]
        node = self.pick(ifs)
        if not isinstance(node, ast.If):
            return False
        node.test = ast.UnaryOp(ast.Not(), node.test)
        return True

    # values ------------------------------------------------------------------------------------
    def literal_limit(self) -> bool:
        node = self.pick(self.expressions((ast.Constant,)))
        if not isinstance(node, ast.Constant) or node.value is Ellipsis:
            return False
        value = node.value
        if self.rng.random() < 0.15:
            pool = ANY_LITERAL + INT_LIMITS[:3] + STR_LIMITS[:3]
        elif isinstance(value, bool):
            pool = ["True", "False"]
        elif isinstance(value, int):
            pool = INT_LIMITS
        elif isinstance(value, float):
            pool = FLOAT_LIMITS
        elif isinstance(value, str):
            pool = STR_LIMITS
        elif isinstance(value, bytes):
            pool = BYTES_LIMITS
        else:
            pool = ANY_LITERAL
        replace_node(self.tree, node, parse_expr(self.rng.choice(pool)))
        return True

    def format_spec(self) -> bool:
        spec = ast.JoinedStr([ast.Constant(self.rng.choice(FORMAT_SPECS))])
        fields = [n for n in ast.walk(self.tree) if isinstance(n, ast.FormattedValue)]
        calls = [n for n in ast.walk(self.tree) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Name) and n.func.id == "format" and len(n.args) == 2]
        node = self.pick([*fields, *calls])
        if isinstance(node, ast.FormattedValue):
            node.format_spec = spec
            return True
        if isinstance(node, ast.Call):
            node.args[1] = spec.values[0]
            return True
        values = self.expressions((ast.Name,))  # no spec in the program: format a value
        target = self.pick(values)
        if not isinstance(target, ast.Name):
            return False
        replace_node(self.tree, target, ast.JoinedStr([ast.FormattedValue(
            ast.Name(target.id, ast.Load()), -1, spec)]))
        return True

    def change_annotation(self) -> bool:
        sites: list[tuple[ast.AST, str]] = []
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.AnnAssign, ast.arg)) and node.annotation is not None:
                sites.append((node, "annotation"))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns:
                sites.append((node, "returns"))
        if not sites:
            return False
        node, attr = self.rng.choice(sites)
        old = ast.unparse(getattr(node, attr))
        if self.rng.random() < 0.2:  # dropped
            if isinstance(node, ast.AnnAssign):
                if node.value is None:
                    return False
                replace_node(self.tree, node, ast.Assign([node.target], node.value))
            else:
                setattr(node, attr, None)
            return True
        form = self.rng.choice(ANNOTATION_FORMS + TYPES[:6])
        setattr(node, attr, parse_expr(form.replace("{t}", old)))
        return True

    def rename_undefined(self) -> bool:
        node = self.pick(self.expressions((ast.Name,)))
        if not isinstance(node, ast.Name):
            return False
        node.id = f"undefined_{node.id}"
        return True

    def rename_local(self) -> bool:
        funcs = [n for n in ast.walk(self.tree) if isinstance(n, (ast.FunctionDef,
                                                                   ast.AsyncFunctionDef))]
        func = self.pick(funcs)
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        names = scope_names(func, self.tree)
        uses = [n for s in func.body for n in ast.walk(s)
                if isinstance(n, ast.Name) and n.id in names]
        node = self.pick(uses)
        if not isinstance(node, ast.Name) or len(names) < 2:
            return False
        node.id = self.rng.choice([n for n in names if n != node.id])
        return True

    # unassigned locals -------------------------------------------------------------------------
    def unbound_path(self) -> bool:
        def assigns_a_name(b: Block, s: ast.stmt) -> bool:
            if isinstance(s, ast.Assign):
                return len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
            return isinstance(s, ast.AnnAssign) and s.value is not None and \
                isinstance(s.target, ast.Name)

        spot = self.statement(assigns_a_name)
        if spot is None:
            return False
        block, i = spot
        stmt = block.stmts[i]
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target  # type: ignore
        assert isinstance(target, ast.Name)
        wrapper = parse_stmts(self.fill(self.rng.choice(UNBOUND_TEMPLATES), block, target.id))
        block.stmts[i:i + 1] = substitute(wrapper, [stmt])
        return True

    # constructs --------------------------------------------------------------------------------
    def insert_snippet(self) -> bool:
        block = self.block()
        if block is None:
            return False
        pool = TYPED_INSERTIONS if self.well_typed else INSERTIONS + EXTRA_INSERTIONS * 2
        snippet = self.rng.choice(pool)
        try:
            stmts = parse_stmts(self.fill(snippet, block))
        except (SyntaxError, KeyError, IndexError, ValueError):
            return False
        self.insert(block, stmts)
        return True

    def system_exit(self) -> bool:
        block = self.block()
        if block is None:
            return False
        code = self.rng.choice(["0", "1", "2", "3", "4", "42", "255", "256", "-1", "None",
                                "'bye'", "True", "''", "257"])
        if self.rng.random() < 0.5:
            self.insert(block, parse_stmts(f"raise SystemExit({code})"))
        else:
            self.insert(block, parse_stmts(f"sys.exit({code})"))
            self.ensure_import("sys")
        return True

    def wrap_lambda(self) -> bool:
        node = self.pick(self.expressions((ast.Name, ast.Call, ast.BinOp, ast.Attribute,
                                           ast.Subscript, ast.Compare)))
        if not isinstance(node, ast.expr):
            return False
        if self.rng.random() < 0.5:
            new = ast.Call(ast.Lambda(ast.arguments([], [], None, [], [], None, []), node), [],
                           [])
        else:
            v = self.name()
            new = ast.Call(ast.Lambda(ast.arguments([], [ast.arg(v)], None, [], [], None, []),
                                      ast.Name(v, ast.Load())), [node], [])
        replace_node(self.tree, node, new)
        return True

    def wrap_with(self) -> bool:
        spot = self.statement(lambda b, s: True)
        if spot is None:
            return False
        block, i = spot
        head = self.rng.choice(["with open(__file__) as {v}:", "with {c} as {v}:"])
        wrapper = parse_stmts(self.fill(head + "\n    __S__", block))
        block.stmts[i:i + 1] = substitute(wrapper, [block.stmts[i]])
        return True

    def insert_yield(self) -> bool:
        block = self.block(lambda b: b.scope == "function")
        if block is None:
            return False
        self.insert(block, parse_stmts(self.rng.choice(["yield", "yield 0", "{v} = yield"])
                                       .format(v=self.name())))
        return True

    def nested_class(self) -> bool:
        block = self.block(lambda b: b.scope in ("function", "class"))
        classes = [s for s in self.tree.body if isinstance(s, ast.ClassDef)]
        if block is None:
            return False
        if classes and self.rng.random() < 0.5:  # a module-level class moved inside
            cls = self.rng.choice(classes)
            self.tree.body.remove(cls)
            self.insert(block, [cls])
        else:
            self.insert(block, parse_stmts(f"class {self.name()}:\n    value: int = 1"))
        return True

    def global_nonlocal(self) -> bool:
        funcs = [n for n in ast.walk(self.tree) if isinstance(n, (ast.FunctionDef,
                                                                   ast.AsyncFunctionDef))]
        func = self.pick(funcs)
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        inner = [n for s in func.body for n in ast.walk(s)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        if inner and self.rng.random() < 0.6:
            names = scope_names(func, self.tree)
            target = self.rng.choice(inner)
            if not names:
                return False
            target.body.insert(0, ast.Nonlocal([self.rng.choice(names)]))
            return True
        names = scope_names(func, self.tree) or scope_names(None, self.tree)
        if not names:
            return False
        func.body.insert(0, ast.Global([self.rng.choice(names)]))
        return True

    def walrus(self) -> bool:
        spot = self.statement(lambda b, s: isinstance(s, ast.Assign) and len(s.targets) == 1
                              and isinstance(s.targets[0], ast.Name))
        if spot is None:
            return False
        block, i = spot
        stmt = block.stmts[i]
        assert isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
        named = ast.NamedExpr(ast.Name(stmt.targets[0].id, ast.Store()), stmt.value)
        if self.rng.random() < 0.5:
            block.stmts[i] = ast.Expr(named)
        else:
            block.stmts[i] = ast.If(named, [ast.Pass()], [ast.Pass()])
        return True

    def star_args(self) -> bool:
        funcs = [n for n in ast.walk(self.tree) if isinstance(n, (ast.FunctionDef,
                                                                   ast.AsyncFunctionDef))]
        func = self.pick(funcs)
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        if func.args.vararg is None and self.rng.random() < 0.7:
            func.args.vararg = ast.arg("args", ast.Name("int", ast.Load()))
        elif func.args.kwarg is None:
            func.args.kwarg = ast.arg("kwargs", ast.Name("str", ast.Load()))
        else:
            return False
        return True

    def make_async(self) -> bool:
        funcs = [n for n in ast.walk(self.tree) if isinstance(n, ast.FunctionDef)]
        func = self.pick(funcs)
        if not isinstance(func, ast.FunctionDef):
            return False
        replace_node(self.tree, func, ast.AsyncFunctionDef(
            func.name, func.args, func.body, func.decorator_list, func.returns,
            func.type_comment))
        return True

    def if_to_match(self) -> bool:
        spot = self.statement(lambda b, s: isinstance(s, ast.If))
        if spot is None:
            return False
        block, i = spot
        node = block.stmts[i]
        assert isinstance(node, ast.If)
        rest = node.orelse or [ast.Pass()]
        test = node.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and \
                isinstance(test.ops[0], ast.Eq) and isinstance(test.comparators[0], ast.Constant):
            subject, pattern = test.left, ast.MatchValue(test.comparators[0])
        else:
            subject = ast.Call(ast.Name("bool", ast.Load()), [test], [])
            pattern = ast.MatchSingleton(True)  # type: ignore[assignment]
        block.stmts[i] = ast.Match(subject, [
            ast.match_case(pattern, None, node.body),
            ast.match_case(ast.MatchAs(None, None), None, rest)])
        return True

    def insert_jump(self) -> bool:
        block = self.block(lambda b: b.loop or b.scope == "function")
        if block is None:
            return False
        options: list[ast.stmt] = [ast.Break(), ast.Continue()] if block.loop else []
        if block.func is not None:  # a bare return, or one of the function's own
            options.append(ast.Return(None))
            options += [copy.deepcopy(n) for n in ast.walk(block.func) if isinstance(n, ast.Return)]
        self.insert(block, [self.rng.choice(options)])
        return True

    # observers ---------------------------------------------------------------------------------
    def observe(self) -> bool:
        spot = self.statement(lambda b, s: isinstance(s, (ast.Assign, ast.AnnAssign,
                                                          ast.AugAssign)))
        if spot is None:
            return False
        block, i = spot
        stmt = block.stmts[i]
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]  # type: ignore
        names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        if not names:
            return False
        self.insert(block, parse_stmts(f"print('fz', repr({self.rng.choice(names)}))"), i + 1)
        return True

    def catch_and_print(self) -> bool:
        spot = self.statement(lambda b, s: not isinstance(s, (ast.FunctionDef, ast.ClassDef,
                                                              ast.AsyncFunctionDef)))
        if spot is None:
            return False
        block, i = spot
        v = self.name()
        wrapper = parse_stmts(f"try:\n    __S__\nexcept Exception as {v}:\n"
                              f"    print(type({v}).__name__, {v})")
        block.stmts[i:i + 1] = substitute(wrapper, [block.stmts[i]])
        return True
