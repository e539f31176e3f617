"""KV_RO and KV_RW: key-value stores (Mirage's Mirage_kv.RO and Mirage_kv.RW).

Keys are paths (pyrage.stdlib.storage.Key); a key with values below it is a dictionary.
Every error is a KvError (pyrage/stdlib/storage.py): KeyNotFound, ValueExpected,
DictionaryExpected, AlreadyPresent, NoSpace, ReadOnlyStore, Corrupt.
"""

from __future__ import annotations

from typing import Protocol

from pyrage.stdlib.storage import Entry, Key


class KV_RO(Protocol):
    """A read-only key-value store."""

    async def exists(self, key: Key) -> str | None:
        """await kv.exists(key) -> "value", "dictionary" or None

        What the key is, or None when there is nothing at it.
        """
        ...

    async def get(self, key: Key) -> bytes:
        """await kv.get(key) -> bytes

        The value at key. Raises KeyNotFound, ValueExpected (a dictionary), Corrupt.
        """
        ...

    async def get_partial(self, key: Key, offset: int, length: int) -> bytes:
        """await kv.get_partial(key, offset, length) -> bytes

        value[offset:offset + length] (shorter at the end of the value, empty beyond it).
        Raises as get(), and ValueError for a negative offset or length.
        """
        ...

    async def list(self, key: Key) -> list[Entry]:
        """await kv.list(key) -> [Entry, ...]

        The entries directly under the dictionary key, sorted by name. Raises KeyNotFound,
        DictionaryExpected (a value).
        """
        ...

    async def last_modified(self, key: Key) -> int:
        """await kv.last_modified(key) -> int

        When the value was last set, in nanoseconds since the Unix epoch (for a dictionary: the
        latest of its entries'). Raises KeyNotFound.
        """
        ...

    async def digest(self, key: Key) -> bytes:
        """await kv.digest(key) -> bytes

        The SHA-256 of the value (32 bytes); of a dictionary, the SHA-256 of its entries'
        names and digests, so that it changes when anything below it does. Raises KeyNotFound,
        Corrupt.
        """
        ...

    async def size(self, key: Key) -> int:
        """await kv.size(key) -> int

        The value's length in bytes (a dictionary's: the sum of its values'). Raises
        KeyNotFound.
        """
        ...


class KV_RW(KV_RO, Protocol):
    """A key-value store that can be changed. A change is durable when its await returns: it
    survives a power cut at any later point, and a change interrupted by one leaves the old
    state or the new one, never a mix."""

    async def set(self, key: Key, value: bytes) -> None:
        """await kv.set(key, value)

        Sets the value at key (creating the dictionaries above it). Raises ValueExpected when
        key is a dictionary, DictionaryExpected when a key above it is a value, NoSpace,
        ReadOnlyStore.
        """
        ...

    async def set_partial(self, key: Key, offset: int, data: bytes) -> None:
        """await kv.set_partial(key, offset, data)

        Replaces value[offset:offset + len(data)] with data, growing the value (zero-filled)
        where offset + len(data) passes its end. Raises as set(), and KeyNotFound.
        """
        ...

    async def remove(self, key: Key) -> None:
        """await kv.remove(key)

        Removes the value, or the dictionary and everything below it. Removing a key that does
        not exist does nothing. Raises ReadOnlyStore, NoSpace.
        """
        ...

    async def rename(self, source: Key, dest: Key) -> None:
        """await kv.rename(source, dest)

        Moves the value (or dictionary) at source to dest, replacing what dest held, as one
        change. Raises KeyNotFound (source), DictionaryExpected, ValueExpected, NoSpace.
        """
        ...

    async def allocate(self, key: Key, size: int) -> None:
        """await kv.allocate(key, size)

        Makes a value of size zero bytes at key. Raises AlreadyPresent when key has a value,
        and as set().
        """
        ...
