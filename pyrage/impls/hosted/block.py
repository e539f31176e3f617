"""The block-device half of the platform ABI in CPython, for the hosted target and for tests.

A device name is bound to a *disk* before the app acquires it:

- `--block:NAME=PATH` in the process's arguments (what `pyrage run -t hosted --block` passes,
  as on unix): a `FileDisk`, the file's bytes through pread/pwrite, flush = fdatasync;
- `attach(name, disk)` in a test: an `EmulatedDisk`, which keeps apart what reads see and what
  a power cut would leave, and can fail sectors, rot bits and cut the power after N writes, as
  littlefs's emulated block device does. `image_after_power_cut` then gives one of the images
  the device allows: every flushed write, and any subset of the unflushed ones, each sector
  old, new, or torn.

Requests complete inside block_submit (the completion is queued until block_poll takes it), so
the handle is in the ready set while completions are pending. Nothing here is compiled.
"""

from __future__ import annotations

import os
import random
import sys
from collections import deque

from pyrage.stdlib.rawbytes import RawBytes

AGAIN = -1
EINVAL = -2
READ, WRITE, FLUSH = 0, 1, 2
QUEUE_DEPTH = 32
MAX_REQUEST = 1 << 20


class PowerCut(BaseException):
    """The emulated power went off: the program stops where it is (a BaseException, so that no
    `except Exception` in the app catches it). The test then recovers from
    EmulatedDisk.image_after_power_cut()."""


class Disk:
    """What backs a hosted block device."""

    sector_size = 512
    sectors = 0
    read_only = False

    def read(self, sector: int, count: int) -> bytes | None:
        """count sectors from sector, or None when the device fails the read."""
        raise NotImplementedError

    def write(self, sector: int, data: bytes) -> bool:
        """Writes whole sectors; False when the device fails the write."""
        raise NotImplementedError

    def flush(self) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        pass


class FileDisk(Disk):
    """A file (or a raw device) as a disk of 512-byte sectors."""

    def __init__(self, path: str, read_only: bool = False) -> None:
        self.read_only = read_only or not os.access(path, os.W_OK)
        self.fd = os.open(path, os.O_RDONLY if self.read_only else os.O_RDWR)
        size = os.fstat(self.fd).st_size
        if size % self.sector_size:
            os.close(self.fd)
            raise ValueError(f"{path}: its size ({size} bytes) is not a whole number of "
                             f"{self.sector_size}-byte sectors")
        self.sectors = size // self.sector_size

    def read(self, sector: int, count: int) -> bytes | None:
        size = count * self.sector_size
        data = os.pread(self.fd, size, sector * self.sector_size)
        return data if len(data) == size else None

    def write(self, sector: int, data: bytes) -> bool:
        at, view = sector * self.sector_size, memoryview(data)
        while view:
            done = os.pwrite(self.fd, view, at)
            at, view = at + done, view[done:]
        return True

    def flush(self) -> bool:
        os.fdatasync(self.fd)
        return True

    def close(self) -> None:
        os.close(self.fd)


class EmulatedDisk(Disk):
    """A disk in memory with a volatile write cache and faults, for tests.

    `current` is what reads see; `durable` what is on the medium. A write goes to the cache
    (`pending`, one entry per sector, in order); flush() moves the cache to the medium.
    Faults: `failing_reads` / `failing_writes` (sector numbers the device fails requests on),
    rot(sector) (a bit flipped on the medium and in what reads see), and `writes_left`: after
    that many more write requests complete, the next one cuts the power (PowerCut).
    """

    def __init__(self, sectors: int, sector_size: int = 512, image: bytes | None = None,
                 read_only: bool = False) -> None:
        self.sector_size = sector_size
        self.sectors = sectors
        self.read_only = read_only
        size = sectors * sector_size
        if image is not None and len(image) != size:
            raise ValueError(f"an image of {len(image)} bytes for {size} bytes of sectors")
        self.durable = bytearray(image if image is not None else size)
        self.current = bytearray(self.durable)
        self.pending: list[tuple[int, bytes]] = []
        self.failing_reads: set[int] = set()
        self.failing_writes: set[int] = set()
        self.writes_left: int | None = None
        self.writes = 0  # write requests completed
        self.bytes_written = 0
        self.flushes = 0

    def _span(self, sector: int) -> slice:
        return slice(sector * self.sector_size, (sector + 1) * self.sector_size)

    def read(self, sector: int, count: int) -> bytes | None:
        if any(s in self.failing_reads for s in range(sector, sector + count)):
            return None
        return bytes(self.current[sector * self.sector_size:(sector + count) * self.sector_size])

    def write(self, sector: int, data: bytes) -> bool:
        if self.writes_left is not None:
            if self.writes_left == 0:
                raise PowerCut(f"power cut after {self.writes} writes")
            self.writes_left -= 1
        count = len(data) // self.sector_size
        if any(s in self.failing_writes for s in range(sector, sector + count)):
            return False
        for i in range(count):
            chunk = data[i * self.sector_size:(i + 1) * self.sector_size]
            self.current[self._span(sector + i)] = chunk
            self.pending.append((sector + i, chunk))
        self.writes += 1
        self.bytes_written += len(data)
        return True

    def flush(self) -> bool:
        for sector, chunk in self.pending:
            self.durable[self._span(sector)] = chunk
        self.pending.clear()
        self.flushes += 1
        return True

    def rot(self, sector: int, byte: int = 0, bit: int = 0) -> None:
        """Flips one bit of a sector, on the medium and in what reads see."""
        at = sector * self.sector_size + byte
        self.durable[at] ^= 1 << bit
        self.current[at] ^= 1 << bit

    def image_after_power_cut(self, rng: random.Random, torn: bool = True) -> bytes:
        """One image the medium may hold after a power cut now: every flushed write, and each
        unflushed sector write kept or lost independently (a device reorders its cache, so a
        later write may survive where an earlier one does not); with `torn`, one of the kept
        ones may be torn (a prefix of its new bytes over the old)."""
        image = bytearray(self.durable)
        kept = [entry for entry in self.pending if rng.random() < 0.5]
        rng.shuffle(kept)  # the order the cache reached the medium in
        tear = rng.randrange(len(kept)) if torn and kept and rng.random() < 0.5 else -1
        for i, (sector, chunk) in enumerate(kept):
            span = self._span(sector)
            if i == tear:
                cut = rng.randrange(1, self.sector_size)
                image[span.start:span.start + cut] = chunk[:cut]
            else:
                image[span] = chunk
        return bytes(image)


