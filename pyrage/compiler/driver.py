"""The compiler's pipeline, in order. Each stage is a plain function of the one before.

    typecheck      mypy (strict) -> typed ASTs             frontend/mypy_build.py
    check_subset   constructs pyrage compiles               frontend/subset.py
    build_ir       monomorphized IR from the entry module   irbuild/program.py
    transforms     IR -> IR, one pass per file              transform/
                   (unbound_locals, outline_raises, may_raise, exceptions, dead_blocks,
                   inline_small)
    emit_module    IR -> LLVM IR                            codegen/emit.py
    optimize/emit  LLVM O2 -> object file                   codegen/target.py
    link_image     object + runtime -> ELF image            link/image.py
                   (the device manifest, pyrage/manifest.py, is a note in the object)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyrage import manifest
from pyrage.compiler.frontend import protocols
from pyrage.compiler.frontend.evaluation_order import check_evaluation_order
from pyrage.compiler.frontend.mypy_build import TypedProgram, typecheck
from pyrage.compiler.frontend.subset import check_subset
from pyrage.compiler.ir.func import FuncIR, ProgramIR
from pyrage.compiler.irbuild.program import ProgramBuilder
from pyrage.compiler.transform.dead_blocks import remove_dead_blocks
from pyrage.compiler.transform.exceptions import insert_exception_checks
from pyrage.compiler.transform.inline_small import mark_small_primitives
from pyrage.compiler.transform.may_raise import mark_calls_that_cannot_raise
from pyrage.compiler.transform.outline_raises import outline_raises
from pyrage.compiler.transform.unbound_locals import check_unbound_locals
from pyrage.errors import CompileError, Diagnostic

#: IR -> IR passes, run first on every function: the whole-program passes see their result
#: (a read check they delete is not an op that can raise).
EARLY_FUNCTION_PASSES: list[Callable[[FuncIR], None]] = [
    check_unbound_locals,
]

#: Whole-program IR passes, run next, in this order.
PROGRAM_PASSES: list[Callable[[ProgramIR], None]] = [
    outline_raises,
    mark_calls_that_cannot_raise,
]

#: IR -> IR passes, run on every function in this order.
FUNCTION_PASSES: list[Callable[[FuncIR], None]] = [
    insert_exception_checks,
    remove_dead_blocks,
    mark_small_primitives,
]


@dataclass
class Timings:
    stages: dict[str, float] = field(default_factory=dict)
    #: Told the name of each stage as it starts (the CLI's progress line), if set.
    progress: Callable[[str], None] | None = None

    def measure(self, stage: str, start: float) -> None:
        self.stages[stage] = time.perf_counter() - start

    def starting(self, what: str) -> None:
        if self.progress is not None:
            self.progress(what)


def front_end(entry: Path, module: str, search_paths: list[Path],
              timings: Timings | None = None) -> TypedProgram:
    """mypy plus the subset check: every error at once, or a typed program."""
    timings = timings or Timings()
    timings.starting("type-checking (mypy)")
    t = time.perf_counter()
    program, mypy_diags = typecheck(entry, module, search_paths)
    timings.measure("typecheck", t)
    t = time.perf_counter()
    subset = check_subset(program)  # syntactic, so meaningful even when mypy found errors
    subset += check_evaluation_order(program)
    timings.measure("subset", t)
    if subset or any(d.severity == "error" for d in mypy_diags):
        diags = protocols.explain(program, mypy_diags) + subset
        raise CompileError(sorted(diags, key=lambda d: (d.path, d.line)))
    return program


def build_ir(program: TypedProgram, timings: Timings | None = None) -> ProgramIR:
    import sys

    # irbuild walks nested statements recursively: a 400-branch elif chain is 400 levels.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    timings = timings or Timings()
    timings.starting("building pyrage IR (monomorphizing)")
    t = time.perf_counter()
    ir = ProgramBuilder(program).build()
    for fn in ir.functions:
        for early in EARLY_FUNCTION_PASSES:
            early(fn)
    for program_pass in PROGRAM_PASSES:
        program_pass(ir)
    for fn in ir.functions:
        for transform in FUNCTION_PASSES:
            transform(fn)
    timings.measure("irbuild", t)
    return ir


@dataclass
class Artifacts:
    image: Path
    object: Path
    llvm_ir: str
    timings: Timings


def compile_to_image(entry: Path, module: str, search_paths: list[Path], target: str,
                     out: Path, *, work_dir: Path, emit_ir: Path | None = None,
                     emit_llvm: Path | None = None,
                     progress: Callable[[str], None] | None = None,
                     devices: Sequence[manifest.Device] = ()) -> Artifacts:
    """The whole pipeline for a native target. `devices` are the image's device manifest
    (pyrage/manifest.py): the only devices its runtime will drive."""
    from pyrage.compiler.codegen.emit import emit_module
    from pyrage.compiler.codegen.target import TARGETS, optimize_and_emit
    from pyrage.compiler.ir.pprint import format_program
    from pyrage.compiler.link.image import link_image

    timings = Timings(progress=progress)
    program = front_end(entry, module, search_paths, timings)
    ir = build_ir(program, timings)
    if emit_ir is not None:
        emit_ir.write_text(format_program(ir))
    timings.starting("generating code (LLVM)")
    t = time.perf_counter()
    llvm_text = emit_module(ir, TARGETS[target]) + manifest.llvm_global(list(devices))
    obj_bytes, optimized = optimize_and_emit(llvm_text)
    timings.measure("codegen", t)
    if emit_llvm is not None:
        emit_llvm.write_text(optimized)
    work_dir.mkdir(parents=True, exist_ok=True)
    obj = work_dir / f"{out.name}.o"
    obj.write_bytes(obj_bytes)
    timings.starting("linking")
    t = time.perf_counter()
    link_image(obj, target, out)
    timings.measure("link", t)
    return Artifacts(out, obj, optimized, timings)


def diagnostics_of(error: CompileError) -> list[Diagnostic]:
    return error.diagnostics
