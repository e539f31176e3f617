"""Format specs, valid and invalid, for str, int, bool and float values: compiled against CPython.

One program per value type loops over a few thousand specs (generated here, deterministically,
from the parts of the mini-language [[fill]align][sign][z][#][0][width][grouping][.precision]
[type] plus trailing junk and odd type characters) and prints, for each value and spec, the
result's repr or the exception's type and message. The specs reach the runtime formatters as
run-time values (`format(v, spec)`, `f"{v:{spec}}"`) and, for a subset, as constants of
f-strings (the entry points the compiler picks for a spec it knows). CPython 3.11 runs the same
program and is the oracle, messages included.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import compile_program

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the oracle is CPython 3.11"),
]

FILL_ALIGN = ["", "<", ">", "^", "=", "*<", "0>", "0=", "0^", "é^", "<<", "=>", "x=", " ^",
              "\x00<", "{>", "€=", "😀<", ".>", ",^", "#<", "5="]
SIGNS = ["", "+", "-", " "]
WIDTHS = ["", "1", "5", "12", "00", "07", "\u0663", "1\u0663", "9223372036854775808",
          "1" * 30]
GROUPINGS = ["", ",", "_", ",_", "_,", ",,", "__"]
PRECISIONS = ["", ".", ".0", ".2", ".12", ".\u0663", ".99999999999", "." + "9" * 25, ".,"]
TYPES = [*"bcdeEfFgGnosxX%", "", "z", "q", "\x00", " ", "\x7f", "é", "😀", "a", "r", "i",
         "S", "#", "0", "5", ",", "_", ".", "<", "=", "+", "\x1f", "\x80", "D", "N"]
JUNK = ["x", "dd", "\x00", "é", "5", "%%", ".2"]

#: Every character from U+0000 to U+00FF as a type, alone and after a few prefixes.
SINGLE = [chr(c) for c in range(256)] + ["\u0663", "\uffff", "😀"]
PREFIXES = ["", "5", ",", "_", "+", " ", "#", "z", ".2", "0", "=", "x<", "08,", "+#012_.3"]


def generated_specs(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)

    def part(options: list[str], p_empty: float) -> str:
        return "" if rng.random() < p_empty else rng.choice(options)

    specs: set[str] = set()
    while len(specs) < count:
        spec = (part(FILL_ALIGN, 0.5) + part(SIGNS, 0.6) + part(["z"], 0.85)
                + part(["#"], 0.75) + part(["0"], 0.7) + part(WIDTHS, 0.5)
                + part(GROUPINGS, 0.65) + part(PRECISIONS, 0.6) + part(TYPES, 0.25))
        if rng.random() < 0.06:
            spec += rng.choice(JUNK)
        specs.add(spec)
    return sorted(specs)


def all_specs() -> list[str]:
    specs = {prefix + c for prefix in PREFIXES for c in SINGLE}
    specs |= set(generated_specs(1, 2500))
    specs |= {"", ".9223372036854775807", ".9223372036854775808"}
    return sorted(specs)


def constant_specs(seed: int, count: int) -> list[str]:
    """Specs that can be written in an f-string's literal spec: no braces, quotes, backslashes
    or non-printable characters, apart from a NUL written as an escape."""
    ok = [s for s in all_specs()
          if not any(c in "{}'\"\\" or (not c.isprintable() and c != "\x00") for c in s)]
    return sorted(random.Random(seed).sample(ok, count))


VALUES = {
    "str": ("str", ["'A'", "''", "'héllo wörld'", "'€'", "'-12'"]),
    "int": ("int", ["0", "5", "-42", "955", "1234567", "9223372036854775807",
                    "-9223372036854775807 - 1", "65", "1114112", "-1"]),
    "bool": ("bool", ["True", "False"]),
    "float": ("float", ["0.0", "-0.0", "1.5", "-1234.5678", "1e300", "1e-7", "float('nan')",
                        "float('-inf')", "0.125", "123456789.0"]),
}


#: Separates the specs in one str literal that the program splits (a list display of thousands
#: of items would be one huge function for LLVM to optimize).
SEP = "\u2400"


def literal(spec: str) -> str:
    return "'" + spec.replace("\x00", "\\x00") + "'"


def program(kind: str) -> str:
    typ, values = VALUES[kind]
    specs = all_specs()
    assert not any(SEP in spec for spec in specs)
    consts = constant_specs(7, 150)
    lambdas = ",\n    ".join(f"lambda v: f{literal('{v:' + s + '}')}" for s in consts)
    return f'''\
from typing import Callable

VALUES: list[{typ}] = [{", ".join(values)}]
SPECS: list[str] = {SEP.join(specs)!r}.split({SEP!r})
CONST_SPECS: list[str] = {SEP.join(consts)!r}.split({SEP!r})
CONST: list[Callable[[{typ}], str]] = [
    {lambdas},
]


def show(v: {typ}, how: str, i: int, spec: str, f: Callable[[{typ}, str], str]) -> None:
    try:
        result = repr(f(v, spec))
    except (ValueError, OverflowError) as e:
        result = type(e).__name__ + ": " + repr(str(e))
    print(how, i, repr(v), result)


def by_format(v: {typ}, spec: str) -> str:
    return format(v, spec)


def by_fstring(v: {typ}, spec: str) -> str:
    return f"[{{v:{{spec}}}}]"


for v in VALUES:
    for i in range(len(SPECS)):
        show(v, "format", i, SPECS[i], by_format)
    for i in range(0, len(SPECS), 7):
        show(v, "nested", i, SPECS[i], by_fstring)
    for i in range(len(CONST)):
        fmt = CONST[i]
        show(v, "const", i, CONST_SPECS[i], lambda x, s: fmt(x))
'''


def run(argv: list[str]) -> list[str]:
    proc = subprocess.run(argv, capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return proc.stdout.decode("utf-8", errors="surrogateescape").split("\n")


@pytest.mark.parametrize("kind", sorted(VALUES))
def test_format_specs(kind: str, tmp_path: Path) -> None:
    source = tmp_path / "main.py"
    source.write_text(program(kind), encoding="utf-8")
    expected = run([sys.executable, str(source)])
    got = run([str(compile_program(source))])
    assert len(expected) > 1000
    specs = {"format": all_specs(), "nested": all_specs(), "const": constant_specs(7, 150)}

    def spec_of(line: str) -> str:
        # Each line is "how index value result": the spec is not printed, because repr() of
        # non-printable characters from U+00A0 up differs (a documented difference).
        how, i = line.split(" ")[:2]
        return repr(specs[how][int(i)])

    wrong = [f"  spec {spec_of(e)}:\n    CPython {e}\n    pyrage  {g}"
             for e, g in zip(expected, got) if e != g]
    assert not wrong and len(got) == len(expected), (
        f"{len(wrong)} of {len(expected)} lines differ; the first:\n" + "\n".join(wrong[:30]))
