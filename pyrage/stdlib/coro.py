"""Coroutine primitives: the few operations on coroutines that the scheduler (stdlib/sched/) needs
and Python has no syntax for.

Under CPython each is the generator protocol (send, throw, close, and a bare yield); compiled,
each is an operation of runtime/core/coro.c or of the coroutine code itself
(compiler/codegen/coroutines.py). A *task* is driven through its root coroutine: step() resumes
it where it last suspended, however deep in its awaits that is.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from pyrage.stdlib.intrinsics import intrinsic


@intrinsic
async def suspend() -> None:
    """await suspend(): suspend the running task until step() or throw() resumes it.

    Only the scheduler may call it: it must have arranged for someone to resume the task.
    Compiled, it must be awaited where it is called.
    """
    from pyrage.impls.hosted.coro import Suspend

    await Suspend()


@intrinsic
def step(root: Coroutine[Any, Any, None]) -> bool:
    """step(root) -> done: run the task whose root coroutine is root until it suspends again
    (False) or returns (True). An exception that escapes root propagates from here. Stepping a
    finished root raises RuntimeError."""
    try:
        root.send(None)
    except StopIteration:
        return True
    return False


@intrinsic
def throw(root: Coroutine[Any, Any, None], exc: BaseException) -> bool:
    """throw(root, exc) -> done: as step(), but exc is raised where the task is suspended. A
    task that never started finishes at once, raising exc, and runs nothing."""
    try:
        root.throw(exc)
    except StopIteration:
        return True
    return False


@intrinsic
def close(c: Coroutine[Any, Any, Any]) -> None:
    """close(c): c, which never started, will not run (and CPython will not warn that it was
    never awaited)."""
    c.close()
