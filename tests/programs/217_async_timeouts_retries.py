"""Retries with timeouts: an operation that is slow at first is retried under a deadline;
cancelled attempts run their cleanup; a nested async def keeps state across awaits.

Features: async, closure, nonlocal, try-except, builtin-exception, fstring, callable
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pyrage.stdlib import sched

MS = 1_000_000


async def with_retries(op: Callable[[int], Awaitable[str]], attempts: int,
                       timeout_ms: int) -> str:
    for attempt in range(attempts):
        try:
            return await sched.with_timeout(timeout_ms * MS, op(attempt))
        except TimeoutError:
            print(f"attempt {attempt} timed out")
    raise RuntimeError(f"no answer after {attempts} attempts")


async def main() -> None:
    cleanups = 0

    async def slow_then_fast(attempt: int) -> str:
        nonlocal cleanups
        try:
            await sched.sleep_ns((40 - 15 * attempt) * MS)
            return f"answer on attempt {attempt}"
        finally:
            cleanups += 1

    print(await with_retries(slow_then_fast, 4, 20))
    print("cleanups", cleanups)
    try:
        await with_retries(slow_then_fast, 1, 5)
    except RuntimeError as e:
        print("RuntimeError:", e)
    print("cleanups", cleanups)


sched.run(main())
