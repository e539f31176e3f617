"""The hosted form of stdlib/coro.py's suspend(): a bare `yield` to whoever called send()."""

from __future__ import annotations

from collections.abc import Generator


class Suspend:
    """An awaitable that suspends the coroutine chain that awaits it, once."""

    def __await__(self) -> Generator[None, None, None]:
        yield
