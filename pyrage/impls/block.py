"""BLOCK over the platform ABI: the block device that config.py names with `block("name")`.

The same class on every target: behind `stdlib.platform.block_*` is a file on unix,
virtio-blk on virtio, and a file or an emulated disk on hosted. Requests are asynchronous: a
read or write submits one request per buffer (split at the device's largest request), all in
flight together, then waits for their completions. Completions arrive on the device's handle in
any order; one reaper task waits on the handle while requests are in flight and wakes each
request's task through its own event, so several tasks can have requests in flight at once. A buffer belongs to the device until its request completes: it is kept here
(`in_flight`) so that nothing frees or reuses it before then.
"""

from __future__ import annotations

from pyrage.stdlib import platform, sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.rawbytes import RawBytes
from pyrage.stdlib.storage import BlockError, BlockInfo

USAGE_ERROR = 2


class Block:
    """A block device, acquired from the platform by name when it is made."""

    def __init__(self, name: str) -> None:
        self.name = name
        handle = platform.block_acquire(name)
        if handle < 0:
            not_attached(name, handle)
        self.handle = handle
        self.sector_size = platform.block_geometry(handle, 0)
        self.sectors = platform.block_geometry(handle, 1)
        self.read_only = platform.block_geometry(handle, 2) == 1
        self.max_request = platform.block_geometry(handle, 3)
        self.next_tag = 0
        #: tag -> the storage of a request in flight (kept alive until it completes)
        self.in_flight: dict[int, RawBytes] = {}
        #: tag -> status (0 ok, 1 failed) of a request completed but not yet claimed
        self.done: dict[int, int] = {}
        #: tag -> the event its waiting task sleeps on (set when the completion is collected)
        self.events: dict[int, sched.Event] = {}
        #: set when a completion is collected: a submitter waiting for queue room wakes
        self.room = sched.Event()
        self.reaping = False

    def info(self) -> BlockInfo:
        return BlockInfo(self.sector_size, self.sectors, not self.read_only)

    async def read(self, sector: int, buffers: list[Buffer]) -> None:
        await self._transfer(platform.BLOCK_READ, sector, buffers, "read")

    async def write(self, sector: int, buffers: list[Buffer]) -> None:
        if self.read_only:
            raise BlockError(f"block device {self.name!r} is read-only")
        await self._transfer(platform.BLOCK_WRITE, sector, buffers, "write")

    async def flush(self) -> None:
        tag = await self._submit(platform.BLOCK_FLUSH, 0, RawBytes(0), 0, 0, "flush")
        if await self._complete(tag) != 0:
            raise BlockError(f"block device {self.name!r} failed a flush")

    async def _transfer(self, op: int, sector: int, buffers: list[Buffer], what: str) -> None:
        total = 0
        for b in buffers:
            if len(b) % self.sector_size != 0:
                raise BlockError(f"a {what} of {len(b)} bytes on {self.name!r}: not a whole "
                                 f"number of {self.sector_size}-byte sectors")
            total += len(b) // self.sector_size
        if sector < 0 or sector + total > self.sectors:
            raise BlockError(f"a {what} of sectors {sector}..{sector + total - 1} on "
                             f"{self.name!r}, which has {self.sectors}")
        tags: list[int] = []
        at = sector
        refused: BlockError | None = None
        for b in buffers:
            done = 0
            while done < len(b) and refused is None:
                size = min(len(b) - done, self.max_request)
                try:
                    tags.append(await self._submit(op, at, b.storage(), b.start() + done, size,
                                                   what))
                except BlockError as e:
                    refused = e  # what was submitted still completes before this is raised
                done += size
                at += size // self.sector_size
        failed = 0
        for tag in tags:
            failed += await self._complete(tag)
        if refused is not None:
            raise refused
        if failed:
            raise BlockError(f"block device {self.name!r} failed a {what} at sectors "
                             f"{sector}..{sector + total - 1}")

    async def _submit(self, op: int, sector: int, raw: RawBytes, offset: int, size: int,
                      what: str) -> int:
        tag = self.next_tag
        self.next_tag = (self.next_tag + 1) & 0x3FFFFFFFFFFFFFFF
        while True:
            result = platform.block_submit(self.handle, op, sector, raw, offset, size, tag)
            if result == 0:
                self.in_flight[tag] = raw
                return tag
            if result != -1:
                raise BlockError(f"block device {self.name!r} refused a {what} of {size} bytes "
                                 f"at sector {sector}")
            # the queue is full: room comes with a completion, which may be here already
            before = len(self.done)
            self._collect()
            if len(self.done) == before:
                self.room.clear()
                self._reap_in_background()
                await self.room.wait()

    async def _complete(self, tag: int) -> int:
        """Waits for request tag; its status (0 ok, 1 failed). A request that completed at
        once (unix, hosted) is claimed without waiting; otherwise the task waits on the
        request's own event, which the reaper sets."""
        self._collect()
        if tag not in self.done:
            event = sched.Event()
            self.events[tag] = event
            self._reap_in_background()
            await event.wait()
        status = self.done.pop(tag)
        del self.in_flight[tag]
        return status

    def _collect(self) -> None:
        """Takes every completion the platform has, waking whoever waits for each."""
        while True:
            tag = platform.block_poll(self.handle)
            if tag < 0:
                return
            self.done[tag] = platform.block_status(self.handle)
            event = self.events.pop(tag, None)
            if event is not None:
                event.set()
            self.room.set()

    def _reap_in_background(self) -> None:
        if not self.reaping:
            self.reaping = True
            sched.spawn(self._reap(), f"block {self.name} completions")

    def _uncollected(self) -> bool:
        for tag in self.in_flight:
            if tag not in self.done:
                return True
        return False

    async def _reap(self) -> None:
        """The one task that waits on the device's handle while requests are in flight: a
        completion wakes it, and it wakes the tasks the completions are for. (Were each task
        to wait on the handle, one could take another's completion and leave it asleep.)"""
        try:
            while True:
                self._collect()
                if not self._uncollected():
                    return
                await sched.wait_device(self.handle)
        finally:
            self.reaping = False


def not_attached(name: str, code: int) -> None:
    """A block device that the command line did not attach: say how to, and stop."""
    if code == -1:
        platform.console_write_err(
            (f"pyrage: the block device {name!r} is not attached: start the unikernel with "
             f"--block:{name}=PATH (unix), or use `pyrage run --block {name}=PATH`\n").encode())
    else:
        platform.console_write_err(f"pyrage: cannot open the block device {name!r}\n".encode())
    platform.exit(USAGE_ERROR)
