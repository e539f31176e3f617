"""dict[K, V], compiled: CPython's compact, insertion-ordered hash table.

Entries (hash, key, value) are appended in insertion order; a separate open-addressed index
table maps hashes to entry positions. Iteration walks the entries, so the order is insertion
order whatever the hash function (pyrage's str hash differs from CPython's, which CPython itself
randomizes per process). Messages and exception types follow CPython.
"""

from __future__ import annotations

from typing import Final, Generic, TypeVar

from pyrage.stdlib.array import Array
from pyrage.stdlib.intrinsics import identical

K = TypeVar("K")
V = TypeVar("V")
W = TypeVar("W")

EMPTY: Final = -1  # an index-table slot never used
DELETED_SLOT: Final = -2  # an index-table slot whose entry was deleted: probing goes on past it
DELETED_HASH: Final = -1  # an entry's hash once deleted (no key hashes to -1)
MIN_SIZE: Final = 8


class Dict(Generic[K, V]):
    def __init__(self) -> None:
        # Every field has a value before self is seen (Array(0) is a static, made for free), so
        # no read of one needs a check that it was assigned (irbuild/fieldinit.py).
        self._index: Array[int] = Array(0)
        self._hashes: Array[int] = Array(0)
        self._keys: Array[K] = Array(0)
        self._values: Array[V] = Array(0)
        self._reset(MIN_SIZE)

    def _reset(self, size: int) -> None:
        self._index = Array(size)
        self._index.fill(EMPTY)
        capacity = (size * 2) // 3
        self._hashes = Array(capacity)
        self._keys = Array(capacity)
        self._values = Array(capacity)
        self._used = 0  # live entries
        self._count = 0  # entries written, deleted ones included

    # --- the table ----------------------------------------------------------------------------

    def _slot(self, key: K, h: int) -> int:
        """The index-table slot holding key, or the first free slot where it would go."""
        mask = len(self._index) - 1
        i = h & mask
        perturb = h & 0x7FFFFFFFFFFFFFFF
        free = -1
        while True:
            entry = self._index[i]
            if entry == EMPTY:
                return i if free < 0 else free
            if entry == DELETED_SLOT:
                if free < 0:
                    free = i
            elif identical(self._keys[entry], key) or \
                    self._hashes[entry] == h and self._keys[entry] == key:
                return i
            perturb >>= 5
            i = (i * 5 + perturb + 1) & mask

    def _find(self, key: K) -> int:
        """The entry position of key, or -1."""
        entry = self._index[self._slot(key, hash(key))]
        return entry if entry >= 0 else -1

    def _resize(self) -> None:
        """Rebuild for the live entries (dropping deleted ones), keeping their order."""
        size = MIN_SIZE
        while size * 2 // 3 <= self._used * 3 // 2 + 1:
            size *= 2
        hashes, keys, values, count = self._hashes, self._keys, self._values, self._count
        self._reset(size)
        for i in range(count):
            h = hashes[i]
            if h != DELETED_HASH:
                self._append(h, keys[i], values[i], self._slot(keys[i], h))

    def _append(self, h: int, key: K, value: V, slot: int) -> None:
        position = self._count
        self._hashes[position] = h
        self._keys[position] = key
        self._values[position] = value
        self._index[slot] = position
        self._count += 1
        self._used += 1

    # --- mapping protocol ---------------------------------------------------------------------

    def __len__(self) -> int:
        return self._used

    def __getitem__(self, key: K) -> V:
        position = self._find(key)
        if position < 0:
            raise KeyError(key)
        return self._values[position]

    def __setitem__(self, key: K, value: V) -> None:
        h = hash(key)
        slot = self._slot(key, h)
        position = self._index[slot]
        if position >= 0:
            self._values[position] = value
            return
        if self._count == len(self._hashes):
            self._resize()
            slot = self._slot(key, h)
        self._append(h, key, value, slot)

    def __delitem__(self, key: K) -> None:
        h = hash(key)
        slot = self._slot(key, h)
        position = self._index[slot]
        if position < 0:
            raise KeyError(key)
        self._index[slot] = DELETED_SLOT
        self._hashes[position] = DELETED_HASH
        self._used -= 1

    def __contains__(self, key: K) -> bool:
        return self._find(key) >= 0

    def get(self, key: K) -> V | None:
        position = self._find(key)
        return self._values[position] if position >= 0 else None

    def _get_or(self, key: K, default: V) -> V:
        """get(key, default): the compiler calls this for the two-argument form."""
        position = self._find(key)
        return self._values[position] if position >= 0 else default

    def setdefault(self, key: K, default: V) -> V:
        position = self._find(key)
        if position >= 0:
            return self._values[position]
        self[key] = default
        return default

    def pop(self, key: K) -> V:
        value = self[key]
        del self[key]
        return value

    def _pop_or(self, key: K, default: V) -> V:
        """pop(key, default), for the two-argument form."""
        position = self._find(key)
        if position < 0:
            return default
        value = self._values[position]
        del self[key]
        return value

    def popitem(self) -> tuple[K, V]:
        position = self._count - 1
        while position >= 0 and self._hashes[position] == DELETED_HASH:
            position -= 1
        if position < 0:
            raise KeyError("popitem(): dictionary is empty")
        key, value = self._keys[position], self._values[position]
        del self[key]
        self._count = position  # the entries after it are all deleted
        return key, value

    def update(self, other: Dict[K, V]) -> None:
        for i in range(other._count):
            if other._hashes[i] != DELETED_HASH:
                self[other._keys[i]] = other._values[i]

    def clear(self) -> None:
        self._reset(MIN_SIZE)

    def copy(self) -> Dict[K, V]:
        result: Dict[K, V] = Dict()
        result.update(self)
        return result

    def keys(self) -> KeysView[K, V]:
        return KeysView(self)

    def values(self) -> ValuesView[K, V]:
        return ValuesView(self)

    def items(self) -> ItemsView[K, V]:
        return ItemsView(self)

    # --- the compiler's iteration hooks ---------------------------------------------------------

    def _next_entry(self, position: int) -> int:
        while position < self._count:
            if self._hashes[position] != DELETED_HASH:
                return position
            position += 1
        return -1

    def _key_at(self, position: int) -> K:
        return self._keys[position]

    def _value_at(self, position: int) -> V:
        return self._values[position]

    # --- operators ----------------------------------------------------------------------------

    def __eq__(self, other: Dict[K, V]) -> bool:  # type: ignore[override]
        return dicts_equal(self, other)

    def __or__(self, other: Dict[K, V]) -> Dict[K, V]:
        result = self.copy()
        result.update(other)
        return result

    def __repr__(self) -> str:
        text = "{"
        first = True
        for i in range(self._count):
            if self._hashes[i] != DELETED_HASH:
                if not first:
                    text += ", "
                first = False
                text += repr(self._keys[i]) + ": " + repr(self._values[i])
        return text + "}"


