"""The KV store's on-disk codec (pyrage/functors/storage/layout.py): byte vectors, round trips
and malformed cases; SHA-256 against hashlib; CRC-32 against zlib."""

from __future__ import annotations

import hashlib
import random
import zlib

import pytest

from pyrage.functors.storage import layout
from pyrage.functors.storage.layout import (
    REMOVE,
    SET,
    Record,
    SegmentHeader,
    Superblock,
    commit_size,
    emit_commit,
    parse_commit_header,
    parse_records,
)
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.sha256 import Sha256, sha256

STORE = 0x1122334455667788


def test_superblock_bytes() -> None:
    buf = Buffer.create(512)
    Superblock(512, 32, 15, 2, STORE).emit(buf)
    raw = buf.to_bytes()
    assert raw[:8] == b"PYRAGEKV"
    assert raw[8:24] == bytes.fromhex("01000000" "00020000" "20000000" "0f000000")
    assert raw[24:40] == bytes.fromhex("0200000000000000" "8877665544332211")
    assert int.from_bytes(raw[40:44], "little") == zlib.crc32(raw[:40])
    assert raw[44:] == bytes(468)
    sb = Superblock.parse(buf)
    assert sb is not None and (sb.sector_size, sb.segment_sectors, sb.segment_count,
                               sb.first_segment, sb.store_id) == (512, 32, 15, 2, STORE)


@pytest.mark.parametrize("at", range(44))
def test_any_changed_superblock_byte_is_refused(at: int) -> None:
    buf = Buffer.create(512)
    Superblock(512, 32, 15, 2, STORE).emit(buf)
    buf[at] = buf[at] ^ 0x40
    assert Superblock.parse(buf) is None


def test_segment_header_round_trip_and_other_stores() -> None:
    buf = Buffer.create(512)
    SegmentHeader(STORE, 77, 40).emit(buf)
    assert buf.to_bytes()[:4] == b"PKVS"
    h = SegmentHeader.parse(buf, STORE)
    assert h is not None and (h.first_seq, h.prev_seq) == (77, 40)
    assert SegmentHeader.parse(buf, STORE + 1) is None  # another store's leftovers
    buf[16] = 78
    assert SegmentHeader.parse(buf, STORE) is None


def records() -> list[Record]:
    return [Record(SET, "a/b", b"hello", 1000), Record(REMOVE, "gone", b"", 2000),
            Record(SET, "empty", b"", 3000), Record(SET, "big", bytes(range(256)) * 5, 4000)]


def test_commit_layout() -> None:
    rs = records()
    size = commit_size(rs, 512)
    meta = 64 + 4 * 24 + len("a/b") + len("gone") + len("empty") + len("big")
    assert size == (meta + 5 + 1280 + 511) // 512 * 512
    buf = Buffer.create(size)
    emit_commit(buf, rs, STORE, 10, 12)
    raw = buf.to_bytes()
    assert raw[:4] == b"PKVC"
    assert int.from_bytes(raw[4:8], "little") == 4
    assert int.from_bytes(raw[16:24], "little") == 10
    assert int.from_bytes(raw[24:32], "little") == 12
    assert int.from_bytes(raw[32:36], "little") == size
    assert int.from_bytes(raw[36:40], "little") == meta
    first = raw[64:64 + 24]
    assert first[0] == SET and first[1] == 3 and int.from_bytes(first[4:8], "little") == 5
    assert int.from_bytes(first[16:20], "little") == zlib.crc32(b"hello")
    assert raw[meta:meta + 5] == b"hello"
    h = parse_commit_header(buf, 0, STORE, 10, 512)
    assert h is not None and (h.count, h.seq, h.size, h.first_seq) == (4, 12, size, 10)
    parsed = parse_records(buf, 0, h)
    assert parsed is not None
    assert [(r.kind, r.key, r.length, r.mtime, r.intact) for r in parsed] == [
        (SET, "a/b", 5, 1000, True), (REMOVE, "gone", 0, 2000, True),
        (SET, "empty", 0, 3000, True), (SET, "big", 1280, 4000, True)]
    assert raw[parsed[3].offset:parsed[3].offset + 1280] == bytes(range(256)) * 5


