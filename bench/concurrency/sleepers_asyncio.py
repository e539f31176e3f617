"""The reference for sleepers.py: N asyncio tasks in asyncio.sleep at once."""

import asyncio
import sys

N = int(sys.argv[1])


async def sleeper() -> None:
    await asyncio.sleep(0.2)


async def main() -> None:
    tasks = [asyncio.create_task(sleeper()) for _ in range(N)]
    for t in tasks:
        await t
    print(N)


asyncio.run(main())
