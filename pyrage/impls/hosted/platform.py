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


def clock_monotonic() -> int:
    return time.monotonic_ns()


def clock_wall() -> int:
    return time.time_ns()


def yield_until(deadline: int) -> int:
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
