"""A service generic over a LOGGER and a CLOCK Protocol (a functor, as in examples/hello).

The same Service code is specialized for two loggers and a fake clock.

Features: functor, generic-class, class, fstring, default-kwargs
"""

from typing import Generic, Protocol, TypeVar


class LOGGER(Protocol):
    def log(self, level: str, msg: str) -> None: ...


class CLOCK(Protocol):
    def now_ms(self) -> int: ...


class FakeClock:
    def __init__(self, start: int, step: int) -> None:
        self.t = start
        self.step = step

    def now_ms(self) -> int:
        self.t += self.step
        return self.t


class StdoutLogger:
    def log(self, level: str, msg: str) -> None:
        print(f"[{level:<5}] {msg}")


class CountingLogger:
    def __init__(self) -> None:
        self.lines = 0

    def log(self, level: str, msg: str) -> None:
        self.lines += 1
        print(f"{self.lines:03}:{level[0]}: {msg}")


L = TypeVar("L", bound=LOGGER)
C = TypeVar("C", bound=CLOCK)


class Service(Generic[L, C]):
    def __init__(self, name: str, logger: L, clock: C, slow_ms: int = 25) -> None:
        self.name = name
        self.logger = logger
        self.clock = clock
        self.slow_ms = slow_ms

    def handle(self, request: int) -> int:
        start = self.clock.now_ms()
        result = request * request % 97
        took = self.clock.now_ms() - start
        level = "WARN" if took > self.slow_ms else "INFO"
        self.logger.log(level, f"{self.name} handled {request} -> {result} in {took} ms")
        return result


fast = Service("fast", StdoutLogger(), FakeClock(1000, 10))
total = 0
for r in range(3, 6):
    total += fast.handle(r)
print("fast total:", total)
counting = CountingLogger()
slow = Service("slow", counting, FakeClock(0, 40), slow_ms=30)
for r in range(40, 43):
    slow.handle(r)
print("counted lines:", counting.lines)
