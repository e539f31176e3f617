"""Object file + the target's runtime -> a bootable image."""

from __future__ import annotations

from pathlib import Path

from pyrage.compiler.link import runtime, toolchain


def link_image(obj: Path, target: str, out: Path, *, strip: bool = True,
               map_file: Path | None = None) -> Path:
    """Link the compiled program with the target's runtime into `out` (an ELF); `map_file`
    receives the linker's map (link/sizes.py reads it)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    objects = [obj, *runtime.runtime_objects(target)]
    entry = "_start" if target == "unix" else "pvh_start32"
    toolchain.link(objects, out, script=runtime.linker_script(target), entry=entry, strip=strip,
                   map_file=map_file)
    return out
