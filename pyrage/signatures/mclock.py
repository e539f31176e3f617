"""MCLOCK: a monotonic clock (Mirage's Mirage_clock.MCLOCK)."""

from __future__ import annotations

from typing import Protocol


class MCLOCK(Protocol):
    """Elapsed time, for measuring intervals and timeouts."""

    def elapsed_ns(self) -> int:
        """mclock.elapsed_ns() -> int

        Nanoseconds since an arbitrary origin fixed when the device was created. Never goes
        backwards, keeps counting while the unikernel sleeps, unaffected by wall-clock changes.
        """
        ...

    def period_ns(self) -> int:
        """mclock.period_ns() -> int

        The clock's resolution in nanoseconds, or 0 if the platform does not say.
        """
        ...
