"""stdlib/sched under CPython (the hosted target) on a virtual clock: timing semantics are
exact and no test waits in real time.

The virtual clock (impls/hosted/platform.py) only moves when every task sleeps, jumping to the
next deadline, so each wake-up time below is exact. Compiled behaviour is pinned by
tests/compiler/cases/async.test (hosted against unix) and test_virtio.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pyrage.impls.hosted import platform
from pyrage.stdlib import sched
from pyrage.stdlib.sched import _scheduler

MS = 1_000_000


@pytest.fixture(autouse=True)
def clock() -> Iterator[platform.VirtualClock]:
    c = platform.VirtualClock()
    platform.use_virtual_clock(c)
    yield c
    platform.use_virtual_clock(None)


def now() -> int:
    return platform.clock_monotonic()


def test_sleep_wakes_exactly_at_the_deadline(clock: platform.VirtualClock) -> None:
    woke: list[int] = []

    async def main() -> None:
        await sched.sleep_ns(10_000 * MS)
        woke.append(now())
        await sched.sleep_ns(0)
        await sched.sleep_ns(-5)
        woke.append(now())

    sched.run(main())
    assert woke == [10_000 * MS, 10_000 * MS]


def test_idle_scheduler_yields_to_the_platform_once_per_wakeup(
        monkeypatch: pytest.MonkeyPatch, clock: platform.VirtualClock) -> None:
    """No busy-waiting: each time every task sleeps, one yield_until(next deadline)."""
    deadlines: list[int] = []
    real = platform.yield_until

    def spy(deadline: int) -> int:
        deadlines.append(deadline)
        return real(deadline)

    monkeypatch.setattr(platform, "yield_until", spy)

    async def sleeper(ms: int) -> None:
        await sched.sleep_ns(ms * MS)

    async def main() -> None:
        await sched.gather([sleeper(30), sleeper(10), sleeper(20), sleeper(10)])

    sched.run(main())
    assert deadlines == [10 * MS, 20 * MS, 30 * MS]


def test_timeout_fires_at_its_deadline_and_cancels_inside() -> None:
    events: list[tuple[str, int]] = []

    async def slow() -> int:
        try:
            await sched.sleep_ns(1_000 * MS)
            return 1
        finally:
            events.append(("slow finally", now()))

    async def main() -> None:
        try:
            await sched.with_timeout(250 * MS, slow())
        except TimeoutError:
            events.append(("TimeoutError", now()))
        events.append(("fast", await sched.with_timeout(250 * MS, sched_value(7))))

    sched.run(main())
    assert events == [("slow finally", 250 * MS), ("TimeoutError", 250 * MS), ("fast", 7)]


async def sched_value(x: int) -> int:
    await sched.sleep_ns(MS)
    return x


def test_a_task_cancelled_while_queued_gets_cancelled_not_its_wakeup() -> None:
    """A task woken by an event and cancelled before it runs sees Cancelled (once)."""
    seen: list[str] = []

    async def waiter(ev: sched.Event) -> None:
        try:
            await ev.wait()
            seen.append("woke")
        except sched.Cancelled:
            seen.append("cancelled")
            raise

    async def main() -> None:
        ev = sched.Event()
        t = sched.spawn(waiter(ev))
        await sched.checkpoint()
        ev.set()  # t is queued now...
        t.cancel()  # ...and cancelled before it runs
        t.cancel()
        with pytest.raises(sched.Cancelled):
            await t.join()

    sched.run(main())
    assert seen == ["cancelled"]


def test_stale_timer_does_not_wake_a_later_wait() -> None:
    """A timer left from a cancelled sleep must not end the task's next wait early."""
    log: list[tuple[str, int]] = []

    async def sleeper(ev: sched.Event) -> None:
        try:
            await sched.sleep_ns(100 * MS)
        except sched.Cancelled:
            log.append(("cancelled", now()))
        await ev.wait()  # the 100 ms timer is still in the heap
        log.append(("event", now()))

    async def main() -> None:
        ev = sched.Event()
        t = sched.spawn(sleeper(ev))
        await sched.sleep_ns(10 * MS)
        t.cancel()
        await sched.sleep_ns(500 * MS)
        ev.set()
        await t.join()

    sched.run(main())
    assert log == [("cancelled", 10 * MS), ("event", 510 * MS)]


def test_event_wait_ns_ends_at_the_flag_or_the_time_whichever_first() -> None:
    log: list[tuple[str, int]] = []

    async def waiter(ev: sched.Event, ns: int, name: str) -> None:
        await ev.wait_ns(ns)
        log.append((name, now()))

    async def main() -> None:
        early, late = sched.Event(), sched.Event()
        a = sched.spawn(waiter(early, 100 * MS, "set at 30 ms"))
        b = sched.spawn(waiter(late, 50 * MS, "timed out at 50 ms"))
        await sched.sleep_ns(30 * MS)
        early.set()
        await a.join()
        await b.join()
        await sched.sleep_ns(100 * MS)  # a's timer (due at 100 ms) was removed: no wake then
        late.set()  # after b timed out: nobody waits any more
        await waiter(late, 1000 * MS, "already set")  # returns at once
        b2 = sched.spawn(waiter(sched.Event(), 20 * MS, "again"))
        await b2.join()

    sched.run(main())
    assert log == [("set at 30 ms", 30 * MS), ("timed out at 50 ms", 50 * MS),
                   ("already set", 150 * MS), ("again", 170 * MS)]


