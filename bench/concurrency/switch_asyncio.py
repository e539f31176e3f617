"""The reference for switch.py: two asyncio tasks taking turns with asyncio.sleep(0)."""

import asyncio
import time

N = 200_000


async def turns(n: int) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


async def main() -> None:
    start = time.perf_counter_ns()
    await asyncio.gather(turns(N), turns(N))
    print(f"{(time.perf_counter_ns() - start) / (2 * N):.1f}")


asyncio.run(main())
