"""KV_RW conformance checks (trio's check_* pattern): every store must pass them, on every
target. tests/storage/test_kv_conformance.py runs `check_kv_rw` hosted on each kind of disk, and
compiles this unikernel for unix and virtio, where it prints one line per check.

The store must be empty and its device small (at most a few MiB), so that filling it is quick.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures.console import CONSOLE
from pyrage.signatures.kv import KV_RW
from pyrage.stdlib.sha256 import sha256
from pyrage.stdlib.storage import (
    DICTIONARY,
    VALUE,
    AlreadyPresent,
    BadKey,
    DictionaryExpected,
    Key,
    KeyNotFound,
    KvError,
    NoSpace,
    ValueExpected,
)

C = TypeVar("C", bound=CONSOLE)
K = TypeVar("K", bound=KV_RW)


class Checks(Generic[K]):
    """Runs the checks on a store; `failures` lists what failed."""

    def __init__(self, kv: K) -> None:
        self.kv = kv
        self.failures: list[str] = []
        self.passed = 0

    def expect(self, ok: bool, what: str) -> None:
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)

    async def run(self) -> None:
        await self.empty_store()
        await self.values()
        await self.dictionaries()
        await self.partial()
        await self.removal()
        await self.renames()
        await self.metadata()
        self.keys()
        await self.full_device()

    async def empty_store(self) -> None:
        kv = self.kv
        self.expect(len(await kv.list(Key.root())) == 0, "an empty store lists nothing")
        self.expect(await kv.exists(Key("nothing")) is None, "exists() of nothing is None")
        self.expect(await kv.exists(Key.root()) == DICTIONARY, "the root is a dictionary")
        try:
            await kv.get(Key("nothing"))
            self.expect(False, "get() of nothing raises KeyNotFound")
        except KeyNotFound as e:
            self.expect(e.key == Key("nothing"), "KeyNotFound names the key")

    async def values(self) -> None:
        kv = self.kv
        every_byte = bytes(range(256)) * 3
        await kv.set(Key("v/bytes"), every_byte)
        self.expect(await kv.get(Key("v/bytes")) == every_byte, "a value comes back as set")
        await kv.set(Key("v/bytes"), b"short")
        self.expect(await kv.get(Key("v/bytes")) == b"short", "an overwrite replaces")
        await kv.set(Key("v/empty"), b"")
        self.expect(await kv.get(Key("v/empty")) == b"", "an empty value")
        self.expect(await kv.exists(Key("v/empty")) == VALUE, "exists() of a value")
        await kv.allocate(Key("v/zeros"), 1000)
        self.expect(await kv.get(Key("v/zeros")) == bytes(1000), "allocate() makes zeros")
        try:
            await kv.allocate(Key("v/zeros"), 10)
            self.expect(False, "allocate() of a value raises AlreadyPresent")
        except AlreadyPresent:
            self.expect(True, "")

    async def dictionaries(self) -> None:
        kv = self.kv
        await kv.set(Key("d/b"), b"2")
        await kv.set(Key("d/a"), b"1")
        await kv.set(Key("d/sub/c"), b"3")
        names: list[str] = []
        kinds: list[str] = []
        for entry in await kv.list(Key("d")):
            names.append(entry.key.text())
            kinds.append(entry.kind)
        self.expect(names == ["d/a", "d/b", "d/sub"], f"list() is sorted: {names}")
        self.expect(kinds == [VALUE, VALUE, DICTIONARY], f"list() kinds: {kinds}")
        self.expect(await kv.exists(Key("d/sub")) == DICTIONARY, "exists() of a dictionary")
        try:
            await kv.get(Key("d"))
            self.expect(False, "get() of a dictionary raises ValueExpected")
        except ValueExpected:
            self.expect(True, "")
        try:
            await kv.list(Key("d/a"))
            self.expect(False, "list() of a value raises DictionaryExpected")
        except DictionaryExpected:
            self.expect(True, "")
        try:
            await kv.set(Key("d/a/x"), b"")
            self.expect(False, "set() under a value raises DictionaryExpected")
        except DictionaryExpected as e:
            self.expect(e.key == Key("d/a"), "DictionaryExpected names the value")
        try:
            await kv.set(Key("d/sub"), b"")
            self.expect(False, "set() of a dictionary raises ValueExpected")
        except ValueExpected:
            self.expect(True, "")

    async def partial(self) -> None:
        kv = self.kv
        await kv.set(Key("p"), b"0123456789")
        self.expect(await kv.get_partial(Key("p"), 2, 3) == b"234", "get_partial() inside")
        self.expect(await kv.get_partial(Key("p"), 8, 10) == b"89", "get_partial() at the end")
        self.expect(await kv.get_partial(Key("p"), 20, 1) == b"", "get_partial() beyond")
        await kv.set_partial(Key("p"), 8, b"abcd")
        self.expect(await kv.get(Key("p")) == b"01234567abcd", "set_partial() grows it")
        await kv.set_partial(Key("p"), 14, b"z")
        self.expect(await kv.get(Key("p")) == b"01234567abcd\x00\x00z",
                    "set_partial() past the end fills with zeros")
        try:
            await kv.set_partial(Key("p-missing"), 0, b"x")
            self.expect(False, "set_partial() of nothing raises KeyNotFound")
        except KeyNotFound:
            self.expect(True, "")

    async def removal(self) -> None:
        kv = self.kv
        await kv.set(Key("r/x/1"), b"1")
        await kv.set(Key("r/x/2"), b"2")
        await kv.set(Key("r/y"), b"3")
        await kv.remove(Key("r/y"))
        self.expect(await kv.exists(Key("r/y")) is None, "remove() of a value")
        await kv.remove(Key("r/x"))
        self.expect(await kv.exists(Key("r/x/1")) is None, "remove() of a dictionary")
        self.expect(await kv.exists(Key("r")) is None, "an emptied dictionary is gone")
        await kv.remove(Key("r/never"))
        self.expect(True, "remove() of nothing does nothing")

    async def renames(self) -> None:
        kv = self.kv
        await kv.set(Key("m/a"), b"A")
        await kv.rename(Key("m/a"), Key("m/b"))
        self.expect(await kv.exists(Key("m/a")) is None and
                    await kv.get(Key("m/b")) == b"A", "rename() of a value")
        await kv.set(Key("m/c"), b"C")
        await kv.rename(Key("m/c"), Key("m/b"))
        self.expect(await kv.get(Key("m/b")) == b"C", "rename() replaces the destination")
        await kv.set(Key("m/dir/1"), b"1")
        await kv.set(Key("m/dir/deep/2"), b"2")
        await kv.rename(Key("m/dir"), Key("n/moved"))
        self.expect(await kv.get(Key("n/moved/deep/2")) == b"2" and
                    await kv.exists(Key("m/dir")) is None, "rename() of a dictionary")
        try:
            await kv.rename(Key("m/none"), Key("m/other"))
            self.expect(False, "rename() of nothing raises KeyNotFound")
        except KeyNotFound:
            self.expect(True, "")
        try:
            await kv.rename(Key("n"), Key("n/inside"))
            self.expect(False, "rename() into itself raises KvError")
        except KvError:
            self.expect(True, "")

    async def metadata(self) -> None:
        kv = self.kv
        await kv.set(Key("meta/one"), b"hello")
        await kv.set(Key("meta/two"), b"world!")
        self.expect(await kv.size(Key("meta/one")) == 5, "size() of a value")
        self.expect(await kv.size(Key("meta")) == 11, "size() of a dictionary")
        self.expect(await kv.digest(Key("meta/one")) == sha256(b"hello"),
                    "digest() is the SHA-256 of the value")
        before = await kv.digest(Key("meta"))
        await kv.set(Key("meta/two"), b"World!")
        self.expect(await kv.digest(Key("meta")) != before,
                    "a dictionary's digest changes with what is under it")
        one = await kv.last_modified(Key("meta/one"))
        two = await kv.last_modified(Key("meta/two"))
        self.expect(one > 0 and two >= one, "last_modified() follows the changes")
        self.expect(await kv.last_modified(Key("meta")) == two,
                    "a dictionary's last_modified() is its newest entry's")

    def keys(self) -> None:
        bad = ["a/../b", "a/./b", "a//b", "a b", "a\x00b", "ä", "x" * 256]
        for text in bad:
            try:
                Key(text)
                self.expect(False, f"Key({text!r}) raises BadKey")
            except BadKey:
                self.expect(True, "")
        self.expect(len(Key("y" * 255).text()) == 255, "a key of 255 bytes")
        self.expect(Key("/a/b/") == Key("a/b"), "leading and trailing slashes are optional")

    async def full_device(self) -> None:
        """Filling the store: NoSpace, and the store stays usable."""
        kv = self.kv
        chunk = bytes(4000)
        n = 0
        full = False
        while not full and n < 100000:
            try:
                await kv.set(Key(f"fill/{n}"), chunk)
                n += 1
            except NoSpace:
                full = True
        self.expect(full and n > 0, f"a full store raises NoSpace (after {n} values)")
        try:
            await kv.set(Key("huge"), bytes(1024 * 1024 + 1))  # more than any segment
            self.expect(False, "a value larger than a segment raises NoSpace")
        except NoSpace:
            self.expect(True, "")
        for i in range(n // 2):
            await kv.remove(Key(f"fill/{i}"))
        await kv.set(Key("after-full"), b"still works")
        self.expect(await kv.get(Key("after-full")) == b"still works",
                    "after NoSpace and removals, the store takes values again")
        self.expect(await kv.get(Key(f"fill/{n - 1}")) == chunk, "the values kept are intact")


class Main(Generic[C, K]):
    def __init__(self, console: C, kv: K) -> None:
        self.console = console
        self.kv = kv

    async def start(self) -> None:
        checks = Checks(self.kv)
        await checks.run()
        for failure in checks.failures:
            await self.console.log(f"FAIL {failure}")
        await self.console.log(f"checks: {checks.passed} passed, {len(checks.failures)} failed")