def test_event_wait_ns_can_be_cancelled() -> None:
    async def main() -> None:
        ev = sched.Event()
        t = sched.spawn(ev.wait_ns(100 * MS))
        await sched.sleep_ns(10 * MS)
        t.cancel()
        with pytest.raises(sched.Cancelled):
            await t.join()
        assert now() == 10 * MS
        ev.set()  # its waiter is stale: nothing to wake

    sched.run(main())
    assert now() == 10 * MS  # the cancelled wait's timer was removed: no wake at 100 ms


def test_queue_serves_waiters_in_order_and_passes_on_a_cancelled_turn() -> None:
    got: list[tuple[str, int]] = []

    async def getter(q: sched.Queue[int], name: str) -> None:
        got.append((name, await q.get()))

    async def main() -> None:
        q: sched.Queue[int] = sched.Queue(1)
        a = sched.spawn(getter(q, "a"))
        b = sched.spawn(getter(q, "b"))
        c = sched.spawn(getter(q, "c"))
        await sched.checkpoint()
        q.put_nowait(1)  # wakes a
        a.cancel()  # a will not take it: the turn passes to b
        await sched.checkpoint()
        await sched.checkpoint()
        q.put_nowait(2)
        with pytest.raises(sched.QueueFull):
            q.put_nowait(3)
        await c.join()
        await b.join()

    sched.run(main())
    assert got == [("b", 1), ("c", 2)]


def test_bounded_put_waits_for_room() -> None:
    log: list[str] = []

    async def producer(q: sched.Queue[int]) -> None:
        for i in range(3):
            await q.put(i)
            log.append(f"put {i} at {now() // MS}")

    async def main() -> None:
        q: sched.Queue[int] = sched.Queue(1)
        sched.spawn(producer(q))
        for _ in range(3):
            await sched.sleep_ns(10 * MS)
            log.append(f"got {await q.get()} at {now() // MS}")

    sched.run(main())
    assert log == ["put 0 at 0", "got 0 at 10", "put 1 at 10", "got 1 at 20", "put 2 at 20",
                   "got 2 at 30"]


def test_failed_task_is_reported_with_its_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    async def doomed() -> None:
        raise ValueError("bad input")

    async def joined() -> None:
        raise KeyError("seen by the joiner")

    async def main() -> None:
        sched.spawn(doomed(), "doomed")
        j = sched.spawn(joined(), "joined")
        with pytest.raises(KeyError):
            await j.join()

    sched.run(main())
    err = capfd.readouterr().err
    assert err.startswith("task 'doomed' failed:\nTraceback (most recent call last):\n")
    assert 'in doomed\n' in err and err.endswith("ValueError: bad input\n")
    assert "joined" not in err  # its joiner got the exception: not reported


def test_main_exception_propagates_after_cleanup() -> None:
    cleaned: list[str] = []

    async def background() -> None:
        try:
            await sched.sleep_ns(10**18)
        finally:
            cleaned.append("background")

    async def main() -> None:
        sched.spawn(background())
        await sched.checkpoint()
        raise OSError("main failed")

    with pytest.raises(OSError, match="main failed"):
        sched.run(main())
    assert cleaned == ["background"]


def test_sleeping_forever_saturates() -> None:
    async def main() -> None:
        t = sched.spawn(sched.sleep_ns(sched.FOREVER))
        await sched.sleep_ns(MS)
        t.cancel()

    sched.run(main())


def test_outside_run_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="inside sched.run"):
        sched.current_task()


def test_wait_device_checks_the_handle() -> None:
    async def main() -> None:
        with pytest.raises(ValueError, match="device handle -1"):
            await sched.wait_device(-1)

    sched.run(main())


def test_handles_from_64_share_the_bits(monkeypatch: pytest.MonkeyPatch,
                                        clock: platform.VirtualClock) -> None:
    """Handle 67's bit is 3 (handle % 64): input there wakes the waiters of 3 and of 67; a
    waiter cancelled before is forgotten (nothing is left for a device to wake)."""
    calls: list[int] = []

    def yield_until(deadline: int) -> int:
        calls.append(deadline)
        clock.now += MS
        return 1 << 3 if len(calls) == 3 else 0

    monkeypatch.setattr(platform, "yield_until", yield_until)
    woke: list[int] = []

    async def reader(handle: int) -> None:
        await sched.wait_device(handle)
        woke.append(handle)

    async def main() -> None:
        cancelled = sched.spawn(reader(131))
        readers = [sched.spawn(reader(3)), sched.spawn(reader(67))]
        await sched.checkpoint()
        cancelled.cancel()
        for r in readers:
            await r.join()
        assert _scheduler.the().device_waiters == 0

    sched.run(main())
    assert sorted(woke) == [3, 67]


def test_device_input_wakes_its_waiters(monkeypatch: pytest.MonkeyPatch,
                                         clock: platform.VirtualClock) -> None:
    """The ready set from yield_until wakes the tasks waiting on those handles."""
    calls: list[int] = []

    def yield_until(deadline: int) -> int:
        calls.append(deadline)
        clock.now += MS
        return 1 << 3 if len(calls) == 2 else 0  # input on handle 3, second time

    monkeypatch.setattr(platform, "yield_until", yield_until)
    woke: list[int] = []

    async def reader() -> None:
        await sched.wait_device(3)
        woke.append(now())

    async def main() -> None:
        await sched.spawn(reader()).join()

    sched.run(main())
    assert woke == [2 * MS]
    # a poll after the batch that started waiting, then nothing else to wake for: block
    assert calls == [0, sched.FOREVER]
