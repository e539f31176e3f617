"""The platform ABI in CPython: the same contract as pyrage/runtime/include/pyrage/abi.h.

Boot arguments are the process's arguments; the console is stdout/stderr (unbuffered writes,
as on the native targets, so interleaving with other output is identical).
"""

from __future__ import annotations

import os
import sys
import time
from typing import NoReturn


def console_write(data: bytes) -> None:
    _write_all(1, data)


def console_write_err(data: bytes) -> None:
    _write_all(2, data)


def _write_all(fd: int, data: bytes) -> None:
    sys.stdout.flush()  # print() in hosted code and console writes keep their order
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except InterruptedError:
            continue
        except OSError:
            return  # the contract: a console that cannot write drops the bytes
        view = view[written:]


class VirtualClock:
    """A monotonic clock that only moves when everything sleeps (trio's MockClock with
    autojump): yield_until(deadline) jumps to the deadline at once. Hosted tests install it, so
    that timers fire in a fixed order and no test waits in real time. PYRAGE_VIRTUAL_CLOCK=1 in
    the environment installs one at import."""

    def __init__(self, start: int = 0) -> None:
        self.now = start


#: The installed virtual clock, if any (None: the real clock).
virtual: VirtualClock | None = VirtualClock() if os.environ.get("PYRAGE_VIRTUAL_CLOCK") else None


def use_virtual_clock(clock: VirtualClock | None) -> None:
    """Install a virtual clock (None: back to the real one)."""
    global virtual
    virtual = clock


def clock_monotonic() -> int:
    if virtual is not None:
        return virtual.now
    return time.monotonic_ns()


def clock_wall() -> int:
    return time.time_ns()


def yield_until(deadline: int) -> int:
    if virtual is not None:
        if deadline >= 2**63 - 1:
            raise RuntimeError("yield_until(forever) on a virtual clock: nothing would wake it")
        virtual.now = max(virtual.now, deadline)
        return 0
    remaining = deadline - time.monotonic_ns()
    if remaining > 0:
        time.sleep(remaining / 1e9)
    return 0


def argc() -> int:
    return len(sys.argv)


def argv(index: int) -> str:
    return sys.argv[index] if 0 <= index < len(sys.argv) else ""


def exit(status: int) -> NoReturn:
    sys.stdout.flush()
    os._exit(status)
