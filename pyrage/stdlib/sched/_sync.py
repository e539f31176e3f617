"""Tasks waiting for each other: Event (a flag) and Queue (a bounded FIFO channel)."""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.stdlib.sched._scheduler import deadline_after, the
from pyrage.stdlib.sched._waiters import _Waiter

T = TypeVar("T")


class QueueEmpty(Exception):
    """Queue.get_nowait() on an empty queue."""


class QueueFull(Exception):
    """Queue.put_nowait() on a full queue."""


class Event:
    """A flag tasks can wait for: wait() returns once set() has been called."""

    def __init__(self) -> None:
        self.flag = False
        self.waiters: list[_Waiter] = []

    def is_set(self) -> bool:
        return self.flag

    def set(self) -> None:
        """Set the flag and wake every waiting task (in the order they waited)."""
        if self.flag:
            return
        self.flag = True
        waiters = self.waiters
        self.waiters = []
        s = the()
        for w in waiters:
            s.wake(w)

    def clear(self) -> None:
        self.flag = False

    async def wait(self) -> None:
        """await event.wait(): return once the flag is set (at once if it is)."""
        if self.flag:
            return
        s = the()
        task = s.running()
        self.waiters.append(_Waiter(task, s.prepare_park(task)))
        if len(self.waiters) > 64:  # drop the waiters of tasks that were cancelled
            self.waiters = [w for w in self.waiters if not w.stale() or w.task is task]
        await s.park(task)

    async def wait_ns(self, ns: int) -> None:
        """await event.wait_ns(ns): return once the flag is set or ns nanoseconds have passed,
        whichever comes first (at once if the flag is set). One park, woken by either."""
        if self.flag:
            return
        s = the()
        task = s.running()
        gen = s.prepare_park(task)
        self.waiters.append(_Waiter(task, gen))
        if len(self.waiters) > 64:
            self.waiters = [w for w in self.waiters if not w.stale() or w.task is task]
        timer = s.timers.add(deadline_after(ns), task, gen, None)
        try:
            await s.park(task)
        finally:
            s.timers.remove(timer)  # woken by set(): the timer goes (its waiter is stale)


class Queue(Generic[T]):
    """A FIFO channel between tasks, holding at most `capacity` items (0: no limit). put()
    waits while it is full, get() while it is empty; waiting tasks are served in order."""

    def __init__(self, capacity: int = 0) -> None:
        if capacity < 0:
            raise ValueError("Queue capacity must be >= 0")
        self.capacity = capacity
        self.items: list[T] = []
        self.head = 0  # items[head:] are queued
        self.getters: list[_Waiter] = []
        self.putters: list[_Waiter] = []

    def qsize(self) -> int:
        return len(self.items) - self.head

    def empty(self) -> bool:
        return self.qsize() == 0

    def full(self) -> bool:
        return self.capacity > 0 and self.qsize() >= self.capacity

    def put_nowait(self, item: T) -> None:
        if self.full():
            raise QueueFull("queue full")
        self.items.append(item)
        wake_one(self.getters)

    def get_nowait(self) -> T:
        if self.empty():
            raise QueueEmpty("queue empty")
        item = self.items[self.head]
        self.head += 1
        if self.head == len(self.items):
            self.items = []
            self.head = 0
        elif self.head >= 32 and self.head * 2 >= len(self.items):
            self.items = self.items[self.head:]
            self.head = 0
        wake_one(self.putters)
        return item

    async def put(self, item: T) -> None:
        """await queue.put(item): add item, waiting while the queue is full."""
        while self.full():
            await wait_turn(self.putters)
        self.put_nowait(item)

    async def get(self) -> T:
        """await queue.get() -> the oldest item, waiting while the queue is empty."""
        while self.empty():
            await wait_turn(self.getters)
        return self.get_nowait()


def wake_one(waiters: list[_Waiter]) -> None:
    """Wake the first waiter that is still waiting (stale ones are dropped)."""
    s = the()
    while waiters:
        w = waiters.pop(0)
        if s.wake(w):
            return


async def wait_turn(mine: list[_Waiter]) -> None:
    """Park in `mine` until woken. Cancelled after being woken (its turn came but it will not
    take it), pass the turn on to the next waiter of the same kind."""
    s = the()
    task = s.running()
    mine.append(_Waiter(task, s.prepare_park(task)))
    try:
        await s.park(task)
    except BaseException:
        wake_one(mine)
        raise
