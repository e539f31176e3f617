"""Fuzz pyrage's front end: no input program may make the compiler raise a Python traceback.

Every case is a program, either

- *mutated*: a corpus program (tests/programs/*.py and tests/programs/pending/*.py) after one to
  three mutations: delete, duplicate or swap lines, replace an identifier, change an operator,
  replace a literal or an annotation, drop an annotation, truncate the file, splice in a line of
  another program, or insert a construct (yield, global, lambda *a: 0, del x, decorators, with,
  walrus, star-args, async constructs...); or
- *generated*: nested random snippets (functions, closures, classes, loops, try, match,
  comprehensions...), well typed by construction, so that most of them reach irbuild.

Each case runs through the front end and the IR build (driver.front_end + driver.build_ir: no
codegen, no link, so about a second), and every `--full-every`-th case through compile_to_image.
The outcome of a case is one of

    ok           the program compiled
    diagnostic   a clean CompileError (file:line:col: error: ...), or another PyrageError
    INTERNAL     a Python exception escaped the compiler, or a diagnostic says "internal error"
    TIMEOUT      the compiler ran longer than --timeout seconds

Usage:

    python tests/fuzz/fuzz_frontend.py --count 300 --seed 1
    python tests/fuzz/fuzz_frontend.py --seed 1 --only 17 --show    # one case, and its source
    python tests/fuzz/fuzz_frontend.py --count 50 --differential    # generated cases compiled
                                                                     # and compared with CPython

Case i of seed s is the same program on every run, so `--only i` reproduces it. The exit status
is 1 when any case is INTERNAL or TIMEOUT.
"""

from __future__ import annotations

import argparse
import io
import keyword
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import tokenize
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `pyrage` and `tests` importable
    sys.path.insert(0, str(ROOT))

PROGRAMS = ROOT / "tests" / "programs"
_PROGRAM_NAME = re.compile(r"^[0-9]{3}_[A-Za-z0-9_]+\.py$")

OUTCOMES = ("ok", "diagnostic", "INTERNAL", "TIMEOUT")
FAILURES = ("INTERNAL", "TIMEOUT")

#: The module name every case is compiled as (not a stdlib name, not a corpus name).
MODULE = "fuzzcase"


#: Pending corpus programs that are INTERNAL (or hang) even unmutated, with the finding of
#: tests/fuzz/FINDINGS.md: left out of the mutation corpus (most mutants would fail the same
#: way), unless --all-corpus. TODO: drop each entry when its finding is fixed.
KNOWN_BAD_CORPUS = {
    "157_json_subset.py": "F20",
}


def corpus(all_programs: bool = False) -> list[Path]:
    """The single-file programs of the differential corpus, promoted and pending."""
    files = [p for d in (PROGRAMS, PROGRAMS / "pending") if d.is_dir()
             for p in sorted(d.iterdir()) if p.is_file() and _PROGRAM_NAME.match(p.name)]
    return [p for p in files if all_programs or p.name not in KNOWN_BAD_CORPUS]


# --- mutations ----------------------------------------------------------------------------------

#: Constructs inserted at a random line (with that line's indentation). Most are outside the
#: compiled subset, or wrong: each must give a clean diagnostic, never a traceback.
INSERTIONS = [
    "yield", "yield 1", "x = yield", "yield from [1]", "global x", "nonlocal x", "global print",
    "f = lambda *a: 0", "f = lambda **k: 0", "g = lambda a=1: a", "lambda: (yield)",
    "del x", "del x, y", "del x[0]", "del x.y", "del print",
    "@staticmethod", "@property", "@classmethod", "@functools.cache", "@decorator",
    "@dataclass", "@final", "@override",
    "with open('f') as fh:\n    pass", "with a, b:\n    pass", "async with a as b:\n    pass",
    "if (n := 10) > 5:\n    pass", "print(y := 3)", "[z := 1 for _ in range(2)]",
    "print(*[1, 2])", "print(**{'sep': ''})", "a, *b = [1, 2, 3]", "[*range(3)]",
    "{**{'a': 1}}", "def h(*args: int, **kw: str) -> None:\n    pass",
    "async def co() -> int:\n    return 1", "await co()", "async for i in x:\n    pass",
    "async def ag() -> None:\n    yield 1", "asyncio.run(co())",
    "try:\n    pass\nexcept* ValueError:\n    pass", "raise", "raise ValueError from None",
    "assert False, 'no'",
    "match x:\n    case [1, *rest]:\n        pass\n    case {'k': v}:\n        pass",
    "match x:\n    case Point(x=0) if x:\n        pass", "class K(metaclass=type):\n    pass",
    "class L(int, str):\n    pass", "class M(Exception, object):\n    pass",
    "type X = int", "x: int = 'str'", "x: 'Undefined' = 1", "x = 1j", "x = 1 @ 2",
    "x = ...", "x = 1e400", "x = 10 ** 100", "x = -9223372036854775809", "x = 0x_ff",
    "x = b'\\xff' + 'a'", "print(f'{x!a}')", "print(f'{x:{y}{z}}')", "print(f'{{}}')",
    "__import__('os')", "exec('1')", "eval('1')", "globals()['x'] = 1", "locals()",
    "print(x[1:2, 3])", "print(x[...])", "x.__class__ = int", "super().__init__()",
    "super(int, 1)", "print(type(x)(1))", "isinstance(x, (int, str))", "issubclass(int, object)",
    "from os import *", "import os.path as p", "from . import nothing", "import nonexistent",
    "from typing import Any\nv: Any = 1", "v = cast(int, 'x')", "reveal_type(1)",
    "if TYPE_CHECKING:\n    pass", "for _ in range(3):\n    break\nelse:\n    pass",
    "while False:\n    pass\nelse:\n    pass", "for i in range(0, 10, k):\n    pass",
    "print(sorted([1], key=lambda *a: 0))", "print(list(map(str, [1])))", "iter([])",
    "print((lambda: 1)())", "print([lambda: i for i in range(3)][0]())",
    "x = [[]] * 3", "x = {}", "x = set()", "x = ()", "x = (1,) * 3",
    "print(1 if x else 'a')", "print(not)", "pass; pass", "if True: pass",
    "def f() -> int:\n    return", "def g():\n    return 1", "def k(x):\n    return x",
    "class C:\n    x = 1\n    def m(self) -> int:\n        return self.x",
    "class D:\n    def __init__(self) -> None:\n        self.a: int = 'x'",
    "obj: object = 1\nprint(obj + 1)", "print(None + 1)", "print(len(5))",
    "print(int.from_bytes(b'\\x01', 'big', signed=True))", "print(1 < 'a')",
]

