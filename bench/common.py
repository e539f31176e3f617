"""Helpers shared by the benchmark scripts: repeated, interleaved wall-clock timing.

These machines are noisy, so every figure is a median over many runs, and every ratio compares
two things measured in the same run, interleaved, never against a number from elsewhere.
"""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(argv: Sequence[str], *, expect: int | None = 0, cwd: Path | None = None) -> float:
    """Seconds from launch to exit of one command (its output discarded)."""
    start = time.perf_counter()
    proc = subprocess.run(list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          cwd=cwd)
    elapsed = time.perf_counter() - start
    if expect is not None and proc.returncode != expect:
        raise RuntimeError(f"{argv[0]} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return elapsed


def interleaved(cases: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    """Median seconds of each case, running them round-robin so drift hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for name, fn in cases.items():  # one warm-up each (page cache, first exec)
        fn()
    for _ in range(runs):
        for name, fn in cases.items():
            samples[name].append(fn())
    return {name: statistics.median(values) for name, values in samples.items()}


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
