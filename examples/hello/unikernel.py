"""hello: MirageOS's first tutorial in pyrage.

Prints a greeting a few times, a second apart, through two devices it is generic over: a CONSOLE
and a TIME. config.py says which devices; the compiler specializes Main for them.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures import CONSOLE, TIME

C = TypeVar("C", bound=CONSOLE)
T = TypeVar("T", bound=TIME)


class Main(Generic[C, T]):
    def __init__(self, console: C, time: T, hello: str, count: int, interval_ms: int) -> None:
        self.console = console
        self.time = time
        self.hello = hello
        self.count = count
        self.interval_ns = interval_ms * 1_000_000

    async def start(self) -> None:
        for i in range(self.count):
            if i > 0:
                await self.time.sleep_ns(self.interval_ns)
            await self.console.log(self.hello)
