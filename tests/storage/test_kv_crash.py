"""Crash consistency of the KV_RW store, as littlefs tests it: a workload of several hundred
changes is cut by a power failure after every possible number of device writes, and each time
the store recovered from what the disk then holds must have every acknowledged change, the
change in flight either whole or not at all, and must go on working.

After a cut, the disk keeps every flushed write and an arbitrary subset of the unflushed ones,
each possibly torn within its sector (hosted EmulatedDisk.image_after_power_cut), drawn from a
seed per cut point, so every run checks the same images.
"""

from __future__ import annotations

import random

import pytest

from pyrage.impls.hosted.block import EmulatedDisk, PowerCut
from pyrage.stdlib.storage import Key
from tests.storage.harness import Workload, mount, run, state

#: 256 KiB: 15 segments of 16 KiB, so a workload of this size must clean segments to go on.
SECTORS = 512
CHANGES = 300


def total_writes(seed: int) -> int:
    disk = EmulatedDisk(SECTORS)
    work = Workload(seed, CHANGES)

    async def go() -> int:
        kv = await mount(disk)
        await work.apply(kv)
        return disk.writes

    return run(go())


def cut_and_recover(seed: int, cut: int) -> None:
    """Runs the workload until the power goes at write `cut`, recovers, and checks."""
    disk = EmulatedDisk(SECTORS)
    work = Workload(seed, CHANGES)

    async def until_cut() -> None:
        kv = await mount(disk)
        disk.writes_left = cut - disk.writes  # the format's own writes count too
        await work.apply(kv)

    try:
        run(until_cut())
    except PowerCut:
        pass
    image = disk.image_after_power_cut(random.Random(seed * 100_003 + cut))
    survivor = EmulatedDisk(SECTORS, image=image)

    async def recover() -> None:
        kv = await mount(survivor)
        got = await state(kv)
        if work.pending is None:
            allowed = [work.model]
        else:
            allowed = [work.pending[0], work.pending[1]]
        assert got in allowed, (
            f"cut at write {cut} (after {work.done} acknowledged changes): the store holds "
            f"{describe(got, allowed)}")
        # still writable, and what it writes survives the next mount
        await kv.set(Key("after/cut"), b"x" * 700)
        again = await mount(survivor)
        assert await again.get(Key("after/cut")) == b"x" * 700
        assert await state(again) == {**got, "after/cut": b"x" * 700}

    run(recover())


def describe(got: dict[str, bytes], allowed: list[dict[str, bytes]]) -> str:
    want = allowed[-1]
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    differ = sorted(k for k in set(got) & set(want) if got[k] != want[k])
    return f"missing {missing[:5]}, unexpected {extra[:5]}, different {differ[:5]}"


def test_the_workload_cleans_segments_and_keeps_every_change() -> None:
    disk = EmulatedDisk(SECTORS)
    work = Workload(1, CHANGES)

    async def go() -> None:
        kv = await mount(disk)
        await work.apply(kv)
        assert await state(kv) == work.model
        again = await mount(disk)
        assert await state(again) == work.model

    run(go())
    # more was written than the disk holds: segments were cleaned and used again
    assert disk.bytes_written > 2 * SECTORS * 512


@pytest.mark.parametrize("seed", [1, 2])
def test_no_acknowledged_change_is_lost_at_any_cut_point(seed: int) -> None:
    for cut in range(1, total_writes(seed) + 2):
        cut_and_recover(seed, cut)
