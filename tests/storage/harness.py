"""Driving the KV_RW store (pyrage/functors/storage/kvlog.py) on an emulated disk, hosted.

`mount(disk)` gives a connected store on an EmulatedDisk; `Workload` is a seeded sequence of
changes (set, overwrite, set_partial, remove, rename, allocate) applied to the store and to a
model (a dict) once each change's await has returned, so the model is exactly what was
acknowledged; `state(kv)` reads everything back.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from pyrage.functors.storage.kvlog import KvLog
from pyrage.impls.block import Block
from pyrage.impls.hosted import block as hosted_block
from pyrage.impls.hosted import net
from pyrage.impls.pclock import Pclock
from pyrage.stdlib import sched
from pyrage.stdlib.storage import DICTIONARY, Key

Store = KvLog[Block, Pclock]
T = TypeVar("T")


def run(coro: Awaitable[T]) -> T:
    """Runs a coroutine on a fresh scheduler (the hosted platform reset first)."""
    result: list[T] = []

    async def main() -> None:
        result.append(await coro)

    sched.run(main())
    return result[0]


def attach(disk: hosted_block.Disk, name: str = "disk") -> Store:
    net.reset()
    hosted_block.attach(name, disk)
    return KvLog(Block(name), Pclock())


async def mount(disk: hosted_block.Disk) -> Store:
    kv = attach(disk)
    await kv.connect()
    return kv


async def state(kv: Store, under: Key | None = None) -> dict[str, bytes]:
    """Every value in the store, by key text."""
    out: dict[str, bytes] = {}
    for entry in await kv.list(under or Key.root()):
        if entry.kind == DICTIONARY:
            out.update(await state(kv, entry.key))
        else:
            out[entry.key.text()] = await kv.get(entry.key)
    return out


@dataclass
class Workload:
    """A seeded sequence of changes over a small key space (so that keys are overwritten,
    removed and renamed often, and the log must be cleaned to stay within the disk)."""

    seed: int
    count: int
    keys: int = 24
    max_value: int = 12000
    model: dict[str, bytes] = field(default_factory=dict)
    done: int = 0
    #: the change in flight: (the model before it, the model after it)
    pending: tuple[dict[str, bytes], dict[str, bytes]] | None = None

    def _key(self, rng: random.Random) -> str:
        n = rng.randrange(self.keys)
        return f"d{n % 3}/k{n}" if n % 4 else f"top{n}"

    async def apply(self, kv: Store) -> None:
        rng = random.Random(self.seed)
        for i in range(self.count):
            before = dict(self.model)
            after, change = self._next(rng, i, before)
            self.pending = (before, after)
            await change(kv)
            self.model = after
            self.pending = None
            self.done += 1

    def _next(self, rng: random.Random, i: int, model: dict[str, bytes]
              ) -> tuple[dict[str, bytes], Callable[[Store], Awaitable[None]]]:
        after = dict(model)
        roll = rng.random()
        key = self._key(rng)
        if roll < 0.55 or not model:
            size = rng.choice([0, 1, 17, 511, 512, 513, -1, -1, -1])
            value = rng.randbytes(size if size >= 0 else rng.randrange(self.max_value))
            after[key] = value
            return after, lambda kv: kv.set(Key(key), value)
        existing = sorted(model)
        victim = rng.choice(existing)
        if roll < 0.7:
            after.pop(victim)
            return after, lambda kv: kv.remove(Key(victim))
        if roll < 0.8:
            offset = rng.randrange(len(model[victim]) + 8)
            data = rng.randbytes(rng.randrange(1, 300))
            old = model[victim]
            if offset > len(old):
                old = old + bytes(offset - len(old))
            after[victim] = old[:offset] + data + old[offset + len(data):]
            return after, lambda kv: kv.set_partial(Key(victim), offset, data)
        if roll < 0.9:
            dest = f"r{i % 5}/moved{i}"
            after[dest] = after.pop(victim)
            return after, lambda kv: kv.rename(Key(victim), Key(dest))
        fresh = f"alloc/a{i}"
        size = rng.randrange(600)
        after[fresh] = bytes(size)
        return after, lambda kv: kv.allocate(Key(fresh), size)
