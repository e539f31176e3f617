"""Storage devices for config.py: block devices and the key-value stores on them.

    import unikernel
    from pyrage.config import block, job, kv_rw

    job("kv-store", unikernel.Main, kv=kv_rw(block("disk")))

`tar_ro(blk)` is a read-only store of the files of a tar archive on a block device.
`kv_ro("dir")` is a read-only store of the files under `dir` (relative to config.py),
compiled into the image (pyrage/functors/storage/crunch.py): no disk needed.
`block("name")` is the block device attached as `name` when the unikernel starts
(`--block:NAME=PATH`, which `pyrage run --block NAME=PATH` passes). `kv_rw(blk)` is the
crash-safe key-value store on it (pyrage/functors/storage/kvlog.py, docs/storage.md): the
generated main.py connects it (formatting a zeroed device) before the app starts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from pyrage.config.dsl import TARGETS, Device, _caller_line, described
from pyrage.errors import ConfigError

if TYPE_CHECKING:
    from pyrage.signatures.block import BLOCK
    from pyrage.signatures.kv import KV_RO, KV_RW

_BLOCK_NAME = re.compile(r"^[a-z][a-z0-9_]{0,15}$")
STORAGE = "pyrage.functors.storage"


def _everywhere(impl: str) -> dict[str, str]:
    return {t: impl for t in TARGETS}


def block(name: str = "disk") -> BLOCK:
    """BLOCK: the block device `name`, attached when the unikernel starts."""
    line = _caller_line()
    if not _BLOCK_NAME.match(name):
        raise ConfigError(f"config.py:{line}: block({name!r}): a block device's name is a "
                          "lower-case word (letters, digits, _), at most 16 characters")
    return cast("BLOCK", Device("BLOCK", _everywhere("pyrage.impls.block.Block"), line,
                                params={"name": name}))


def kv_rw(blk: BLOCK) -> KV_RW:
    """KV_RW: the crash-safe key-value store on the block device blk."""
    line = _caller_line()
    disk = _block_device(blk, line, "kv_rw")
    clock = Device("PCLOCK", _everywhere("pyrage.impls.pclock.Pclock"), line)
    return cast("KV_RW", Device("KV_RW", _everywhere(f"{STORAGE}.kvlog.KvLog"), line,
                                deps={"block": disk, "clock": clock}, connect=True))


def _block_device(blk: object, line: int, what: str) -> Device:
    disk = described(blk, line, f"{what}(blk): blk must be a block device, block(\"name\")")
    if disk.signature != "BLOCK":
        raise ConfigError(f"config.py:{line}: {what}(blk): blk must be a block device, "
                          "block(\"name\")")
    return disk


def kv_ro(directory: str) -> KV_RO:
    """KV_RO: the files under `directory` (relative to config.py's folder), compiled into the
    image when the app is configured."""
    line = _caller_line()
    if not isinstance(directory, str) or not directory:
        raise ConfigError(f"config.py:{line}: kv_ro(directory): the directory to embed, "
                          "e.g. kv_ro(\"htdocs\")")
    return cast("KV_RO", embedded(directory, line))


def embedded(directory: str, line: int) -> Device:
    """The KV_RO of directory's files for a config.py call at line."""
    module = f"crunch_line{line}"  # its data module, written beside main.py
    return Device("KV_RO", _everywhere(f"{module}.store"), line, embed=directory)


def tar_ro(blk: BLOCK) -> KV_RO:
    """KV_RO: the files of a tar archive on the block device blk (made on the host with
    `tar -cf site.tar -C site .`)."""
    line = _caller_line()
    disk = _block_device(blk, line, "tar_ro")
    return cast("KV_RO", Device("KV_RO", _everywhere(f"{STORAGE}.tar.TarKv"), line,
                                deps={"block": disk}, connect=True))
