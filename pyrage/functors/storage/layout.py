"""The on-disk format of the KV_RW store (docs/storage.md): every byte it reads or writes.

    sector 0, 1      the superblock, twice (written once, at format)
    then             segments of `segment_sectors` sectors each

A segment in use starts with a header sector naming its generation (`first_seq`, the sequence
number of its first commit). Commits follow, each starting on a sector boundary:

    commit header    64 bytes: magic, store id, the segment's first_seq, seq, sizes, CRCs
    record headers   24 bytes each (kind, key length, value length, mtime, value CRC) + key
    values           one after the other
    padding          zeros up to the next sector boundary

The header's CRC covers the header; the metadata CRC the record headers and keys; each value
has its own CRC, so a rotted value spoils only its own record. Integers are little-endian.
Everything here is pure: buffers in, records out; the store (kvlog.py) does the I/O.
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib.buffer import Buffer

SUPER_MAGIC: Final = 0x564B454741525950  # "PYRAGEKV" read little-endian
SEGMENT_MAGIC: Final = 0x53564B50  # "PKVS"
COMMIT_MAGIC: Final = 0x43564B50  # "PKVC"
VERSION: Final = 1

SUPER_SIZE: Final = 48
SEGMENT_HEADER_SIZE: Final = 36
COMMIT_HEADER_SIZE: Final = 64
RECORD_HEADER_SIZE: Final = 24

#: Record kinds: a value set, a key removed (a tombstone), a segment generation erased (the
#: value holds the segment's number and its first_seq, 8 bytes each).
SET: Final = 1
REMOVE: Final = 2
ERASE: Final = 3


def crc(buf: Buffer, at: int, length: int, seed: int) -> int:
    """The CRC-32 of buf[at:at+length], continuing from seed."""
    if length == 0:
        return seed
    view = buf.sub(at, length)
    return view.storage().crc32(view.start(), length, seed)


def crc_of_bytes(data: bytes) -> int:
    if len(data) == 0:
        return 0
    return Buffer.of_bytes(data).storage().crc32(0, len(data), 0)


class Superblock:
    """The store's geometry and identity."""

    def __init__(self, sector_size: int, segment_sectors: int, segment_count: int,
                 first_segment: int, store_id: int) -> None:
        self.sector_size = sector_size
        self.segment_sectors = segment_sectors
        self.segment_count = segment_count
        self.first_segment = first_segment
        self.store_id = store_id

    def emit(self, buf: Buffer) -> None:
        buf.fill(0)
        buf.set_u64_le(0, SUPER_MAGIC)
        buf.set_u32_le(8, VERSION)
        buf.set_u32_le(12, self.sector_size)
        buf.set_u32_le(16, self.segment_sectors)
        buf.set_u32_le(20, self.segment_count)
        buf.set_u64_le(24, self.first_segment)
        buf.set_u64_le(32, self.store_id)
        buf.set_u32_le(40, crc(buf, 0, 40, 0))

    @staticmethod
    def parse(buf: Buffer) -> Superblock | None:
        """The superblock in buf, or None when it is not a valid one."""
        if len(buf) < SUPER_SIZE or buf.get_u64_le(0) != SUPER_MAGIC:
            return None
        if buf.get_u32_le(40) != crc(buf, 0, 40, 0) or buf.get_u32_le(8) != VERSION:
            return None
        return Superblock(buf.get_u32_le(12), buf.get_u32_le(16), buf.get_u32_le(20),
                          buf.get_u64_le(24), buf.get_u64_le(32))


def is_zero(buf: Buffer) -> bool:
    for i in range(len(buf)):
        if buf[i] != 0:
            return False
    return True


class SegmentHeader:
    """The first sector of a segment in use: its generation (the seq of its first commit) and
    the generation of the segment the head left for it (0 for the first), whose commits must
    end just before this one's begin."""

    def __init__(self, store_id: int, first_seq: int, prev_seq: int) -> None:
        self.store_id = store_id
        self.first_seq = first_seq
        self.prev_seq = prev_seq

    def emit(self, buf: Buffer) -> None:
        buf.fill(0)
        buf.set_u32_le(0, SEGMENT_MAGIC)
        buf.set_u32_le(4, VERSION)
        buf.set_u64_le(8, self.store_id)
        buf.set_u64_le(16, self.first_seq)
        buf.set_u64_le(24, self.prev_seq)
        buf.set_u32_le(32, crc(buf, 0, 32, 0))

    @staticmethod
    def parse(buf: Buffer, store_id: int) -> SegmentHeader | None:
        if len(buf) < SEGMENT_HEADER_SIZE or buf.get_u32_le(0) != SEGMENT_MAGIC:
            return None
        if buf.get_u32_le(32) != crc(buf, 0, 32, 0) or buf.get_u64_le(8) != store_id:
            return None
        return SegmentHeader(store_id, buf.get_u64_le(16), buf.get_u64_le(24))


class Record:
    """One change: SET key = value (with its mtime), or REMOVE key."""

    def __init__(self, kind: int, key: str, value: bytes, mtime: int) -> None:
        self.kind = kind
        self.key = key
        self.value = value
        self.mtime = mtime


