"""CONSOLE: a text console (Mirage's Mirage_console)."""

from __future__ import annotations

from typing import Protocol


class CONSOLE(Protocol):
    """A console the unikernel writes its output to."""

    async def log(self, line: str) -> None:
        """await console.log(line)

        Writes ``line`` followed by a newline, as one write: lines from concurrent writers never
        interleave. Never fails (a console that cannot write drops the line).
        """
        ...

    async def write(self, data: bytes) -> None:
        """await console.write(data)

        Writes all of ``data``, unchanged, before returning. Never fails.
        """
        ...