#: Identifiers swapped in: builtins, keywords-as-names, dunders, typing names.
NAMES = ["print", "len", "int", "str", "list", "dict", "object", "None", "self", "cls", "super",
         "type", "isinstance", "range", "__name__", "__init__", "__class__", "Exception",
         "ValueError", "Optional", "Any", "TypeVar", "Generic", "Protocol", "x", "y", "_",
         "True", "NotImplemented", "Ellipsis", "__builtins__", "sorted", "lambda_", "async_"]

OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@", "<", "<=",
             ">", ">=", "==", "!=", "+=", "-=", "*=", "//=", "|=", ":=", "->", ".", ",", ":"]
OP_WORDS = ["and", "or", "not", "in", "not in", "is", "is not"]
LITERALS = ["0", "-1", "1", "2**63", "9223372036854775807", "-9223372036854775808",
            "18446744073709551616", "0.0", "1e308", "float('nan')", "''", "'\\x00'", "'é'",
            "b''", "None", "True", "[]", "{}", "()", "[0]", "(1,)", "x", "..."]
SIMILAR_OPERATORS = [["+", "-", "*", "//", "%", "&", "|", "^", "<<", ">>"],
                     ["<", "<=", ">", ">=", "==", "!="], ["+=", "-=", "*=", "//=", "|="],
                     ["and", "or"], ["in", "not in"], ["is", "is not"]]
SAME_TYPE_INTS = ["0", "1", "2", "3", "7", "63", "64", "255", "4611686018427387904",
                  "9223372036854775807", "(-1)", "(-9223372036854775807 - 1)"]
SAME_TYPE_STRS = ["''", "'a'", "' '", "'\\n'", "'é€'", "'{}'", "'%d'", "'\\x00'", "'0'", "'-1'"]
TYPES = ["int", "str", "bool", "float", "bytes", "None", "object", "list[int]", "list[str]",
         "dict[str, int]", "set[int]", "tuple[int, str]", "tuple[int, ...]", "Optional[int]",
         "int | None", "int | str", "Callable[[int], int]", "Any", "list", "type", "Iterator[int]"]


@dataclass
class Case:
    index: int
    kind: str  # "mutated" or "generated"
    origin: str  # what it was made from: "NNN_name.py: mutation, mutation" or "generated"
    source: str


