"""What the block-device tests of both native targets share (test_unix_block.py,
test_virtio_block.py): tests/runtime/block_app.c built for a target, disk images filled with
the pattern the app checks, and its `key value` output."""

from __future__ import annotations

from pathlib import Path

from pyrage.compiler.link import runtime, toolchain

APP = Path(__file__).with_name("block_app.c")
SECTOR = 512


def build_app(target: str, out: Path) -> Path:
    """block_app.c linked with the target's runtime: a unix executable or a virtio image."""
    obj = out / f"block_app-{target}.o"
    toolchain.compile_c(APP, obj, runtime.RUNTIME_DIR / "include")
    image = out / f"block_app-{target}"
    toolchain.link([obj, *runtime.runtime_objects(target)], image,
                   script=runtime.linker_script(target),
                   entry="_start" if target == "unix" else "pvh_start32", strip=True)
    return image


def pattern(offset: int, size: int, seed: int) -> bytes:
    """The bytes [offset, offset + size) of a device filled with pattern(seed): block_app.c's
    pattern()."""
    step, x = 0x9E3779B1, ((offset & 0xFFFFFFFF) * 0x9E3779B1 + seed * 0x85EBCA6B) & 0xFFFFFFFF
    out = bytearray(size)
    for i in range(size):
        out[i] = x >> 24
        x = (x + step) & 0xFFFFFFFF
    return bytes(out)


def make_image(path: Path, size: int, seed: int | None = None) -> Path:
    """A disk image of `size` bytes: pattern(seed), or zeros (sparse) without a seed."""
    if seed is None:
        with path.open("wb") as f:
            f.truncate(size)
    else:
        path.write_bytes(pattern(0, size, seed))
    return path


def values(lines: list[str]) -> dict[str, str]:
    """`key value` lines as a dict (a later key wins)."""
    return dict(line.partition(" ")[::2] for line in lines)


def sectors_of(path: Path, first: int, count: int = 1, sector: int = SECTOR) -> bytes:
    with path.open("rb") as f:
        f.seek(first * sector)
        return f.read(count * sector)


#: block_app.c `bounds` on a device of `sectors` sectors: every bad request is -2, the good
#: ones 0 (with their tags), whatever the target.
BOUNDS = {
    "last_sector": "0", "last_sector_tag": "1", "past_the_end": "-2", "across_the_end": "-2",
    "write_past_the_end": "-2", "huge_sector": "-2", "huge_sector_2": "-2",
    "negative_sector": "-2", "size_0": "-2", "size_100": "-2", "size_sector_plus_1": "-2",
    "size_half_sector": "-2", "size_max_request": "0", "size_max_request_tag": "3",
    "size_over_max_request": "-2", "negative_size": "-2", "offset_past_buffer": "-2",
    "negative_offset": "-2", "offset_in_buffer": "0", "offset_in_buffer_tag": "4", "op_3": "-2",
    "op_negative": "-2", "negative_tag": "-2", "handle_0": "-2", "handle_63": "-2",
    "handle_64": "-2", "handle_negative": "-2", "flush_any_range": "0", "flush_tag": "5",
    "poll_empty": "-1", "poll_bad_handle": "-2", "status_bad_handle": "1",
    "geometry_field_5": "-1", "geometry_field_negative": "-1", "geometry_bad_handle": "-1",
    "geometry_handle_64": "-1",
}
