"""TIME: sleeping (Mirage's Mirage_time)."""

from __future__ import annotations

from typing import Protocol


class TIME(Protocol):
    """Suspends the caller for a while."""

    async def sleep_ns(self, ns: int) -> None:
        """await time.sleep_ns(ns)

        Returns after at least ``ns`` nanoseconds of monotonic time (no earlier; as soon after
        as the platform wakes). ``ns <= 0`` returns at once. Other tasks run meanwhile once the
        scheduler is concurrent; the unikernel uses no CPU while everything sleeps.
        """
        ...