class Mutator:
    def __init__(self, rng: random.Random, corpus_sources: dict[str, str]) -> None:
        self.rng = rng
        self.sources = corpus_sources
        self.ops: list[tuple[str, Callable[[str], str | None]]] = [
            ("delete-line", self.delete_line), ("duplicate-line", self.duplicate_line),
            ("swap-lines", self.swap_lines), ("replace-identifier", self.replace_identifier),
            ("replace-identifier", self.replace_identifier),
            ("change-operator", self.change_operator), ("change-operator", self.change_operator),
            ("replace-literal", self.replace_literal), ("replace-type", self.replace_type),
            ("drop-annotation", self.drop_annotation), ("drop-annotation", self.drop_annotation),
            ("truncate", self.truncate), ("splice-line", self.splice_line),
            ("insert-construct", self.insert_construct),
            ("insert-construct", self.insert_construct),
            ("insert-construct", self.insert_construct),
            ("dedent-line", self.dedent_line), ("wrap-in-function", self.wrap_in_function),
        ]

    def mutate(self, source: str) -> tuple[str, list[str]]:
        applied: list[str] = []
        for _ in range(self.rng.choice([1, 1, 1, 2, 2, 3])):
            for _attempt in range(5):
                name, op = self.rng.choice(self.ops)
                out = op(source)
                if out is not None and out != source:
                    source = out
                    applied.append(name)
                    break
        return source, applied

    # line-level ------------------------------------------------------------------------------
    def lines(self, source: str) -> list[str]:
        return source.split("\n")

    def code_line(self, lines: list[str]) -> int | None:
        """A random non-blank line index."""
        candidates = [i for i, line in enumerate(lines) if line.strip()]
        return self.rng.choice(candidates) if candidates else None

    def delete_line(self, source: str) -> str | None:
        lines = self.lines(source)
        i = self.code_line(lines)
        if i is None:
            return None
        del lines[i:i + self.rng.choice([1, 1, 1, 2, 4])]
        return "\n".join(lines)

    def duplicate_line(self, source: str) -> str | None:
        lines = self.lines(source)
        i = self.code_line(lines)
        if i is None:
            return None
        lines.insert(i, lines[i])
        return "\n".join(lines)

    def swap_lines(self, source: str) -> str | None:
        lines = self.lines(source)
        i, j = self.code_line(lines), self.code_line(lines)
        if i is None or j is None:
            return None
        if self.rng.random() < 0.6:  # mostly neighbours: a statement moved past another
            j = min(i + 1, len(lines) - 1)
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)

    def dedent_line(self, source: str) -> str | None:
        lines = self.lines(source)
        indented = [i for i, line in enumerate(lines) if line.startswith("    ")]
        if not indented:
            return None
        i = self.rng.choice(indented)
        lines[i] = lines[i][4:] if self.rng.random() < 0.7 else "    " + lines[i]
        return "\n".join(lines)

    def truncate(self, source: str) -> str | None:
        if len(source) < 2:
            return None
        if self.rng.random() < 0.5:
            lines = self.lines(source)
            return "\n".join(lines[:self.rng.randrange(1, len(lines) + 1)])
        return source[:self.rng.randrange(1, len(source))]

    def splice_line(self, source: str) -> str | None:
        other = self.lines(self.rng.choice(list(self.sources.values())))
        j = self.code_line(other)
        lines = self.lines(source)
        i = self.code_line(lines)
        if i is None or j is None:
            return None
        indent = re.match(r"\s*", lines[i]).group()  # type: ignore[union-attr]
        lines.insert(i, indent + other[j].strip())
        return "\n".join(lines)

    def insert_construct(self, source: str) -> str | None:
        lines = self.lines(source)
        i = self.code_line(lines)
        if i is None:
            return None
        indent = re.match(r"\s*", lines[i]).group()  # type: ignore[union-attr]
        snippet = self.rng.choice(INSERTIONS)
        lines[i:i] = [indent + part for part in snippet.split("\n")]
        return "\n".join(lines)

    def wrap_in_function(self, source: str) -> str | None:
        """Module-level code moved into a function body (globals become locals)."""
        lines = self.lines(source)
        top = [i for i, line in enumerate(lines) if line and not line[0].isspace()
               and not line.startswith(("def ", "class ", "@", "import ", "from ", '"""', "#"))]
        if not top:
            return None
        start = self.rng.choice(top)
        end = min(len(lines), start + self.rng.randrange(1, 8))
        body = ["    " + line if line else line for line in lines[start:end]]
        lines[start:end] = ["def _wrapped() -> None:", *body, "_wrapped()"]
        return "\n".join(lines)

    # token-level -----------------------------------------------------------------------------
    def tokens(self, source: str) -> list[tokenize.TokenInfo] | None:
        try:
            return list(tokenize.generate_tokens(io.StringIO(source).readline))
        except (tokenize.TokenError, IndentationError, SyntaxError):
            return None

    def replace_token(self, source: str, tok: tokenize.TokenInfo, new: str) -> str:
        lines = source.split("\n")
        (r1, c1), (r2, c2) = tok.start, tok.end
        if r1 != r2:
            return source
        line = lines[r1 - 1]
        lines[r1 - 1] = line[:c1] + new + line[c2:]
        return "\n".join(lines)

    def replace_identifier(self, source: str) -> str | None:
        toks = self.tokens(source)
        if not toks:
            return None
        names = [t for t in toks if t.type == tokenize.NAME and not keyword.iskeyword(t.string)]
        if not names:
            return None
        tok = self.rng.choice(names)
        pool = [t.string for t in names] if self.rng.random() < 0.6 else NAMES
        return self.replace_token(source, tok, self.rng.choice(pool))

    def change_operator(self, source: str) -> str | None:
        toks = self.tokens(source)
        if not toks:
            return None
        ops = [t for t in toks if t.type == tokenize.OP and t.string in OPERATORS]
        words = [t for t in toks if t.type == tokenize.NAME and t.string in OP_WORDS]
        if not ops and not words:
            return None
        tok = self.rng.choice(ops + words)
        pool = OP_WORDS if tok.string in OP_WORDS else OPERATORS
        same_kind = [group for group in SIMILAR_OPERATORS if tok.string in group]
        if same_kind and self.rng.random() < 0.7:  # mostly one that still type-checks
            pool = same_kind[0]
        return self.replace_token(source, tok, self.rng.choice(pool))

    def replace_literal(self, source: str) -> str | None:
        toks = self.tokens(source)
        if not toks:
            return None
        lits = [t for t in toks if t.type in (tokenize.NUMBER, tokenize.STRING)]
        if not lits:
            return None
        tok = self.rng.choice(lits)
        pool = LITERALS
        if self.rng.random() < 0.7:  # mostly one of the same type, so that mypy still agrees
            if tok.type == tokenize.NUMBER and tok.string.isdigit():
                pool = SAME_TYPE_INTS
            elif tok.type == tokenize.STRING and tok.string[:1] in "'\"":
                pool = SAME_TYPE_STRS
        return self.replace_token(source, tok, self.rng.choice(pool))

    def replace_type(self, source: str) -> str | None:
        """An annotation's type replaced by another type."""
        spots = [m for m in re.finditer(r"(?<=: )[A-Za-z_][\w\[\], .|]*(?=[,)=\n]| =)|"
                                        r"(?<=-> )[A-Za-z_][\w\[\], .|]*(?=:)", source)]
        if not spots:
            return None
        m = self.rng.choice(spots)
        return source[:m.start()] + self.rng.choice(TYPES) + source[m.end():]

    def drop_annotation(self, source: str) -> str | None:
        spots = list(re.finditer(r"(\w)(: [A-Za-z_][\w\[\], .|]*)(?=[,)=])|( -> [^:]+)(?=:)",
                                 source))
        if not spots:
            return None
        m = self.rng.choice(spots)
        if m.group(3) is not None:
            return source[:m.start(3)] + source[m.end(3):]
        return source[:m.start(2)] + source[m.end(2):]


