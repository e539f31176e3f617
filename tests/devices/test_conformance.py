"""The device implementations keep their signatures' contracts (hosted: CPython drives them
over the hosted platform, the same code the native targets compile)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Coroutine
from typing import Any

from pyrage.impls.mclock import Mclock
from pyrage.impls.pclock import Pclock
from pyrage.impls.time import Time
from pyrage.signatures import MCLOCK, PCLOCK, TIME
from pyrage.stdlib import sched


def run(coro: Coroutine[Any, Any, None]) -> None:
    sched.run(coro)


def check_time(t: TIME, clock: MCLOCK) -> None:
    """sleep_ns returns after at least ns of monotonic time; ns <= 0 returns at once."""
    for ns in (0, -5, 1_000_000, 20_000_000):
        before = clock.elapsed_ns()
        run(t.sleep_ns(ns))
        assert clock.elapsed_ns() - before >= max(ns, 0)


def check_mclock(clock: MCLOCK) -> None:
    readings = [clock.elapsed_ns() for _ in range(1000)]
    assert readings == sorted(readings) and readings[0] >= 0
    assert clock.period_ns() >= 0


def check_pclock(clock: PCLOCK) -> None:
    now = clock.now_ns()
    assert abs(now - time.time_ns()) < 5_000_000_000
    assert clock.current_tz_offset_s() is None


def test_time_and_mclock() -> None:
    check_mclock(Mclock())
    check_time(Time(), Mclock())


def test_pclock() -> None:
    check_pclock(Pclock())


def test_console_writes_whole_lines_in_order() -> None:
    # In a child process, so the bytes on fd 1 can be read back exactly.
    code = (
        "from pyrage.impls.console import Console\n"
        "from pyrage.stdlib import sched\n"
        "c = Console()\n"
        "async def main() -> None:\n"
        "    await c.log('first')\n"
        "    await c.write(b'raw\\x00bytes')\n"
        "    await c.log('ünïcode')\n"
        "sched.run(main())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout
    assert out == b"first\nraw\x00bytes" + "ünïcode\n".encode()

