"""Applying the hello functor: what mypy (strict, warn_unused_ignores) and pyright (strict,
reportUnnecessaryTypeIgnoreComment) accept and reject.

Every `# type: ignore[code]` below must be needed by both: if either stopped rejecting the
line, the ignore would be unused and the tests would fail (test_functor_types.py,
test_editor.py).
"""
# pyright: reportUnnecessaryTypeIgnoreComment=true

from __future__ import annotations

from typing import assert_type

import unikernel

from pyrage.impls.console import Console
from pyrage.impls.time import Time


class NoLog:
    """Lacks CONSOLE.log."""

    async def write(self, data: bytes) -> None:
        pass


class LogTakesBytes:
    """Has log, with the wrong parameter type."""

    async def log(self, line: bytes) -> None:
        pass

    async def write(self, data: bytes) -> None:
        pass


good = unikernel.Main(console=Console(), time=Time(), hello="hi", count=1, interval_ms=0)
assert_type(good, unikernel.Main[Console, Time])

missing = unikernel.Main(console=NoLog(), time=Time(), hello="hi", count=1, interval_ms=0)  # type: ignore[type-var]
mistyped = unikernel.Main(console=LogTakesBytes(), time=Time(), hello="", count=1, interval_ms=0)  # type: ignore[type-var]
swapped = unikernel.Main(console=Time(), time=Console(), hello="", count=1, interval_ms=0)  # type: ignore[type-var]
annotated: unikernel.Main[NoLog, Time]  # type: ignore[type-var]
