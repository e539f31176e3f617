"""`pyrage run -t hosted`: CPython runs the program, trapping 64-bit overflow as the images do.

    python -m pyrage.launch.hosted ENTRY.py [boot arguments]

A native pyrage int is 64-bit: where CPython would grow an int past that, a unix or virtio
image stops with `FILE:LINE: fatal: integer overflow (pyrage ints are 64-bit)` and SIGABRT
(runtime/core/panic.c), and `int.from_bytes` raises OverflowError. Under plain CPython the
same program would print a big number and go on, so hosted would not rehearse the images
faithfully. This runner compiles the entry file, and every module imported from the
program's own directories (the PYTHONPATH entries, minus pyrage's package), from an AST in
which each operation that can leave the int range is followed by a check at its own line:
`+ - * // ** <<` and unary `-`, their augmented assignments, and the builtins that make
ints (`int`, `abs`, `sum`, `round`, `pow`, the `math` functions that return ints). Values
that are not ints pass through untouched. `typing.cast(T, v)` is checked too, as the images
check it (a value that is not a T stops the program at the cast's line).

pyrage's own modules run as they are: they are compiled for every image and checked there by
the differential tests, and instrumenting the network stack would slow hosted runs for no
finding. A traceback shows the program's frames only, as CPython's would.
"""

from __future__ import annotations

import ast
import importlib.abc
import importlib.machinery
import os
import signal
import sys
import types
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1

#: The names the instrumented code calls. One leading underscore: a double one would be
#: mangled inside class bodies.
CHECK = "_pyrage_int_"
CHECK_BYTES = "_pyrage_from_bytes_"
CHECK_CAST = "_pyrage_cast_"

#: Arithmetic that can leave the int range (& | ^ >> and % cannot).
GROWING = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Pow, ast.LShift)
#: Builtins that make an int out of something else, and the math functions that do.
INT_BUILTINS = frozenset({"int", "abs", "sum", "round", "pow"})
INT_MATH = frozenset({"floor", "ceil", "trunc", "prod", "factorial", "comb", "perm", "lcm",
                      "isqrt"})