# --- the ABI ----------------------------------------------------------------------------------


class _Device:
    def __init__(self, name: str, disk: Disk) -> None:
        self.name = name
        self.disk = disk
        self.done: deque[tuple[int, int]] = deque()  # (tag, status) completed, not yet polled
        self.status = 0


_attached: dict[str, Disk] = {}
_devices: dict[int, _Device] = {}
_acquired: set[str] = set()


def attach(name: str, disk: Disk) -> None:
    """Bind block device `name` to a disk (tests; `--block:NAME=PATH` arguments do it for
    files)."""
    _attached[name] = disk


def reset() -> None:
    """Forget every block device (between tests)."""
    from pyrage.impls.hosted import net

    for handle, device in _devices.items():
        if isinstance(device.disk, FileDisk):
            device.disk.close()
        net._other_handles.discard(handle)
    _attached.clear()
    _devices.clear()
    _acquired.clear()


def block_mappings(args: list[str]) -> dict[str, str]:
    """The `--block:NAME=PATH` arguments among args."""
    out = {}
    for arg in args:
        if arg.startswith("--block:") and "=" in arg:
            name, _, value = arg[len("--block:"):].partition("=")
            out[name] = value
    return out


def block_acquire(name: str) -> int:
    from pyrage.impls.hosted import net

    if name in _acquired:
        return EINVAL
    disk = _attached.get(name)
    if disk is None:
        path = block_mappings(sys.argv).get(name)
        if path is None:
            return -1
        try:
            disk = FileDisk(path)
        except (OSError, ValueError) as e:
            why = e.strerror if isinstance(e, OSError) else str(e)
            os.write(2, f"pyrage: cannot open {path!r} for block device {name!r}: {why}\n"
                     .encode())
            return -2
    handle = net.claim_handle()
    if handle < 0:
        return -2
    _acquired.add(name)
    _devices[handle] = _Device(name, disk)
    return handle


def block_geometry(handle: int, field: int) -> int:
    device = _devices.get(handle)
    if device is None:
        return -1
    disk = device.disk
    values = [disk.sector_size, disk.sectors, int(disk.read_only), MAX_REQUEST, QUEUE_DEPTH]
    return values[field] if 0 <= field < len(values) else -1


def block_submit(handle: int, op: int, sector: int, buf: RawBytes, offset: int, size: int,
                 tag: int) -> int:
    device = _devices.get(handle)
    if device is None or tag < 0 or op not in (READ, WRITE, FLUSH):
        return EINVAL
    disk = device.disk
    if len(device.done) >= QUEUE_DEPTH:
        return AGAIN
    if op == FLUSH:
        device.done.append((tag, 0 if disk.flush() else 1))
        return 0
    count = size // disk.sector_size if disk.sector_size else 0
    if size <= 0 or size % disk.sector_size or size > MAX_REQUEST or sector < 0 or \
            sector + count > disk.sectors or offset < 0 or offset + size > len(buf):
        return EINVAL
    if op == WRITE:
        if disk.read_only:
            return EINVAL
        ok = disk.write(sector, bytes(buf._data[offset:offset + size]))
    else:
        data = disk.read(sector, count)
        ok = data is not None
        if data is not None:
            buf._data[offset:offset + size] = data
    device.done.append((tag, 0 if ok else 1))
    return 0


def block_poll(handle: int) -> int:
    device = _devices.get(handle)
    if device is None:
        return EINVAL
    if not device.done:
        return AGAIN
    tag, device.status = device.done.popleft()
    return tag


def block_status(handle: int) -> int:
    device = _devices.get(handle)
    return device.status if device is not None else 1


def ready_mask() -> int:
    """The handles with completions waiting for block_poll."""
    ready = 0
    for handle, device in _devices.items():
        if device.done:
            ready |= 1 << handle
    return ready
