"""What the storage signatures share: typed errors, a block device's geometry, and keys.

The signatures (pyrage/signatures/block.py and kv.py) speak in these types, so an app handles a
`KvError` the same way whichever store it runs on: the one compiled into the image
(pyrage/functors/storage/crunch.py), or the crash-safe one on a block device
(pyrage/functors/storage/kvlog.py). docs/storage.md describes both.
"""

from __future__ import annotations

# --- errors -----------------------------------------------------------------------------------


class StorageError(Exception):
    """Base of every error the storage signatures raise."""


class BlockError(StorageError):
    """A block device refused or failed a request: a read or write error, a range beyond the
    device, a size that is not a whole number of sectors, a write to a read-only device."""


class KvError(StorageError):
    """Base of the key-value stores' errors."""


class BadKey(KvError):
    """A key that is not a valid path: empty segments, `.` or `..`, a character outside the
    allowed ones, or too long."""


class KeyNotFound(KvError):
    """No value or dictionary at the key."""

    def __init__(self, key: Key) -> None:
        super().__init__(f"no value or dictionary at {key}")
        self.key = key


class ValueExpected(KvError):
    """The key is a dictionary where a value was expected (get of a dictionary)."""

    def __init__(self, key: Key) -> None:
        super().__init__(f"{key} is a dictionary, not a value")
        self.key = key


class DictionaryExpected(KvError):
    """The key is a value where a dictionary was expected (list of a value; a key under a
    value)."""

    def __init__(self, key: Key) -> None:
        super().__init__(f"{key} is a value, not a dictionary")
        self.key = key


class AlreadyPresent(KvError):
    """allocate() of a key that already has a value."""

    def __init__(self, key: Key) -> None:
        super().__init__(f"{key} already has a value")
        self.key = key


class NoSpace(KvError):
    """The store has no room for the value, even after reclaiming space; it stays usable."""


class ReadOnlyStore(KvError):
    """A change to a store on a read-only device."""


class Corrupt(KvError):
    """The store's data failed its checksum: a corrupted sector, or a device that returns what
    was never written. What is known to be intact still reads; what may not be raises this."""


# --- block devices ----------------------------------------------------------------------------


class BlockInfo:
    """A block device's geometry (Mirage's Mirage_block.info)."""

    def __init__(self, sector_size: int, size_sectors: int, read_write: bool) -> None:
        self.sector_size = sector_size
        self.size_sectors = size_sectors
        self.read_write = read_write

    def __repr__(self) -> str:
        mode = "read-write" if self.read_write else "read-only"
        return f"BlockInfo({self.size_sectors} sectors of {self.sector_size} bytes, {mode})"


# --- keys -------------------------------------------------------------------------------------

#: The longest key, in bytes of its text (segments and separators).
MAX_KEY = 255
_ALLOWED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+=,@%"


class Key:
    """A key: a path of segments, `a/b/c` (Mirage_kv.Key). Key("a/b"), Key("/a/b") and
    Key("a//b") ... are checked when made: BadKey for an empty segment (except one leading or
    trailing `/`), `.` or `..`, a character outside letters, digits and `-_.~+=,@%`, or more
    than 255 bytes. Key("") and Key("/") are the root, the dictionary of everything."""

    def __init__(self, path: str) -> None:
        text = path
        if text.startswith("/"):
            text = text[1:]
        if text.endswith("/"):
            text = text[:-1]
        if len(text) > MAX_KEY:
            raise BadKey(f"key {path!r} is longer than {MAX_KEY} bytes")
        segments: list[str] = []
        if text != "":
            for segment in text.split("/"):
                check_segment(path, segment)
                segments.append(segment)
        self.segments = segments

    @staticmethod
    def root() -> Key:
        return Key("")

    def is_root(self) -> bool:
        return len(self.segments) == 0

    def text(self) -> str:
        """The key as a path without a leading slash: "a/b" ("" for the root)."""
        return "/".join(self.segments)

    def parent(self) -> Key:
        """The dictionary that holds this key (the root's parent is the root)."""
        return Key("/".join(self.segments[:-1]))

    def basename(self) -> str:
        """The last segment ("" for the root)."""
        return self.segments[-1] if self.segments else ""

    def child(self, segment: str) -> Key:
        """This key with one more segment."""
        check_segment(segment, segment)
        return Key(self.text() + "/" + segment if self.segments else segment)

    def is_under(self, other: Key) -> bool:
        """Whether other is a proper prefix of this key (a dictionary above it)."""
        if len(other.segments) >= len(self.segments):
            return False
        for i in range(len(other.segments)):
            if other.segments[i] != self.segments[i]:
                return False
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and self.segments == other.segments

    def __hash__(self) -> int:
        return hash(self.text())

    def __str__(self) -> str:
        return "/" + self.text()

    def __repr__(self) -> str:
        return f"Key({self.text()!r})"


def check_segment(path: str, segment: str) -> None:
    if segment == "":
        raise BadKey(f"key {path!r} has an empty segment")
    if segment == "." or segment == "..":
        raise BadKey(f"key {path!r} has a {segment!r} segment")
    for ch in segment:
        if ch not in _ALLOWED:
            raise BadKey(f"key {path!r} has the character {ch!r} (allowed: letters, digits "
                         "and -_.~+=,@%)")


#: What KV_RO.exists says a key is.
VALUE = "value"
DICTIONARY = "dictionary"


class Entry:
    """One entry of a dictionary's listing: a key and whether it is a value or a dictionary."""

    def __init__(self, key: Key, kind: str) -> None:
        self.key = key
        self.kind = kind

    def __repr__(self) -> str:
        return f"Entry({self.key.text()!r}, {self.kind!r})"
