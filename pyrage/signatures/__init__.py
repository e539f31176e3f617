"""Signatures: the module types of pyrage devices, as Protocols.

A unikernel is generic over these (``class Main(Generic[C, T])`` with ``C`` bound to CONSOLE);
mypy checks that the devices a target provides satisfy them, and the compiler specializes the
unikernel for those devices, so every signature call is a direct call.
"""

from pyrage.signatures.console import CONSOLE as CONSOLE
from pyrage.signatures.mclock import MCLOCK as MCLOCK
from pyrage.signatures.pclock import PCLOCK as PCLOCK
from pyrage.signatures.random import RANDOM as RANDOM
from pyrage.signatures.time import TIME as TIME

__all__ = ["CONSOLE", "MCLOCK", "PCLOCK", "RANDOM", "TIME"]
