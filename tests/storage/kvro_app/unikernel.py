"""Walks the store compiled into the image and prints what KV_RO says of every key:
tests/storage/test_kv_ro.py compares it with the files on every target."""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures.console import CONSOLE
from pyrage.signatures.kv import KV_RO
from pyrage.stdlib.storage import DICTIONARY, Key, KeyNotFound, ValueExpected

C = TypeVar("C", bound=CONSOLE)
K = TypeVar("K", bound=KV_RO)


class Main(Generic[C, K]):
    def __init__(self, console: C, kv: K) -> None:
        self.console = console
        self.kv = kv

    async def walk(self, key: Key) -> None:
        for entry in await self.kv.list(key):
            if entry.kind == DICTIONARY:
                await self.console.log(f"dir {entry.key.text()} size "
                                       f"{await self.kv.size(entry.key)}")
                await self.walk(entry.key)
            else:
                data = await self.kv.get(entry.key)
                digest = await self.kv.digest(entry.key)
                part = await self.kv.get_partial(entry.key, 1, 3)
                await self.console.log(f"file {entry.key.text()} {len(data)} {data.hex()} "
                                       f"{digest.hex()} {part.hex()}")

    async def start(self) -> None:
        await self.walk(Key.root())
        await self.console.log(f"root digest {(await self.kv.digest(Key.root())).hex()}")
        try:
            await self.kv.get(Key("missing"))
        except KeyNotFound:
            await self.console.log("missing: KeyNotFound")
        try:
            await self.kv.get(Key("sub"))
        except ValueExpected:
            await self.console.log("sub: ValueExpected")
