"""Running jobs with a retry policy: transient vs permanent error classes, exponential backoff
with a cap, raise ... from to wrap the last failure, try/except/else/finally bookkeeping;
the last job exhausts its retries and the wrapped error escapes uncaught.

Features: user-exception, try-except, inheritance, class, callable, closure, nonlocal, list, dict, fstring, uncaught, divmod-pow-round-abs
"""

from collections.abc import Callable


class JobError(Exception):
    retryable = False


class Transient(JobError):
    retryable = True


class Timeout(Transient):
    pass


class Permanent(JobError):
    pass


class RetryExhausted(Exception):
    pass


class Policy:
    def __init__(self, attempts: int, base_ms: int, cap_ms: int) -> None:
        self.attempts = attempts
        self.base_ms = base_ms
        self.cap_ms = cap_ms

    def delay(self, attempt: int) -> int:
        return min(self.cap_ms, self.base_ms << attempt)


def flaky(name: str, failures: list[JobError]) -> Callable[[], str]:
    calls = 0

    def job() -> str:
        nonlocal calls
        calls += 1
        if calls <= len(failures):
            raise failures[calls - 1]
        return f"{name} done after {calls} call(s)"
    return job


def run(name: str, job: Callable[[], str], policy: Policy, stats: dict[str, int]) -> str:
    waited = 0
    last: JobError = JobError("never ran")
    for attempt in range(policy.attempts):
        try:
            result = job()
        except JobError as e:
            last = e
            kind = type(e).__name__
            stats[kind] = stats.get(kind, 0) + 1
            if not e.retryable:
                print(f"  {name}: {kind}({e}) is permanent, giving up")
                raise RetryExhausted(f"{name}: permanent failure") from e
            d = policy.delay(attempt)
            waited += d
            print(f"  {name}: attempt {attempt + 1} {kind}({e}), backoff {d}ms")
        else:
            secs, ms = divmod(waited, 1000)
            return f"{result} (waited {secs}.{ms:03d}s)"
        finally:
            stats["attempts"] = stats.get("attempts", 0) + 1
    raise RetryExhausted(f"{name}: {policy.attempts} attempts, last {last!r}") from last


policy = Policy(attempts=5, base_ms=150, cap_ms=1000)
print([policy.delay(a) for a in range(7)])
stats: dict[str, int] = {}
jobs = [
    ("sync", flaky("sync", [])),
    ("upload", flaky("upload", [Timeout("read 30s"), Transient("503")])),
    ("index", flaky("index", [Timeout("t1"), Timeout("t2"), Timeout("t3"), Timeout("t4")])),
    ("migrate", flaky("migrate", [Transient("lock"), Permanent("schema mismatch")])),
]
for name, job in jobs:
    try:
        print(run(name, job, policy, stats))
    except RetryExhausted as e:
        print(f"FAILED {e}")
print(stats)
print([e.retryable for e in (JobError("a"), Transient("b"), Timeout("c"), Permanent("d"))])
print(issubclass(Timeout, Transient), isinstance(Timeout("x"), JobError))
run("backup", flaky("backup", [Timeout(f"try {i}") for i in range(9)]), Policy(3, 100, 250), stats)
print("unreachable")
