"""set[T], compiled: CPython's set table, ported so that iteration order matches.

A set iterates in table order, which depends on the hashes and on the exact probing and
resizing policy; for ints (whose hash CPython fixes) this port gives CPython's order: linear
probes in groups of 9, then perturbation; resize when fill*5 >= mask*3, to the smallest power
of two above used*4 (used*2 past 50,000); merges and copies as set_merge does.
"""

from __future__ import annotations

from typing import Final, Generic, TypeVar

from pyrage.stdlib.array import Array
from pyrage.stdlib.intrinsics import identical

T = TypeVar("T")

UNUSED: Final = 0
ACTIVE: Final = 1
DUMMY: Final = 2
LINEAR_PROBES: Final = 9
MIN_SIZE: Final = 8
PERTURB_MASK: Final = (1 << 59) - 1  # emulates size_t's logical >> 5 on a 64-bit signed int


class Set(Generic[T]):
    def __init__(self) -> None:
        # Every field has a value before self is seen (Array(0) is a static, made for free), so
        # no read of one needs a check that it was assigned (irbuild/fieldinit.py).
        self._state: Array[int] = Array(0)
        self._hashes: Array[int] = Array(0)
        self._keys: Array[T] = Array(0)
        self._make_table(MIN_SIZE)
        self._used = 0  # active entries
        self._fill = 0  # active + dummy entries
        self._finger = 0  # where pop() looks next

    def _make_table(self, size: int) -> None:
        self._state = Array(size)
        self._state.fill(UNUSED)
        self._hashes = Array(size)
        self._hashes.fill(0)
        self._keys = Array(size)
        self._mask = size - 1

    # --- probing (set_lookkey, set_add_entry, set_insert_clean) --------------------------------

    def _lookup(self, key: T, h: int) -> int:
        """The slot holding key, or -1."""
        mask = self._mask
        i = h & mask
        perturb = h
        while True:
            probes = LINEAR_PROBES if i + LINEAR_PROBES <= mask else 0
            j = i
            while True:
                state = self._state[j]
                if state == UNUSED:
                    return -1
                if state == ACTIVE and (identical(self._keys[j], key) or
                                        self._hashes[j] == h and self._keys[j] == key):
                    return j
                if probes == 0:
                    break
                probes -= 1
                j += 1
            perturb = (perturb >> 5) & PERTURB_MASK
            i = (i * 5 + 1 + perturb) & mask

    def _add_entry(self, key: T, h: int) -> None:
        mask = self._mask
        i = h & mask
        perturb = h
        free = -1
        while True:
            probes = LINEAR_PROBES if i + LINEAR_PROBES <= mask else 0
            j = i
            while True:
                state = self._state[j]
                if state == UNUSED:
                    if free >= 0:  # reuse the last dummy seen on the way, as CPython does
                        self._put(free, key, h)
                        self._used += 1
                        return
                    self._put(j, key, h)
                    self._fill += 1
                    self._used += 1
                    if self._fill * 5 >= mask * 3:
                        self._resize(self._used * 2 if self._used > 50000 else self._used * 4)
                    return
                if state == ACTIVE and (identical(self._keys[j], key) or
                                        self._hashes[j] == h and self._keys[j] == key):
                    return
                if state == DUMMY:
                    free = j
                if probes == 0:
                    break
                probes -= 1
                j += 1
            perturb = (perturb >> 5) & PERTURB_MASK
            i = (i * 5 + 1 + perturb) & mask

    def _put(self, slot: int, key: T, h: int) -> None:
        self._state[slot] = ACTIVE
        self._hashes[slot] = h
        self._keys[slot] = key

    def _insert_clean(self, key: T, h: int) -> None:
        """Insert a key known to be absent into a table with no dummies."""
        mask = self._mask
        i = h & mask
        perturb = h
        while True:
            if self._state[i] == UNUSED:
                self._put(i, key, h)
                return
            if i + LINEAR_PROBES <= mask:
                for j in range(i + 1, i + LINEAR_PROBES + 1):
                    if self._state[j] == UNUSED:
                        self._put(j, key, h)
                        return
            perturb = (perturb >> 5) & PERTURB_MASK
            i = (i * 5 + 1 + perturb) & mask

    def _resize(self, minused: int) -> None:
        size = MIN_SIZE
        while size <= minused:
            size <<= 1
        state, hashes, keys, old_mask = self._state, self._hashes, self._keys, self._mask
        self._make_table(size)
        self._fill = self._used
        for i in range(old_mask + 1):
            if state[i] == ACTIVE:
                self._insert_clean(keys[i], hashes[i])

    def _merge(self, other: Set[T]) -> None:
        """set_merge: add every key of other, in other's table order."""
        if other is self or other._used == 0:
            return
        if (self._fill + other._used) * 5 >= self._mask * 3:
            self._resize((self._used + other._used) * 2)
        if self._fill == 0 and self._mask == other._mask and other._fill == other._used:
            for i in range(other._mask + 1):  # same size, empty, no dummies: copy slot by slot
                if other._state[i] == ACTIVE:
                    self._put(i, other._keys[i], other._hashes[i])
            self._fill = other._fill
            self._used = other._used
            return
        if self._fill == 0:
            self._fill = other._used
            self._used = other._used
            for i in range(other._mask + 1):
                if other._state[i] == ACTIVE:
                    self._insert_clean(other._keys[i], other._hashes[i])
            return
        for i in range(other._mask + 1):
            if other._state[i] == ACTIVE:
                self._add_entry(other._keys[i], other._hashes[i])

    # --- the set protocol ---------------------------------------------------------------------

    def __len__(self) -> int:
        return self._used

    def __contains__(self, key: T) -> bool:
        return self._lookup(key, hash(key)) >= 0

    def add(self, key: T) -> None:
        self._add_entry(key, hash(key))

    def discard(self, key: T) -> None:
        slot = self._lookup(key, hash(key))
        if slot >= 0:
            self._state[slot] = DUMMY
            self._hashes[slot] = -1
            self._used -= 1

    def remove(self, key: T) -> None:
        slot = self._lookup(key, hash(key))
        if slot < 0:
            raise KeyError(key)
        self._state[slot] = DUMMY
        self._hashes[slot] = -1
        self._used -= 1

    def pop(self) -> T:
        if self._used == 0:
            raise KeyError("pop from an empty set")
        i = self._finger & self._mask
        while self._state[i] != ACTIVE:
            i += 1
            if i > self._mask:
                i = 0
        key = self._keys[i]
        self._state[i] = DUMMY
        self._hashes[i] = -1
        self._used -= 1
        self._finger = i + 1
        return key

    def clear(self) -> None:
        self._make_table(MIN_SIZE)
        self._used = 0
        self._fill = 0

    def copy(self) -> Set[T]:
        result: Set[T] = Set()
        result._merge(self)
        return result

    def update(self, other: Set[T]) -> None:
        self._merge(other)

    def union(self, other: Set[T]) -> Set[T]:
        result = self.copy()
        result._merge(other)
        return result

    def intersection(self, other: Set[T]) -> Set[T]:
        small, big = (other, self) if len(other) <= len(self) else (self, other)
        result: Set[T] = Set()
        for i in range(small._mask + 1):
            if small._state[i] == ACTIVE:
                key, h = small._keys[i], small._hashes[i]
                if big._lookup(key, h) >= 0:
                    result._add_entry(key, h)
        return result

    def difference(self, other: Set[T]) -> Set[T]:
        if len(self) >> 2 > len(other):  # set_copy_and_difference
            result = self.copy()
            for i in range(other._mask + 1):
                if other._state[i] == ACTIVE:
                    result.discard(other._keys[i])
            return result
        result = Set()
        for i in range(self._mask + 1):
            if self._state[i] == ACTIVE:
                key, h = self._keys[i], self._hashes[i]
                if other._lookup(key, h) < 0:
                    result._add_entry(key, h)
        return result

    def symmetric_difference(self, other: Set[T]) -> Set[T]:
        """As CPython: a copy of other, then each of self's keys toggled in it."""
        result = other.copy()
        result.symmetric_difference_update(self)
        return result

    def intersection_update(self, other: Set[T]) -> None:
        """As CPython: the intersection is built apart, then takes self's place."""
        result = self.intersection(other)
        self._state, self._hashes, self._keys = result._state, result._hashes, result._keys
        self._mask, self._used, self._fill = result._mask, result._used, result._fill
        self._finger = 0

    def difference_update(self, other: Set[T]) -> None:
        if other is self:
            self.clear()
            return
        for i in range(other._mask + 1):
            if other._state[i] == ACTIVE:
                self.discard(other._keys[i])

    def symmetric_difference_update(self, other: Set[T]) -> None:
        if other is self:
            self.clear()
            return
        for i in range(other._mask + 1):
            if other._state[i] == ACTIVE:
                key, h = other._keys[i], other._hashes[i]
                slot = self._lookup(key, h)
                if slot >= 0:
                    self._state[slot] = DUMMY
                    self._hashes[slot] = -1
                    self._used -= 1
                else:
                    self._add_entry(key, h)

    def issubset(self, other: Set[T]) -> bool:
        if len(self) > len(other):
            return False
        for i in range(self._mask + 1):
            if self._state[i] == ACTIVE and other._lookup(self._keys[i], self._hashes[i]) < 0:
                return False
        return True

    def issuperset(self, other: Set[T]) -> bool:
        return other.issubset(self)

    def isdisjoint(self, other: Set[T]) -> bool:
        return len(self.intersection(other)) == 0

    # --- operators ----------------------------------------------------------------------------

    def __or__(self, other: Set[T]) -> Set[T]:
        return self.union(other)

    def __and__(self, other: Set[T]) -> Set[T]:
        return self.intersection(other)

    def __sub__(self, other: Set[T]) -> Set[T]:
        return self.difference(other)

    def __xor__(self, other: Set[T]) -> Set[T]:
        return self.symmetric_difference(other)

    def __ior__(self, other: Set[T]) -> Set[T]:
        self._merge(other)
        return self

    def __iand__(self, other: Set[T]) -> Set[T]:
        self.intersection_update(other)
        return self

    def __isub__(self, other: Set[T]) -> Set[T]:
        self.difference_update(other)
        return self

    def __ixor__(self, other: Set[T]) -> Set[T]:
        self.symmetric_difference_update(other)
        return self

    def __eq__(self, other: Set[T]) -> bool:  # type: ignore[override]
        return len(self) == len(other) and self.issubset(other)

    def __le__(self, other: Set[T]) -> bool:
        return self.issubset(other)

    def __lt__(self, other: Set[T]) -> bool:
        return len(self) < len(other) and self.issubset(other)

    def __ge__(self, other: Set[T]) -> bool:
        return other.issubset(self)

    def __gt__(self, other: Set[T]) -> bool:
        return len(self) > len(other) and other.issubset(self)

    def __repr__(self) -> str:
        if self._used == 0:
            return "set()"
        text = "{"
        first = True
        for i in range(self._mask + 1):
            if self._state[i] == ACTIVE:
                if not first:
                    text += ", "
                first = False
                text += repr(self._keys[i])
        return text + "}"

    def _as_constant(self) -> Set[T]:
        """What CPython makes of a display of 3+ constants, {1, 2, 40, 65}: the compiler
        folds it into a frozenset constant, which constant merging rebuilds from the first
        table's order; SET_UPDATE then merges that into a new empty set. Same items, but the
        table (so the iteration order) is the one CPython gets."""
        rebuilt: Set[T] = Set()
        for i in range(self._mask + 1):
            if self._state[i] == ACTIVE:
                rebuilt._add_entry(self._keys[i], self._hashes[i])
        result: Set[T] = Set()
        result._merge(rebuilt)
        return result

    # --- the compiler's iteration hooks ---------------------------------------------------------

    def _next_entry(self, position: int) -> int:
        while position <= self._mask:
            if self._state[position] == ACTIVE:
                return position
            position += 1
        return -1

    def _key_at(self, position: int) -> T:
        return self._keys[position]