# --- generated programs -------------------------------------------------------------------------

HEADER = """\
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Generic, NamedTuple, Optional, TypeVar
"""

#: Snippets. $n0..$n9 are fresh names, $I an int, $S a str literal, $K a small int, $C a
#: condition; a line that is only `$BODY` becomes a nested block at that indentation. A snippet
#: whose first line is `#module` is only placed at module level; `#flat` ones never inside a
#: nested function.
SNIPPETS = [
    "$n0: int = $I\n$n0 += $I\nprint($n0 * 2, $n0 // 3, $n0 % 5, -$n0, $n0 >> 2)",
    "$n0: list[int] = [$I, $I, $I]\n$n0.append($I)\n$n0[0] = $I\ndel $n0[1]\n"
    "print($n0, len($n0), sorted($n0), $n0[-2:], $n0.pop(), $n0)",
    "$n0: dict[str, int] = {$S: $I}\n$n0[$S] = $I\nfor $n1, $n2 in $n0.items():\n"
    "    print($n1, $n2)\nprint($n0.get($S, -1), len($n0), $S in $n0, list($n0))",
    "$n0 = {$I, $I, $K}\n$n0.add($I)\n$n0.discard($K)\nprint(sorted($n0), $I in $n0, len($n0))",
    "$n0 = ($I, $S)\n$n1, $n2 = $n0\nprint($n1, $n2, $n0, $n0[0], len($n0))",
    "for $n0 in range($K):\n    $BODY\n    if $n0 == 2:\n        break\n"
    "else:\n    print('no break')",
    "$n0 = 0\nwhile $n0 < $K:\n    $n0 += 1\n    if $n0 == 1:\n        continue\n    $BODY",
    "if $C:\n    $BODY\nelif $C:\n    $BODY\nelse:\n    $BODY",
    "try:\n    $BODY\n    raise ValueError($S)\nexcept ValueError as $n0:\n"
    "    print('caught', $n0)\n"
    "finally:\n    print('finally')",
    "try:\n    $n0 = [1, 2][$K]\n    print($n0)\nexcept (IndexError, KeyError) as $n1:\n"
    "    print('index', $n1)\nelse:\n    $BODY",
    "def $n0($n1: int, $n2: str = $S) -> str:\n    $BODY\n    return $n2 * ($n1 % 3)\n"
    "print($n0($I), $n0($I, $n2=$S))",
    "def $n0($n1: int) -> int:\n    return 1 if $n1 <= 1 else $n1 * $n0($n1 - 1)\nprint($n0($K))",
    "def $n0() -> int:\n    $n1 = 0\n    def $n2() -> None:\n        nonlocal $n1\n"
    "        $n1 += 1\n"
    "    $n2()\n    $n2()\n    return $n1\nprint($n0())",
    "def $n0($n1: int) -> Callable[[int], int]:\n    def $n2($n3: int) -> int:\n"
    "        return $n1 + $n3\n    return $n2\nprint($n0($I)($I))",
    "#module\n$n0 = 0\ndef $n1() -> None:\n    global $n0\n    $n0 += 1\n    $BODY\n"
    "$n1()\nprint($n0)",
    "#module\nclass $n0:\n    def __init__(self, $n1: int) -> None:\n        self.$n1 = $n1\n"
    "    def get(self) -> int:\n        $BODY\n        return self.$n1 * 2\n"
    "    def __repr__(self) -> str:\n        return f'$n0({self.$n1})'\n"
    "$n2 = $n0($I)\nprint($n2, $n2.get())",
    "#module\nclass $n0:\n    def f(self) -> int:\n        return 1\nclass $n1($n0):\n"
    "    def f(self) -> int:\n        return super().f() + 1\n"
    "$n2: $n0 = $n1() if $C else $n0()\nprint($n2.f(), isinstance($n2, $n1))",
    "#module\n@dataclass\nclass $n0:\n    x: int\n    y: str = $S\n"
    "print($n0($I), $n0($I) == $n0($I), $n0($K).y)",
    "#module\nclass $n0(NamedTuple):\n    a: int\n    b: str\n$n1 = $n0($I, $S)\n"
    "print($n1, $n1.a, $n1._replace(a=$I), $n1 == $n0($I, $S))",
    "#module\nclass $n0(Enum):\n    A = 1\n    B = 2\n"
    "print($n0.A, $n0(2), $n0.B.name, [$n1.value for $n1 in $n0])",
    "$n0: Callable[[int], int] = lambda $n1: $n1 * $I\n"
    "print($n0($I), sorted([$I, $I, $I], key=lambda $n2: -$n2))",
    "$n0 = [$n1 * $n1 for $n1 in range($K) if $n1 % 2 == 0]\n$n2 = {$n3: str($n3) for $n3 in $n0}\n"
    "print($n0, $n2, sum($n4 for $n4 in $n0), {$n5 % 3 for $n5 in $n0})",
    "$n0: Optional[int] = $I if $C else None\nif $n0 is not None:\n    print($n0 + 1)\n"
    "else:\n    print('none')",
    # TODO(F18): drop #flat when capture patterns work in nested functions
    "#flat\n$n0: int = $I\nmatch $n0:\n    case 1 | 2:\n        print('small')\n"
    "    case $n1 if $n1 > 10:\n"
    "        print('big', $n1)\n    case _:\n        $BODY",
    "#flat\n$n0: list[int] = [$I, $K]\nmatch $n0:\n    case [$n1, $n2]:\n        print($n1 + $n2)\n"
    "    case _:\n        pass",
    "$n0 = $I\n$n1 = $S\nprint(f'{$n0:>8}|{$n0:#x}|{$n1!r:^10}|{$n0=}|{$n0:{$K}}')",
    "#module\nclass $n0(Exception):\n    pass\ntry:\n    raise $n0($S)\nexcept $n0 as $n1:\n"
    "    print(type($n1).__name__, $n1)",
    "#module\nT$n0 = TypeVar('T$n0')\ndef $n1(x: T$n0) -> list[T$n0]:\n    return [x, x]\n"
    "print($n1($I), $n1($S))",
    "#module\nT$n0 = TypeVar('T$n0')\nclass $n1(Generic[T$n0]):\n"
    "    def __init__(self, v: T$n0) -> None:\n        self.v = v\n"
    "    def get(self) -> T$n0:\n        return self.v\nprint($n1($I).get(), $n1($S).get())",
    "#module\nclass $n0:\n    def __init__(self) -> None:\n        self._v = $I\n    @property\n"
    "    def v(self) -> int:\n        return self._v\n    @staticmethod\n    def s() -> int:\n"
    "        return $I\n    @classmethod\n    def make(cls) -> $n0:\n        return cls()\n"
    "print($n0().v, $n0.s(), $n0.make().v)",
    "$n0 = $S\n$n0 += $S\n$n0 *= 2\nprint($n0[::-1], $n0.upper(), $n0.split(), $n0[1:3])",
    "$n0 = $I\nprint($n0)\ndel $n0",
    "$n0 = $I\nprint(0 < $n0 <= 100, $n0 if $n0 > 3 else -$n0, not $n0, $n0 and $K, $n0 or $K)",
    "$n0 = $S.encode()\nprint($n0, len($n0), $n0[0:2], $n0 + b'!')",
    "$n0 = $I\n$n1 = $K\n"
    "print($n0 // ($n1 or 1), $n0 ** 2, divmod($n0, 7), $n0 << 3, abs(-$n0), hex($n0))",
    "$n0 = $I / 7\nprint(round($n0, 3), f'{$n0:.2f}', $n0 > 1.5, int($n0))",
    "$n0 = $S\nprint($n0.split(','), '-'.join([$n0, $n0]), $n0.strip().title(), $n0.find('a'))",
    "for $n0, ($n1, $n2) in enumerate(zip([$I, $I], [$S, $S])):\n    print($n0, $n1, $n2)",
    "$n0 = [$S, $S, $S]\n$n0.sort(key=len)\nprint($n0, max($n0, key=len), min($n0))",
    "def $n0(f: Callable[[int], int], x: int) -> int:\n    return f(f(x))\n"
    "def $n1(y: int) -> int:\n    return y + 1\nprint($n0($n1, $I), $n0(lambda z: z * 2, $I))",
    "$n0: int | str = $I if $C else $S\nif isinstance($n0, int):\n    print($n0 + 1)\n"
    "else:\n    print($n0.upper())",
    "#module\nclass $n0:\n    def __init__(self, v: int) -> None:\n        self.v = v\n"
    "    def __eq__(self, other: object) -> bool:\n"
    "        return isinstance(other, $n0) and other.v == self.v\n"
    "    def __hash__(self) -> int:\n        return hash(self.v)\n"
    "    def __lt__(self, other: $n0) -> bool:\n        return self.v < other.v\n"
    "print(sorted([$n0($I), $n0($I)])[0].v, $n0(1) == $n0(1), len({$n0(1), $n0(1)}))",
    "$n0 = [[$I, $K], [$K]]\n$n0[0].append(len($n0))\n"
    "print($n0, [$n1[::-1] for $n1 in $n0], $n0 * 2)",
    "$n0: dict[int, list[str]] = {}\nfor $n1 in range($K):\n"
    "    $n0.setdefault($n1 % 2, []).append(str($n1))\n"
    "print($n0, sorted($n0.items()), {$n2: len($n3) for $n2, $n3 in $n0.items()})",
    "assert $K >= 0, $S\n$BODY",
    "def $n0() -> None:\n    $BODY\n    return\n$n0()",
    "def $n0($n1: list[int]) -> int:\n    $n2 = 0\n    for $n3 in $n1:\n        if $n3 < 0:\n"
    "            raise ValueError(f'negative {$n3}')\n        $n2 += $n3\n    return $n2\n"
    "try:\n    print($n0([$I, $I]))\nexcept ValueError as $n4:\n    print($n4)",
    "$n0 = $I\n$n1 = $n2 = $n0 + 1\n$n0, $n1 = $n1, $n0\nprint($n0, $n1, $n2)",
    "$n0 = ''\nfor $n1 in $S:\n    $n0 = $n1 + $n0\nprint($n0, $n0 == $S[::-1])",
]

