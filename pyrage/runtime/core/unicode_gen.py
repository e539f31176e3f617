"""Generates unicode_tables.c, the Unicode character database behind str's methods and repr.

    python pyrage/runtime/core/unicode_gen.py            # rewrite unicode_tables.c
    python pyrage/runtime/core/unicode_gen.py --check    # is the committed file up to date?

Everything is derived from the running CPython itself, by asking its str methods about every code
point (0..0x10FFFF): str.upper/lower/title/casefold give the full case mappings (one code point to
up to three), str.isalpha/isdecimal/isdigit/isnumeric/islower/isupper/isspace/isprintable and
isidentifier the character classes, and the behaviour of title() and of lower()'s final-sigma rule
the two properties CPython does not expose directly (Cased and Case_Ignorable). unicodedata is used
only to cross-check. The compiled str methods then agree with that CPython by construction, and
tests/runtime/test_unicode.py checks every code point again.

The tables are tied to one Unicode version (CPython 3.11 has 14.0.0). The generator refuses to run
on a CPython with another `unicodedata.unidata_version` than the committed tables', unless
--new-version says that moving the runtime to that version is intended.

The output keeps each table in its own symbol (the runtime is compiled with -fdata-sections and
linked with --gc-sections), so an image carries only the tables of the methods it calls:

- flags: a 4-level lookup of a per-code-point record of class bits (RT_UNI_* in unicode.h);
- case: a 4-level lookup of a case record, four indices (upper, lower, title, casefold) into
  a table of values that are either a delta to the one code point mapped to, or a slice of a
  small table of multi-code-point mappings;
- printable: the code points where str.isprintable() changes, as gaps 3 bits a nibble, with a
  checkpoint every 64 changes. repr() of a str needs it, and so does every image that parses an
  int from a str (its ValueError shows a repr): it is kept small;
- space (str.isspace, split, strip) and the decimal digits (int(), float(), format widths):
  a range test, and the gaps between the zeros of the runs of ten digits.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "unicode_tables.c"
MAX_CP = 0x10FFFF
N_CP = MAX_CP + 1
VERSION_RE = re.compile(r"^ \* Unicode version: (\S+)$", re.M)

# Class bits of a flags record: the values unicode.h defines (the generated file checks them).
FLAG_BITS: dict[str, int] = {
    "ALPHA": 0x001, "DECIMAL": 0x002, "DIGIT": 0x004, "NUMERIC": 0x008,
    "LOWER": 0x010, "UPPER": 0x020, "TITLE": 0x040, "CASED": 0x080,
    "CASE_IGNORABLE": 0x100, "XID_START": 0x200, "XID_CONTINUE": 0x400,
}
CASE_KINDS = ("upper", "lower", "title", "casefold")  # the order of RT_UNI_CASE_*
PRINTABLE_MARK_EVERY = 64


# ---- the data, from CPython ----------------------------------------------------------------------


def flags_of(cp: int) -> int:
    """The class bits of one code point, from the str methods of this CPython."""
    s = chr(cp)
    cased = (s + "a").title()[-1] == "a"  # title() lower-cases a letter after a cased character
    if cased:  # Σ after a cased letter: final unless a cased character follows past ignorables
        ignorable = ("A\u03a3" + s).lower()[1] == "\u03c2"
    else:  # Σ after `s` after a cased letter: final only if `s` is skipped as case-ignorable
        ignorable = ("A" + s + "\u03a3").lower()[-1] == "\u03c2"
    bits = {
        "ALPHA": s.isalpha(), "DECIMAL": s.isdecimal(), "DIGIT": s.isdigit(),
        "NUMERIC": s.isnumeric(), "LOWER": s.islower(), "UPPER": s.isupper(),
        # a one-character istitle() is ISTITLE or ISUPPER
        "TITLE": s.istitle() and not s.isupper(), "CASED": cased, "CASE_IGNORABLE": ignorable,
        "XID_START": s.isidentifier() and s != "_", "XID_CONTINUE": ("a" + s).isidentifier(),
    }
    return sum(FLAG_BITS[name] for name, on in bits.items() if on)


def require(ok: bool, what: str, cp: int | None = None) -> None:
    """Stop if an assumption about this CPython's Unicode data does not hold."""
    if not ok:
        where = "" if cp is None else f" (U+{cp:04X})"
        raise SystemExit(f"unicode_gen.py: {what}{where}: the tables cannot be made this way")


