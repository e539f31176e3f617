"""The platform ABI (pyrage/runtime/include/pyrage/abi.h) as pyrage Python sees it.

Compiled, each function calls the runtime; hosted (CPython), each calls the hosted platform in
pyrage/impls/hosted/platform.py, which implements the same contract. Device implementations in
pyrage/impls/ are written over these functions only, so they are the same on every target.
"""

from __future__ import annotations

from typing import NoReturn

from pyrage.stdlib.intrinsics import extern


@extern("rt_console_write")
def console_write(data: bytes) -> None:
    """console_write(data): write all of data to the console (stdout); never fails."""
    from pyrage.impls.hosted import platform

    platform.console_write(data)


@extern("rt_console_write_err")
def console_write_err(data: bytes) -> None:
    """console_write_err(data): as console_write, for diagnostics (stderr); may be the same
    device."""
    from pyrage.impls.hosted import platform

    platform.console_write_err(data)


@extern("rt_clock_monotonic")
def clock_monotonic() -> int:
    """clock_monotonic() -> ns since an arbitrary origin; never goes backwards."""
    from pyrage.impls.hosted import platform

    return platform.clock_monotonic()


@extern("rt_clock_wall")
def clock_wall() -> int:
    """clock_wall() -> ns since the Unix epoch (UTC); may jump; 0 if the target has no wall
    clock."""
    from pyrage.impls.hosted import platform

    return platform.clock_wall()


@extern("rt_yield_until")
def yield_until(deadline: int) -> int:
    """yield_until(deadline) -> ready set: block until clock_monotonic() >= deadline or a device
    has input; returns the set of ready device handles (a bit mask). May return early: callers
    re-check their condition. Never busy-waits."""
    from pyrage.impls.hosted import platform

    return platform.yield_until(deadline)


@extern("rt_argc")
def argc() -> int:
    """argc() -> the number of boot arguments, including argv(0), the image name."""
    from pyrage.impls.hosted import platform

    return platform.argc()


@extern("rt_argv")
def argv(index: int) -> str:
    """argv(index) -> the boot argument at index (0 <= index < argc()), or "" outside."""
    from pyrage.impls.hosted import platform

    return platform.argv(index)


@extern("rt_exit")
def exit(status: int) -> NoReturn:
    """exit(status): stop the unikernel with an exit status (0..127 on every target)."""
    from pyrage.impls.hosted import platform

    platform.exit(status)
