"""Final settings, inlined by the compiler."""

from typing import Final

LIMIT: Final = 120
TITLE: Final = "primes"
WIDTH: Final = 40