class KeysView(Generic[K, V]):
    def __init__(self, d: Dict[K, V]) -> None:
        self._dict = d

    def __len__(self) -> int:
        return self._dict._used

    def __contains__(self, key: K) -> bool:
        return key in self._dict

    def _next_entry(self, position: int) -> int:
        return self._dict._next_entry(position)

    def _key_at(self, position: int) -> K:
        return self._dict._keys[position]

    def __repr__(self) -> str:
        return "dict_keys(" + _entries_repr(self._dict, True, False) + ")"


class ValuesView(Generic[K, V]):
    def __init__(self, d: Dict[K, V]) -> None:
        self._dict = d

    def __len__(self) -> int:
        return self._dict._used

    def _next_entry(self, position: int) -> int:
        return self._dict._next_entry(position)

    def _key_at(self, position: int) -> V:
        return self._dict._values[position]

    def __repr__(self) -> str:
        return "dict_values(" + _entries_repr(self._dict, False, True) + ")"


class ItemsView(Generic[K, V]):
    def __init__(self, d: Dict[K, V]) -> None:
        self._dict = d

    def __len__(self) -> int:
        return self._dict._used

    def _next_entry(self, position: int) -> int:
        return self._dict._next_entry(position)

    def _key_at(self, position: int) -> tuple[K, V]:
        return self._dict._keys[position], self._dict._values[position]

    def __repr__(self) -> str:
        return "dict_items(" + _entries_repr(self._dict, True, True) + ")"


def _entries_repr(d: Dict[K, V], keys: bool, values: bool) -> str:
    text = "["
    first = True
    for i in range(d._count):
        if d._hashes[i] != DELETED_HASH:
            if not first:
                text += ", "
            first = False
            if keys and values:
                text += "(" + repr(d._keys[i]) + ", " + repr(d._values[i]) + ")"
            elif keys:
                text += repr(d._keys[i])
            else:
                text += repr(d._values[i])
    return text + "]"


def dicts_equal(a: Dict[K, V], b: Dict[K, W]) -> bool:
    """a == b key by key (identity first, as CPython), also for dicts of one key type and two
    static value types (a dict[str, object] and a dict[str, int])."""
    if a._used != b._used:
        return False
    for i in range(a._count):
        if a._hashes[i] != DELETED_HASH:
            position = b._find(a._keys[i])
            if position < 0:
                return False
            theirs, mine = b._values[position], a._values[i]
            if not (identical(theirs, mine) or theirs == mine):
                return False
    return True
