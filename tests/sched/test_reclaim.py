"""Coroutine frames are reclaimed: a compiled program that makes millions of coroutines (awaited,
abandoned unawaited, spawned as tasks, cancelled) stays within a fixed memory ceiling.

The peak RSS is read through bench/concurrency/maxrss.c (a child of Python would report
Python's own RSS as its peak)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, compile_program

PROGRAM = '''
from pyrage.stdlib import sched


async def leaf(i: int) -> int:
    if i % 3 == 0:
        await sched.checkpoint()
    return i


async def guarded() -> None:
    try:
        await sched.sleep_ns(10**12)
    finally:
        pass


async def main() -> None:
    total = 0
    for round in range(2000):
        for i in range(500):
            total += await leaf(i)     # awaited: recycled at once
            abandoned = leaf(i)         # never awaited: garbage
        tasks = [sched.spawn(leaf(i)) for i in range(50)]
        for t in tasks:
            total += await t.join()
        victim = sched.spawn(guarded())
        await sched.checkpoint()
        victim.cancel()
    print(total, abandoned is not None)


sched.run(main())
'''
CEILING = 48 * 2**20  # 3 million coroutines of ~80 bytes would need ~250 MiB if kept


@pytest.mark.slow
def test_coroutines_are_reclaimed(tmp_path: Path) -> None:
    source = tmp_path / "main.py"
    source.write_text(PROGRAM)
    image = compile_program(source)
    helper = tmp_path / "maxrss"
    subprocess.run([sys.executable, "-m", "ziglang", "cc", "-O2", "-target", "x86_64-linux-musl",
                    "-static", "-o", str(helper), str(ROOT / "bench" / "concurrency" / "maxrss.c")],
                   check=True)
    result = subprocess.run([str(helper), str(image)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    expected = 2000 * (sum(range(500)) + sum(range(50)))
    assert result.stdout == f"{expected} True\n"
    peak = int(result.stderr.split("maxrss ")[-1]) * 1024
    assert peak < CEILING, f"peak RSS {peak / 2**20:.1f} MiB"
