"""The KV_RW store on a misbehaving disk: rotted bits, failing sectors, a disk that holds
something else. Corruption must be a typed error (Corrupt, BlockError), never wrong data, and
must not spread to what is intact."""

from __future__ import annotations

import pytest

from pyrage.functors.storage import layout
from pyrage.impls.hosted.block import EmulatedDisk
from pyrage.stdlib.storage import BlockError, Corrupt, Key
from tests.storage.harness import Store, mount, run

SECTORS = 1024


def located(kv: Store, key: str) -> int:
    """The device sector holding the first byte of key's value."""
    loc = kv.index[key]
    start = kv._segment_sector(loc.seg) * kv.sector + loc.commit_at + loc.offset
    return start // kv.sector


def commit_sector(kv: Store, key: str) -> int:
    loc = kv.index[key]
    return kv._segment_sector(loc.seg) + loc.commit_at // kv.sector


def test_a_rotted_value_is_corrupt_and_the_others_read() -> None:
    disk = EmulatedDisk(SECTORS)

    async def go() -> None:
        kv = await mount(disk)
        await kv.set(Key("a"), b"A" * 3000)
        await kv.set(Key("b"), b"B" * 3000)
        disk.rot(located(kv, "a") + 2, byte=7, bit=3)
        with pytest.raises(Corrupt):
            await kv.get(Key("a"))
        assert await kv.get(Key("b")) == b"B" * 3000
        again = await mount(disk)  # and after recovery, the same
        with pytest.raises(Corrupt):
            await again.get(Key("a"))
        assert await again.get(Key("b")) == b"B" * 3000
        await again.set(Key("a"), b"new")  # setting it again heals it
        assert await again.get(Key("a")) == b"new"

    run(go())


def test_a_lost_commit_is_never_read_as_older_data() -> None:
    disk = EmulatedDisk(SECTORS)

    async def go() -> None:
        kv = await mount(disk)
        await kv.set(Key("k"), b"old")
        await kv.set(Key("k"), b"new")  # this commit's metadata will rot
        lost = commit_sector(kv, "k")
        await kv.set(Key("later"), b"fine")
        disk.rot(lost, byte=layout.COMMIT_HEADER_SIZE + 2)
        again = await mount(disk)
        with pytest.raises(Corrupt):
            await again.get(Key("k"))  # not b"old"
        with pytest.raises(Corrupt):
            await again.get(Key("never-set"))  # it may have been set in what was lost
        with pytest.raises(Corrupt):
            await again.list(Key.root())
        assert await again.get(Key("later")) == b"fine"  # newer than the damage
        await again.set(Key("k"), b"again")
        assert await again.get(Key("k")) == b"again"

    run(go())


def test_a_rotted_commit_header_is_found_by_the_gap_it_leaves() -> None:
    disk = EmulatedDisk(SECTORS)

    async def go() -> None:
        kv = await mount(disk)
        await kv.set(Key("k"), b"old")
        await kv.set(Key("k"), b"new")
        lost = commit_sector(kv, "k")
        await kv.set(Key("later"), b"fine")
        disk.rot(lost, byte=20)  # the header's seq: the commit is not even recognized
        again = await mount(disk)
        with pytest.raises(Corrupt):
            await again.get(Key("k"))
        assert await again.get(Key("later")) == b"fine"

    run(go())


def test_a_rotted_segment_header_loses_nothing() -> None:
    disk = EmulatedDisk(SECTORS)

    async def go() -> None:
        kv = await mount(disk)
        for i in range(20):
            await kv.set(Key(f"k{i}"), bytes([i]) * 900)
        disk.rot(kv._segment_sector(kv.index["k0"].seg), byte=17)
        again = await mount(disk)
        for i in range(20):
            assert await again.get(Key(f"k{i}")) == bytes([i]) * 900

    run(go())


def test_the_superblock_has_a_copy() -> None:
    disk = EmulatedDisk(SECTORS)

    async def go() -> None:
        kv = await mount(disk)
        await kv.set(Key("x"), b"1")
        disk.rot(0, byte=3)
        again = await mount(disk)
        assert await again.get(Key("x")) == b"1"

    run(go())


def test_a_disk_holding_something_else_is_not_formatted() -> None:
    image = bytes(range(256)) * (SECTORS * 2)
    disk = EmulatedDisk(SECTORS, image=image)

    async def go() -> None:
        with pytest.raises(Corrupt, match="no pyrage KV store"):
            await mount(disk)

    run(go())
    assert bytes(disk.durable) == image


def test_failing_sectors_are_block_errors_and_the_store_goes_on() -> None:
    disk = EmulatedDisk(SECTORS)

    async def go() -> None:
        kv = await mount(disk)
        await kv.set(Key("a"), b"A" * 2000)
        disk.failing_reads.add(located(kv, "a"))
        with pytest.raises(BlockError):
            await kv.get(Key("a"))
        disk.failing_reads.clear()
        assert await kv.get(Key("a")) == b"A" * 2000
        # a write the device fails: the change is not made, the next one is
        head = kv._segment_sector(kv.head) + kv.head_at // kv.sector
        disk.failing_writes.add(head)
        with pytest.raises(BlockError):
            await kv.set(Key("b"), b"B")
        disk.failing_writes.clear()
        assert await kv.exists(Key("b")) is None
        await kv.set(Key("b"), b"B")
        again = await mount(disk)
        assert await again.get(Key("a")) == b"A" * 2000
        assert await again.get(Key("b")) == b"B"

    run(go())
