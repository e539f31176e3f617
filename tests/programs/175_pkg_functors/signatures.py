"""Module signatures: what the application needs from its devices."""

from typing import Protocol


class CONSOLE(Protocol):
    def log(self, msg: str) -> None: ...


class NET(Protocol):
    def send(self, seq: int, data: str) -> bool: ...
