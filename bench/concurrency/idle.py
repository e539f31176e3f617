"""An idle unikernel: one task sleeps SECONDS. The harness measures the CPU time it used."""

from typing import Final

from pyrage.stdlib import sched

SECONDS: Final = 10


async def main() -> None:
    await sched.sleep_ns(SECONDS * 1_000_000_000)
    print("rested")


sched.run(main())
