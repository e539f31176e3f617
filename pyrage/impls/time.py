"""TIME over the platform's yield."""

from __future__ import annotations

from pyrage.stdlib import platform


class Time:
    """Sleeps by yielding to the platform until the deadline (no busy-waiting)."""

    async def sleep_ns(self, ns: int) -> None:
        deadline = platform.clock_monotonic() + ns
        while platform.clock_monotonic() < deadline:
            platform.yield_until(deadline)