#: Snippets outside the subset (or wrong): diagnostics, never a traceback. Rarer, so that most
#: generated programs reach irbuild.
UNSUPPORTED_SNIPPETS = [
    "def $n0() -> Iterator[int]:\n    yield $I\nprint(list($n0()))",
    "async def $n0() -> int:\n    return $I\nasync def $n1() -> None:\n    print(await $n0())",
    "with open($S) as $n0:\n    print($n0)",
    "if ($n0 := $I) > 3:\n    print($n0)",
    "def $n0(*$n1: int) -> int:\n    return len($n1)\nprint($n0(1, 2))",
    "$n0, *$n1 = [$I, $I, $I]\nprint($n0, $n1)",
    "$n0: object = $I\nprint($n0)",
    "$n0 = [1, 'a']\nprint($n0)",
    "class $n0:\n    pass\nprint($n0())",
]

INT_LITERALS = ["0", "1", "2", "3", "7", "10", "-1", "-5", "42", "255", "1000", "65535",
                "9223372036854775807", "-9223372036854775807", "2**40", "0x7f", "0b101"]
STR_LITERALS = ["''", "'a'", "'abc'", "'a,b'", "'héllo'", "' x y '", "'\\t'", "'{}'", "\"it's\""]
#: "True" and "False" make the other branch unreachable to mypy: irbuild compiles the live one
#: (a conditional expression) or refuses the dead code clearly (F16, F17).
CONDITIONS = ["1 < 2", "len('ab') == 2", "'a' in 'abc'", "3 % 2 == 1", "len('') > 0", "True",
              "False"]


class Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.fresh = 0

    def program(self) -> str:
        wrap = self.rng.random() < 0.3  # everything inside main(), under the __name__ guard
        blocks = [self.snippet(depth=self.rng.choice([1, 2, 2, 3]), module=True,
                               functions=1 if wrap else 0)
                  for _ in range(self.rng.randint(1, 5))]
        if wrap:
            body = "\n".join(textwrap.indent(b, "    ") for b in blocks
                             if not b.startswith("#module"))
            body = body or "    pass"
            module_blocks = [b for b in blocks if b.startswith("#module")]
            blocks = [*module_blocks, "def main() -> None:\n" + body,
                      "if __name__ == '__main__':\n    main()"]
        return HEADER + "\n\n" + "\n\n".join(b.replace("#module\n", "") for b in blocks) + "\n"

    def snippet(self, depth: int, module: bool, functions: int) -> str:
        """functions: how many function bodies enclose the snippet."""
        pool = UNSUPPORTED_SNIPPETS if self.rng.random() < 0.04 else SNIPPETS
        choices = pool if module else [s for s in pool if not s.startswith("#module")]
        if functions >= 2:
            choices = [s for s in choices if not s.startswith("#flat")]
        template = self.rng.choice(choices).removeprefix("#flat\n")
        names = {f"$n{i}": self.name() for i in range(10)}
        out_lines: list[str] = []
        template_lines = template.split("\n")
        for at, line in enumerate(template_lines):
            if line.strip() == "$BODY":
                indent = line[:len(line) - len(line.lstrip())]
                if depth <= 0:
                    out_lines.append(indent + f"print({self.rng.choice(INT_LITERALS)})")
                    continue
                inner = functions + enclosing_defs(template_lines, at)
                for _ in range(self.rng.randint(1, 2)):
                    nested = self.snippet(depth - 1, module=False, functions=inner)
                    out_lines += [indent + part if part else part
                                  for part in nested.replace("#module\n", "").split("\n")]
                continue
            out_lines.append(line)
        text = "\n".join(out_lines)
        for key in sorted(names, reverse=True):  # $n10 before $n1
            text = text.replace(key, names[key])
        text = re.sub(r"\$I", lambda m: self.rng.choice(INT_LITERALS), text)
        text = re.sub(r"\$S", lambda m: self.rng.choice(STR_LITERALS), text)
        text = re.sub(r"\$K", lambda m: str(self.rng.randint(0, 5)), text)
        text = re.sub(r"\$C", lambda m: self.rng.choice(CONDITIONS), text)
        return text

    def name(self) -> str:
        self.fresh += 1
        return f"v{self.fresh}"


def enclosing_defs(lines: list[str], at: int) -> int:
    """How many `def` lines enclose lines[at] (by indentation)."""
    indent = len(lines[at]) - len(lines[at].lstrip())
    count = 0
    for line in reversed(lines[:at]):
        stripped = line.lstrip()
        width = len(line) - len(stripped)
        if stripped and width < indent:
            indent = width
            count += stripped.startswith(("def ", "async def "))
    return count


