"""A round-robin CPU scheduler simulation with a time quantum, arrivals and per-process stats.

Features: class, list, dict, attrs, sorted-min-max, fstring, float
"""

from attrs import define


@define
class Proc:
    pid: int
    arrival: int
    burst: int
    remaining: int = -1
    finish: int = -1

    def __attrs_post_init__(self) -> None:
        self.remaining = self.burst


def schedule(procs: list[Proc], quantum: int) -> list[str]:
    time = 0
    queue: list[Proc] = []
    pending = sorted(procs, key=lambda p: p.arrival)
    timeline: list[str] = []
    while pending or queue:
        while pending and pending[0].arrival <= time:
            queue.append(pending.pop(0))
        if not queue:
            time = pending[0].arrival
            continue
        p = queue.pop(0)
        run = min(quantum, p.remaining)
        timeline.append(f"{time}-{time + run}:P{p.pid}")
        time += run
        p.remaining -= run
        while pending and pending[0].arrival <= time:
            queue.append(pending.pop(0))
        if p.remaining:
            queue.append(p)
        else:
            p.finish = time
    return timeline


for quantum in (2, 4):
    procs = [Proc(1, 0, 5), Proc(2, 1, 3), Proc(3, 2, 8), Proc(4, 3, 6), Proc(5, 20, 2)]
    timeline = schedule(procs, quantum)
    print(f"quantum {quantum}: {' '.join(timeline)}")
    waits = {p.pid: p.finish - p.arrival - p.burst for p in procs}
    print("  turnaround:", {p.pid: p.finish - p.arrival for p in procs})
    print("  waiting:", waits, f"mean {sum(waits.values()) / len(waits):.1f}")
    print("  longest wait: P%d" % max(waits, key=lambda k: waits[k]))