def cross_check(cp: int, flags: int) -> None:
    """What the derivation above and the C code assume of CPython, checked for one code point."""
    s = chr(cp)
    category = unicodedata.category(s)
    require(bool(flags & FLAG_BITS["TITLE"]) == (category == "Lt"), "istitle() is not Lt", cp)
    if category in ("Mn", "Me", "Cf", "Lm", "Sk"):
        require(bool(flags & FLAG_BITS["CASE_IGNORABLE"]), "a Case_Ignorable category", cp)
    cased = FLAG_BITS["LOWER"] | FLAG_BITS["UPPER"] | FLAG_BITS["TITLE"]
    require(bool(flags & FLAG_BITS["CASED"]) == bool(flags & cased), "Cased", cp)
    # swapcase() maps an upper-case character with lower(), a lower-case one with upper()
    if flags & FLAG_BITS["UPPER"]:
        want = s.lower()
    else:
        want = s.upper() if flags & FLAG_BITS["LOWER"] else s
    require(s.swapcase() == want, "swapcase()", cp)
    # capitalize() title-cases the first character and lower-cases the others
    require((s + s).capitalize() == s.title() + (s + s).lower()[len(s.lower()):],
            "capitalize()", cp)


class Database:
    """Every code point's class bits, case mappings, and the space/printable/decimal sets."""

    def __init__(self) -> None:
        self.flags: list[int] = []
        self.case: list[tuple[str, str, str, str]] = []
        self.space: list[int] = []
        self.printable: list[bool] = []
        self.decimal: dict[int, int] = {}
        for cp in range(N_CP):
            s = chr(cp)
            f = flags_of(cp)
            cross_check(cp, f)
            self.flags.append(f)
            self.case.append((s.upper(), s.lower(), s.title(), s.casefold()))
            if s.isspace():
                self.space.append(cp)
            self.printable.append(s.isprintable())
            if s.isdecimal():
                self.decimal[cp] = int(s)


# ---- packing -------------------------------------------------------------------------------------


def width(values: Sequence[int]) -> str:
    top = max(values, default=0)
    return "uint8_t" if top < 1 << 8 else "uint16_t" if top < 1 << 16 else "uint32_t"


def nbytes(values: Sequence[int]) -> int:
    return len(values) * {"uint8_t": 1, "uint16_t": 2, "uint32_t": 4}[width(values)]


def split_blocks(values: Sequence[int], shift: int) -> tuple[list[int], list[int]]:
    """values as an index of deduplicated blocks of 2**shift: (index, concatenated blocks)."""
    size = 1 << shift
    seen: dict[tuple[int, ...], int] = {}
    index: list[int] = []
    blocks: list[int] = []
    for start in range(0, len(values), size):
        block = tuple(values[start:start + size])
        if block not in seen:
            seen[block] = len(seen)
            blocks.extend(block)
        index.append(seen[block])
    return index, blocks


class Lookup:
    """A 4-level lookup of one small integer per code point, the shifts chosen for size."""

    def __init__(self, values: Sequence[int]) -> None:
        best: tuple[int, tuple[int, int, int], list[list[int]]] | None = None
        for a in range(3, 9):
            index_a, leaf = split_blocks(values, a)
            for b in range(2, 8):
                index_b, mid_b = split_blocks(index_a, b)
                for c in range(2, 8):
                    if (N_CP >> (a + b + c)) << (a + b + c) != N_CP:
                        continue
                    top, mid_c = split_blocks(index_b, c)
                    levels = [top, mid_c, mid_b, leaf]
                    size = sum(nbytes(level) for level in levels)
                    if best is None or size < best[0]:
                        best = (size, (a, b, c), levels)
        assert best is not None
        self.size, self.shifts, self.levels = best

    def emit(self, name: str, out: list[str]) -> None:
        a, b, c = self.shifts
        for level, values in enumerate(self.levels):
            emit_array(out, f"static const {width(values)} {name}_{level}", values)
        out.append(f"static inline unsigned {name}_index(uint32_t cp)\n{{")
        out.append(f"    unsigned i = {name}_0[cp >> {a + b + c}];")
        out.append(f"    i = {name}_1[i << {c} | ((cp >> {a + b}) & {(1 << c) - 1})];")
        out.append(f"    i = {name}_2[i << {b} | ((cp >> {a}) & {(1 << b) - 1})];")
        out.append(f"    return {name}_3[i << {a} | (cp & {(1 << a) - 1})];\n}}\n")


