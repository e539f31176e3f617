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
    wait_device(handle)           until the platform reports input on a device handle

When nothing is ready the scheduler idles in the platform's yield_until(next deadline): no
busy-waiting, so an idle unikernel uses no CPU. A task that fails (other than by Cancelled)
without anyone joining it is reported on the error console with its traceback; the program goes
on. When main ends, the tasks still alive are cancelled and run until they end (their finally
blocks run), then run() returns, or raises main's exception.
"""

from __future__ import annotations

from collections.abc import Awaitable, Coroutine
from typing import Any, Final, Generic, TypeVar

from pyrage.stdlib import coro, platform
from pyrage.stdlib.report import report_failure

T = TypeVar("T")

#: A deadline that never comes (the largest int).
FOREVER: Final = 9223372036854775807
#: Device handles are bits of the platform's ready set.
MAX_HANDLES: Final = 64


class Cancelled(BaseException):
    """Raised in a task, where it waits, when it is cancelled. A BaseException, so that
    `except Exception` does not swallow it: let it propagate (finally blocks run)."""


class QueueEmpty(Exception):
    """Queue.get_nowait() on an empty queue."""


class QueueFull(Exception):
    """Queue.put_nowait() on a full queue."""


def deadline_after(ns: int) -> int:
    """The monotonic time ns from now, saturating at FOREVER (no overflow trap)."""
    now = platform.clock_monotonic()
    if ns >= FOREVER - now:
        return FOREVER
    return now + ns


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
        self.watchers: list[Event] | None = None  # set when it ends (made on demand)

    def watch(self, event: Event) -> None:
        """Set event when the task ends."""
        if self.watchers is None:
            self.watchers = [event]
        else:
            self.watchers.append(event)

    def cancel(self) -> None:
        """Cancel the task: Cancelled is raised where it waits (at once if it waits now, else
        when it next waits). Cancelling a finished task does nothing."""
        _S.cancel(self, Cancelled())


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
            self.watch(ended)
            await ended.wait()
        error = self.error
        if error is not None:
            raise error
        return self.value


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


class _Scheduler:
    def __init__(self) -> None:
        self.ready: list[_Task] = []
        self.running_batch: list[_Task] = []  # the batch being run (kept to reuse its storage)
        self.timers: list[_Timer] = []  # a binary heap, earliest first
        self.removed_timers = 0
        self.seq = 0
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

    def finish(self, task: _Task) -> None:
        task.done = True
        self.alive -= 1
        error = task.error
        if error is not None and not task.cancelled and not task.observed:
            report_failure("task '" + task.name + "'", error)
        watchers = task.watchers
        if watchers is not None:
            task.watchers = None
            for event in watchers:
                event.set()
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

    # --- timers -------------------------------------------------------------------------------

    def add_timer(self, deadline: int, task: _Task, gen: int,
                  exc: BaseException | None) -> _Timer:
        self.seq += 1
        timer = _Timer(deadline, self.seq, task, gen, exc)
        self.add_timer_entry(timer)
        return timer

    def remove_timer(self, timer: _Timer) -> None:
        """Forget a timer that has not fired (lazily: dropped when it reaches the top, or all
        at once when they are half of the heap)."""
        if timer.removed:
            return
        timer.removed = True
        self.removed_timers += 1
        if self.removed_timers > 64 and self.removed_timers * 2 > len(self.timers):
            kept = [t for t in self.timers if not t.removed]
            self.timers = []
            self.removed_timers = 0
            for t in kept:
                t.removed = True  # re-added below as new entries
                self.add_timer_entry(t)

    def add_timer_entry(self, timer: _Timer) -> None:
        timer.removed = False
        heap = self.timers
        heap.append(timer)
        i = len(heap) - 1
        while i > 0:
            parent = (i - 1) // 2
            if not timer.before(heap[parent]):
                break
            heap[i] = heap[parent]
            i = parent
        heap[i] = timer

    def pop_timer(self) -> _Timer:
        heap = self.timers
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
            self.removed_timers -= 1
        return top

    def next_deadline(self) -> int:
        while self.timers and self.timers[0].removed:
            self.pop_timer()
        return self.timers[0].deadline if self.timers else FOREVER

    def fire_timers(self) -> None:
        """Wake (or cancel) the tasks of every timer that is due, earliest first."""
        if not self.timers:
            return
        now = platform.clock_monotonic()
        while self.timers and self.timers[0].deadline <= now:
            timer = self.pop_timer()
            if timer.removed:
                continue
            timer.removed = True
            exc = timer.exc
            if exc is not None:
                self.cancel(timer.task, exc)
            else:
                self.wake(timer)

    # --- devices ------------------------------------------------------------------------------

    def poll(self, deadline: int) -> None:
        """Idle in the platform until deadline or device input; wake the device waiters."""
        ready_set = platform.yield_until(deadline)
        if ready_set == 0 or self.device_waiters == 0:
            return
        for handle in range(MAX_HANDLES):
            if ready_set & (1 << handle) and self.devices[handle]:
                waiters = self.devices[handle]
                self.devices[handle] = []
                self.device_waiters -= len(waiters)
                for w in waiters:
                    self.wake(w)

    # --- the loop -----------------------------------------------------------------------------

    def loop(self, main: _Task) -> None:
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
            deadline = self.next_deadline()
            if deadline == FOREVER and self.device_waiters == 0:
                raise RuntimeError("deadlock: every task waits and nothing can wake one")
            self.poll(deadline)


_S = _Scheduler()


def reset() -> None:
    """A fresh scheduler (run() starts with one)."""
    global _S
    _S = _Scheduler()


# --- the public face --------------------------------------------------------------------------


def run(main: Coroutine[Any, Any, None]) -> None:
    """run(main()): run main as a task, and the tasks it spawns, until main ends; then cancel
    the tasks still alive and let them end. Raises what main raised."""
    reset()
    task = Task(main, "main")
    task.observed = True  # its exception is run()'s, not a report
    _S.add(task)
    _S.loop(task)
    error = task.error
    if error is not None:
        raise error


def spawn(c: Coroutine[Any, Any, T], name: str = "task") -> Task[T]:
    """spawn(coro, name) -> a task running coro, which starts once the caller waits."""
    task = Task(c, name)
    _S.add(task)
    return task


def current_task() -> _Task:
    """The task that is running."""
    return _S.running()


async def sleep_ns(ns: int) -> None:
    """await sleep_ns(ns): return after at least ns nanoseconds of monotonic time; ns <= 0
    only lets the other ready tasks run first."""
    task = _S.running()
    _S.raise_pending(task)
    timer = _S.add_timer(deadline_after(ns), task, _S.prepare_park(task), None)
    task.parked = True  # _S.park(task), inline: a sleeping task holds one frame less
    try:
        await coro.suspend()
    finally:
        _S.remove_timer(timer)


async def checkpoint() -> None:
    """await checkpoint(): let every task that is ready now run, then go on."""
    task = _S.running()
    _S.raise_pending(task)
    _S.prepare_park(task)
    _S.make_ready(task)  # behind the tasks that are ready now
    task.parked = True
    await coro.suspend()


async def wait_device(handle: int) -> None:
    """await wait_device(h): return once the platform reports input on device handle h
    (0 <= h < 64); may return early (spuriously): check, then wait again."""
    if not 0 <= handle < MAX_HANDLES:
        raise ValueError(f"device handle {handle} outside 0..63")
    task = _S.running()
    gen = _S.prepare_park(task)
    _S.devices[handle].append(_Waiter(task, gen))
    _S.device_waiters += 1
    await _S.park(task)


async def with_timeout(ns: int, c: Awaitable[T]) -> T:
    """await with_timeout(ns, coro) -> coro's result, if it comes within ns nanoseconds; else
    coro is cancelled where it waits (its finally blocks run) and TimeoutError is raised."""
    task = _S.running()
    expired = Cancelled()
    timer = _S.add_timer(deadline_after(ns), task, -1, expired)
    try:
        return await c
    except Cancelled as e:
        if e is expired:
            raise TimeoutError(f"timed out after {ns} ns") from None
        raise
    finally:
        _S.remove_timer(timer)


async def gather(coros: list[Coroutine[Any, Any, T]]) -> list[T]:
    """await gather([c1, c2...]) -> [r1, r2...]: run each as a task and wait for all. If one
    fails, the others are cancelled and its exception is raised (the first one to fail)."""
    tasks = [spawn(c, "gather") for c in coros]
    changed = Event()
    for t in tasks:
        t.observed = True
        t.watch(changed)
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
        for w in waiters:
            _S.wake(w)

    def clear(self) -> None:
        self.flag = False

    async def wait(self) -> None:
        """await event.wait(): return once the flag is set (at once if it is)."""
        if self.flag:
            return
        task = _S.running()
        self.waiters.append(_Waiter(task, _S.prepare_park(task)))
        if len(self.waiters) > 64:
            self.waiters = [w for w in self.waiters if not w.stale() or w.task is task]
        await _S.park(task)


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
    while waiters:
        w = waiters.pop(0)
        if _S.wake(w):
            return


async def wait_turn(mine: list[_Waiter]) -> None:
    """Park in `mine` until woken. Cancelled after being woken (its turn came but it will not
    take it), pass the turn on to the next waiter of the same kind."""
    task = _S.running()
    mine.append(_Waiter(task, _S.prepare_park(task)))
    try:
        await _S.park(task)
    except BaseException:
        wake_one(mine)
        raise