class StoredRecord:
    """A record as found on disk: where its value is (a byte offset from the commit's start),
    its length and CRC, and whether the value passed its CRC."""

    def __init__(self, kind: int, key: str, offset: int, length: int, value_crc: int,
                 mtime: int) -> None:
        self.kind = kind
        self.key = key
        self.offset = offset
        self.length = length
        self.value_crc = value_crc
        self.mtime = mtime
        self.intact = True


def commit_size(records: list[Record], sector_size: int) -> int:
    """The bytes a commit of these records takes on disk, padding included."""
    size = COMMIT_HEADER_SIZE
    for r in records:
        size += RECORD_HEADER_SIZE + len(r.key.encode()) + len(r.value)
    return (size + sector_size - 1) // sector_size * sector_size


def emit_commit(buf: Buffer, records: list[Record], store_id: int, first_seq: int,
                seq: int) -> None:
    """Writes the commit into buf (exactly commit_size bytes)."""
    buf.fill(0)
    at = COMMIT_HEADER_SIZE
    for r in records:
        key = r.key.encode()
        buf.set_u8(at, r.kind)
        buf.set_u8(at + 1, len(key))
        buf.set_u32_le(at + 4, len(r.value))
        buf.set_u64_le(at + 8, r.mtime)
        buf.set_u32_le(at + 16, crc_of_bytes(r.value))
        buf.blit_from_bytes(key, 0, at + RECORD_HEADER_SIZE, len(key))
        at += RECORD_HEADER_SIZE + len(key)
    meta_end = at
    for r in records:
        buf.blit_from_bytes(r.value, 0, at, len(r.value))
        at += len(r.value)
    buf.set_u32_le(0, COMMIT_MAGIC)
    buf.set_u32_le(4, len(records))
    buf.set_u64_le(8, store_id)
    buf.set_u64_le(16, first_seq)
    buf.set_u64_le(24, seq)
    buf.set_u32_le(32, len(buf))  # padded size
    buf.set_u32_le(36, meta_end)
    buf.set_u32_le(40, crc(buf, COMMIT_HEADER_SIZE, meta_end - COMMIT_HEADER_SIZE, 0))
    buf.set_u32_le(60, crc(buf, 0, 60, 0))


class CommitHeader:
    """A valid commit header: its seq, padded size, and where its metadata ends."""

    def __init__(self, count: int, first_seq: int, seq: int, size: int, meta_end: int,
                 meta_crc: int) -> None:
        self.count = count
        self.first_seq = first_seq
        self.seq = seq
        self.size = size
        self.meta_end = meta_end
        self.meta_crc = meta_crc


def parse_commit_header(buf: Buffer, at: int, store_id: int, first_seq: int,
                        sector_size: int) -> CommitHeader | None:
    """The commit header at buf[at:], if there is a valid one of this segment generation (any,
    for first_seq -1) whose commit lies within buf."""
    if at + COMMIT_HEADER_SIZE > len(buf) or buf.get_u32_le(at) != COMMIT_MAGIC:
        return None
    if buf.get_u32_le(at + 60) != crc(buf, at, 60, 0):
        return None
    if buf.get_u64_le(at + 8) != store_id or \
            first_seq >= 0 and buf.get_u64_le(at + 16) != first_seq:
        return None
    size = buf.get_u32_le(at + 32)
    meta_end = buf.get_u32_le(at + 36)
    if size < sector_size or size % sector_size != 0 or at + size > len(buf) or \
            meta_end < COMMIT_HEADER_SIZE or meta_end > size:
        return None
    return CommitHeader(buf.get_u32_le(at + 4), buf.get_u64_le(at + 16),
                        buf.get_u64_le(at + 24), size, meta_end, buf.get_u32_le(at + 40))


def parse_records(buf: Buffer, at: int, header: CommitHeader) -> list[StoredRecord] | None:
    """The records of the commit at buf[at:] (its header valid), or None when its metadata
    fails its CRC or does not add up. Each record's `intact` says whether its value passed its
    CRC."""
    if crc(buf, at + COMMIT_HEADER_SIZE, header.meta_end - COMMIT_HEADER_SIZE, 0) != \
            header.meta_crc:
        return None
    records: list[StoredRecord] = []
    pos = at + COMMIT_HEADER_SIZE
    end = at + header.meta_end
    value_at = header.meta_end
    for _ in range(header.count):
        if pos + RECORD_HEADER_SIZE > end:
            return None
        kind = buf.get_u8(pos)
        key_len = buf.get_u8(pos + 1)
        length = buf.get_u32_le(pos + 4)
        if kind != SET and kind != REMOVE and kind != ERASE or \
                pos + RECORD_HEADER_SIZE + key_len > end:
            return None
        key = buf.sub(pos + RECORD_HEADER_SIZE, key_len).to_bytes().decode()
        r = StoredRecord(kind, key, value_at, length, buf.get_u32_le(pos + 16),
                         buf.get_u64_le(pos + 8))
        if value_at + length > header.size:
            return None
        r.intact = crc(buf, at + value_at, length, 0) == r.value_crc
        records.append(r)
        value_at += length
        pos += RECORD_HEADER_SIZE + key_len
    if pos != end:
        return None
    return records
