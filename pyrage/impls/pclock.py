"""PCLOCK over the platform's wall clock."""

from __future__ import annotations

from pyrage.stdlib import platform


class Pclock:
    """UTC wall-clock time."""

    def now_ns(self) -> int:
        return platform.clock_wall()

    def current_tz_offset_s(self) -> int | None:
        return None
