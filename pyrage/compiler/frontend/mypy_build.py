"""Type-check a program with mypy (strict) and keep what the compiler needs: ASTs and types.

The build is deliberately not incremental: mypy drops the AST of a module it loads from its
cache, and the compiler needs every body. A cold build of a unikernel takes well under a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mypy import build
from mypy.errors import CompileError as MypyCompileError
from mypy.main import process_options
from mypy.modulefinder import BuildSource
from mypy.nodes import Expression, MypyFile
from mypy.types import Type

import pyrage
from pyrage.errors import CompileError, Diagnostic

PYRAGE_ROOT = Path(pyrage.__file__).resolve().parent

#: pyrage modules that never run compiled: the hosted platform and the tool itself.
HOSTED_ONLY = ("pyrage.impls.hosted", "pyrage.config", "pyrage.compiler", "pyrage.cli",
               "pyrage.launch", "pyrage.errors")

_MYPY_LINE = re.compile(r"^(?P<path>.*?):(?:(?P<line>\d+):)?(?:(?P<col>\d+):)? "
                        r"(?P<sev>error|note): (?P<msg>.*)$", re.DOTALL)


@dataclass
class TypedProgram:
    """The result of the front end: every module's AST with the type of every expression."""

    entry: str  # module name of the entry file
    modules: dict[str, MypyFile]
    types: dict[Expression, Type]
    compiled: set[str]  # the modules whose code is compiled (the others are only type-checked)
    source_roots: list[Path] = field(default_factory=list)

    def display_path(self, module: str) -> str:
        return self.modules[module].path


def _pyrage_search_path() -> list[str]:
    """Where mypy finds pyrage itself: site-packages works through py.typed; a source checkout
    (editable install) is added explicitly, since mypy cannot follow editable-install hooks."""
    parent = PYRAGE_ROOT.parent
    if parent.name in ("site-packages", "dist-packages"):
        return []
    return [str(parent)]


def mypy_options(search_paths: list[Path]) -> object:
    _, options = process_options([
        "--strict", "--show-column-numbers", "--show-error-codes", "--no-error-summary",
        "--no-color-output", "--config-file", "", "--cache-dir", "/dev/null",
        "--no-incremental", "-c", "pass",  # the real sources are passed to build() below
    ])
    options.export_types = True
    options.preserve_asts = True
    options.incremental = False
    options.mypy_path = [str(p) for p in search_paths] + _pyrage_search_path()
    return options


def is_compiled_module(name: str, path: str | None, roots: list[Path]) -> bool:
    """Compiled: the app's own modules and pyrage's runtime packages; not stubs, not the CPython
    standard library, not third-party packages (attrs, typing_extensions are understood by the
    compiler, never compiled)."""
    if path is None or not path.endswith(".py"):
        return False
    if name == "pyrage" or name.startswith("pyrage."):
        return not any(name == h or name.startswith(h + ".") for h in HOSTED_ONLY)
    resolved = Path(path).resolve()
    return any(resolved.is_relative_to(r) for r in roots)


def parse_mypy_messages(lines: list[str]) -> list[Diagnostic]:
    diags = []
    for text in lines:
        m = _MYPY_LINE.match(text)
        if m is None:
            diags.append(Diagnostic("<mypy>", 0, 0, text))
            continue
        # A message quoting the user's text may hold a newline (TypeVar("\n")): one line
        # per diagnostic, as the rest of the message says it.
        message = m["msg"].replace("\r", "\\r").replace("\n", "\\n")
        diags.append(Diagnostic(m["path"], int(m["line"] or 0), int(m["col"] or 0), message,
                                severity=m["sev"]))
    return diags


def typecheck(entry: Path, module: str, search_paths: list[Path]) -> tuple[TypedProgram, list[Diagnostic]]:
    """Run mypy on `entry` (as module `module`) and everything it imports.

    Returns the typed program and mypy's diagnostics (errors and notes, in mypy's order).
    A syntax error or a crash of mypy itself becomes a CompileError here.
    """
    options = mypy_options(search_paths)
    roots = [p.resolve() for p in search_paths] + [entry.parent.resolve()]
    from pyrage.compiler.irbuild.builtin_classes import stdlib_modules

    sources = [BuildSource(str(entry), module)]
    sources += [BuildSource(None, name) for name in stdlib_modules()]  # builtin types' code
    try:
        result = build.build(sources, options)  # type: ignore[arg-type]
    except MypyCompileError as e:  # syntax errors and blocking errors
        raise CompileError(parse_mypy_messages(list(e.messages))) from None
    modules = {name: st.tree for name, st in result.graph.items() if st.tree is not None}
    compiled = {name for name, st in result.graph.items()
                if st.tree is not None and is_compiled_module(name, st.path, roots)}
    program = TypedProgram(module, modules, result.types, compiled, roots)
    return program, parse_mypy_messages(result.errors)
