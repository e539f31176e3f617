"""KV_RW on a BLOCK device that loses nothing at any power cut: a log of checksummed commits.

    store = KvLog(block, pclock); await store.connect()    # formats a zeroed device
    await store.set(Key("boot/1"), b"...")                # durable when it returns

docs/storage.md has the format and the argument; in short:

- Every change is one *commit* (layout.py) appended to the head segment, written and flushed
  before the change's await returns. Commits start on sector boundaries and no sector holding
  an acknowledged commit is ever written again while that commit matters, so a torn write can
  only damage the commit being written, which was never acknowledged.
- The index (key -> where its latest record is) lives in memory and is rebuilt at connect()
  by replaying the commits of every live segment in sequence order. A commit whose checksums
  fail is the torn tail when it is the last one (dropped, its place reused) and damage when a
  later commit exists (reported: Corrupt, never older data).
- Space comes back by *cleaning*: the segment with the least live data has its live records
  copied to the head, in one commit that also records the segment as erased (an ERASE
  record); from then on recovery ignores that segment's generation, and the segment is free.
  A tombstone (REMOVE) is copied while an older record of its key could still be replayed.
- Changes run one at a time (a lock); reads run beside them and check what they read.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.functors.storage import layout
from pyrage.functors.storage.layout import ERASE, REMOVE, SET, Record, StoredRecord, Superblock
from pyrage.signatures.block import BLOCK
from pyrage.signatures.pclock import PCLOCK
from pyrage.stdlib import sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.sha256 import sha256
from pyrage.stdlib.storage import (
    DICTIONARY,
    VALUE,
    AlreadyPresent,
    Corrupt,
    DictionaryExpected,
    Entry,
    Key,
    KeyNotFound,
    KvError,
    NoSpace,
    ReadOnlyStore,
    ValueExpected,
)

B = TypeVar("B", bound=BLOCK)
C = TypeVar("C", bound=PCLOCK)

#: Free segments kept back for cleaning: a change never takes the last one.
RESERVE = 1
#: The smallest and largest segment, in bytes.
MIN_SEGMENT = 16 * 1024
MAX_SEGMENT = 1024 * 1024
#: Sectors 0 and 1 hold the superblock.
FIRST_SEGMENT = 2


class Location:
    """Where a key's latest record is: segment, the commit's byte offset in it, the record's
    number in the commit, and the value's offset (from the commit), length and CRC."""

    def __init__(self, seg: int, commit_at: int, rec: int, seq: int, offset: int, length: int,
                 value_crc: int, mtime: int, removed: bool, intact: bool) -> None:
        self.seg = seg
        self.commit_at = commit_at
        self.rec = rec
        self.seq = seq
        self.offset = offset
        self.length = length
        self.value_crc = value_crc
        self.mtime = mtime
        self.removed = removed
        self.intact = intact

    def same(self, seg: int, commit_at: int, rec: int) -> bool:
        return self.seg == seg and self.commit_at == commit_at and self.rec == rec


class Commit:
    """A commit found at connect(): its segment, offset, header and records (None when its
    metadata failed its CRC)."""

    def __init__(self, seg: int, at: int, header: layout.CommitHeader,
                 records: list[StoredRecord] | None) -> None:
        self.seg = seg
        self.at = at
        self.header = header
        self.records = records

    def intact(self) -> bool:
        if self.records is None:
            return False
        for r in self.records:
            if not r.intact:
                return False
        return True


