"""The scheduler: cooperative tasks over async/await, the same code hosted and compiled.

A unikernel runs many flows on one core, as MirageOS does with Lwt. Here each flow is a *task*:
a coroutine driven by this module, which is ordinary pyrage Python. Under CPython it drives the
coroutines itself (no asyncio), through the primitives of coro.py; compiled, the same code
drives native coroutines (compiler/codegen/coroutines.py). So hosted and compiled programs
interleave identically: a task runs until it awaits something that is not ready, and ready
tasks run in the order they became ready (FIFO).

    run(main())                   run main as the first task; return when it ends
    spawn(coro, name) -> Task[T]  start a task; task.join() awaits its result
    sleep_ns(ns), checkpoint()    let time pass / let the others run
    Event, Queue[T]               wake tasks up / pass values between tasks
    with_timeout(ns, coro)        coro's result, or TimeoutError after ns (coro is cancelled)
    task.cancel()                 Cancelled is raised where the task waits; finally blocks run
    gather(coros) -> list[T]      run coros as tasks, all of their results (first error wins)
    wait_device(handle)           until the platform reports a device handle ready

When nothing is ready the scheduler idles in the platform's yield_until(next deadline): no
busy-waiting, so an idle unikernel uses no CPU. A task that fails (other than by Cancelled)
without anyone joining it is reported on the error console with its traceback; the program goes
on. When main ends, the tasks still alive are cancelled and run until they end (their finally
blocks run), then run() returns, or raises main's exception.
"""

from __future__ import annotations

from pyrage.stdlib.sched._scheduler import FOREVER, MAX_HANDLES, deadline_after
from pyrage.stdlib.sched._sync import Event, Queue, QueueEmpty, QueueFull
from pyrage.stdlib.sched._tasks import (
    Task,
    checkpoint,
    current_task,
    gather,
    run,
    sleep_ns,
    spawn,
    wait_device,
    with_timeout,
)
from pyrage.stdlib.sched._waiters import Cancelled

__all__ = [
    "FOREVER", "MAX_HANDLES", "Cancelled", "Event", "Queue", "QueueEmpty", "QueueFull", "Task",
    "checkpoint", "current_task", "deadline_after", "gather", "run", "sleep_ns", "spawn",
    "wait_device", "with_timeout",
]
