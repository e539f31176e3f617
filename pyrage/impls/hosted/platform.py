"""The platform ABI in CPython: the same contract as pyrage/runtime/include/pyrage/abi.h.

Boot arguments are the process's arguments; the console is stdout/stderr (unbuffered writes,
as on the native targets, so interleaving with other output is identical).
"""

from __future__ import annotations

import os
import sys
import time
from typing import NoReturn

from pyrage.stdlib.rawbytes import RawBytes


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


FOREVER = 2**63 - 1


def yield_until(deadline: int) -> int:
    """Sleep until deadline, or until a NIC or socket has input (impls/hosted/net.py); the
    ready set. Under a virtual clock, time jumps to the deadline or to the next frame an
    in-memory link delivers, whichever comes first."""
    from pyrage.impls.hosted import net

    if virtual is not None:
        ready = net.ready_set(virtual.now, None)
        if ready:
            return ready
        arrival = net.next_arrival()
        wake = deadline if arrival is None else min(deadline, arrival)
        if wake >= FOREVER:
            if net.has_descriptors():  # a real tap or socket: wait for it in real time
                return net.ready_set(virtual.now, 1.0)
            raise RuntimeError("yield_until(forever) on a virtual clock: nothing would wake it")
        virtual.now = max(virtual.now, wake)
        return net.ready_set(virtual.now, None)
    now = time.monotonic_ns()
    ready = net.ready_set(now, None)
    if ready:
        return ready
    arrival = net.next_arrival()
    wake = deadline if arrival is None else min(deadline, arrival)
    remaining = (wake - now) / 1e9 if wake < FOREVER else None
    if net.has_descriptors():
        return net.ready_set(now, remaining if remaining is not None else 3600.0) | \
            net.ready_set(time.monotonic_ns(), None)
    if remaining is None:
        raise RuntimeError("yield_until(forever) with nothing that could wake it")
    if remaining > 0:
        time.sleep(remaining)
    return net.ready_set(time.monotonic_ns(), None)


def _program_args() -> list[str]:
    """The process's arguments without the platform's own (`--net:NAME=TAP`): the program sees
    what it would see on unix."""
    return [a for a in sys.argv if not a.startswith(("--net:", "--block:"))]


def argc() -> int:
    return len(_program_args())


def argv(index: int) -> str:
    args = _program_args()
    return args[index] if 0 <= index < len(args) else ""


def exit(status: int) -> NoReturn:
    sys.stdout.flush()
    os._exit(status)


def entropy(into: RawBytes, offset: int, size: int) -> int:
    """os.urandom: the host kernel's generator, as getrandom(2) on unix."""
    if offset < 0 or size < 0 or offset + size > len(into):
        return -2
    into._data[offset:offset + size] = os.urandom(size)
    return 0


ENTROPY_OS = 1  # stdlib/platform.py's ENTROPY_OS


def entropy_source() -> int:
    return ENTROPY_OS
