"""KV_RO over a tar archive on a BLOCK device (Mirage's tar KV): content too large to compile
into the image, made on the host with `tar -cf site.tar -C site .`.

connect() reads the archive's headers once (512-byte ustar blocks, GNU long names, pax `path`
records) and keeps, per file, where its data starts and its size; get() reads just the sectors
that hold the file. A header that fails its checksum, a size that runs past the device, or a
name that cannot be a key is Corrupt, with the header's offset. Links, devices and FIFOs are
skipped; directories are implied by the files in them.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures.block import BLOCK
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.sha256 import sha256
from pyrage.stdlib.storage import (
    DICTIONARY,
    VALUE,
    BadKey,
    Corrupt,
    DictionaryExpected,
    Entry,
    Key,
    KeyNotFound,
    ValueExpected,
)

B = TypeVar("B", bound=BLOCK)

BLOCK_SIZE = 512


class TarFile:
    """A file of the archive: where its data starts (bytes from the device's start), its size
    and modification time (ns)."""

    def __init__(self, offset: int, size: int, mtime: int) -> None:
        self.offset = offset
        self.size = size
        self.mtime = mtime


def octal(buf: Buffer, at: int, width: int, where: int) -> int:
    """A ustar numeric field: octal digits, NUL- or space-terminated (or base-256 for GNU's
    large sizes)."""
    if buf[at] & 0x80:
        value = buf[at] & 0x7F
        for i in range(1, width):
            value = value * 256 + buf[at + i]
        return value
    value = 0
    i = 0
    while i < width and buf[at + i] == 0x20:
        i += 1
    while i < width:
        c = buf[at + i]
        if c == 0 or c == 0x20:
            break
        if c < 0x30 or c > 0x37:
            raise Corrupt(f"tar: a bad number in the header at byte {where}")
        value = value * 8 + (c - 0x30)
        i += 1
    return value


def utf8(data: bytes) -> str:
    """A name from the archive; Corrupt when it is not UTF-8."""
    try:
        return data.decode()
    except UnicodeDecodeError:
        raise Corrupt(f"tar: a name that is not UTF-8: {data!r}") from None


def text(buf: Buffer, at: int, width: int) -> str:
    end = at
    while end < at + width and buf[end] != 0:
        end += 1
    return utf8(buf.sub(at, end - at).to_bytes())


def checksum_ok(header: Buffer, where: int) -> bool:
    total = 0
    for i in range(BLOCK_SIZE):
        total += 0x20 if 148 <= i < 156 else header[i]
    return octal(header, 148, 8, where) == total


def pax_path(data: bytes) -> str:
    """The `path` of a pax extended header's records ("LEN path=VALUE\\n"), or ""."""
    at = 0
    found = ""
    while at < len(data):
        space = data.find(b" ", at)
        if space < 0:
            break
        digits = data[at:space]
        if not digits.isdigit() or int(digits.decode()) <= space - at:
            raise Corrupt("tar: a malformed pax record")
        length = int(digits.decode())
        record = data[space + 1:at + length - 1]
        if record.startswith(b"path="):
            found = utf8(record[5:])
        at += length
    return found


class TarKv(Generic[B]):
    """KV_RO over a tar archive on a block device (`config.py`: tar_ro(block("site")))."""

    def __init__(self, block: B) -> None:
        self.block = block
        self.files: dict[str, TarFile] = {}
        self.dirs: dict[str, dict[str, bool]] = {"": {}}
        self.sector = 512
        self.device_bytes = 0

    async def _read(self, offset: int, length: int) -> bytes:
        if length == 0:
            return b""
        first = offset // self.sector
        last = (offset + length - 1) // self.sector
        buf = Buffer.create((last - first + 1) * self.sector)
        await self.block.read(first, [buf])
        return buf.sub(offset - first * self.sector, length).to_bytes()

    async def connect(self) -> None:
        info = self.block.info()
        self.sector = info.sector_size
        self.device_bytes = info.size_sectors * info.sector_size
        at = 0
        long_name = ""
        while at + BLOCK_SIZE <= self.device_bytes:
            header = Buffer.of_bytes(await self._read(at, BLOCK_SIZE))
            if header[0] == 0 and header[148] == 0:
                return  # the end-of-archive blocks (or zeros after the last file)
            if not checksum_ok(header, at):
                raise Corrupt(f"tar: the header at byte {at} fails its checksum")
            size = octal(header, 124, 12, at)
            mtime = octal(header, 136, 12, at)
            kind = header[156]
            data_at = at + BLOCK_SIZE
            if data_at + size > self.device_bytes:
                raise Corrupt(f"tar: the entry at byte {at} runs past the end of the device")
            name = text(header, 0, 100)
            if text(header, 257, 5) == "ustar" and header[345] != 0:
                name = text(header, 345, 155) + "/" + name
            if long_name:
                name = long_name
                long_name = ""
            if kind == 0x4C:  # 'L': GNU long name, the next entry's
                long_name = utf8((await self._read(data_at, size)).rstrip(b"\x00"))
            elif kind == 0x78:  # 'x': pax extended header
                long_name = pax_path(await self._read(data_at, size))
            elif kind == 0x30 or kind == 0:  # '0' or NUL: a regular file
                self._add(name, TarFile(data_at, size, mtime * 1000000000), at)
            at = data_at + (size + BLOCK_SIZE - 1) // BLOCK_SIZE * BLOCK_SIZE

    def _add(self, name: str, entry: TarFile, at: int) -> None:
        path = name
        while path.startswith("./"):
            path = path[2:]
        try:
            key = Key(path)
        except BadKey as e:
            raise Corrupt(f"tar: the entry at byte {at}: {e}") from None
        if key.is_root():
            return
        self.files[key.text()] = entry
        parent = ""
        for part in key.segments:
            children = self.dirs.get(parent)
            if children is None:
                children = {}
                self.dirs[parent] = children
            children[part] = True
            parent = part if parent == "" else parent + "/" + part

    def _file(self, key: Key) -> TarFile:
        entry = self.files.get(key.text())
        if entry is None:
            if key.text() in self.dirs:
                raise ValueExpected(key)
            raise KeyNotFound(key)
        return entry

    def _dictionary(self, key: Key) -> None:
        if key.text() not in self.dirs:
            if key.text() in self.files:
                raise DictionaryExpected(key)
            raise KeyNotFound(key)

    async def exists(self, key: Key) -> str | None:
        if key.text() in self.dirs:
            return DICTIONARY
        if key.text() in self.files:
            return VALUE
        return None

    async def get(self, key: Key) -> bytes:
        entry = self._file(key)
        return await self._read(entry.offset, entry.size)

    async def get_partial(self, key: Key, offset: int, length: int) -> bytes:
        if offset < 0 or length < 0:
            raise ValueError(f"get_partial: offset {offset} and length {length} must not be "
                             "negative")
        entry = self._file(key)
        start = min(offset, entry.size)
        return await self._read(entry.offset + start, min(length, entry.size - start))

    def _under(self, key: Key) -> list[TarFile]:
        if key.text() in self.files:
            return [self.files[key.text()]]
        self._dictionary(key)
        prefix = key.text() + "/" if not key.is_root() else ""
        out: list[TarFile] = []
        for path, entry in self.files.items():
            if path.startswith(prefix):
                out.append(entry)
        return out

    async def last_modified(self, key: Key) -> int:
        newest = 0
        for entry in self._under(key):
            newest = max(newest, entry.mtime)
        return newest

    async def size(self, key: Key) -> int:
        total = 0
        for entry in self._under(key):
            total += entry.size
        return total

    async def digest(self, key: Key) -> bytes:
        """As kvlog.py's and crunch.py's."""
        if key.text() in self.files:
            return sha256(await self.get(key))
        self._dictionary(key)
        out = b""
        for name in sorted(self.dirs[key.text()].keys()):
            child = key.child(name)
            kind = DICTIONARY if child.text() in self.dirs else VALUE
            out += name.encode() + b"\x00" + kind.encode() + b"\x00" + await self.digest(child)
        return sha256(out)

    # --- listing (last in the class: below it, `list` in an annotation would be it) ------

    async def list(self, key: Key) -> list[Entry]:
        self._dictionary(key)
        out: list[Entry] = []
        for name in sorted(self.dirs[key.text()].keys()):
            child = key.child(name)
            out.append(Entry(child, DICTIONARY if child.text() in self.dirs else VALUE))
        return out
