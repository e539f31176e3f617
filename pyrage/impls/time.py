"""TIME on the scheduler: the task sleeps, the others run, and the unikernel idles in the
platform's yield when every task sleeps."""

from __future__ import annotations

from pyrage.stdlib import sched


class Time:
    """Sleeps through stdlib.sched (a timer wakes the task; no busy-waiting)."""

    async def sleep_ns(self, ns: int) -> None:
        await sched.sleep_ns(ns)
