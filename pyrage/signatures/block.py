"""BLOCK: a block device of fixed-size sectors (Mirage's Mirage_block.S)."""

from __future__ import annotations

from typing import Protocol

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.storage import BlockInfo


class BLOCK(Protocol):
    """Reads and writes whole sectors. Requests run asynchronously: several tasks may have
    requests in flight at once (virtio-blk runs them side by side), each await returning when
    its own request is done."""

    def info(self) -> BlockInfo:
        """block.info() -> BlockInfo

        The sector size (bytes), the size (sectors) and whether the device can be written.
        """
        ...

    async def read(self, sector: int, buffers: list[Buffer]) -> None:
        """await block.read(sector, buffers)

        Fills the buffers, one after the other, from the device starting at `sector`. Each
        buffer's length is a whole number of sectors. Raises BlockError for a range beyond the
        device, a length that is not whole sectors, or a read the device failed (the buffers'
        contents are then undefined).
        """
        ...

    async def write(self, sector: int, buffers: list[Buffer]) -> None:
        """await block.write(sector, buffers)

        Writes the buffers, one after the other, to the device starting at `sector`. Returns
        when the device has them; they are durable (survive a power cut) once a later flush()
        returns. Raises BlockError as read() does, and for a read-only device.
        """
        ...

    async def flush(self) -> None:
        """await block.flush()

        Makes every write that had returned before this call durable. Raises BlockError when
        the device fails it.
        """
        ...