class OverflowChecks(ast.NodeTransformer):
    """Wraps each int-producing expression in a check at its line. Annotations are left as
    they are: they are types, and `from __future__ import annotations` keeps them as text."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, GROWING) and not _constant(node.left, node.right):
            return _check(CHECK, node)
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.USub) and not _constant(node.operand):
            return _check(CHECK, node)  # -(-2**63)
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        func = node.func
        if (isinstance(func, ast.Name) and func.id == "cast"
                or isinstance(func, ast.Attribute) and func.attr == "cast") and \
                len(node.args) == 2 and not node.keywords:
            # cast(T, v) -> _pyrage_cast_(T, v, line): checked, as the images check it
            call = ast.Call(func=ast.Name(id=CHECK_CAST, ctx=ast.Load()),
                            args=[*node.args, ast.Constant(value=node.lineno)], keywords=[])
            return ast.copy_location(call, node)
        if isinstance(func, ast.Name) and func.id in INT_BUILTINS:
            return _check(CHECK, node)
        if isinstance(func, ast.Attribute):
            if func.attr == "from_bytes":
                return _check(CHECK_BYTES, node)
            if (isinstance(func.value, ast.Name) and func.value.id == "math"
                    and func.attr in INT_MATH):
                return _check(CHECK, node)
        return node

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST | list[ast.stmt]:
        self.generic_visit(node)
        if not isinstance(node.op, GROWING):
            return node
        reread = _reread(node.target)
        if reread is None:  # a target with calls in it cannot be read again without effects
            return node
        after = ast.Expr(_check(CHECK, reread, like=node))
        return [node, ast.copy_location(after, node)]

    # --- annotations stay as written ----------------------------------------------------------

    def visit_arg(self, node: ast.arg) -> ast.AST:
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        return self._function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        return self._function(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.AST:
        returns, node.returns = node.returns, None
        self.generic_visit(node)
        node.returns = returns
        return node


def _constant(*nodes: ast.expr) -> bool:
    """An operation on literals only: `-1`, `1 << 8`. Literals are in range (the compiler
    refuses others), and these small ones are everywhere: checking them costs for nothing."""
    def small(n: ast.expr) -> bool:
        return isinstance(n, ast.Constant) and isinstance(n.value, int) and abs(n.value) < 2**31
    return all(small(n) for n in nodes)


def _check(name: str, value: ast.expr, like: ast.AST | None = None) -> ast.Call:
    where = like or value
    call = ast.Call(func=ast.Name(id=name, ctx=ast.Load()),
                    args=[value, ast.Constant(value=getattr(where, "lineno", 0))], keywords=[])
    ast.copy_location(call, where)
    return call


def _reread(target: ast.expr) -> ast.expr | None:
    """The augmented assignment's target as an expression that reads it again, if reading it
    again has no effect: a name, or attributes and subscripts of names and literals."""
    if isinstance(target, ast.Name):
        return ast.Name(id=target.id, ctx=ast.Load())
    if isinstance(target, ast.Attribute):
        base = _reread(target.value)
        return None if base is None else ast.Attribute(value=base, attr=target.attr,
                                                       ctx=ast.Load())
    if isinstance(target, ast.Subscript):
        base = _reread(target.value)
        index = target.slice
        if base is None or not isinstance(index, (ast.Name, ast.Constant)):
            return None
        return ast.Subscript(value=base, slice=index, ctx=ast.Load())
    return None


def checks_for(path: str) -> dict[str, Callable[..., Any]]:
    """The functions an instrumented module calls, reporting `path` as its file."""
    def check_int(value: Any, line: int) -> Any:
        if value.__class__ is int and not INT_MIN <= value <= INT_MAX:
            trap_overflow(path, line)
        return value

    def check_from_bytes(value: Any, line: int) -> Any:
        if value.__class__ is int and not INT_MIN <= value <= INT_MAX:
            raise OverflowError("int too big for pyrage's 64-bit int")  # runtime/core/rawbytes.c
        return value

    def check_cast(target: Any, value: Any, line: int) -> Any:
        if not conforms(value, target):
            trap(path, line, f"cast() to {type_name(target)} of a {type(value).__name__} "
                             "(pyrage keeps each value in its declared type; CPython's cast() "
                             "checks nothing)")
        return value

    return {CHECK: check_int, CHECK_BYTES: check_from_bytes, CHECK_CAST: check_cast}


def conforms(value: Any, target: Any) -> bool:
    """Whether a compiled cast(target, value) passes: value is of the class target names (an
    int is not a float there: the images keep the two apart). Forward references in strings
    and the typing forms not listed here pass, as under CPython."""
    if target is None or target is type(None):
        return value is None
    if typing.get_origin(target) in (typing.Union, types.UnionType):
        return any(conforms(value, t) for t in typing.get_args(target))
    origin = typing.get_origin(target) or target
    if origin is float:
        return type(value) is float
    if isinstance(origin, type):
        return isinstance(value, origin)
    return True


def type_name(target: Any) -> str:
    """The target as the images name it: `int`, `Sub`, `list[int]`, `int | None`."""
    if target is None or target is type(None):
        return "None"
    if typing.get_origin(target) in (typing.Union, types.UnionType):
        return " | ".join(type_name(t) for t in typing.get_args(target))
    if isinstance(target, type):
        return target.__name__
    return str(target).replace("typing.", "")


def trap_overflow(path: str, line: int) -> None:
    trap(path, line, "integer overflow (pyrage ints are 64-bit)")


def trap(path: str, line: int, what: str) -> None:
    """What the images do (runtime/core/panic.c): one line, then SIGABRT. Not an exception:
    no `except` catches it there either."""
    sys.stdout.flush()
    sys.stderr.write(f"{path}:{line}: fatal: {what}\n")
    sys.stderr.flush()
    os.abort()


def instrumented(source: bytes, path: str) -> types.CodeType:
    tree = OverflowChecks().visit(ast.parse(source, filename=path))
    ast.fix_missing_locations(tree)
    code: types.CodeType = compile(tree, path, "exec", dont_inherit=True)
    return code


class CheckedLoader(importlib.machinery.SourceFileLoader):
    """A program module: compiled instrumented, never from or into __pycache__ (the cached
    bytecode there is the plain one that tests and other tools import)."""

    def get_code(self, fullname: str) -> types.CodeType:
        path = self.get_filename(fullname)
        return instrumented(self.get_data(path), path)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__dict__.update(checks_for(self.get_filename(module.__name__)))
        super().exec_module(module)


class ProgramFinder(importlib.abc.MetaPathFinder):
    """Finds modules as the path finder does, and hands those under the program's roots (but
    not pyrage's own) to CheckedLoader."""

    def __init__(self, roots: Sequence[Path], exclude: Path) -> None:
        self.roots = [r.resolve() for r in roots]
        self.exclude = exclude.resolve()

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            return spec
        origin = Path(spec.origin).resolve()
        if self.exclude in origin.parents or not any(r in origin.parents for r in self.roots):
            return spec
        spec.loader = CheckedLoader(fullname, spec.origin)
        return spec


def program_roots() -> list[Path]:
    """The program's directories: what `pyrage run` put on PYTHONPATH."""
    return [Path(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]


def run(entry: str, boot_args: list[str]) -> int:
    import pyrage

    roots = program_roots() + [Path(entry).resolve().parent]
    sys.meta_path.insert(0, ProgramFinder(roots, Path(pyrage.__file__).parent))
    sys.argv = [entry, *boot_args]
    sys.path[0] = os.path.dirname(os.path.abspath(entry))  # as `python ENTRY` has it
    main = types.ModuleType("__main__")
    main.__file__ = entry
    main.__dict__.update(checks_for(os.path.abspath(entry)))
    sys.modules["__main__"] = main
    code = instrumented(Path(entry).read_bytes(), os.path.abspath(entry))
    try:
        exec(code, main.__dict__)
    except SystemExit:
        raise
    except BaseException as e:  # noqa: BLE001 - reported as CPython would, without our frame
        tb = e.__traceback__.tb_next if e.__traceback__ is not None else None
        sys.excepthook(type(e), e.with_traceback(tb), tb)  # the hook prints e.__traceback__
        if isinstance(e, KeyboardInterrupt):  # die of SIGINT, as CPython does
            sys.stderr.flush()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        return 1
    return 0


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: python -m pyrage.launch.hosted ENTRY.py [boot arguments]")
    sys.exit(run(sys.argv[1], sys.argv[2:]))


if __name__ == "__main__":
    main()
