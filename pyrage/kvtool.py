"""`pyrage kv`: KV store images (pyrage/functors/storage/kvlog.py) on the host, from the
command line and from Python.

    pyrage kv create disk.img 4M          # a zeroed image, formatted
    pyrage kv set disk.img site/index.html index.html
    pyrage kv ls disk.img -r
    pyrage kv get disk.img boots/000001
    pyrage kv check disk.img               # every value's checksum; exit 1 on damage

    from pyrage.kvtool import KvImage
    with KvImage("disk.img") as kv:
        kv.set("notes/a", b"...")
        print(kv.walk())

It is the store the unikernel runs, run here under CPython over the image file (the hosted
target's FileDisk), so what this writes a unikernel reads, and the other way round.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Awaitable
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from pyrage.functors.storage.kvlog import KvLog
from pyrage.impls.block import Block
from pyrage.impls.hosted import block as hosted_block
from pyrage.impls.hosted import net
from pyrage.impls.pclock import Pclock
from pyrage.stdlib import sched
from pyrage.stdlib.storage import DICTIONARY, BadKey, Corrupt, Key, KvError, StorageError

T = TypeVar("T")
_SUFFIXES = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}


def _run(coro: Awaitable[T]) -> T:
    result: list[T] = []

    async def main() -> None:
        result.append(await coro)

    sched.run(main())
    return result[0]


def parse_size(text: str) -> int:
    """"4M" -> 4194304; a whole number of 512-byte sectors."""
    unit = text[-1:].upper() if text[-1:].isalpha() else ""
    number = text[:-1] if unit else text
    if unit not in _SUFFIXES or not number.isdigit():
        raise ValueError(f"size {text!r}: a number of bytes, with K, M or G")
    size = int(number) * _SUFFIXES[unit]
    if size % 512:
        raise ValueError(f"size {text!r}: not a whole number of 512-byte sectors")
    return size


class KvImage:
    """A KV store in an image file, mounted (recovered) when opened."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        net.reset()
        hosted_block.attach("image", hosted_block.FileDisk(str(self.path), read_only))
        self.store: KvLog[Block, Pclock] = KvLog(Block("image"), Pclock())
        _run(self.store.connect())

    @staticmethod
    def create(path: str | Path, size: int, force: bool = False) -> KvImage:
        """A new image of size bytes, formatted. Refuses an existing file unless force."""
        p = Path(path)
        if p.exists() and not force:
            raise FileExistsError(f"{p} exists (use --force to replace it)")
        with open(p, "wb") as f:
            f.truncate(size)
        return KvImage(p)

    def __enter__(self) -> KvImage:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        net.reset()

    def get(self, key: str) -> bytes:
        return _run(self.store.get(Key(key)))

    def set(self, key: str, value: bytes) -> None:
        _run(self.store.set(Key(key), value))

    def remove(self, key: str) -> None:
        _run(self.store.remove(Key(key)))

    def rename(self, source: str, dest: str) -> None:
        _run(self.store.rename(Key(source), Key(dest)))

    def ls(self, key: str = "") -> list[tuple[str, str]]:
        """(key, "value" or "dictionary") of the entries under key."""
        return [(e.key.text(), e.kind) for e in _run(self.store.list(Key(key)))]

    def walk(self, key: str = "") -> dict[str, bytes]:
        """Every value at or under key."""
        out: dict[str, bytes] = {}
        for name, kind in self.ls(key):
            if kind == DICTIONARY:
                out.update(self.walk(name))
            else:
                out[name] = self.get(name)
        return out

    def check(self) -> list[str]:
        """What is wrong with the store: lost commits, values that fail their checksums."""
        problems: list[str] = []
        store = self.store
        if store.damaged:
            problems.append(f"commits up to number {store.damaged} were lost to corruption: "
                            "values older than that cannot be trusted")
        for key, loc in sorted(store.index.items()):
            if loc.removed:
                continue
            try:
                _run(store.get(Key(key)))
            except Corrupt as e:
                problems.append(f"/{key}: {e}")
        return problems


# --- the command line -------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="pyrage kv",
                                  description="KV store images: create, list, read, write, "
                                              "check (docs/storage.md)")
    sub = top.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("create", help="a new, formatted image of SIZE bytes (K, M, G)")
    p.add_argument("image")
    p.add_argument("size")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p = sub.add_parser("ls", help="the entries under KEY (default: the root)")
    p.add_argument("image")
    p.add_argument("key", nargs="?", default="")
    p.add_argument("-r", "--recursive", action="store_true", help="every value, with its size")
    p = sub.add_parser("get", help="a value, to standard output or -o FILE")
    p.add_argument("image")
    p.add_argument("key")
    p.add_argument("-o", "--output", help="write it to this file")
    p = sub.add_parser("set", help="set KEY to FILE's bytes (- for standard input) or --value")
    p.add_argument("image")
    p.add_argument("key")
    p.add_argument("file", nargs="?")
    p.add_argument("--value", help="the value, as text (UTF-8)")
    p = sub.add_parser("rm", help="remove a value or a dictionary")
    p.add_argument("image")
    p.add_argument("key")
    p = sub.add_parser("mv", help="rename SOURCE to DEST")
    p.add_argument("image")
    p.add_argument("source")
    p.add_argument("dest")
    p = sub.add_parser("check", help="verify every value's checksum; exit 1 on damage")
    p.add_argument("image")
    return top


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        return _act(args)
    except (BadKey, ValueError) as e:
        print(f"pyrage kv: {e}", file=sys.stderr)
        return 2
    except (KvError, StorageError, OSError) as e:
        print(f"pyrage kv: {args.image}: {e}", file=sys.stderr)
        return 1


def _act(args: argparse.Namespace) -> int:
    if args.action == "create":
        KvImage.create(args.image, parse_size(args.size), args.force).close()
        return 0
    if not os.path.exists(args.image):
        raise FileNotFoundError(2, "no such file", args.image)
    with KvImage(args.image, read_only=args.action in ("ls", "get", "check")) as kv:
        if args.action == "ls":
            if args.recursive:
                for key, value in sorted(kv.walk(args.key).items()):
                    print(f"{len(value):>10}  {key}")
            else:
                for key, kind in kv.ls(args.key):
                    print(f"{key}/" if kind == DICTIONARY else key)
        elif args.action == "get":
            value = kv.get(args.key)
            if args.output:
                Path(args.output).write_bytes(value)
            else:
                sys.stdout.buffer.write(value)
        elif args.action == "set":
            if (args.value is None) == (args.file is None):
                raise ValueError("set: give FILE (or - for standard input), or --value, not both")
            if args.value is not None:
                data = args.value.encode()
            elif args.file == "-":
                data = sys.stdin.buffer.read()
            else:
                data = Path(args.file).read_bytes()
            kv.set(args.key, data)
        elif args.action == "rm":
            kv.remove(args.key)
        elif args.action == "mv":
            kv.rename(args.source, args.dest)
        elif args.action == "check":
            problems = kv.check()
            for problem in problems:
                print(problem)
            values = sum(1 for loc in kv.store.index.values() if not loc.removed)
            if problems:
                return 1
            print(f"{args.image}: ok ({values} values, {kv.store.segments} segments of "
                  f"{kv.store.segment_bytes // 1024} KiB)")
    return 0
