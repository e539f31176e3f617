"""Spawning: N tasks that each return at once, spawned and joined in turn. Prints ns per task
(spawn, first run, end, join)."""

from typing import Final

from pyrage.stdlib import platform, sched

N: Final = 1_000_000


async def nothing(i: int) -> int:
    return i


async def main() -> None:
    start = platform.clock_monotonic()
    total = 0
    for i in range(N // 100):
        tasks = [sched.spawn(nothing(j)) for j in range(100)]
        for t in tasks:
            total += await t.join()
    elapsed = platform.clock_monotonic() - start
    assert total == N // 100 * 4950
    print(f"{elapsed / N:.1f}")


sched.run(main())
