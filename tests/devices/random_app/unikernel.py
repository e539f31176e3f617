"""Draws from the RANDOM device config.py gives it, through the signature only."""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures import CONSOLE, RANDOM

C = TypeVar("C", bound=CONSOLE)
R = TypeVar("R", bound=RANDOM)


class Main(Generic[C, R]):
    def __init__(self, console: C, rng: R) -> None:
        self.console = console
        self.rng = rng

    async def start(self) -> None:
        first = self.rng.generate(16)
        second = self.rng.generate(16)
        await self.console.log(f"sizes {len(first)} {len(second)} {len(self.rng.generate(0))}")
        await self.console.log(f"distinct {first != second}")
        try:
            self.rng.generate(-1)
        except ValueError:
            await self.console.log("negative refused")
        await self.console.log(f"bytes {first.hex()}")
