"""Regenerate FEATURES.md: which programs exercise which feature of the language issue.

    python tests/programs/features.py          # rewrite tests/programs/FEATURES.md
    python tests/programs/features.py --check  # exit 1 if FEATURES.md is out of date

A program's features are the tags on its docstring's `Features:` line, plus what is detected
syntactically in its files (a `match` statement, a `@property`, a call to `divmod`, ...). Tags
that cannot be seen in the syntax (64-bit int semantics, str indexing, an uncaught exception)
come from the docstring only. Programs already promoted to tests/programs/ are marked with *.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.programs.harness import HERE, PENDING, Program, discover  # noqa: E402

#: (tag, description), in the order of the language issue's feature list.
FEATURES: list[tuple[str, str]] = [
    ("int", "`int`: 64-bit arithmetic, floor division/modulo, shifts, bitwise"),
    ("float", "`float`: arithmetic, repr, formatting, inf/nan"),
    ("bool", "`bool`: and/or/not, truthiness, `int(b)`"),
    ("none", "`None` values"),
    ("fixed-width", "u8/u16/u32 wire-format helpers (masks, sign extension, byte swaps)"),
    ("str-index", "str indexing, slicing with steps, `len`, `==`, `in`"),
    ("str-methods", "str `split`/`join`/`strip`/`startswith`/`encode`/`format`"),
    ("fstring", "f-strings and their format specs (`{x:04x}`, `{x:>8}`, nested widths)"),
    ("bytes", "`bytes`"),
    ("bytearray", "`bytearray`"),
    ("buffer", "`stdlib.Buffer`: zero-copy views, big/little-endian accessors"),
    ("list", "`list[T]`"),
    ("dict", "`dict[K, V]` (insertion order)"),
    ("set", "`set[T]`"),
    ("tuple", "`tuple[...]`, unpacking"),
    ("comprehension", "list/dict/set comprehensions, generator expressions"),
    ("enumerate-zip", "`enumerate`, `zip`"),
    ("map-filter", "`map`, `filter`"),
    ("iter-next", "`iter`, `next`, `__iter__` returning an iterator"),
    ("sorted-min-max", "`sorted`, `min`, `max`, `list.sort`"),
    ("sum-any-all", "`sum`, `any`, `all`"),
    ("range-step", "`range` with a step"),
    ("optional", "`Optional[T]` with narrowing"),
    ("union-isinstance", "`Union` of classes told apart with `isinstance`"),
    ("match", "`match`: class patterns, literal patterns, sequences, mappings"),
    ("enum", "`enum.Enum` / `IntEnum`"),
    ("final", "`Final` constants"),
    ("namedtuple", "`typing.NamedTuple`"),
    ("class", "classes: fields and methods"),
    ("property", "`@property` (and setters)"),
    ("static-classmethod", "`@staticmethod` / `@classmethod`"),
    ("inheritance", "single inheritance, overriding, `super()`"),
    ("attrs", "attrs classes (`@define`, `@frozen`, `field(default=...)`)"),
    ("dataclass", "`@dataclass` classes (`dataclasses.replace`)"),
    ("class-var", "class variables (through the class, `ClassVar`, subclass shadowing)"),
    ("dunder", "`__eq__`/`__hash__`/`__lt__`/`__len__`/`__getitem__`/`__iter__`... on user classes"),
    ("default-kwargs", "default and keyword arguments"),
    ("closure", "nested functions capturing variables"),
    ("nonlocal", "`nonlocal`"),
    ("lambda", "lambdas"),
    ("callable", "first-class functions, `Callable[[A], B]`"),
    ("generic-function", "generic functions (TypeVars)"),
    ("generic-class", "generic classes (`Generic[T]`)"),
    ("functor", "generic classes over Protocols (functors, as in examples/hello)"),
    ("try-except", "`raise`, `try`/`except`/`else`/`finally`"),
    ("user-exception", "user exception classes"),
    ("builtin-exception", "builtin exceptions raised by the runtime (IndexError, KeyError, ...)"),
    ("uncaught", "ends with an uncaught exception: exit status 1"),
    ("unbound-local", "a read of a local that a path leaves unassigned (`UnboundLocalError`)"),
    ("sys-exit", "`sys.exit(n)` / `SystemExit`: the exit status, `e.code`"),
    ("noreturn", "`NoReturn` functions, code mypy knows cannot run"),
    ("print-options", "`print` with `sep`/`end`/`file=sys.stderr`"),
    ("repr-str", "`repr`, `str`"),
    ("hash", "`hash` of ints, `__hash__`"),
    ("divmod-pow-round-abs", "`divmod`, `pow`, `round`, `abs`"),
    ("hex-bin-oct", "`hex`, `bin`, `oct`"),
    ("int-base", "`int(s, base)`"),
    ("int-bytes", "`int.from_bytes` / `int.to_bytes`"),
    ("bytes-hex", "`bytes.hex` / `bytes.fromhex`"),
    ("str-format-percent", "`str.format` and `%`-formatting"),
    ("type-name", "`type(x).__name__`"),
    ("isinstance", "`isinstance`"),
    ("async", "`async def`/`await`, tasks, queues, events and timeouts (`stdlib.sched`)"),
    ("modules", "multi-file programs, `import` / `from ... import`"),
    ("packages", "packages (`__init__.py`, relative imports)"),
    ("module-constants", "module-level constants"),
]
TAGS = {tag for tag, _ in FEATURES}

_BUILTIN_EXCEPTIONS = {"IndexError", "KeyError", "ZeroDivisionError", "ValueError",
                       "OverflowError", "ArithmeticError", "LookupError", "NotImplementedError",
                       "UnicodeDecodeError", "RuntimeError"}
_DUNDERS = {"__eq__", "__hash__", "__lt__", "__len__", "__getitem__", "__iter__", "__contains__",
            "__bool__", "__add__", "__mul__", "__call__", "__or__", "__and__", "__neg__"}
_CALL_TAGS = {
    "enumerate": "enumerate-zip", "zip": "enumerate-zip", "sorted": "sorted-min-max",
    "min": "sorted-min-max", "max": "sorted-min-max", "sum": "sum-any-all", "any": "sum-any-all",
    "all": "sum-any-all", "isinstance": "isinstance", "hash": "hash", "divmod": "divmod-pow-round-abs",
    "pow": "divmod-pow-round-abs", "round": "divmod-pow-round-abs", "abs": "divmod-pow-round-abs",
    "hex": "hex-bin-oct", "bin": "hex-bin-oct", "oct": "hex-bin-oct", "repr": "repr-str",
    "bytearray": "bytearray", "bytes": "bytes", "set": "set", "frozenset": "set",
    "float": "float", "format": "str-format-percent", "map": "map-filter",
    "filter": "map-filter", "iter": "iter-next", "next": "iter-next",
}
_METHOD_TAGS = {
    "to_bytes": "int-bytes", "from_bytes": "int-bytes", "fromhex": "bytes-hex",
    "split": "str-methods", "join": "str-methods", "strip": "str-methods",
    "startswith": "str-methods", "encode": "str-methods", "sort": "sorted-min-max",
}


def _files(program: Program) -> list[Path]:
    return sorted(program.path.rglob("*.py")) if program.is_package else [program.entry]


def declared(program: Program) -> set[str]:
    m = re.search(r"^Features: (.*)$", program.entry.read_text(), re.M)
    return {t.strip() for t in m.group(1).split(",")} & TAGS if m else set()


def _names(node: ast.AST) -> Iterator[str]:
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            yield n.id
        elif isinstance(n, ast.Attribute):
            yield n.attr


def detected(program: Program) -> set[str]:
    tags: set[str] = set()
    trees = [ast.parse(f.read_text()) for f in _files(program)]
    user_classes = {n.name for t in trees for n in ast.walk(t) if isinstance(n, ast.ClassDef)}
    exceptions = set(_BUILTIN_EXCEPTIONS) | {"Exception"}
    for _ in range(3):  # user exceptions deriving from user exceptions
        exceptions |= {n.name for t in trees for n in ast.walk(t) if isinstance(n, ast.ClassDef)
                       and any(isinstance(b, ast.Name) and b.id in exceptions for b in n.bases)}
    for tree in trees:
        names = set(_names(tree))
        typevars = {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign)
                    and isinstance(n.value, ast.Call) and isinstance(n.value.func, ast.Name)
                    and n.value.func.id == "TypeVar" for t in n.targets if isinstance(t, ast.Name)}
        for n in ast.walk(tree):
            if isinstance(n, ast.Match):
                tags.add("match")
            elif isinstance(n, (ast.AsyncFunctionDef, ast.Await)):
                tags.add("async")
            elif isinstance(n, ast.Lambda):
                tags.add("lambda")
            elif isinstance(n, ast.Nonlocal):
                tags |= {"nonlocal", "closure"}
            elif isinstance(n, ast.Try):
                tags.add("try-except")
            elif isinstance(n, ast.Raise):
                tags.add("try-except")
                if isinstance(n.exc, ast.Call) and isinstance(n.exc.func, ast.Name) \
                        and n.exc.func.id in _BUILTIN_EXCEPTIONS:
                    tags.add("builtin-exception")
            elif isinstance(n, ast.ExceptHandler) and n.type is not None:
                if set(_names(n.type)) & _BUILTIN_EXCEPTIONS:
                    tags.add("builtin-exception")
            elif isinstance(n, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                tags.add("comprehension")
            elif isinstance(n, (ast.List, ast.ListComp)):
                tags.add("list")
            elif isinstance(n, (ast.Dict, ast.DictComp)):
                tags.add("dict")
            elif isinstance(n, (ast.Set, ast.SetComp)):
                tags.add("set")
            elif isinstance(n, ast.Constant) and isinstance(n.value, float):
                tags.add("float")
            elif isinstance(n, ast.Constant) and isinstance(n.value, bytes):
                tags.add("bytes")
            elif isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div):
                tags.add("float")
            elif isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod) \
                    and isinstance(n.left, ast.Constant) and isinstance(n.left.value, (str, bytes)):
                tags.add("str-format-percent")
            elif isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitAnd) \
                    and isinstance(n.right, ast.Constant) and n.right.value in (0xFF, 0xFFFF, 0xFFFFFFFF):
                tags.add("fixed-width")
            elif isinstance(n, ast.FormattedValue) and n.format_spec is not None:
                tags.add("fstring")
            elif isinstance(n, ast.Call):
                f = n.func
                if isinstance(f, ast.Name):
                    if f.id in _CALL_TAGS:
                        tags.add(_CALL_TAGS[f.id])
                    if f.id == "range" and len(n.args) == 3:
                        tags.add("range-step")
                    if f.id == "int" and len(n.args) == 2:
                        tags.add("int-base")
                    if f.id == "print" and {k.arg for k in n.keywords} & {"sep", "end", "file"}:
                        tags.add("print-options")
                    if f.id == "type":
                        tags.add("type-name")
                elif isinstance(f, ast.Attribute):
                    if f.attr in _METHOD_TAGS:
                        tags.add(_METHOD_TAGS[f.attr])
                    if f.attr == "format" and isinstance(f.value, ast.Constant):
                        tags.add("str-format-percent")
                if any(k.arg is not None for k in n.keywords) and not (
                        isinstance(f, ast.Name) and f.id in ("print", "sorted", "max", "min")):
                    tags.add("default-kwargs")
            elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if n.args.defaults or n.args.kwonlyargs:
                    tags.add("default-kwargs")
                if n.name in _DUNDERS:
                    tags.add("dunder")
                if n.name == "__hash__":
                    tags.add("hash")
                if n.name == "__repr__" or n.name == "__str__":
                    tags.add("repr-str")
                decorators = {d for dec in n.decorator_list for d in _names(dec)}
                if "property" in decorators or "setter" in decorators:
                    tags.add("property")
                if decorators & {"staticmethod", "classmethod"}:
                    tags.add("static-classmethod")
                if any(isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef)) for c in ast.walk(n)
                       if c is not n):
                    tags.add("closure")
                if typevars & set(_names(n.args)) and not any(
                        isinstance(p, ast.ClassDef) and n in p.body for p in ast.walk(tree)):
                    tags.add("generic-function")
            elif isinstance(n, ast.ClassDef):
                tags.add("class")
                bases = {b for base in n.bases for b in _names(base)}
                if "Generic" in bases:
                    tags.add("generic-class")
                if "NamedTuple" in bases:
                    tags.add("namedtuple")
                if bases & {"Enum", "IntEnum"}:
                    tags.add("enum")
                if bases & (user_classes - {n.name}):
                    tags.add("inheritance")
                if n.name in exceptions and n.name not in _BUILTIN_EXCEPTIONS:
                    tags.add("user-exception")
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                module = n.module if isinstance(n, ast.ImportFrom) else n.names[0].name
                if module is not None and module.split(".")[0] == "attrs":
                    tags.add("attrs")
                if module == "dataclasses":
                    tags.add("dataclass")
                if module == "pyrage.stdlib.buffer":
                    tags.add("buffer")
                if module == "pyrage.stdlib.fixedwidth":
                    tags.add("fixed-width")
            elif isinstance(n, ast.Attribute) and n.attr == "__name__":
                tags.add("type-name")
            elif isinstance(n, ast.JoinedStr):
                tags.add("fstring")
            elif isinstance(n, ast.BoolOp) or (isinstance(n, ast.UnaryOp)
                                               and isinstance(n.op, ast.Not)):
                tags.add("bool")
            elif isinstance(n, ast.Compare) and any(
                    isinstance(c, ast.Constant) and c.value is None for c in n.comparators):
                tags.add("none")
            elif isinstance(n, (ast.Return, ast.Assign)) and isinstance(n.value, ast.Constant) \
                    and n.value.value is None:
                tags.add("none")
        if "Optional" in names or any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr)
                                      and isinstance(n.right, ast.Constant) and n.right.value is None
                                      for n in ast.walk(tree)):
            tags.add("optional")
        if "Union" in names and "isinstance" in names:
            tags.add("union-isinstance")
        if "Callable" in names:
            tags.add("callable")
        if "Final" in names:
            tags.add("final")
        if "Protocol" in names and any(isinstance(n, ast.keyword) and n.arg == "bound"
                                       for n in ast.walk(tree)):
            tags.add("functor")
        for stmt in tree.body:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else \
                [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
            if any(isinstance(t, ast.Name) and t.id.isupper() and len(t.id) > 1 for t in targets):
                tags.add("module-constants")
    if program.is_package:
        tags.add("modules")
        if list(program.path.rglob("__init__.py")):
            tags.add("packages")
    return tags


def table() -> str:
    programs = [(p, True) for p in discover(HERE)] + [(p, False) for p in discover(PENDING)]
    programs.sort(key=lambda item: item[0].name)
    by_tag: dict[str, list[str]] = {tag: [] for tag, _ in FEATURES}
    for program, promoted in programs:
        for tag in sorted(declared(program) | detected(program)):
            by_tag[tag].append(program.name[:3] + ("*" if promoted else ""))
    lines = [
        "# Feature coverage of the differential corpus",
        "",
        "Generated by `python tests/programs/features.py` from each program's `Features:` "
        "docstring line and",
        "a syntactic scan of its files. Numbers are program numbers (`NNN_*.py` or `NNN_*/`); "
        "a `*` marks",
        "programs already promoted to `tests/programs/` (they pass); the rest are in `pending/`.",
        "",
        f"{len(programs)} programs: {sum(1 for _, p in programs if p)} promoted, "
        f"{sum(1 for _, p in programs if not p)} pending; "
        f"{sum(1 for p, _ in programs if p.is_package)} are multi-file.",
        "",
        "| feature | # | programs |",
        "|---|---:|---|",
    ]
    for tag, description in FEATURES:
        lines.append(f"| {description} | {len(by_tag[tag])} | {' '.join(by_tag[tag])} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    out = HERE / "FEATURES.md"
    text = table()
    if "--check" in argv:
        if not out.exists() or out.read_text() != text:
            print(f"{out} is out of date: run python tests/programs/features.py", file=sys.stderr)
            return 1
        return 0
    out.write_text(text)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
