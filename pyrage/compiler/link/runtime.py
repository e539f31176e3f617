"""Building the freestanding runtime of a target, once, into a content-addressed cache.

The runtime is runtime/core (target-independent language support) plus runtime/<target> (the
platform ABI of pyrage/runtime/include/pyrage/abi.h). Objects are cached under
$PYRAGE_CACHE (default ~/.cache/pyrage) keyed by a hash of every source and of the flags, so an
edit to any runtime file rebuilds exactly once and parallel builds never see a half-written cache.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from pyrage.compiler.link import toolchain

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "runtime"
NATIVE_TARGETS = ("unix", "virtio")

#: Sources optimized for size (-Os): what runs at boot, on error paths, or formats and parses
#: numbers (format specs, float repr), where speed matters less than in the allocator, the
#: collector, memory, str and bytes primitives, coroutines and device I/O (bench/kernels'
#: wordcount is 10% slower with str methods at -Os, which saved 3 KB).
FOR_SIZE = frozenset([
    "core/exceptions.c", "core/float_big.c", "core/float_dtoa.c", "core/float_format.c",
    "core/float_strtod.c", "core/format.c", "core/objeq.c", "core/objstr.c", "core/panic.c",
    "core/unicode_tables.c", "core/main.c", "core/fault.c", "core/manifest.c",
    "unix/args.c", "unix/boot.c", "unix/entropy.c", "unix/exit.c", "unix/ssp.c", "unix/stack.c",
    "virtio/boot.c", "virtio/cpu.c", "virtio/entropy.c", "virtio/exit.c", "virtio/wall.c",
    "virtio/net_open.c", "virtio/paging.c", "virtio/ssp.c",
])


def cache_root() -> Path:
    env = os.environ.get("PYRAGE_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pyrage"


def runtime_sources(target: str) -> list[Path]:
    """The C and assembly files of a target's runtime, in a stable order."""
    if target not in NATIVE_TARGETS:
        raise ValueError(f"no native runtime for target {target!r}")
    files: list[Path] = []
    for folder in (RUNTIME_DIR / "core", RUNTIME_DIR / target):
        files += sorted(p for p in folder.iterdir() if p.suffix in (".c", ".S"))
    return files


def linker_script(target: str) -> Path | None:
    script = RUNTIME_DIR / target / "link.ld"
    return script if script.exists() else None


def _fingerprint(target: str) -> str:
    h = hashlib.sha256()
    h.update(" ".join(toolchain.CFLAGS).encode())
    h.update(" ".join(sorted(FOR_SIZE)).encode())
    h.update(target.encode())
    headers = sorted((RUNTIME_DIR / "include").rglob("*.h")) + sorted(RUNTIME_DIR.glob("*/*.h"))
    for path in [*headers, *runtime_sources(target)]:
        h.update(str(path.relative_to(RUNTIME_DIR)).encode())
        h.update(path.read_bytes())
    script = linker_script(target)
    if script is not None:
        h.update(script.read_bytes())
    return h.hexdigest()[:16]


def runtime_objects(target: str) -> list[Path]:
    """Object files of the target's runtime, compiling them on first use."""
    final = cache_root() / "runtime" / f"{target}-{_fingerprint(target)}"
    sources = runtime_sources(target)
    objects = [final / f"{src.parent.name}_{src.name}.o" for src in sources]
    if final.is_dir() and all(o.exists() for o in objects):
        return objects
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target}-", dir=final.parent))
    try:
        include = RUNTIME_DIR / "include"
        for src, obj in zip(sources, objects):
            toolchain.compile_c(src, staging / obj.name, include,
                                defines=[f"PYRAGE_TARGET_{target.upper()}=1"],
                                for_size=f"{src.parent.name}/{src.name}" in FOR_SIZE)
        try:
            staging.rename(final)
        except OSError:  # another build won the race: its objects are identical
            pass
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return objects
