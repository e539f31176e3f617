"""N tasks asleep at once: each sleeps 200 ms; main waits for all. The harness reads the
process's peak RSS (and subtracts the N = 0 run) to get the memory of a suspended task."""

from typing import Final

from pyrage.stdlib import sched

N: Final = 100_000


async def sleeper() -> None:
    await sched.sleep_ns(200_000_000)


async def main() -> None:
    tasks = [sched.spawn(sleeper()) for _ in range(N)]
    for t in tasks:
        await t.join()
    print(N)


sched.run(main())
