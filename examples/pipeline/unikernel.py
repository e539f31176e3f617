"""pipeline: several concurrent tasks talking through a bounded queue.

A producer makes a job every interval; workers take jobs from a queue of capacity 2 and take a
while over each; a heartbeat task logs on its own rhythm until it is cancelled; the main task
waits for the workers and reports. Every task is a coroutine run by pyrage.stdlib.sched, the
same on every target, so the lines come out in the same order on all three.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures import CONSOLE, TIME
from pyrage.stdlib import sched

C = TypeVar("C", bound=CONSOLE)
T = TypeVar("T", bound=TIME)

MS = 1_000_000
STOP = -1  # the job number that tells a worker to stop


class Main(Generic[C, T]):
    def __init__(self, console: C, time: T, jobs: int, workers: int, interval_ms: int,
                 heartbeat_ms: int) -> None:
        self.console = console
        self.time = time
        self.jobs = jobs
        self.workers = workers
        self.interval_ns = interval_ms * MS
        self.heartbeat_ns = heartbeat_ms * MS
        self.queue: sched.Queue[int] = sched.Queue(2)

    async def producer(self) -> None:
        for job in range(1, self.jobs + 1):
            await self.time.sleep_ns(self.interval_ns)
            await self.queue.put(job)
            await self.console.log(f"producer: job {job} queued ({self.queue.qsize()} waiting)")
        for _ in range(self.workers):
            await self.queue.put(STOP)

    async def worker(self, name: str) -> int:
        done = 0
        while True:
            job = await self.queue.get()
            if job == STOP:
                return done
            # a job takes 20-40 ms, always less than the interval between two jobs
            await self.time.sleep_ns((20 + 10 * (job % 3)) * self.interval_ns // 100)
            await self.console.log(f"{name}: job {job} done, {job}² = {job * job}")
            done += 1

    async def heartbeat(self) -> None:
        beats = 0
        try:
            while True:
                await self.time.sleep_ns(self.heartbeat_ns)
                beats += 1
                await self.console.log(f"heartbeat {beats}")
        finally:
            await self.console.log(f"heartbeat stopped after {beats} beats")

    async def start(self) -> None:
        beat = sched.spawn(self.heartbeat(), "heartbeat")
        sched.spawn(self.producer(), "producer")
        names = [f"worker {chr(ord('A') + i)}" for i in range(self.workers)]
        counts = await sched.gather([self.worker(name) for name in names])
        beat.cancel()
        await sched.checkpoint()  # let the heartbeat say goodbye
        summary = ", ".join(f"{name} did {n}" for name, n in zip(names, counts))
        await self.console.log(f"all {sum(counts)} jobs done: {summary}")