class KvLog(Generic[B, C]):
    """KV_RW over a BLOCK device (`config.py`: kv_rw(block("disk")))."""

    def __init__(self, block: B, clock: C) -> None:
        self.block = block
        self.clock = clock
        self.connected = False
        self.read_only = False
        self.sector = 512
        self.segment_bytes = 0
        self.segments = 0
        self.store_id = 0
        #: per segment: its generation (first_seq; 0: never used), whether it is free, the
        #: bytes of live records, and how many records of each key its generation holds
        self.gen: list[int] = []
        self.prev: list[int] = []
        self.free: list[bool] = []
        self.live: list[int] = []
        self.keys_in: list[dict[str, int]] = []
        self.head = -1
        self.head_at = 0
        self.next_seq = 1
        self.index: dict[str, Location] = {}
        #: key -> records of it (not its latest) that recovery would still replay
        self.stale: dict[str, int] = {}
        #: dictionary -> its children -> how many values are at or under each
        self.dirs: dict[str, dict[str, int]] = {"": {}}
        #: the highest sequence number of a commit that was lost to corruption (0: none)
        self.damaged = 0
        self.lock: sched.Queue[int] = sched.Queue(1)
        self.lock.put_nowait(0)

    # --- connect: format or recover -----------------------------------------------------------

    async def connect(self) -> None:
        """Mounts the store: formats a device whose first two sectors are zeros, else recovers
        from the commits on it. Raises Corrupt for a device that holds something else."""
        info = self.block.info()
        self.sector = info.sector_size
        self.read_only = not info.read_write
        first = Buffer.create(2 * self.sector)
        await self.block.read(0, [first])
        sb = Superblock.parse(first.sub(0, self.sector))
        if sb is None:
            sb = Superblock.parse(first.sub(self.sector, self.sector))
        if sb is None:
            if not layout.is_zero(first):
                raise Corrupt("the block device holds no pyrage KV store (its first two "
                              "sectors are neither a store's superblock nor zeros)")
            if self.read_only:
                raise ReadOnlyStore("a zeroed read-only device cannot be formatted")
            sb = await self._format(info.size_sectors)
        if sb.sector_size != self.sector or sb.segment_count < 4 or \
                sb.first_segment + sb.segment_count * sb.segment_sectors > info.size_sectors:
            raise Corrupt(f"the store's geometry ({sb.segment_count} segments of "
                          f"{sb.segment_sectors} sectors of {sb.sector_size} bytes) does not "
                          f"fit the device ({info.size_sectors} sectors of {self.sector})")
        self.store_id = sb.store_id
        self.segment_bytes = sb.segment_sectors * self.sector
        self.segments = sb.segment_count
        self.gen = [0] * self.segments
        self.prev = [0] * self.segments
        self.free = [True] * self.segments
        self.live = [0] * self.segments
        self.keys_in = []
        for _ in range(self.segments):
            self.keys_in.append({})
        await self._recover()
        self.connected = True

    async def _format(self, size_sectors: int) -> Superblock:
        usable = size_sectors - FIRST_SEGMENT
        seg = MAX_SEGMENT // self.sector
        while seg * self.sector > MIN_SEGMENT and seg * 8 > usable:
            seg //= 2
        count = usable // seg
        if count < 4:
            raise NoSpace(f"a device of {size_sectors} sectors is too small for a KV store "
                          f"(at least {FIRST_SEGMENT + 4 * (MIN_SEGMENT // self.sector)})")
        store_id = (self.clock.now_ns() ^ 0x5DEECE66D1234567) & 0x7FFFFFFFFFFFFFFF
        sb = Superblock(self.sector, seg, count, FIRST_SEGMENT, store_id)
        both = Buffer.create(2 * self.sector)
        sb.emit(both.sub(0, self.sector))
        sb.emit(both.sub(self.sector, self.sector))
        await self.block.write(0, [both])
        await self.block.flush()
        return sb

    def _segment_sector(self, k: int) -> int:
        return FIRST_SEGMENT + k * (self.segment_bytes // self.sector)

    async def _recover(self) -> None:
        commits: list[Commit] = []
        erased: dict[int, int] = {}  # segment -> a generation an ERASE record names
        erase_pairs: set[int] = set()
        for k in range(self.segments):
            data = Buffer.create(self.segment_bytes)
            await self.block.read(self._segment_sector(k), [data])
            found = self._scan_segment(k, data)
            for c in found:
                commits.append(c)
                if c.records is not None:
                    for r in c.records:
                        if r.kind == ERASE and r.intact and r.length == 16:
                            target = data.sub(c.at + r.offset, 16)
                            erase_pairs.add(target.get_u64_le(0) * (1 << 40) +
                                            target.get_u64_le(8) % (1 << 40))
        # a segment is live when its generation has no ERASE record
        live_commits: list[Commit] = []
        for c in commits:
            g = self.gen[c.seg]
            if c.seg * (1 << 40) + g % (1 << 40) not in erase_pairs:
                live_commits.append(c)
        for k in range(self.segments):
            if self.gen[k] != 0 and k * (1 << 40) + self.gen[k] % (1 << 40) in erase_pairs:
                erased[k] = self.gen[k]
        live_commits.sort(key=_seq_of)
        # the torn tail: the last commit, if it is not whole, was never acknowledged
        tail: Commit | None = None
        if live_commits and not live_commits[-1].intact():
            tail = live_commits.pop()
        self._check_sequence(live_commits, erased, tail)
        for c in live_commits:
            self._replay(c)
        # the head: the live segment of the highest generation
        self.next_seq = 1
        for k in range(self.segments):
            self.free[k] = self.gen[k] == 0 or k in erased
        for c in live_commits:
            self.next_seq = max(self.next_seq, c.header.seq + 1)
        best = -1
        for k in range(self.segments):
            if not self.free[k] and (best < 0 or self.gen[k] > self.gen[best]):
                best = k
        self.head = best
        if best >= 0:
            self.next_seq = max(self.next_seq, self.gen[best])
            self.head_at = self.sector
            for c in live_commits:
                if c.seg == best:
                    self.head_at = max(self.head_at, c.at + c.header.size)
        if tail is not None and tail.seg == self.head:
            self.head_at = tail.at  # the torn commit's place and number are used again
            self.next_seq = tail.header.seq

    def _scan_segment(self, k: int, data: Buffer) -> list[Commit]:
        """The commits of segment k's generation (setting self.gen[k], self.prev[k])."""
        header = layout.SegmentHeader.parse(data.sub(0, self.sector), self.store_id)
        gen = header.first_seq if header is not None else 0
        prev = header.prev_seq if header is not None else 0
        if header is None:
            # no valid header (never used, or its header sector rotted or was torn): the
            # generation of the newest commits in it, which carry it
            at = self.sector
            while at < self.segment_bytes:
                h = layout.parse_commit_header(data, at, self.store_id, -1, self.sector)
                if h is None:
                    at += self.sector
                    continue
                gen = max(gen, h.first_seq)
                at += h.size
        self.gen[k] = gen
        self.prev[k] = prev
        found: list[Commit] = []
        if gen == 0:
            return found
        at = self.sector
        while at < self.segment_bytes:
            h = layout.parse_commit_header(data, at, self.store_id, gen, self.sector)
            if h is None:
                at += self.sector
                continue
            found.append(Commit(k, at, h, layout.parse_records(data, at, h)))
            at += h.size
        return found

    def _check_sequence(self, commits: list[Commit], erased: dict[int, int],
                        tail: Commit | None) -> None:
        """Commits are numbered one after the other within a segment and from a segment to the
        next it opened: a missing number is a commit lost to corruption."""
        last_in: dict[int, int] = {}
        for c in commits:
            if c.records is None:
                self.damaged = max(self.damaged, c.header.seq)
                continue
            expected = last_in.get(c.seg, self.gen[c.seg] - 1) + 1
            if c.header.seq != expected:
                self.damaged = max(self.damaged, c.header.seq - 1)
            last_in[c.seg] = c.header.seq
        for k in range(self.segments):
            p = self.prev[k]
            if self.gen[k] == 0 or k in erased or p == 0:
                continue
            for j in range(self.segments):
                if j != k and self.gen[j] == p and j not in erased:
                    end = last_in.get(j, p - 1)
                    if end != self.gen[k] - 1:
                        self.damaged = max(self.damaged, self.gen[k] - 1)
        if tail is not None and tail.seg in last_in and \
                tail.header.seq != last_in[tail.seg] + 1:
            self.damaged = max(self.damaged, tail.header.seq - 1)

    def _replay(self, c: Commit) -> None:
        records = c.records
        if records is None:
            return
        for i in range(len(records)):
            r = records[i]
            if r.kind == ERASE:
                self._count_record(c.seg, "", r.length)
                continue
            loc = Location(c.seg, c.at, i, c.header.seq, r.offset, r.length, r.value_crc,
                           r.mtime, r.kind == REMOVE, r.intact)
            self._install(r.key, loc, layout.RECORD_HEADER_SIZE + len(r.key) + r.length)

    def _count_record(self, seg: int, key: str, size: int) -> None:
        self.live[seg] += size
        if key != "":
            self.keys_in[seg][key] = self.keys_in[seg].get(key, 0) + 1

    def _install(self, key: str, loc: Location, size: int) -> None:
        """Makes loc the key's latest record (its commit is durable)."""
        old = self.index.get(key)
        if old is not None:
            self.live[old.seg] -= self._record_size(key, old)
            self.stale[key] = self.stale.get(key, 0) + 1
            if not old.removed:
                self._count_value(key, -1)
        self._count_record(loc.seg, key, size)
        self.index[key] = loc
        if not loc.removed:
            self._count_value(key, 1)

    def _record_size(self, key: str, loc: Location) -> int:
        return layout.RECORD_HEADER_SIZE + len(key) + loc.length

    def _count_value(self, key: str, delta: int) -> None:
        """A value appears at (+1) or leaves (-1) key: the dictionaries above it follow."""
        parts = key.split("/")
        parent = ""
        for part in parts:
            children = self.dirs.get(parent)
            if children is None:
                children = {}
                self.dirs[parent] = children
            n = children.get(part, 0) + delta
            if n > 0:
                children[part] = n
            else:
                children.pop(part, None)
                if len(children) == 0 and parent != "":
                    self.dirs.pop(parent, None)
            parent = part if parent == "" else parent + "/" + part

    # --- reading ----------------------------------------------------------------------------

    def _need(self) -> None:
        if not self.connected:
            raise KvError("the store is not connected: await connect() first")

    def _latest(self, key: Key) -> Location | None:
        """key's latest record when it holds a value, else None. Raises Corrupt when a lost
        commit may have been newer."""
        loc = self.index.get(key.text())
        if loc is not None and not loc.removed:
            if loc.seq < self.damaged:
                raise Corrupt(f"{key} may have changed in a commit lost to corruption")
            return loc
        if self.damaged and key.text() not in self.dirs:
            raise Corrupt(f"{key} may have been set in a commit lost to corruption")
        return None

    async def exists(self, key: Key) -> str | None:
        self._need()
        if key.is_root() or key.text() in self.dirs:
            return DICTIONARY
        if self._latest(key) is not None:
            return VALUE
        return None

    async def get(self, key: Key) -> bytes:
        self._need()
        return await self._value(key)

    async def _value(self, key: Key) -> bytes:
        while True:
            loc = self._latest(key)
            if loc is None:
                if key.is_root() or key.text() in self.dirs:
                    raise ValueExpected(key)
                raise KeyNotFound(key)
            if not loc.intact:
                raise Corrupt(f"the value of {key} failed its checksum")
            data = await self._read_value(loc)
            if self.index.get(key.text()) is not loc:
                continue  # changed (or moved by cleaning) while we read: read it again
            if layout.crc_of_bytes(data) != loc.value_crc:
                raise Corrupt(f"the value of {key} failed its checksum (a corrupted sector)")
            return data

    async def _read_value(self, loc: Location) -> bytes:
        if loc.length == 0:
            return b""
        start = self._segment_sector(loc.seg) * self.sector + loc.commit_at + loc.offset
        first = start // self.sector
        last = (start + loc.length - 1) // self.sector
        buf = Buffer.create((last - first + 1) * self.sector)
        await self.block.read(first, [buf])
        return buf.sub(start - first * self.sector, loc.length).to_bytes()

    async def get_partial(self, key: Key, offset: int, length: int) -> bytes:
        if offset < 0 or length < 0:
            raise ValueError(f"get_partial: offset {offset} and length {length} must not be "
                             "negative")
        value = await self.get(key)
        return value[offset:offset + length]

    def _check_listable(self) -> None:
        if self.damaged:
            raise Corrupt("the store lost a commit to corruption: its listing may be "
                          "incomplete")

    def _values_under(self, key: Key) -> list[str]:
        """The keys of the values at or under key, sorted."""
        prefix = key.text() + "/" if not key.is_root() else ""
        out: list[str] = []
        for k, loc in self.index.items():
            if not loc.removed and (k == key.text() or k.startswith(prefix)):
                out.append(k)
        out.sort()
        return out

    def _records_at(self, key: Key) -> list[Location]:
        """The latest records of the value at key, or of every value under the dictionary key.
        Raises KeyNotFound, Corrupt."""
        self._need()
        loc = self._latest(key)
        if loc is not None:
            return [loc]
        if key.text() not in self.dirs and not key.is_root():
            raise KeyNotFound(key)
        self._check_listable()
        out: list[Location] = []
        for k in self._values_under(key):
            out.append(self.index[k])
        return out

    async def last_modified(self, key: Key) -> int:
        newest = 0
        for loc in self._records_at(key):
            newest = max(newest, loc.mtime)
        return newest

    async def size(self, key: Key) -> int:
        total = 0
        for loc in self._records_at(key):
            total += loc.length
        return total

    async def digest(self, key: Key) -> bytes:
        self._need()
        if self._latest(key) is not None:
            return sha256(await self._value(key))
        if key.text() not in self.dirs and not key.is_root():
            raise KeyNotFound(key)
        entries = await self.list(key)
        text = b""
        for e in entries:
            text += e.key.basename().encode() + b"\x00" + e.kind.encode() + b"\x00" + \
                await self.digest(e.key)
        return sha256(text)

    # --- changing ---------------------------------------------------------------------------

    async def set(self, key: Key, value: bytes) -> None:
        await self._change(key, Key.root(), value, "set", 0)

    async def allocate(self, key: Key, size: int) -> None:
        if size < 0:
            raise ValueError(f"allocate: size {size} must not be negative")
        await self._change(key, Key.root(), bytes(size), "allocate", 0)

    async def set_partial(self, key: Key, offset: int, data: bytes) -> None:
        if offset < 0:
            raise ValueError(f"set_partial: offset {offset} must not be negative")
        await self._change(key, Key.root(), data, "set_partial", offset)

    async def remove(self, key: Key) -> None:
        await self._change(key, Key.root(), b"", "remove", 0)

    async def rename(self, source: Key, dest: Key) -> None:
        await self._change(source, dest, b"", "rename", 0)

    async def _change(self, key: Key, dest: Key, value: bytes, what: str, offset: int) -> None:
        self._need()
        if self.read_only:
            raise ReadOnlyStore(f"{what} {key}: the store's device is read-only")
        await self.lock.get()
        try:
            records = await self._records_for(key, dest, value, what, offset)
            if len(records) > 0:
                await self._commit(records, False)
        finally:
            self.lock.put_nowait(0)

    def _check_settable(self, key: Key) -> None:
        if key.is_root() or key.text() in self.dirs:
            raise ValueExpected(key)
        parent = key.parent()
        while not parent.is_root():
            loc = self.index.get(parent.text())
            if loc is not None and not loc.removed:
                raise DictionaryExpected(parent)
            parent = parent.parent()

    async def _records_for(self, key: Key, dest: Key, value: bytes, what: str,
                           offset: int) -> list[Record]:
        now = self.clock.now_ns()
        if what == "set" or what == "allocate":
            self._check_settable(key)
            if what == "allocate" and self._latest(key) is not None:
                raise AlreadyPresent(key)
            return [Record(SET, key.text(), value, now)]
        if what == "set_partial":
            old = await self._value(key)
            if offset > len(old):
                old = old + bytes(offset - len(old))
            new = old[:offset] + value + old[offset + len(value):]
            return [Record(SET, key.text(), new, now)]
        if what == "remove":
            if self.damaged and self.index.get(key.text()) is None and \
                    key.text() not in self.dirs:
                self._latest(key)  # raises Corrupt: it may exist in what was lost
            records: list[Record] = []
            for k in self._values_under(key):
                records.append(Record(REMOVE, k, b"", now))
            return records
        # rename: one commit removes what is at source and dest, and sets the moved values
        if dest.text() == key.text():
            if self._latest(key) is None and key.text() not in self.dirs:
                raise KeyNotFound(key)
            return []
        if dest.is_under(key) or dest.is_root() or key.is_root():
            raise KvError(f"rename {key} to {dest}: a dictionary cannot move into itself, and "
                          "the root cannot move")
        moved = self._values_under(key)
        if len(moved) == 0:
            raise KeyNotFound(key)
        parent = dest.parent()
        while not parent.is_root():
            loc = self.index.get(parent.text())
            if loc is not None and not loc.removed and parent.text() != key.text():
                raise DictionaryExpected(parent)
            parent = parent.parent()
        out: dict[str, Record] = {}
        for k in self._values_under(dest):
            out[k] = Record(REMOVE, k, b"", now)
        for k in moved:
            out[k] = Record(REMOVE, k, b"", now)
        source_len = len(key.text())
        for k in moved:
            target = dest.text() + k[source_len:]
            data = await self._value(Key(k))
            out[target] = Record(SET, target, data, self.index[k].mtime)
        result: list[Record] = []
        for k in sorted(out.keys()):
            result.append(out[k])
        return result

    async def _commit(self, records: list[Record], cleaning: bool) -> None:
        """Appends one commit of records and makes it durable, cleaning segments first when
        the head has no room; then the index follows."""
        size = layout.commit_size(records, self.sector)
        if size > self.segment_bytes - self.sector:
            raise NoSpace(f"a change of {size} bytes is larger than a segment of the store "
                          f"holds ({self.segment_bytes - self.sector})")
        if not cleaning:
            await self._make_room(size)
        opening = self.head < 0 or self.head_at + size > self.segment_bytes
        if opening:
            k = self._free_segment(cleaning)
            if k < 0:
                raise NoSpace("the store is full")
        else:
            k = self.head
        seq = self.next_seq
        commit = Buffer.create(size)
        if opening:
            gen = seq
            prev = self.gen[self.head] if self.head >= 0 else 0
            header = Buffer.create(self.sector)
            layout.SegmentHeader(self.store_id, gen, prev).emit(header)
            layout.emit_commit(commit, records, self.store_id, gen, seq)
            await self.block.write(self._segment_sector(k), [header, commit])
            at = self.sector
        else:
            layout.emit_commit(commit, records, self.store_id, self.gen[k], seq)
            at = self.head_at
            await self.block.write(self._segment_sector(k) + at // self.sector, [commit])
        await self.block.flush()
        # durable: the store's state follows
        if opening:
            self._reuse(k, seq)
            self.head = k
        self.head_at = at + size
        self.next_seq = seq + 1
        meta = layout.COMMIT_HEADER_SIZE
        for r in records:
            meta += layout.RECORD_HEADER_SIZE + len(r.key.encode())
        value_at = meta
        for i in range(len(records)):
            r = records[i]
            if r.kind == ERASE:
                self._count_record(k, "", len(r.value))
                self._erased(r.value)
            else:
                loc = Location(k, at, i, seq, value_at, len(r.value),
                               layout.crc_of_bytes(r.value), r.mtime, r.kind == REMOVE, True)
                self._install(r.key, loc, layout.RECORD_HEADER_SIZE + len(r.key) +
                              len(r.value))
            value_at += len(r.value)

    def _reuse(self, k: int, gen: int) -> None:
        """Segment k's new generation is durable: what its old one held is gone for good."""
        for key, count in self.keys_in[k].items():
            left = self.stale.get(key, 0) - count
            if left > 0:
                self.stale[key] = left
            else:
                self.stale.pop(key, None)
        self.keys_in[k] = {}
        self.live[k] = 0
        self.gen[k] = gen
        self.free[k] = False

    def _erased(self, value: bytes) -> None:
        pair = Buffer.of_bytes(value)
        k = pair.get_u64_le(0)
        if 0 <= k < self.segments and self.gen[k] == pair.get_u64_le(8):
            self.free[k] = True

    def _free_segment(self, cleaning: bool) -> int:
        count = 0
        first = -1
        for k in range(self.segments):
            if self.free[k] and k != self.head:
                count += 1
                if first < 0:
                    first = k
        if count == 0 or (count <= RESERVE and not cleaning):
            return -1
        return first

    async def _make_room(self, size: int) -> None:
        """Cleans segments until a commit of size bytes fits without taking the reserve."""
        for _ in range(2 * self.segments + 2):
            if self.head >= 0 and self.head_at + size <= self.segment_bytes:
                return
            if self._free_segment(False) >= 0:
                return
            victim = self._victim(size)
            if victim < 0:
                raise NoSpace("the store is full: remove or shrink values to make room")
            await self._clean(victim)
        raise NoSpace("the store is full: cleaning gains no room")

    def _victim(self, size: int) -> int:
        """The non-head segment in use with the least live data, if cleaning it gains room."""
        best = -1
        for k in range(self.segments):
            if self.free[k] or k == self.head:
                continue
            if best < 0 or self.live[k] < self.live[best]:
                best = k
        if best < 0:
            return -1
        # its live data, and the commit's own header, must fit in less than a segment
        if self.live[best] + layout.COMMIT_HEADER_SIZE + self.sector >= \
                self.segment_bytes - self.sector:
            return -1
        return best

    async def _clean(self, k: int) -> None:
        """Copies segment k's live records to the head with an ERASE of its generation, in one
        commit: k is then free."""
        data = Buffer.create(self.segment_bytes)
        await self.block.read(self._segment_sector(k), [data])
        keep: list[Record] = []
        for c in self._scan_segment_again(k, data):
            records = c.records
            if records is None:
                continue
            for i in range(len(records)):
                r = records[i]
                if r.kind == ERASE:
                    if r.intact and r.length == 16:
                        pair = data.sub(c.at + r.offset, 16)
                        target = pair.get_u64_le(0)
                        if 0 <= target < self.segments and target != k and \
                                self.gen[target] == pair.get_u64_le(8) and self.free[target]:
                            keep.append(Record(ERASE, "", pair.to_bytes(), r.mtime))
                    continue
                loc = self.index.get(r.key)
                if loc is None or not loc.same(k, c.at, i):
                    continue  # superseded
                if loc.removed:
                    # a tombstone is kept while an older record of its key outside k could
                    # be replayed
                    if self._stale_outside(r.key, k):
                        keep.append(Record(REMOVE, r.key, b"", r.mtime))
                    else:
                        self._forget(r.key, k)
                    continue
                value = data.sub(c.at + r.offset, r.length).to_bytes()
                if layout.crc_of_bytes(value) != r.value_crc:
                    raise Corrupt(f"cleaning: the value of /{r.key} failed its checksum")
                keep.append(Record(SET, r.key, value, r.mtime))
        pair = Buffer.create(16)
        pair.set_u64_le(0, k)
        pair.set_u64_le(8, self.gen[k])
        keep.append(Record(ERASE, "", pair.to_bytes(), self.clock.now_ns()))
        await self._commit(keep, True)
        self.free[k] = True

    def _stale_outside(self, key: str, k: int) -> bool:
        """Whether records of key older than its tombstone (in k) are replayable outside k:
        k holds the tombstone and keys_in[k][key] - 1 stale ones."""
        return self.stale.get(key, 0) - (self.keys_in[k].get(key, 0) - 1) > 0

    def _forget(self, key: str, k: int) -> None:
        """A tombstone in k that nothing needs any more: the key leaves the index, and the
        tombstone is neither a key's latest record nor a stale one."""
        loc = self.index.pop(key)
        self.live[loc.seg] -= self._record_size(key, loc)
        left = self.keys_in[k].get(key, 0) - 1
        if left > 0:
            self.keys_in[k][key] = left
        else:
            self.keys_in[k].pop(key, None)

    def _scan_segment_again(self, k: int, data: Buffer) -> list[Commit]:
        found: list[Commit] = []
        at = self.sector
        while at < self.segment_bytes:
            h = layout.parse_commit_header(data, at, self.store_id, self.gen[k], self.sector)
            if h is None:
                at += self.sector
                continue
            found.append(Commit(k, at, h, layout.parse_records(data, at, h)))
            at += h.size
        return found

    # --- listing (last in the class: below it, `list` in an annotation would be it) ------

    async def list(self, key: Key) -> list[Entry]:
        self._need()
        children = self.dirs.get(key.text())
        if children is None:
            if self._latest(key) is not None:
                raise DictionaryExpected(key)
            raise KeyNotFound(key)
        self._check_listable()
        names = sorted(children.keys())
        out: list[Entry] = []
        for name in names:
            child = key.child(name)
            kind = DICTIONARY if child.text() in self.dirs else VALUE
            out.append(Entry(child, kind))
        return out


def _seq_of(c: Commit) -> int:
    return c.header.seq
