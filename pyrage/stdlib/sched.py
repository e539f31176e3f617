"""The scheduler: runs the unikernel's main coroutine.

v0 (the walking skeleton) runs awaits in sequence: an awaited call runs to completion before
the next statement, so there is nothing to schedule yet. The concurrency issue replaces this
module with tasks, events, queues and timeouts, keeping ``run``'s contract.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from pyrage.stdlib.intrinsics import intrinsic


@intrinsic
def run(main: Coroutine[Any, Any, None]) -> None:
    """run(main): run the coroutine ``main`` until it returns.

    Compiled, the argument must be a direct call (``run(job.start())``).
    """
    try:
        while True:
            main.send(None)
    except StopIteration:
        return
