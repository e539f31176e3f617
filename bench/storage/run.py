"""Storage: BLOCK throughput and KV_RW durable sets, against references measured in the same run.

    python bench/storage/run.py [--runs N] [--count N] [--sets N] [--no-virtio]

- BLOCK: 4 KiB requests, sequential and scattered, reads and writes (writes end with a flush),
  through the blockbench unikernel (bench/storage/blockbench: 8 tasks with a request each)
  on unix and virtio, against the host's own pread/pwrite of the same file
  (bench/storage/ref/blockio.c, one request at a time, then fdatasync). Both go through the
  page cache: the unix runtime does not open with O_DIRECT, so neither does the reference.
- KV_RW: durable sets of 100-byte values (each returns once flushed) through the kvbench
  unikernel, against SQLite in WAL mode with synchronous=FULL inserting the same rows one
  transaction each, on the same file system.
- KV_RO: a get of a 1000-byte file from the store compiled into the image (no reference: it
  hands out the constant).

Medians of --runs runs, interleaved. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from common import table  # type: ignore[import-not-found]  # noqa: E402

HERE = Path(__file__).parent
PYRAGE = ROOT / ".venv" / "bin" / "pyrage"
MODES = ("seqread", "randread", "seqwrite", "randwrite")
DISK = 64 * 1024 * 1024


def build_reference(work: Path) -> Path:
    source = HERE / "ref" / "blockio.c"
    out = work / f"blockio-{hashlib.sha256(source.read_bytes()).hexdigest()[:12]}"
    if not out.exists():
        subprocess.run(["gcc", "-O2", "-Wall", "-o", str(out), str(source)], check=True)
    return out


def parse(text: str, word: str) -> tuple[int, int]:
    """(count, ns) from a line `WORD COUNT ns NS ...`."""
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] == word and "ns" in parts:
            return int(parts[1]), int(parts[parts.index("ns") + 1])
    raise RuntimeError(f"no '{word}' line in: {text[-500:]}")


def unikernel(app: str, target: str, disk: Path, args: list[str]) -> str:
    cmd = [str(PYRAGE), "run", str(HERE / app), "-t", target, "--block", f"disk={disk}",
           "--", *args]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {out.stderr[-1000:]}")
    return out.stdout


def sqlite_inserts(path: Path, count: int) -> float:
    """Seconds per durable insert (WAL, synchronous=FULL, one transaction each)."""
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("pragma journal_mode=wal")
    db.execute("pragma synchronous=full")
    db.execute("create table rows(k text primary key, v blob)")
    value = bytes(100)
    start = time.perf_counter()
    for i in range(count):
        db.execute("insert or replace into rows values (?, ?)", (f"rows/{i % 500}", value))
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed / count


def median_of(runs: int, fn: Callable[[], float]) -> float:
    return statistics.median(fn() for _ in range(runs))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--count", type=int, default=20000, help="4 KiB requests per BLOCK run")
    p.add_argument("--sets", type=int, default=2000, help="durable sets per KV run")
    p.add_argument("--no-virtio", action="store_true")
    args = p.parse_args()
    targets = ["unix"] if args.no_virtio else ["unix", "virtio"]
    with tempfile.TemporaryDirectory(dir=ROOT / "bench" / "storage") as tmp:
        work = Path(tmp)
        ref = build_reference(work)
        disk = work / "disk.img"
        disk.write_bytes(b"\x5a" * DISK)
        for target in targets:  # compile once, outside the timings
            unikernel("blockbench", target, disk, ["--mode=seqread", "--count=8"])
        rows = [("BLOCK, 4 KiB", "host pread/pwrite MB/s",
                 *(f"{t} MB/s" for t in targets), *(f"{t} / host" for t in targets))]
        for mode in MODES:
            def host(mode: str = mode) -> float:
                out = subprocess.run([str(ref), str(disk), mode, str(args.count)],
                                     capture_output=True, text=True, check=True).stdout
                n, ns = parse(out, "bytes")
                return n / ns * 1e3

            def guest(target: str, mode: str = mode) -> float:
                out = unikernel("blockbench", target, disk, [f"--mode={mode}",
                                                             f"--count={args.count}"])
                n, ns = parse(out, "bytes")
                return n / ns * 1e3

            samples: dict[str, list[float]] = {"host": [], **{t: [] for t in targets}}
            for _ in range(args.runs):
                samples["host"].append(host())
                for t in targets:
                    samples[t].append(guest(t))
            med = {k: statistics.median(v) for k, v in samples.items()}
            rows.append((mode, f"{med['host']:.0f}", *(f"{med[t]:.0f}" for t in targets),
                         *(f"{med[t] / med['host']:.2f}x" for t in targets)))
        print(table(rows))
        print()
        kv_rows = [("KV", "SQLite WAL FULL", *targets, *(f"{t} / SQLite" for t in targets))]
        sets: dict[str, list[float]] = {"sqlite": [], **{t: [] for t in targets}}
        gets: dict[str, list[float]] = {t: [] for t in targets}
        for _ in range(args.runs):
            sets["sqlite"].append(sqlite_inserts(work / "rows.db", args.sets))
            for t in targets:
                image = work / f"kv-{t}.img"
                image.write_bytes(bytes(16 * 1024 * 1024))
                out = unikernel("kvbench", t, image, [f"--sets={args.sets}"])
                n, ns = parse(out, "sets")
                sets[t].append(ns / n / 1e9)
                n, ns = parse(out, "gets")
                gets[t].append(ns / n)
        med = {k: statistics.median(v) for k, v in sets.items()}
        kv_rows.append(("durable set, sets/s", f"{1 / med['sqlite']:.0f}",
                        *(f"{1 / med[t]:.0f}" for t in targets),
                        *(f"{med['sqlite'] / med[t]:.2f}x" for t in targets)))
        kv_rows.append(("KV_RO get, ns", "", *(f"{statistics.median(gets[t]):.0f}"
                                              for t in targets), *("" for _ in targets)))
        print(table(kv_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
