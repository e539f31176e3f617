"""Compiler test cases as data: `[case NAME]` blocks in tests/compiler/cases/*.test.

    [case int_floor_division]
    print(7 // 2, -7 // 2)
    [out]
    3 -4

Sections after the program:
  [out]            expected stdout; CPython must print exactly this too (the oracle)
  [exit N]         expected exit status (default 0), for CPython and compiled alike
  [stderr]         lines that compiled stderr must contain
  [pyrage-only]    no CPython comparison: pyrage deliberately differs (64-bit int traps)
  [error]          compilation must fail with exactly these diagnostics (paths: main.py)
  [ir]             the IR of the listed functions must be exactly this
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_HEADER = re.compile(r"^\[(?P<name>[a-z-]+)(?: (?P<arg>[^\]]+))?\]\s*$")


@dataclass
class Case:
    name: str
    file: Path
    line: int
    program: str
    out: str | None = None
    exit: int = 0
    stderr: list[str] = field(default_factory=list)
    pyrage_only: bool = False
    error: list[str] | None = None
    ir: str | None = None


def parse(path: Path) -> list[Case]:
    cases: list[Case] = []
    current: Case | None = None
    section = "program"
    lines: list[str] = []

    def flush() -> None:
        if current is None:
            return
        text = "\n".join(lines).strip("\n") + "\n" if lines else ""
        if section == "program":
            current.program = text
        elif section == "out":
            current.out = text
        elif section == "stderr":
            current.stderr = [line for line in text.splitlines() if line]
        elif section == "error":
            current.error = [line for line in text.splitlines() if line]
        elif section == "ir":
            current.ir = text

    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        m = _HEADER.match(raw)
        if m is None:
            lines.append(raw)
            continue
        flush()
        lines = []
        kind, arg = m["name"], m["arg"]
        if kind == "case":
            current = Case(arg or f"line{number}", path, number, "")
            cases.append(current)
            section = "program"
        elif current is None:
            raise ValueError(f"{path}:{number}: [{kind}] before any [case]")
        elif kind == "exit":
            current.exit = int(arg or "0")
            section = "ignore"
        elif kind == "pyrage-only":
            current.pyrage_only = True
            section = "ignore"
        elif kind in ("out", "stderr", "error", "ir"):
            section = kind
        else:
            raise ValueError(f"{path}:{number}: unknown section [{kind}]")
    flush()
    return cases


def update_out(path: Path, case_name: str, new_out: str) -> None:
    """Rewrite one case's [out] section in place (for --update-data)."""
    text = path.read_text().splitlines()
    out: list[str] = []
    in_case = in_out = False
    replaced = False
    for raw in text:
        m = _HEADER.match(raw)
        if m is not None:
            if in_out and not replaced:
                out += new_out.rstrip("\n").splitlines()
                replaced = True
                if m["name"] == "case":
                    out.append("")
            in_out = False
            if m["name"] == "case":
                in_case = m["arg"] == case_name
            elif in_case and m["name"] == "out":
                in_out = True
                out.append(raw)
                continue
        if not in_out:
            out.append(raw)
    if in_out and not replaced:
        out += new_out.rstrip("\n").splitlines()
    path.write_text("\n".join(out) + "\n")
