"""Storage devices for config.py: block devices and the key-value stores on them.

    from pyrage.config import block, job, kv_rw, pclock

    job(name="kv-store", main="unikernel.Main", devices={"kv": kv_rw(block("disk"))})

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

from pyrage.config.dsl import TARGETS, Device, _caller_line
from pyrage.errors import ConfigError

_BLOCK_NAME = re.compile(r"^[a-z][a-z0-9_]{0,15}$")
STORAGE = "pyrage.functors.storage"


def _everywhere(impl: str) -> dict[str, str]:
    return {t: impl for t in TARGETS}


def block(name: str = "disk") -> Device:
    """BLOCK: the block device `name`, attached when the unikernel starts."""
    line = _caller_line()
    if not _BLOCK_NAME.match(name):
        raise ConfigError(f"config.py:{line}: block({name!r}): a block device's name is a "
                          "lower-case word (letters, digits, _), at most 16 characters")
    return Device("BLOCK", _everywhere("pyrage.impls.block.Block"), line,
                  params={"name": name})


def kv_rw(blk: Device) -> Device:
    """KV_RW: the crash-safe key-value store on the block device blk."""
    line = _caller_line()
    if not isinstance(blk, Device) or blk.signature != "BLOCK":
        raise ConfigError(f"config.py:{line}: kv_rw(blk): blk must be a block device, "
                          "block(\"name\")")
    clock = Device("PCLOCK", _everywhere("pyrage.impls.pclock.Pclock"), line)
    return Device("KV_RW", _everywhere(f"{STORAGE}.kvlog.KvLog"), line,
                  deps={"block": blk, "clock": clock}, connect=True)


def kv_ro(directory: str) -> Device:
    """KV_RO: the files under `directory` (relative to config.py's folder), compiled into the
    image when the app is configured."""
    line = _caller_line()
    if not isinstance(directory, str) or not directory:
        raise ConfigError(f"config.py:{line}: kv_ro(directory): the directory to embed, "
                          "e.g. kv_ro(\"htdocs\")")
    return embedded(directory, line)


def embedded(directory: str, line: int) -> Device:
    """The KV_RO of directory's files for a config.py call at line."""
    module = f"crunch_line{line}"  # its data module, written beside main.py
    return Device("KV_RO", _everywhere(f"{module}.store"), line, embed=directory)


def tar_ro(blk: Device) -> Device:
    """KV_RO: the files of a tar archive on the block device blk (made on the host with
    `tar -cf site.tar -C site .`)."""
    line = _caller_line()
    if not isinstance(blk, Device) or blk.signature != "BLOCK":
        raise ConfigError(f"config.py:{line}: tar_ro(blk): blk must be a block device, "
                          "block(\"name\")")
    return Device("KV_RO", _everywhere(f"{STORAGE}.tar.TarKv"), line, deps={"block": blk},
                  connect=True)