def emit_array(out: list[str], decl: str, values: Sequence[int], *,
               hex_values: bool = False) -> None:
    out.append(f"{decl}[{len(values)}] = {{")
    line = "   "
    for v in values:
        item = f" {v:#x}," if hex_values else f" {v},"
        if len(line) + len(item) > 99:
            out.append(line)
            line = "   "
        line += item
    out.append(line)
    out.append("};\n")


def ranges(cps: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for cp in cps:
        if runs and runs[-1][1] == cp - 1:
            runs[-1] = (runs[-1][0], cp)
        else:
            runs.append((cp, cp))
    return runs


def nibble_gaps(toggles: Sequence[int]) -> tuple[list[int], int, list[int], list[int]]:
    """The gaps between consecutive toggles in 4-bit units, two a byte (the low one first):
    3 bits of the gap each, the most significant first, the top bit set on all units but a
    gap's last. Also how many units there are (the last byte may hold only one), and a
    checkpoint every PRINTABLE_MARK_EVERY toggles: the toggle, and the unit where the gap after
    it starts."""
    units: list[int] = []
    marks: list[int] = []
    offsets: list[int] = []
    for k, t in enumerate(toggles):
        if k % PRINTABLE_MARK_EVERY == 0:
            marks.append(t)
            offsets.append(len(units))
        if k + 1 == len(toggles):
            break
        gap = toggles[k + 1] - t
        groups = [gap & 7]
        while gap >= 8:
            gap >>= 3
            groups.append(gap & 7)
        units += [g | 8 for g in reversed(groups[1:])] + [groups[0]]
    count = len(units)
    if count % 2:
        units.append(0)
    return [units[i] | units[i + 1] << 4 for i in range(0, count, 2)], count, marks, offsets


def printable_lookup(data: Sequence[int], units: int, marks: Sequence[int],
                     offsets: Sequence[int], cp: int) -> bool:
    """rt_unicode_printable_run() of the generated C, step by step, to check the encoding."""
    if cp < marks[0]:
        return False
    lo = max(i for i, mark in enumerate(marks) if mark <= cp)
    k, at, unit = lo * PRINTABLE_MARK_EVERY, marks[lo], offsets[lo]
    while unit < units:
        gap = 0
        while True:
            nibble = data[unit // 2] >> (unit % 2 * 4) & 15
            gap = gap << 3 | (nibble & 7)
            unit += 1
            if not nibble & 8:
                break
        if at + gap > cp:
            break
        at += gap
        k += 1
    return not k & 1


# ---- the C file ----------------------------------------------------------------------------------


def generate(db: Database, version: str) -> tuple[str, dict[str, int]]:
    """The text of unicode_tables.c, and the bytes of each table."""
    sizes: dict[str, int] = {}
    out: list[str] = [
        "/*",
        " * GENERATED by pyrage/runtime/core/unicode_gen.py from CPython's own str methods: do",
        " * not edit. Regenerate with `python pyrage/runtime/core/unicode_gen.py` (a CPython whose",
        " * unicodedata.unidata_version is the one below; see the generator for --new-version).",
        " *",
        f" * Unicode version: {version}",
        " *",
        " * The Unicode character database of str's methods and repr (declared in unicode.h). Each",
        " * table is its own symbol, so that an image links only the ones its methods use.",
        " */",
        '#include "object.h"',
        '#include "unicode.h"',
        "",
    ]
    for name, bit in FLAG_BITS.items():
        out.append(f"_Static_assert(RT_UNI_{name} == {bit:#x}, \"unicode.h and the generator\");")
    for i, kind in enumerate(CASE_KINDS):
        out.append(f"_Static_assert(RT_UNI_CASE_{kind.upper()} == {i}, \"unicode.h\");")
    out.append("")

    # flags
    records: dict[int, int] = {}
    per_cp = [records.setdefault(f, len(records)) for f in db.flags]
    flags_lookup = Lookup(per_cp)
    out.append("/* ---- class bits: isalpha() and co, isupper/islower/istitle, isidentifier */\n")
    flags_lookup.emit("flags", out)
    flag_records = list(records)
    emit_array(out, f"static const {width(flag_records)} flag_records", flag_records)
    out.append("unsigned rt_unicode_flags(uint32_t cp)\n{")
    out.append(f"    return cp > {MAX_CP:#x} ? 0 : flag_records[flags_index(cp)];\n}}\n")
    sizes["flags"] = flags_lookup.size + nbytes(flag_records)

    # case mappings
    specials: list[int] = []
    special_at: dict[str, int] = {}
    values: dict[int, int] = {}
    case_records: dict[tuple[int, ...], int] = {}
    per_cp = []
    for cp, maps in enumerate(db.case):
        record: list[int] = []
        for mapped in maps:
            if len(mapped) == 1:
                value = (ord(mapped) - cp) * 2
            else:
                require(2 <= len(mapped) <= 3, "a case mapping to more than 3", cp)
                if mapped not in special_at:
                    special_at[mapped] = len(specials)
                    specials.extend(ord(m) for m in mapped)
                value = special_at[mapped] << 3 | len(mapped) << 1 | 1
            record.append(values.setdefault(value, len(values)))
        per_cp.append(case_records.setdefault(tuple(record), len(case_records)))
    require(per_cp[0] == 0 and values[0] == 0, "U+0000 maps to itself")
    case_lookup = Lookup(per_cp)
    out.append("/* ---- full case mappings: upper/lower/title/casefold of one code point ---- */\n")
    case_lookup.emit("cases", out)
    flat_records = [i for rec in case_records for i in rec]
    emit_array(out, f"static const {width(flat_records)} case_records", flat_records)
    value_list = list(values)
    emit_array(out, "static const int32_t case_values", value_list)
    emit_array(out, f"static const {width(specials)} case_specials", specials, hex_values=True)
    out += [
        "/* The code points `kind` (RT_UNI_CASE_*) maps cp to, into out[0..2]; how many (1 to 3).",
        " * A value is 2 * the delta to the one code point mapped to, or (offset << 3 |",
        " * count << 1 | 1) for `count` code points at case_specials[offset]. */",
        "int rt_unicode_case(uint32_t cp, int kind, uint32_t out[3])",
        "{",
        f"    if (cp > {MAX_CP:#x}) {{",
        "        out[0] = cp;",
        "        return 1;",
        "    }",
        f"    int32_t v = case_values[case_records[cases_index(cp) * {len(CASE_KINDS)} + kind]];",
        "    if (!(v & 1)) {",
        "        out[0] = (uint32_t)((int32_t)cp + v / 2);",
        "        return 1;",
        "    }",
        "    int n = (v >> 1) & 3;",
        "    for (int i = 0; i < n; i++)",
        "        out[i] = case_specials[(v >> 3) + i];",
        "    return n;",
        "}",
        "",
    ]
    sizes["case"] = (case_lookup.size + nbytes(flat_records) + 4 * len(value_list)
                     + nbytes(specials))

    # printable
    toggles = [cp for cp in range(N_CP)
               if db.printable[cp] != (db.printable[cp - 1] if cp else False)]
    data, units, marks, offsets = nibble_gaps(toggles)
    near = {t + d for t in toggles for d in (-1, 0, 1) if 0 < t + d < MAX_CP}
    for cp in sorted({0, MAX_CP} | near):
        require(printable_lookup(data, units, marks, offsets, cp) == db.printable[cp],
                "the printable encoding", cp)
    out.append("/* ---- str.isprintable() and repr(): where printability changes ---- */\n")
    emit_array(out, "static const uint8_t printable_gaps", data)
    emit_array(out, "static const uint32_t printable_marks", marks, hex_values=True)
    emit_array(out, f"static const {width(offsets)} printable_offsets", offsets)
    out += [
        "/* Code points are printable from one toggle (a code point where printability changes)",
        " * up to the next; below the first, they are not. Also the run of code points around cp",
        " * that are the same: [*start, *end). */",
        "bool rt_unicode_printable_run(uint32_t cp, uint32_t *start, uint32_t *end)",
        "{",
        "    if (cp < printable_marks[0]) {",
        "        *start = 0;",
        "        *end = printable_marks[0];",
        "        return false;",
        "    }",
        f"    unsigned lo = 0, hi = {len(marks)};",
        "    while (hi - lo > 1) {",
        "        unsigned mid = (lo + hi) / 2;",
        "        if (printable_marks[mid] <= cp)",
        "            lo = mid;",
        "        else",
        "            hi = mid;",
        "    }",
        f"    unsigned k = lo * {PRINTABLE_MARK_EVERY}; /* the last toggle at or below cp */",
        "    uint32_t at = printable_marks[lo];",
        f"    *end = {N_CP:#x};",
        f"    for (unsigned unit = printable_offsets[lo]; unit < {units};) {{",
        "        uint32_t gap = 0, nibble;",
        "        do {",
        "            nibble = printable_gaps[unit / 2] >> (unit % 2 * 4) & 15;",
        "            gap = gap << 3 | (nibble & 7);",
        "            unit++;",
        "        } while (nibble & 8);",
        "        if (at + gap > cp) {",
        "            *end = at + gap;",
        "            break;",
        "        }",
        "        at += gap;",
        "        k++;",
        "    }",
        "    *start = at;",
        "    return !(k & 1);",
        "}",
        "",
    ]
    sizes["printable"] = len(data) + 4 * len(marks) + nbytes(offsets)

    # space
    space_runs = ranges(db.space)
    tests = " ||\n           ".join(
        f"cp == {lo:#x}" if lo == hi else f"(cp >= {lo:#x} && cp <= {hi:#x})"
        for lo, hi in space_runs)
    out += [
        "/* ---- str.isspace(), and the whitespace of split() and strip() ---- */\n",
        "bool rt_unicode_space(uint32_t cp)",
        "{",
        f"    return {tests};",
        "}",
        "",
    ]

    # decimal digits: runs of ten, 0 to 9
    zeros = sorted(cp for cp, value in db.decimal.items() if value == 0)
    for zero in zeros:
        require(all(db.decimal.get(zero + d) == d for d in range(10)), "a run of 0-9", zero)
    require(len(db.decimal) == 10 * len(zeros), "decimal digits in runs of ten")
    steps = [zero - previous for previous, zero in zip([0] + zeros, zeros)]
    emit_array(out, f"static const {width(steps)} decimal_steps", steps)
    out += [
        "/* The value of a decimal digit (str.isdecimal(), as int() and float() read them), or -1.",
        " * Decimal digits come in runs of ten, 0 to 9; decimal_steps are the gaps between the",
        " * zeros of consecutive runs (the first from 0 to '0'). */",
        "int rt_unicode_decimal(uint32_t cp)",
        "{",
        "    uint32_t zero = 0;",
        "    for (unsigned i = 0; i < sizeof decimal_steps / sizeof decimal_steps[0]; i++) {",
        "        zero += decimal_steps[i];",
        "        if (cp < zero)",
        "            break;",
        "        if (cp < zero + 10)",
        "            return (int)(cp - zero);",
        "    }",
        "    return -1;",
        "}",
    ]
    sizes["decimal"] = nbytes(steps)
    return "\n".join(out) + "\n", sizes


def committed_version(path: Path) -> str | None:
    if not path.exists():
        return None
    found = VERSION_RE.search(path.read_text(encoding="utf-8"))
    return found.group(1) if found else None


def main(argv: Sequence[str] | None = None, emit: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the C file (%(default)s)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if the file differs from what it would be")
    parser.add_argument("--new-version", action="store_true",
                        help="accept this CPython's Unicode version although the committed "
                             "tables were made from another")
    args = parser.parse_args(argv)
    version = unicodedata.unidata_version
    old = committed_version(args.output)
    if old is not None and old != version and not args.new_version:
        emit(f"error: {args.output.name} holds Unicode {old} tables, but this CPython "
             f"({sys.version.split()[0]}) has Unicode {version}: run it with the CPython the "
             f"tables were made from, or pass --new-version to move pyrage to Unicode {version} "
             f"(and update docs/language.md)")
        return 2
    text, sizes = generate(Database(), version)
    summary = ", ".join(f"{name} {size}" for name, size in sizes.items())
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            emit(f"error: {args.output} is not what unicode_gen.py generates: regenerate it")
            return 1
        emit(f"{args.output.name} is up to date (Unicode {version})")
        return 0
    args.output.write_text(text, encoding="utf-8")
    emit(f"wrote {args.output} (Unicode {version}; table bytes: {summary}; "
         f"total {sum(sizes.values())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