# --- running cases ------------------------------------------------------------------------------

class CompilerTimeout(BaseException):
    """Raised by SIGALRM inside the compiler (a BaseException, so no `except Exception` eats it)."""


@dataclass
class Result:
    outcome: str  # one of OUTCOMES
    detail: str = ""  # the first diagnostic, or the exception and where it was raised
    signature: str = ""  # what groups INTERNAL results that are the same bug


def _where(e: BaseException) -> str:
    frames = traceback.extract_tb(e.__traceback__)
    ours = [f for f in frames if f"{os.sep}pyrage{os.sep}" in f.filename]
    last = (ours or frames)[-1] if frames else None
    if last is None:
        return "?"
    path = Path(last.filename)
    try:
        path = path.relative_to(ROOT)
    except ValueError:
        pass
    return f"{path}:{last.lineno}"


def run_case(source: str, work: Path, *, full: bool = False, timeout: float = 60) -> Result:
    """Compile one program (front end and IR, or the whole pipeline) and classify the outcome."""
    from pyrage.compiler import driver

    work.mkdir(parents=True, exist_ok=True)
    entry = work / f"{MODULE}.py"
    entry.write_text(source)

    def compile_it() -> None:
        if full:
            driver.compile_to_image(entry, MODULE, [work], "unix", work / MODULE,
                                    work_dir=work / "_build")
        else:
            driver.build_ir(driver.front_end(entry, MODULE, [work]))

    return run_compiler(compile_it, work, timeout=timeout)


def run_compiler(compile_it: Callable[[], object], work: Path, *, timeout: float = 60) -> Result:
    """Run one compilation in-process and classify its outcome (OUTCOMES). Paths below `work`
    are shown relative to it. A diagnostic must be located (file:line), and a toolchain failure
    is pyrage's bug: both are INTERNAL."""
    from pyrage.errors import CompileError, PyrageError, ToolchainError

    def on_alarm(signum: int, frame: object) -> None:
        raise CompilerTimeout()

    use_alarm = hasattr(signal, "SIGALRM") and timeout > 0
    previous = signal.signal(signal.SIGALRM, on_alarm) if use_alarm else None
    if use_alarm:
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        compile_it()
    except CompilerTimeout:
        return Result("TIMEOUT", f"the compiler ran longer than {timeout} s", "timeout")
    except CompileError as e:
        internal = [d for d in e.diagnostics if "internal error" in d.message]
        if internal:
            d = internal[0]
            text = str(d).replace(str(work) + os.sep, "")
            return Result("INTERNAL", text, _normalize(d.message))
        first = str(e.diagnostics[0]).replace(str(work) + os.sep, "") if e.diagnostics else ""
        if not e.diagnostics:
            return Result("INTERNAL", "a CompileError without diagnostics", "no diagnostics")
        unlocated = [d for d in e.diagnostics if d.severity == "error" and d.line <= 0]
        if unlocated:
            text = str(unlocated[0]).replace(str(work) + os.sep, "")
            return Result("INTERNAL", f"an error without a line: {text[:300]}",
                          f"unlocated: {_normalize(unlocated[0].message)[:80]}")
        return Result("diagnostic", first)
    except PyrageError as e:
        text = str(e).replace(str(work) + os.sep, "")
        first_line = text.split("\n")[0][:300]
        if "internal error" in text or isinstance(e, ToolchainError):
            return Result("INTERNAL", first_line, _normalize(first_line))
        return Result("diagnostic", f"{type(e).__name__}: {first_line}")
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - SystemExit from a mypy crash counts too
        where = _where(e)
        text = str(e).split("\n")[0][:200]
        return Result("INTERNAL", f"{type(e).__name__} at {where}: {text}",
                      f"{type(e).__name__} at {where}")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return Result("ok")


def _normalize(message: str) -> str:
    """Group messages that differ only in names: '"v12"' -> '"_"'."""
    return re.sub(r'"[^"]*"', '"_"', re.sub(r"\bv\d+\b", "v", message))


def make_case(index: int, seed: int, sources: dict[str, str], generated_ratio: float) -> Case:
    rng = random.Random(f"{seed}:{index}")
    if rng.random() < generated_ratio:
        return Case(index, "generated", "generated", Generator(rng).program())
    name = rng.choice(sorted(sources))
    source, applied = Mutator(rng, sources).mutate(sources[name])
    return Case(index, "mutated", f"{name}: {', '.join(applied) or 'unchanged'}", source)


def load_sources(all_programs: bool = False) -> dict[str, str]:
    return {p.name: p.read_text() for p in corpus(all_programs)}


@dataclass
class Campaign:
    tried: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: list[tuple[Case, Result]] = field(default_factory=list)
    full_compiles: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [f"tried {self.tried} programs in {self.seconds:.0f} s "
                 f"({self.full_compiles} of them through compile_to_image):"]
        for outcome in OUTCOMES:
            parts = ", ".join(f"{kind} {self.by_kind[(kind, outcome)]}"
                              for kind in ("mutated", "generated"))
            lines.append(f"  {outcome:<11} {self.counts[outcome]:>5}   ({parts})")
        if self.failures:
            groups: dict[str, list[tuple[Case, Result]]] = {}
            for case, result in self.failures:
                groups.setdefault(result.signature or result.detail, []).append((case, result))
            lines.append(f"{len(self.failures)} failing cases, {len(groups)} distinct:")
            for signature, members in groups.items():
                case, result = members[0]
                cases = " ".join(str(c.index) for c, _ in members[:8])
                lines.append(f"  [{result.outcome}] {result.detail}\n"
                             f"      cases: {cases}{' ...' if len(members) > 8 else ''} "
                             f"(first from {case.origin})")
        return "\n".join(lines)


