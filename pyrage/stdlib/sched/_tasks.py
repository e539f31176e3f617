"""Tasks as programs use them: run, spawn and join, sleeping, timeouts, gathering."""

from __future__ import annotations

from collections.abc import Awaitable, Coroutine
from typing import Any, Generic, TypeVar

from pyrage.stdlib import coro
from pyrage.stdlib.intrinsics import outline
from pyrage.stdlib.sched._scheduler import MAX_HANDLES, deadline_after, reset, the
from pyrage.stdlib.sched._sync import Event
from pyrage.stdlib.sched._waiters import Cancelled, _Task, _Waiter

T = TypeVar("T")


class Task(_Task, Generic[T]):
    """A running coroutine (made by spawn). `await task.join()` gives its result."""

    value: T  # its result, once it returned

    def __init__(self, c: Coroutine[Any, Any, T], name: str) -> None:
        super().__init__(name, self._body())
        self.coro = c

    async def _body(self) -> None:
        try:
            self.value = await self.coro
        except Cancelled as e:
            self.cancelled = True
            self.error = e
        except Exception as e:
            self.error = e

    async def join(self) -> T:
        """await task.join() -> the task's result; raises what the task raised (Cancelled if
        it was cancelled)."""
        self.observed = True
        if not self.done:
            ended = Event()
            self.when_done(ended.set)
            await ended.wait()
        error = self.error
        if error is not None:
            raise error
        return self.value

    def cancel(self) -> None:
        """Cancel the task: Cancelled is raised where it waits (at once if it waits now, else
        when it next waits). Cancelling a finished task does nothing."""
        the().cancel(self, Cancelled())


@outline
def run(main: Coroutine[Any, Any, None]) -> None:
    """run(main()): run main as a task, and the tasks it spawns, until main ends; then cancel
    the tasks still alive and let them end. Raises what main raised."""
    s = reset()
    task = Task(main, "main")
    task.observed = True  # its exception is run()'s, not a report
    s.add(task)
    s.loop(task)
    error = task.error
    if error is not None:
        raise error


def spawn(c: Coroutine[Any, Any, T], name: str = "task") -> Task[T]:
    """spawn(coro, name) -> a task running coro, which starts once the caller waits."""
    task = Task(c, name)
    the().add(task)
    return task


def current_task() -> _Task:
    """The task that is running."""
    return the().running()


async def sleep_ns(ns: int) -> None:
    """await sleep_ns(ns): return after at least ns nanoseconds of monotonic time; ns <= 0
    only lets the other ready tasks run first."""
    s = the()
    task = s.running()
    s.raise_pending(task)
    timer = s.timers.add(deadline_after(ns), task, s.prepare_park(task), None)
    task.parked = True  # s.park(task), inline: a sleeping task holds one frame less
    try:
        await coro.suspend()
    finally:
        s.timers.remove(timer)


async def checkpoint() -> None:
    """await checkpoint(): let every task that is ready now run, then go on."""
    s = the()
    task = s.running()
    s.raise_pending(task)
    s.prepare_park(task)
    s.make_ready(task)  # behind the tasks that are ready now
    task.parked = True
    await coro.suspend()


async def wait_device(handle: int) -> None:
    """await wait_device(h): return once the platform reports device handle h ready (input,
    or room after a write that returned AGAIN; a TCP socket, what its last AGAIN waits for);
    may return early (spuriously: handles from 64 up share the bits of the ready set): check,
    then wait again."""
    if handle < 0:
        raise ValueError(f"device handle {handle} is negative")
    s = the()
    task = s.running()
    bit = handle % MAX_HANDLES
    waiter = _Waiter(task, s.prepare_park(task))
    s.devices[bit].append(waiter)
    s.device_waiters += 1
    try:
        await s.park(task)
    except BaseException:
        s.forget_device_waiter(bit, waiter)  # cancelled: the device did not wake it
        raise


async def with_timeout(ns: int, c: Awaitable[T]) -> T:
    """await with_timeout(ns, coro) -> coro's result, if it comes within ns nanoseconds; else
    coro is cancelled where it waits (its finally blocks run) and TimeoutError is raised."""
    s = the()
    task = s.running()
    expired = Cancelled()
    timer = s.timers.add(deadline_after(ns), task, -1, expired)
    try:
        return await c
    except Cancelled as e:
        if e is expired:
            raise TimeoutError(f"timed out after {ns} ns") from None
        raise
    finally:
        s.timers.remove(timer)


async def gather(coros: list[Coroutine[Any, Any, T]]) -> list[T]:
    """await gather([c1, c2...]) -> [r1, r2...]: run each as a task and wait for all. If one
    fails, the others are cancelled and its exception is raised (the first one to fail)."""
    tasks = [spawn(c, "gather") for c in coros]
    changed = Event()
    for t in tasks:
        t.observed = True
        t.when_done(changed.set)
    try:
        while True:
            for t in tasks:
                error = t.error
                if t.done and error is not None:
                    raise error
            if all(t.done for t in tasks):
                return [t.value for t in tasks]
            changed.clear()
            await changed.wait()
    except BaseException:
        for t in tasks:
            t.cancel()
        raise
