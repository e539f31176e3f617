"""The scheduler's data: tasks as it sees them, and what a waiting task is parked on (a
waiter, or a timer: a waiter with a deadline).

A task parks with a generation number (_Task.park_gen); a waiter remembers the generation it was
made for, so a waiter left over from an earlier wait (the timer of a sleep that was cancelled)
is *stale* and waking it does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from pyrage.stdlib.intrinsics import outline


class Cancelled(BaseException):
    """Raised in a task, where it waits, when it is cancelled. A BaseException, so that
    `except Exception` does not swallow it: let it propagate (finally blocks run)."""


class _Task:
    """What the scheduler knows of a task, whatever its result type (Task[T] adds that)."""

    def __init__(self, name: str, root: Coroutine[Any, Any, None]) -> None:
        self.name = name
        self.root = root  # drives the task; Task._body, which awaits the user's coroutine
        self.started = False
        self.done = False
        self.cancelled = False  # ended by Cancelled
        self.error: BaseException | None = None  # what the task raised (Cancelled included)
        #: An exception to raise in the task when it next runs or waits (cancellation).
        self.pending: BaseException | None = None
        self.queued = False  # in the ready queue (once at most)
        self.parked = False  # waiting in park(), to be woken by a wake(task, gen)
        self.park_gen = 0  # which park a waker belongs to: stale wakers are ignored
        self.observed = False  # someone joins it: its failure is theirs, not reported
        #: Called when it ends (Event.set of its joiners); made on demand.
        self.on_done: list[Callable[[], None]] | None = None

    def when_done(self, callback: Callable[[], None]) -> None:
        """Call callback when the task ends."""
        if self.on_done is None:
            self.on_done = [callback]
        else:
            self.on_done.append(callback)


class _Waiter:
    """A task parked on something (a timer, an event, a queue, a device), for one park."""

    def __init__(self, task: _Task, gen: int) -> None:
        self.task = task
        self.gen = gen

    def stale(self) -> bool:
        return not self.task.parked or self.task.park_gen != self.gen


class _Timer(_Waiter):
    """Wakes its task at a deadline, or cancels it with `exc` (with_timeout)."""

    def __init__(self, deadline: int, seq: int, task: _Task, gen: int,
                 exc: BaseException | None) -> None:
        super().__init__(task, gen)
        self.deadline = deadline
        self.seq = seq  # ties between equal deadlines go to the earlier timer
        self.exc = exc
        self.removed = False

    def before(self, other: _Timer) -> bool:
        return self.deadline < other.deadline or \
            (self.deadline == other.deadline and self.seq < other.seq)


class _TimerHeap:
    """Timers earliest first (a binary heap). Removing a timer only marks it: it is dropped
    when it reaches the top, or with all the others when they are half of the heap."""

    def __init__(self) -> None:
        self.heap: list[_Timer] = []
        self.removed = 0
        self.seq = 0

    def __len__(self) -> int:
        return len(self.heap)

    def add(self, deadline: int, task: _Task, gen: int, exc: BaseException | None) -> _Timer:
        self.seq += 1
        timer = _Timer(deadline, self.seq, task, gen, exc)
        self.push(timer)
        return timer

    def push(self, timer: _Timer) -> None:
        heap = self.heap
        heap.append(timer)
        i = len(heap) - 1
        while i > 0:
            parent = (i - 1) // 2
            if not timer.before(heap[parent]):
                break
            heap[i] = heap[parent]
            i = parent
        heap[i] = timer

    @outline
    def remove(self, timer: _Timer) -> None:
        if timer.removed:
            return
        timer.removed = True
        self.removed += 1
        if self.removed > 64 and self.removed * 2 > len(self.heap):
            kept = [t for t in self.heap if not t.removed]
            self.heap = []
            self.removed = 0
            for t in kept:
                self.push(t)

    @outline
    def pop(self) -> _Timer:
        heap = self.heap
        top = heap[0]
        last = heap.pop()
        if heap:
            n = len(heap)
            i = 0
            while True:
                child = 2 * i + 1
                if child >= n:
                    break
                if child + 1 < n and heap[child + 1].before(heap[child]):
                    child += 1
                if not heap[child].before(last):
                    break
                heap[i] = heap[child]
                i = child
            heap[i] = last
        if top.removed:
            self.removed -= 1
        return top

    @outline
    def next_deadline(self, forever: int) -> int:
        """The earliest live deadline, or `forever`."""
        while self.heap and self.heap[0].removed:
            self.pop()
        return self.heap[0].deadline if self.heap else forever

    def pop_due(self, now: int) -> _Timer | None:
        """The earliest live timer due at `now` (marked removed), or None."""
        while self.heap and self.heap[0].deadline <= now:
            timer = self.pop()
            if not timer.removed:
                timer.removed = True
                return timer
        return None
