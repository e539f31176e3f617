"""The scheduler proper: the ready queue, the timers, device waits, and the loop that runs the
tasks and idles in the platform when none is ready.

A task runs until it awaits something that is not ready: it *parks* (its coroutine chain
suspends back to step()), and whoever can make it go on holds a waiter for it. Ready tasks run
in FIFO batches; after each batch the due timers fire, earliest first. When nothing is ready,
the loop blocks in platform.yield_until(next deadline), which also reports device input.
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib import coro, platform
from pyrage.stdlib.intrinsics import outline
from pyrage.stdlib.report import report_failure
from pyrage.stdlib.sched._waiters import Cancelled, _Task, _Timer, _TimerHeap, _Waiter

#: A deadline that never comes (the largest int).
FOREVER: Final = 9223372036854775807
#: The bits of the platform's ready set: handle h's is h % MAX_HANDLES.
MAX_HANDLES: Final = 64


def deadline_after(ns: int) -> int:
    """The monotonic time ns from now, saturating at FOREVER (no overflow trap)."""
    now = platform.clock_monotonic()
    if ns >= FOREVER - now:
        return FOREVER
    return now + ns


class _Scheduler:
    def __init__(self) -> None:
        self.ready: list[_Task] = []
        self.running_batch: list[_Task] = []  # the batch being run (kept to reuse its storage)
        self.timers = _TimerHeap()
        self.current: _Task | None = None
        self.alive = 0  # tasks not yet done
        self.live: list[_Task] = []  # every task not yet done, and some that are (pruned)
        self.devices: list[list[_Waiter]] = [[] for _ in range(MAX_HANDLES)]
        self.device_waiters = 0

    # --- tasks ------------------------------------------------------------------------------

    def running(self) -> _Task:
        task = self.current
        if task is None:
            raise RuntimeError("no task is running: call this inside sched.run()")
        return task

    def add(self, task: _Task) -> None:
        self.alive += 1
        self.live.append(task)
        self.make_ready(task)

    def make_ready(self, task: _Task) -> None:
        if not task.queued:
            task.queued = True
            self.ready.append(task)

    def step(self, task: _Task) -> None:
        """Run task until it waits again or ends."""
        task.queued = False
        task.parked = False
        if task.done:
            return
        self.current = task
        pending = task.pending
        task.pending = None
        if pending is not None and not task.started:
            coro.close(task.root)  # never started: it ends at once, running nothing
            task.error = pending
            task.cancelled = isinstance(pending, Cancelled)
            done = True
        elif pending is not None:
            done = coro.throw(task.root, pending)
        else:
            task.started = True
            done = coro.step(task.root)
        self.current = None
        if done:
            self.finish(task)

    @outline
    def finish(self, task: _Task) -> None:
        task.done = True
        self.alive -= 1
        error = task.error
        if error is not None and not task.cancelled and not task.observed:
            report_failure("task '" + task.name + "'", error)
        callbacks = task.on_done
        if callbacks is not None:
            task.on_done = None
            for callback in callbacks:
                callback()
        if len(self.live) > 32 and self.alive * 2 < len(self.live):
            self.live = [t for t in self.live if not t.done]

    def cancel(self, task: _Task, exc: BaseException) -> None:
        if task.done:
            return
        task.pending = exc
        if task.parked:  # wake it now: the exception is raised where it waits
            task.parked = False
            self.make_ready(task)

    # --- waiting ------------------------------------------------------------------------------

    def prepare_park(self, task: _Task) -> int:
        """The generation of the task's next park: register wakers with it, then park()."""
        task.park_gen += 1
        return task.park_gen

    def raise_pending(self, task: _Task) -> None:
        """Raise the task's pending cancellation, if any (before it waits)."""
        pending = task.pending
        if pending is not None:
            task.pending = None
            raise pending

    async def park(self, task: _Task) -> None:
        """Wait until wake(task, gen) for this park's gen, or until cancelled."""
        self.raise_pending(task)
        task.parked = True
        await coro.suspend()

    def wake(self, waiter: _Waiter) -> bool:
        """Make the waiter's task ready, unless the waiter is stale; whether it did."""
        if waiter.stale():
            return False
        waiter.task.parked = False
        self.make_ready(waiter.task)
        return True

    def forget_device_waiter(self, bit: int, waiter: _Waiter) -> None:
        """Drop a waiter that is still on its device's list (its task was cancelled), so that
        device_waiters counts only the tasks a device can wake."""
        waiters = self.devices[bit]
        for i in range(len(waiters)):
            if waiters[i] is waiter:
                del waiters[i]
                self.device_waiters -= 1
                return

    @outline
    def fire_timers(self) -> None:
        """Wake (or cancel) the tasks of every timer that is due, earliest first."""
        if not len(self.timers):
            return
        now = platform.clock_monotonic()
        while True:
            timer = self.timers.pop_due(now)
            if timer is None:
                return
            exc = timer.exc
            if exc is not None:
                self.cancel(timer.task, exc)
            else:
                self.wake(timer)

    @outline
    def poll(self, deadline: int) -> None:
        """Idle in the platform until deadline or device input; wake the device waiters."""
        ready_set = platform.yield_until(deadline)
        if ready_set == 0 or self.device_waiters == 0:
            return
        bits = ready_set
        handle = 0
        while bits != 0:  # the set bits only, lowest first (bit 63 makes the int negative)
            if bits & 1 and self.devices[handle]:
                waiters = self.devices[handle]
                self.devices[handle] = []
                self.device_waiters -= len(waiters)
                for w in waiters:
                    self.wake(w)
            bits = (bits >> 1) & FOREVER  # a logical shift: FOREVER is 2**63 - 1
            handle += 1

    # --- the loop -----------------------------------------------------------------------------

    @outline
    def loop(self, main: _Task) -> None:
        """Run until main and then every other task have ended."""
        cleaning = False
        while True:
            if self.ready:
                batch = self.ready
                self.ready = self.running_batch
                self.running_batch = batch
                for i in range(len(batch)):  # (no iterator object per batch)
                    self.step(batch[i])
                del batch[:]  # (keeps its storage for the next batch, unlike clear())
                if self.device_waiters > 0:
                    self.poll(0)
            self.fire_timers()
            if self.ready:
                continue
            if main.done and not cleaning:
                cleaning = True  # main is over: cancel the rest and let them end
                for task in self.live:
                    if not task.done:
                        self.cancel(task, Cancelled())
                continue
            if self.alive == 0:
                return
            deadline = self.timers.next_deadline(FOREVER)
            if deadline == FOREVER and self.device_waiters == 0:
                raise RuntimeError("deadlock: every task waits and nothing can wake one")
            self.poll(deadline)


_S = _Scheduler()


def reset() -> _Scheduler:
    """A fresh scheduler (run() starts with one)."""
    global _S
    _S = _Scheduler()
    return _S


def the() -> _Scheduler:
    """The scheduler (reset() replaces it: always fetch it through here)."""
    return _S
