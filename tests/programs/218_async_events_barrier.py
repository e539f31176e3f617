"""A barrier built from an Event and a counter: workers wait for each other at every phase;
results come back through join() in spawn order, and a cancelled straggler is reported.

Features: async, class, list, fstring, try-except
"""

from __future__ import annotations

from pyrage.stdlib import sched


class Barrier:
    def __init__(self, parties: int) -> None:
        self.parties = parties
        self.waiting = 0
        self.phase = 0
        self.event = sched.Event()

    async def wait(self) -> int:
        phase = self.phase
        self.waiting += 1
        if self.waiting == self.parties:
            self.waiting = 0
            self.phase += 1
            done = self.event
            self.event = sched.Event()
            done.set()
        else:
            await self.event.wait()
        return phase


async def worker(name: str, barrier: Barrier, delays: list[int], trace: list[str]) -> int:
    total = 0
    for d in delays:
        await sched.sleep_ns(d * 1_000_000)
        phase = await barrier.wait()
        trace.append(f"{name} passed phase {phase}")
        total += d
    return total


async def straggler(barrier: Barrier) -> int:
    try:
        await barrier.wait()
        return 0
    except sched.Cancelled:
        print("straggler cancelled while waiting")
        raise


async def main() -> None:
    barrier = Barrier(3)
    trace: list[str] = []
    tasks = [sched.spawn(worker("w0", barrier, [3, 1, 2], trace)),
             sched.spawn(worker("w1", barrier, [1, 2, 3], trace)),
             sched.spawn(worker("w2", barrier, [2, 3, 1], trace))]
    print([await t.join() for t in tasks])
    for line in trace:
        print(line)
    lonely = sched.spawn(straggler(Barrier(2)))
    await sched.sleep_ns(1_000_000)
    lonely.cancel()
    try:
        await lonely.join()
    except sched.Cancelled:
        print("join: cancelled", lonely.cancelled)


sched.run(main())
