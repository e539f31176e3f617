"""The LLVM target machine of each native target, the O2 pipeline, and object emission.

Both native targets are freestanding x86_64 with the baseline CPU (SSE2): the unix image runs on
any x86_64 Linux, the virtio image on any x86_64 VMM. The virtio boot code enables SSE.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import llvmlite.binding as llvm

from pyrage.errors import PyrageError

TRIPLE = "x86_64-unknown-none-elf"


@dataclass(frozen=True)
class TargetSpec:
    name: str
    #: LLVM function attributes added to every function. Interrupts on virtio arrive on the
    #: current stack, so nothing may live below the stack pointer (the SysV red zone).
    function_attributes: tuple[str, ...]


TARGETS = {
    "unix": TargetSpec("unix", ("nounwind",)),
    "virtio": TargetSpec("virtio", ("nounwind", "noredzone")),
}


@functools.cache
def _initialize() -> None:
    llvm.initialize_all_targets()
    llvm.initialize_all_asmprinters()
    llvm.initialize_native_asmparser()  # without it, an object with inline asm aborts


@functools.cache
def target_machine() -> llvm.TargetMachine:
    _initialize()
    target = llvm.Target.from_triple(TRIPLE)
    return target.create_target_machine(cpu="x86-64", features="", opt=2, reloc="static",
                                        codemodel="small")


def target_data() -> llvm.TargetData:
    return target_machine().target_data


def optimize_and_emit(llvm_ir: str, *, opt_level: int = 2) -> tuple[bytes, str]:
    """Parse, verify, optimize (new pass manager, O2) and emit an object file.

    Returns the object and the optimized IR's text (for --emit-llvm).
    """
    tm = target_machine()
    try:
        module = llvm.parse_assembly(llvm_ir)
        module.verify()
    except RuntimeError as e:
        raise PyrageError(f"internal error: the compiler produced invalid LLVM IR: {e}") from None
    module.triple = TRIPLE
    module.data_layout = str(tm.target_data)
    if opt_level > 0:
        pto = llvm.create_pipeline_tuning_options(speed_level=opt_level)
        pb = llvm.create_pass_builder(tm, pto)
        mpm = pb.getModulePassManager()
        # Specializations of generic code often compile to the same machine code (a
        # dict's probe loop for two value types): keep one of each.
        mpm.add_merge_functions_pass()
        mpm.run(module, pb)
    return tm.emit_object(module), str(module)