def campaign(count: int, seed: int, *, start: int = 0, full_every: int = 0,
             generated_ratio: float = 0.5, timeout: float = 60, all_corpus: bool = False,
             on_case: Callable[[Case, Result], None] | None = None) -> Campaign:
    sources = load_sources(all_corpus)
    stats = Campaign()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pyrage-fuzz-") as tmp:
        for index in range(start, start + count):
            case = make_case(index, seed, sources, generated_ratio)
            full = full_every > 0 and index % full_every == full_every - 1
            result = run_case(case.source, Path(tmp) / str(index), full=full, timeout=timeout)
            stats.tried += 1
            stats.full_compiles += full
            stats.counts[result.outcome] += 1
            stats.by_kind[(case.kind, result.outcome)] += 1
            if result.outcome in FAILURES:
                stats.failures.append((case, result))
            if on_case is not None:
                on_case(case, result)
    stats.seconds = time.perf_counter() - t0
    return stats


# --- differential mode: generated programs, compiled and compared with CPython ------------------

def differential(case: Case, work: Path) -> str | None:
    """None when the compiled program prints what CPython prints (or pyrage refuses it
    cleanly), else a description of the difference."""
    result = run_case(case.source, work, full=True)
    if result.outcome != "ok":
        return None if result.outcome == "diagnostic" else f"{result.outcome}: {result.detail}"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    want = subprocess.run([sys.executable, f"{MODULE}.py"], cwd=work, capture_output=True,
                          text=True, timeout=60, env=env, stdin=subprocess.DEVNULL)
    got = subprocess.run([str(work / MODULE)], cwd=work, capture_output=True, text=True,
                         errors="replace", timeout=60, stdin=subprocess.DEVNULL)
    status = 128 - got.returncode if got.returncode < 0 else got.returncode
    if want.stdout == got.stdout and want.returncode == status:
        return None
    if status == 134 and "integer overflow" in got.stderr and want.stdout.startswith(got.stdout):
        return None  # pyrage traps where CPython grows the int: deliberate (docs/language.md)
    for i, (a, b) in enumerate(zip(want.stdout.splitlines(), got.stdout.splitlines()), 1):
        if a != b:
            return f"line {i}: CPython {a!r}, pyrage {b!r}"
    return (f"status {status} (CPython {want.returncode}); stdout lines "
            f"{len(got.stdout.splitlines())} (CPython {len(want.stdout.splitlines())}); "
            f"{got.stderr.strip()[-200:]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100, help="how many programs (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="the first case index")
    parser.add_argument("--only", type=int, help="run the one case with this index")
    parser.add_argument("--show", action="store_true", help="print each case's source")
    parser.add_argument("--full-every", type=int, default=10,
                        help="every Nth case goes through compile_to_image (0: none)")
    parser.add_argument("--generated", type=float, default=0.5,
                        help="the share of generated (vs mutated) programs (default 0.5)")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--all-corpus", action="store_true",
                        help="mutate the known-bad corpus programs too (KNOWN_BAD_CORPUS)")
    parser.add_argument("--save", type=Path, help="write each failing case's source here")
    parser.add_argument("--differential", action="store_true",
                        help="compile generated programs and compare their output with CPython")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per case")
    args = parser.parse_args(argv)

    if args.only is not None:
        args.start, args.count = args.only, 1
        args.verbose = True

    if args.differential:
        sources = load_sources()
        mismatches = 0
        with tempfile.TemporaryDirectory(prefix="pyrage-fuzz-") as tmp:
            for index in range(args.start, args.start + args.count):
                case = make_case(index, args.seed, sources, generated_ratio=1.0)
                problem = differential(case, Path(tmp) / str(index))
                if args.show:
                    print(case.source)
                if problem is not None:
                    mismatches += 1
                    print(f"case {index}: {problem}", flush=True)
                    if args.save:
                        args.save.mkdir(parents=True, exist_ok=True)
                        (args.save / f"diff_{args.seed}_{index}.py").write_text(case.source)
                elif args.verbose:
                    print(f"case {index}: same", flush=True)
        print(f"{args.count} generated programs compared with CPython: {mismatches} differ")
        return 1 if mismatches else 0

    def report(case: Case, result: Result) -> None:
        if args.show:
            print(f"--- case {case.index} ({case.origin}) ---\n{case.source}")
        if args.verbose or result.outcome in FAILURES:
            print(f"case {case.index} [{case.origin}]: {result.outcome} {result.detail}",
                  flush=True)
        if args.save and result.outcome in FAILURES:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"case_{args.seed}_{case.index}.py").write_text(case.source)

    stats = campaign(args.count, args.seed, start=args.start, full_every=args.full_every,
                     generated_ratio=args.generated, timeout=args.timeout,
                     all_corpus=args.all_corpus, on_case=report)
    print(stats.summary())
    return 1 if stats.failures else 0


if __name__ == "__main__":
    sys.exit(main())
