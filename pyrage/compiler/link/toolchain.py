"""The C/asm toolchain: clang and lld from the `ziglang` wheel, so no system compiler is needed.

Every target is x86_64 and freestanding: the runtime never sees a libc header or library.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pyrage.errors import ToolchainError

#: Flags shared by every runtime source. -mno-red-zone because on virtio interrupts arrive on the
#: interrupted code's stack; -ffreestanding so clang assumes no libc (and emits no builtin calls
#: except memcpy/memset/memmove/memcmp, which runtime/core/mem.c provides). The stack protector
#: guards every function with an array or an address-taken local; its guard is the global
#: __stack_chk_guard (no TLS here), set by each target's ssp.c (docs/security.md). zig cc
#: refuses -fstack-protector-strong without a libc ("enabling stack protection requires libc"),
#: so the same setting goes straight to clang's front end: -stack-protector 2 is "strong".
CFLAGS = [
    "-target", "x86_64-freestanding-none",
    "-std=c11", "-O2", "-g0",
    "-ffreestanding", "-nostdlib", "-fno-pic", "-fno-pie",
    "-Xclang", "-stack-protector", "-Xclang", "2",
    "-Xclang", "-mstack-protector-guard=global",
    "-fno-asynchronous-unwind-tables", "-fno-unwind-tables",
    "-ffunction-sections", "-fdata-sections",
    "-mno-red-zone", "-mcmodel=small",
    "-Wall", "-Wextra", "-Werror",
]


def _zig(*args: str) -> list[str]:
    return [sys.executable, "-m", "ziglang", *args]


def run_tool(argv: list[str], what: str) -> None:
    """Run one toolchain command; a failure becomes a ToolchainError that shows its output."""
    try:
        proc = subprocess.run(argv, capture_output=True, text=True)
    except OSError as e:  # pragma: no cover - python itself is missing
        raise ToolchainError(f"{what}: cannot run {argv[0]}: {e}") from None
    if proc.returncode != 0:
        out = (proc.stdout + proc.stderr).strip()
        raise ToolchainError(f"{what} failed ({' '.join(argv[2:5])} ...):\n{out}")


def compile_c(source: Path, obj: Path, include: Path, defines: list[str] | None = None,
              *, for_size: bool = False) -> None:
    """Compile (or assemble, for .S) one runtime source to an object file; `for_size`
    optimizes it for size (-Os) rather than speed."""
    flags = [("-Os" if f == "-O2" else f) for f in CFLAGS] if for_size else CFLAGS
    argv = _zig("cc", *flags, f"-I{include}", *(f"-D{d}" for d in defines or []),
                "-c", str(source), "-o", str(obj))
    run_tool(argv, f"compiling {source.name}")


def link(objects: list[Path], out: Path, *, script: Path | None, entry: str, strip: bool,
         map_file: Path | None = None) -> None:
    """Link a static, freestanding ELF. --gc-sections drops every runtime function not used.

    noexecstack: PT_GNU_STACK without X. norelro: nothing in these images is written at load
    time (no .got, .data.rel.ro, .init_array: tests/runtime/test_hardening.py checks), and no
    loader would seal a PT_GNU_RELRO of a static image anyway (docs/security.md)."""
    argv = _zig("ld.lld", "-static", "-nostdlib", "--gc-sections", "--build-id=none",
                "-z", "noexecstack", "-z", "norelro", "-e", entry, "-o", str(out))
    if script is not None:
        argv += ["-T", str(script), "-n"]
    if strip:
        argv.append("--strip-all")
    if map_file is not None:
        argv.append(f"-Map={map_file}")
    argv += [str(o) for o in objects]
    run_tool(argv, f"linking {out.name}")
