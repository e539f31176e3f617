"""A cooperative scheduler simulated with plain functions: periodic tasks are bound methods
and closures stored in a list, run in deadline order over simulated ticks, with a watchdog.

Features: callable, closure, nonlocal, class, list, dict, sorted-min-max, lambda, try-except, user-exception, fstring
"""

from collections.abc import Callable


class TaskFailed(Exception):
    pass


class Task:
    count = 0

    def __init__(self, name: str, period: int, action: Callable[[int], str]) -> None:
        Task.count += 1
        self.ident = Task.count
        self.name = name
        self.period = period
        self.action = action
        self.next_run = period
        self.runs = 0
        self.failures = 0


class Sensor:
    def __init__(self, base: int) -> None:
        self.value = base
        self.history: list[int] = []

    def sample(self, now: int) -> str:
        self.value = (self.value * 7 + now) % 101
        self.history.append(self.value)
        return f"sample={self.value}"

    def check(self, now: int) -> str:
        if self.value > 90:
            raise TaskFailed(f"value {self.value} over limit at t={now}")
        return "ok"


def make_heartbeat(prefix: str) -> Callable[[int], str]:
    beats = 0

    def beat(now: int) -> str:
        nonlocal beats
        beats += 1
        return f"{prefix}#{beats}"
    return beat


class Scheduler:
    def __init__(self) -> None:
        self.tasks: list[Task] = []
        self.trace: list[str] = []

    def every(self, name: str, period: int, action: Callable[[int], str]) -> Task:
        t = Task(name, period, action)
        self.tasks.append(t)
        return t

    def run_until(self, end: int) -> None:
        now = 0
        while True:
            due = sorted(self.tasks, key=lambda t: (t.next_run, t.ident))
            if not due or due[0].next_run > end:
                break
            task = due[0]
            now = task.next_run
            try:
                out = task.action(now)
            except TaskFailed as e:
                task.failures += 1
                out = f"FAILED ({e})"
                if task.failures >= 2:
                    self.tasks.remove(task)
                    out += " -> removed"
            else:
                task.runs += 1
            finally:
                task.next_run = now + task.period
            self.trace.append(f"t={now:>3} {task.name:<6} {out}")


s = Sensor(13)
sched = Scheduler()
sched.every("sample", 3, s.sample)
sched.every("check", 4, s.check)
sched.every("beat", 7, make_heartbeat("hb"))
sched.every("slow", 20, lambda now: f"slow at {now}, half {now // 2}")
sched.run_until(40)
print("\n".join(sched.trace))
print({t.name: (t.runs, t.failures) for t in sched.tasks})
print(s.history, max(s.history), Task.count)
actions = [t.action for t in sched.tasks]
print([a(1000) for a in actions])