def test_commits_of_another_generation_or_store_are_not_read() -> None:
    rs = records()
    buf = Buffer.create(commit_size(rs, 512))
    emit_commit(buf, rs, STORE, 10, 12)
    assert parse_commit_header(buf, 0, STORE, 11, 512) is None
    assert parse_commit_header(buf, 0, STORE + 1, 10, 512) is None
    assert parse_commit_header(buf, 0, STORE, -1, 512) is not None  # any generation


def test_a_rotted_value_spoils_only_its_record() -> None:
    rs = records()
    buf = Buffer.create(commit_size(rs, 512))
    emit_commit(buf, rs, STORE, 10, 12)
    h = parse_commit_header(buf, 0, STORE, 10, 512)
    assert h is not None
    buf[h.meta_end + 1] ^= 1  # inside b"hello"
    parsed = parse_records(buf, 0, h)
    assert parsed is not None and [r.intact for r in parsed] == [False, True, True, True]


def test_rotted_metadata_spoils_the_commit() -> None:
    rs = records()
    buf = Buffer.create(commit_size(rs, 512))
    emit_commit(buf, rs, STORE, 10, 12)
    h = parse_commit_header(buf, 0, STORE, 10, 512)
    assert h is not None
    buf[64 + 25] ^= 1  # inside the first key
    assert parse_records(buf, 0, h) is None


@pytest.mark.parametrize("field,value", [(32, 100), (32, 1 << 20), (36, 10), (36, 1 << 20)])
def test_sizes_that_do_not_add_up_are_refused(field: int, value: int) -> None:
    rs = records()
    buf = Buffer.create(commit_size(rs, 512))
    emit_commit(buf, rs, STORE, 10, 12)
    buf.set_u32_le(field, value)
    buf.set_u32_le(60, layout.crc(buf, 0, 60, 0))  # a valid CRC over the wrong sizes
    assert parse_commit_header(buf, 0, STORE, 10, 512) is None


def test_truncated_commits_are_refused() -> None:
    rs = records()
    full = Buffer.create(commit_size(rs, 512))
    emit_commit(full, rs, STORE, 10, 12)
    assert parse_commit_header(full.sub(0, 512), 0, STORE, 10, 512) is None
    assert parse_commit_header(full.sub(0, 40), 0, STORE, 10, 512) is None


def test_random_sectors_are_never_commits() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        buf = Buffer.of_bytes(rng.randbytes(512))
        assert parse_commit_header(buf, 0, STORE, -1, 512) is None


@pytest.mark.parametrize("size", [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000, 4096])
def test_sha256_matches_hashlib(size: int) -> None:
    data = random.Random(size).randbytes(size)
    assert sha256(data) == hashlib.sha256(data).digest()


@pytest.mark.parametrize("seed", range(20))
def test_incremental_sha256_matches_hashlib(seed: int) -> None:
    rng = random.Random(seed)
    data = rng.randbytes(rng.randrange(0, 5000))
    h = Sha256()
    at = 0
    while at < len(data):  # pieces of 0..200 bytes: partial blocks, whole ones, empty ones
        n = rng.randrange(0, 200)
        h.update(Buffer.of_bytes(data[at:at + n]))
        at += n
    assert h.digest() == hashlib.sha256(data).digest()
    with pytest.raises(ValueError):
        h.digest()


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 63, 1000])
def test_crc32_matches_zlib(size: int) -> None:
    data = random.Random(size).randbytes(size)
    raw = Buffer.of_bytes(data).storage()
    assert layout.crc_of_bytes(data) == zlib.crc32(data)
    if size:
        assert raw.crc32(0, size, 0) == zlib.crc32(data)
        half = size // 2
        assert raw.crc32(half, size - half, raw.crc32(0, half, 0)) == zlib.crc32(data)
