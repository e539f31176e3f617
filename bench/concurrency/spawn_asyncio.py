"""The reference for spawn.py: asyncio.create_task, awaited in batches of 100."""

import asyncio
import time

N = 100_000


async def nothing(i: int) -> int:
    return i


async def main() -> None:
    start = time.perf_counter_ns()
    total = 0
    for _ in range(N // 100):
        tasks = [asyncio.create_task(nothing(j)) for j in range(100)]
        for t in tasks:
            total += await t
    print(f"{(time.perf_counter_ns() - start) / N:.1f}")


asyncio.run(main())
