"""Retrying flaky work: exceptions logged and re-raised with bare `raise`; the last escapes (exit 1).

Features: uncaught, try-except, user-exception, closure, nonlocal, list, fstring
"""

from collections.abc import Callable


class TransientError(Exception):
    pass


def flaky(fail_times: int) -> Callable[[], str]:
    calls = 0

    def work() -> str:
        nonlocal calls
        calls += 1
        if calls <= fail_times:
            raise TransientError(f"attempt {calls} failed")
        return f"succeeded on attempt {calls}"
    return work


def retry(job: Callable[[], str], attempts: int) -> str:
    for i in range(1, attempts + 1):
        try:
            return job()
        except TransientError as e:
            print(f"  try {i}/{attempts}: {e}")
            if i == attempts:
                print("  giving up, re-raising")
                raise
        finally:
            print(f"  (cleanup after try {i})")
    return "unreachable"


for fails, attempts in [(0, 3), (2, 3)]:
    print(f"job failing {fails} times, {attempts} attempts:")
    print(" ->", retry(flaky(fails), attempts))
print("job failing 5 times, 2 attempts, caught:")
try:
    retry(flaky(5), 2)
except TransientError as e:
    print(" -> caught", repr(e))
print("job failing 4 times, 3 attempts, not caught:")
retry(flaky(4), 3)
print("never printed")
