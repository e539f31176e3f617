"""CONSOLE over the platform console."""

from __future__ import annotations

from pyrage.stdlib import platform


class Console:
    """The platform console (stdout on unix and hosted, the serial port on virtio)."""

    async def log(self, line: str) -> None:
        platform.console_write((line + "\n").encode())

    async def write(self, data: bytes) -> None:
        platform.console_write(data)
