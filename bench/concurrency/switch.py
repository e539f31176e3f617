"""Task switches: two tasks take turns N times each through sched.checkpoint(); every
checkpoint suspends its task and resumes the other. Prints ns per switch."""

from typing import Final

from pyrage.stdlib import platform, sched

N: Final = 2_000_000


async def turns(n: int) -> None:
    for _ in range(n):
        await sched.checkpoint()


async def main() -> None:
    a = sched.spawn(turns(N))
    b = sched.spawn(turns(N))
    start = platform.clock_monotonic()
    await a.join()
    await b.join()
    elapsed = platform.clock_monotonic() - start
    print(f"{elapsed / (2 * N):.1f}")


sched.run(main())
