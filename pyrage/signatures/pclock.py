"""PCLOCK: the wall clock (Mirage's Mirage_clock.PCLOCK)."""

from __future__ import annotations

from typing import Protocol


class PCLOCK(Protocol):
    """POSIX time: what time it is, in UTC."""

    def now_ns(self) -> int:
        """pclock.now_ns() -> int

        Nanoseconds since 1970-01-01T00:00:00Z (leap seconds not counted). May jump backwards
        or forwards when the host's clock is set; 0 when the target has no wall-clock source.
        """
        ...

    def current_tz_offset_s(self) -> int | None:
        """pclock.current_tz_offset_s() -> int | None

        The local time zone's offset from UTC in seconds, or None when unknown (always, on
        unikernel targets).
        """
        ...
