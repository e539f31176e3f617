"""Where an image's bytes go (`pyrage compile --size`, bench/size.py).

The compiled object is linked again, unstripped, with a link map (ld.lld -Map); every byte of
the image's sections is attributed to a part:

- compiled code, by what it was compiled from: the app's own modules, pyrage's builtins
  (`builtins.*`, `pyrage.stdlib._*`: list, dict, str...), and each package of pyrage
  (`pyrage.stdlib`, `pyrage.functors`, `pyrage.dns`...). A generic specialization counts for
  the module that defines it (`List[Buffer]` is a builtin), a raise path moved out of line for
  its function (transform/outline_raises.py);
- compiled data: source locations (tracebacks, traps), str/bytes constants, type infos;
- the runtime in C, by source file;
- strings that the linker merged from both (`merged strings`).

Padding after a function or object counts for it, so the parts add up to the sections.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

#: What a compiled static's symbol starts with (codegen/emit.py names them) -> its kind.
DATA_KINDS = {".loc.": "source locations", ".frame.": "source locations", ".str.": "str and bytes constants",
              ".bytes.": "str and bytes constants",
              ".piece.": "str and bytes constants", ".cstr.": "names (C strings)",
              "type:": "type infos", "vtable:": "type infos",
              "pyrage_manifest": "the device manifest"}

_MAP_LINE = re.compile(r"^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ (\s*)(\S.*)$")


@dataclass
class SizeReport:
    image: int  # the stripped image, in bytes
    #: (part, section kind "code"/"data"/"bss") -> bytes
    parts: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))

    def total(self, kind: str) -> int:
        return sum(v for (_, k), v in self.parts.items() if k == kind)


def part_of_function(name: str) -> str:
    """The part a compiled function's bytes count for."""
    base = name.split("[", 1)[0].split(".<", 1)[0]
    if base.startswith("builtins.") or base.startswith("pyrage.stdlib._"):
        return "pyrage builtins (list, dict, str...)"
    if base.startswith("pyrage."):
        return ".".join(base.split(".")[:2])
    if base.startswith(("type:", "vtable:", ".")):
        return "compiled data"
    return "app"


def _kind(section: str) -> str:
    if section.startswith((".text", ".init", ".fini")):
        return "code"
    if section.startswith((".bss", ".tbss")):
        return "bss"
    return "data"


def parse_map(text: str, compiled: str, image: int) -> SizeReport:
    """A report from ld.lld's -Map output; `compiled` is the compiled object's file name."""
    report = SizeReport(image)
    out_section = ""
    # Symbols of the current input section: (address, name); flushed at the next section.
    section: tuple[int, int, str] | None = None  # (address, size, part of what has no symbol)
    symbols: list[tuple[int, str]] = []

    def flush() -> None:
        if section is None:
            return
        start, size, default = section
        end = start + size
        kind = _kind(out_section)
        marks = sorted(s for s in symbols if start <= s[0] < end)
        if not marks or marks[0][0] > start:
            marks.insert(0, (start, ""))
        for i, (addr, name) in enumerate(marks):
            stop = marks[i + 1][0] if i + 1 < len(marks) else end
            report.parts[(_part(name, default), kind)] += stop - addr

    def _part(name: str, default: str) -> str:
        if not name or default != "compiled":
            return default if default != "compiled" else "compiled data"
        for prefix, what in DATA_KINDS.items():
            if name.startswith(prefix):
                return "compiled data: " + what
        return part_of_function(name)

    for line in text.splitlines():
        m = _MAP_LINE.match(line)
        if m is None:
            continue
        addr, size, indent, what = int(m.group(1), 16), int(m.group(2), 16), m.group(3), m[4]
        if not indent:  # an output section; those at address 0 are not loaded (.symtab...)
            flush()
            section, symbols = None, []
            out_section = what if addr else ""
        elif not out_section:
            continue
        elif len(indent) <= 9:  # an input section: file:(section)
            flush()
            symbols = []
            source = what.rsplit(":(", 1)[0]
            if source.endswith(compiled):
                default = "compiled"
            elif source == "<internal>":
                default = "merged strings"
            else:
                stem = Path(source).name.removesuffix(".o")
                default = "runtime C: " + stem.replace("_", "/", 1)
            section = (addr, size, default)
        else:
            symbols.append((addr, what))
    flush()
    return report


def size_report(obj: Path, target: str, image: Path) -> SizeReport:
    """Link `obj` (the compiled program) again with a map and attribute the sections of the
    image; `image` is the stripped image, whose size is reported."""
    from pyrage.compiler.link.image import link_image

    with tempfile.TemporaryDirectory(prefix="pyrage-size-") as tmp:
        unstripped, map_file = Path(tmp) / "image", Path(tmp) / "image.map"
        link_image(obj, target, unstripped, strip=False, map_file=map_file)
        return parse_map(map_file.read_text(), obj.name, image.stat().st_size)


def format_report(report: SizeReport, *, runtime_files: int = 6) -> str:
    """A table: parts by decreasing size, the runtime's largest files one per row."""
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    runtime: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (part, kind), size in report.parts.items():
        col = ("code", "data", "bss").index(kind)
        if part.startswith("runtime C: "):
            runtime[part.removeprefix("runtime C: ")][col] += size
            rows["runtime C"][col] += size
        else:
            rows[part][col] += size
    lines = [f"{'part':<44}{'code':>10}{'data':>10}{'bss':>10}"]

    def add(name: str, sizes: list[int]) -> None:
        lines.append(f"{name:<44}" + "".join(f"{s:>10,}" for s in sizes))

    for name, sizes in sorted(rows.items(), key=lambda kv: -sum(kv[1][:2])):
        add(name, sizes)
        if name == "runtime C":
            biggest = sorted(runtime.items(), key=lambda kv: -sum(kv[1][:2]))
            for file, fsizes in biggest[:runtime_files]:
                add("    " + file, fsizes)
            rest = [sum(s[i] for _, s in biggest[runtime_files:]) for i in range(3)]
            if any(rest):
                add(f"    {len(biggest) - runtime_files} other files", rest)
    add("total", [report.total("code"), report.total("data"), report.total("bss")])
    lines.append(f"stripped image: {report.image:,} bytes (sections, ELF headers and page "
                 "alignment)")
    return "\n".join(lines)
