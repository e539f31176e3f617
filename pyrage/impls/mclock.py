"""MCLOCK over the platform's monotonic clock."""

from __future__ import annotations

from pyrage.stdlib import platform


class Mclock:
    """Elapsed nanoseconds since the device was created."""

    def __init__(self) -> None:
        self.origin = platform.clock_monotonic()

    def elapsed_ns(self) -> int:
        return platform.clock_monotonic() - self.origin

    def period_ns(self) -> int:
        return 0
