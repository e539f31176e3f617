"""RANDOM: a source of random bytes (Mirage's Mirage_random)."""

from __future__ import annotations

from typing import Protocol


class RANDOM(Protocol):
    """Cryptographically secure random bytes."""

    def generate(self, n: int) -> bytes:
        """rng.generate(n) -> bytes

        Returns ``n`` (>= 0) bytes from a cryptographically secure generator, seeded from the
        platform's entropy before the first call returns. Never blocks after seeding; raises
        ValueError for n < 0.
        """
        ...
