"""KV_RO compiled into the image (Mirage's crunch): a directory of files, embedded when the app is
configured.

config.py says `kv_ro("htdocs")`; `pyrage configure` writes `_build/TARGET/crunch_NAME.py`,
whose `store()` makes a Crunch of the directory's files as bytes constants (with their
modification times and SHA-256 digests, computed then). Compiled, a bytes constant is static
data in the image, so get() hands out the file's bytes without copying them, and an image
carries no disk. Names are paths relative to the directory, checked as Keys when it is
embedded (pyrage/config/storage.py).
"""

from __future__ import annotations

from pyrage.stdlib.sha256 import sha256
from pyrage.stdlib.storage import (
    DICTIONARY,
    VALUE,
    DictionaryExpected,
    Entry,
    Key,
    KeyNotFound,
    ValueExpected,
)


class Crunch:
    """A read-only store of the files given: path -> (data, mtime in ns, SHA-256)."""

    def __init__(self, files: dict[str, tuple[bytes, int, bytes]]) -> None:
        self.files = files
        #: dictionary -> the names directly in it
        self.dirs: dict[str, dict[str, bool]] = {"": {}}
        for path in files:
            parts = path.split("/")
            parent = ""
            for part in parts:
                children = self.dirs.get(parent)
                if children is None:
                    children = {}
                    self.dirs[parent] = children
                children[part] = True
                parent = part if parent == "" else parent + "/" + part

    async def connect(self) -> None:
        pass  # nothing to read: the files are in the image

    async def exists(self, key: Key) -> str | None:
        if key.text() in self.dirs:
            return DICTIONARY
        if key.text() in self.files:
            return VALUE
        return None

    def _file(self, key: Key) -> tuple[bytes, int, bytes]:
        entry = self.files.get(key.text())
        if entry is None:
            if key.text() in self.dirs:
                raise ValueExpected(key)
            raise KeyNotFound(key)
        return entry

    async def get(self, key: Key) -> bytes:
        return self._file(key)[0]

    async def get_partial(self, key: Key, offset: int, length: int) -> bytes:
        if offset < 0 or length < 0:
            raise ValueError(f"get_partial: offset {offset} and length {length} must not be "
                             "negative")
        return self._file(key)[0][offset:offset + length]

    def _values_under(self, key: Key) -> list[str]:
        prefix = key.text() + "/" if not key.is_root() else ""
        out: list[str] = []
        for path in self.files:
            if path.startswith(prefix):
                out.append(path)
        return out

    def _dictionary(self, key: Key) -> None:
        if key.text() not in self.dirs:
            if key.text() in self.files:
                raise DictionaryExpected(key)
            raise KeyNotFound(key)

    async def last_modified(self, key: Key) -> int:
        if key.text() in self.files:
            return self.files[key.text()][1]
        self._dictionary(key)
        newest = 0
        for path in self._values_under(key):
            newest = max(newest, self.files[path][1])
        return newest

    async def size(self, key: Key) -> int:
        if key.text() in self.files:
            return len(self.files[key.text()][0])
        self._dictionary(key)
        total = 0
        for path in self._values_under(key):
            total += len(self.files[path][0])
        return total

    async def digest(self, key: Key) -> bytes:
        """As kvlog.py's: a value's SHA-256; a dictionary's, over its entries' names, kinds and
        digests, in order."""
        if key.text() in self.files:
            return self.files[key.text()][2]
        self._dictionary(key)
        text = b""
        for name in sorted(self.dirs[key.text()].keys()):
            child = key.child(name)
            kind = DICTIONARY if child.text() in self.dirs else VALUE
            text += name.encode() + b"\x00" + kind.encode() + b"\x00" + await self.digest(child)
        return sha256(text)

    # --- listing (last in the class: below it, `list` in an annotation would be it) ------

    async def list(self, key: Key) -> list[Entry]:
        self._dictionary(key)
        out: list[Entry] = []
        for name in sorted(self.dirs[key.text()].keys()):
            child = key.child(name)
            out.append(Entry(child, DICTIONARY if child.text() in self.dirs else VALUE))
        return out
