"""A three-stage pipeline of tasks joined by bounded queues, with a sentinel to shut down, and a
stage that fails on bad input: the error surfaces through join().

Features: async, class, optional, try-except, user-exception, fstring, list, tuple
"""

from __future__ import annotations

from typing import Optional

from pyrage.stdlib import sched


class BadRecord(Exception):
    pass


async def parse(lines: list[str], out: sched.Queue[Optional[tuple[str, int]]]) -> None:
    for line in lines:
        name, _, value = line.partition("=")
        value = value.strip()
        if not value.isdigit():
            await out.put(None)
            raise BadRecord(f"cannot parse {line!r}")
        await out.put((name.strip(), int(value)))
    await out.put(None)


async def scale(inp: sched.Queue[Optional[tuple[str, int]]],
                out: sched.Queue[Optional[str]], factor: int) -> int:
    seen = 0
    while True:
        item = await inp.get()
        if item is None:
            await out.put(None)
            return seen
        name, value = item
        seen += 1
        await out.put(f"{name}:{value * factor}")


async def collect(inp: sched.Queue[Optional[str]]) -> list[str]:
    got: list[str] = []
    while True:
        item = await inp.get()
        if item is None:
            return got
        got.append(item)


async def run_pipeline(lines: list[str]) -> None:
    q1: sched.Queue[Optional[tuple[str, int]]] = sched.Queue(1)
    q2: sched.Queue[Optional[str]] = sched.Queue(1)
    p = sched.spawn(parse(lines, q1), "parse")
    s = sched.spawn(scale(q1, q2, 10), "scale")
    c = sched.spawn(collect(q2), "collect")
    print("collected", await c.join())
    print("scaled", await s.join())
    try:
        await p.join()
        print("parsed all")
    except BadRecord as e:
        print("parse failed:", e)


async def main() -> None:
    await run_pipeline(["a=1", "b = 2", "c=3"])
    await run_pipeline(["x=5", "y=oops", "z=7"])


sched.run(main())
