"""The platform's clocks compiled (tests/runtime/test_unix_clock.py): monotonic readings never
go back and advance while the program sleeps; the wall clock is printed for the test to compare
with the host's."""

from __future__ import annotations

from pyrage.stdlib import platform


def main() -> None:
    first = platform.clock_monotonic()
    last = first
    backwards = 0
    for _ in range(100_000):
        now = platform.clock_monotonic()
        if now < last:
            backwards += 1
        last = now
    print("backwards", backwards)
    deadline = platform.clock_monotonic() + 20_000_000
    while platform.clock_monotonic() < deadline:
        platform.yield_until(deadline)
    print("slept_at_least_20ms", platform.clock_monotonic() - first >= 20_000_000)
    print("wall", platform.clock_wall())


main()
