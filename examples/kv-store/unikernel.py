"""kv-store: keeps the history of its boots in a key-value store on a disk.

At every boot it prints the boots recorded so far, records this one, and ends with the line
`boot N`, where N counts the boots recorded on that disk, this one included. The store is a
functor argument (KV_RW): kvlog.py's crash-safe store on a BLOCK device in config.py, so a
power cut at any moment loses no acknowledged boot (docs/storage.md).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures.console import CONSOLE
from pyrage.signatures.kv import KV_RW
from pyrage.stdlib.storage import DICTIONARY, Key

C = TypeVar("C", bound=CONSOLE)
K = TypeVar("K", bound=KV_RW)


class Main(Generic[C, K]):
    def __init__(self, console: C, kv: K, note: str) -> None:
        self.console = console
        self.kv = kv
        self.note = note

    async def start(self) -> None:
        boots = Key("boots")
        count = 0
        if await self.kv.exists(boots) == DICTIONARY:
            for entry in await self.kv.list(boots):
                record = await self.kv.get(entry.key)
                await self.console.log(f"{entry.key.basename()}: {record.decode()}")
                count += 1
        n = count + 1
        await self.kv.set(boots.child(f"{n:06d}"), f"boot {n} ({self.note})".encode())
        await self.console.log(f"boot {n}")
