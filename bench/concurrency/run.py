"""Concurrency: the cost of tasks, compiled by pyrage, against CPython's asyncio in the same run.

    python bench/concurrency/run.py [--runs N] [--quick] [--no-virtio]

- switch: ns per task switch (an await that suspends: sched.checkpoint() between two tasks),
  compiled (unix) and hosted (the same program under CPython), against asyncio.sleep(0).
- spawn: ns per task spawned, run to its end and joined, against asyncio.create_task.
- sleepers: 100 000 tasks asleep at once: peak RSS of the process, and per task (the run with
  N = 0 subtracted), compiled and asyncio.
- idle: a unikernel sleeping 10 s: the CPU time its process (QEMU for virtio) used, in % of
  one core. No busy-waiting means ~0%.

Medians of --runs runs each, interleaved. Aims (reported, never asserted): a switch under 50 ns
and at least 20x faster than asyncio; 100 000 sleeping tasks in under 64 MiB; idle under 2%.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import table  # noqa: E402

HERE = Path(__file__).resolve().parent
_N = re.compile(r"^(N|SECONDS): Final = [0-9_]+$", re.MULTILINE)


def sized(name: str, n: int, work: Path) -> Path:
    """A copy of bench/concurrency/NAME.py with its N (or SECONDS) set to n."""
    source = (HERE / f"{name}.py").read_text()
    if not _N.search(source):
        raise SystemExit(f"{name}.py has no `N: Final = ...` line")
    out = work / f"{name}_{n}.py"
    out.write_text(_N.sub(lambda m: f"{m[1]}: Final = {n}", source, count=1))
    return out


def compile_image(source: Path, target: str = "unix") -> Path:
    image = source.with_suffix("" if target == "unix" else ".virtio")
    subprocess.run([sys.executable, "-m", "pyrage.cli", "compile", str(source), "-t", target,
                    "-o", str(image)], check=True, stdout=subprocess.DEVNULL)
    return image


def measure(argv: list[str], ok: int = 0) -> tuple[str, float, float, int]:
    """(stdout, wall s, CPU s, peak RSS bytes) of one command, which must exit with `ok`
    (reaped here, so that the rusage is the command's own)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode != ok:
        raise SystemExit(f"{argv[0]} failed ({proc.returncode}): {err.decode()[-500:]}")
    return out.decode(), elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def peak_rss(helper: Path, argv: list[str]) -> int:
    """Bytes of the command's peak RSS, measured through the maxrss launcher."""
    proc = subprocess.run([str(helper), *argv], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{argv[0]} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return int(proc.stderr.split("maxrss ")[-1]) * 1024


def build_maxrss(work: Path) -> Path:
    out = work / "maxrss"
    subprocess.run([sys.executable, "-m", "ziglang", "cc", "-O2", "-target", "x86_64-linux-musl",
                    "-static", "-o", str(out), str(HERE / "maxrss.c")], check=True)
    return out


def per_op(argv: list[str], runs: int) -> float:
    """Median of the ns figure the program prints."""
    return statistics.median(float(measure(argv)[0].split()[-1]) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, 2 s idle")
    parser.add_argument("--no-virtio", action="store_true", help="skip the QEMU idle figure")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    py = sys.executable
    rows: list[tuple[str, ...]] = [("what", "pyrage", "hosted", "asyncio", "asyncio/pyrage")]
    with tempfile.TemporaryDirectory(prefix="pyrage-bench-") as tmp:
        work = Path(tmp)
        big = 200_000 if args.quick else 2_000_000
        # what, pyrage program and its size, the asyncio reference
        for what, name, size, reference_script in (
                ("switch (ns)", "switch", big, "switch_asyncio.py"),
                ("spawn+join (ns)", "spawn", big // 2, "spawn_asyncio.py")):
            compiled = per_op([str(compile_image(sized(name, size, work)))], runs)
            hosted = per_op([py, str(sized(name, big // 20, work))], runs)
            reference = per_op([py, str(HERE / reference_script)], runs)
            rows.append((what, f"{compiled:.1f}", f"{hosted:.0f}", f"{reference:.0f}",
                         f"{reference / compiled:.0f}x"))

        n = 100_000
        helper = build_maxrss(work)
        full = compile_image(sized("sleepers", n, work))
        empty = compile_image(sized("sleepers", 0, work))
        rss = statistics.median(peak_rss(helper, [str(full)]) for _ in range(runs))
        base = statistics.median(peak_rss(helper, [str(empty)]) for _ in range(runs))
        a_rss = peak_rss(helper, [py, str(HERE / "sleepers_asyncio.py"), str(n)])
        a_base = peak_rss(helper, [py, str(HERE / "sleepers_asyncio.py"), "0"])
        rows.append((f"{n} sleeping tasks: peak RSS (MiB)", f"{rss / 2**20:.1f}", "",
                     f"{a_rss / 2**20:.1f}", f"{a_rss / rss:.1f}x"))
        rows.append(("  per task (bytes)", f"{(rss - base) / n:.0f}", "",
                     f"{(a_rss - a_base) / n:.0f}", ""))

        seconds = 2 if args.quick else 10
        idle = compile_image(sized("idle", seconds, work))
        _, elapsed, cpu, _ = measure([str(idle)])
        rows.append((f"idle {seconds} s, unix: CPU % of a core", f"{100 * cpu / elapsed:.2f}",
                     "", "", ""))
        if not args.no_virtio:
            from pyrage.launch.qemu import qemu_command

            image = compile_image(sized("idle", seconds, work), "virtio")
            # isa-debug-exit: status 0 is QEMU's exit code 1
            _, elapsed, cpu, _ = measure(qemu_command(image, accel="tcg"), ok=1)
            rows.append((f"idle {seconds} s, virtio (QEMU TCG): CPU %", f"{100 * cpu / elapsed:.2f}",
                         "", "", ""))
    print(table(rows))


if __name__ == "__main__":
    main()
