"""The allocation soak: run bench/soak/churn.py compiled for a while, sample its resident memory,
and check it stays under a ceiling.

    python bench/soak/run.py [--seconds 600] [--ceiling-mib 64]

Prints the rounds done, the peak and final RSS, and the RSS after the first 10% of the run (the
warm heap), so that growth over time shows. Exit status 1 if the peak exceeds the ceiling.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def soak(seconds: float, image: Path) -> dict[str, float]:
    proc = subprocess.Popen([str(image)], stdout=subprocess.PIPE, text=True)
    rounds = 0

    def count_rounds() -> None:
        nonlocal rounds
        assert proc.stdout is not None
        for _ in proc.stdout:
            rounds += 1

    reader = threading.Thread(target=count_rounds, daemon=True)
    reader.start()
    samples: list[tuple[float, int]] = []
    start = time.monotonic()
    try:
        while time.monotonic() - start < seconds:
            if proc.poll() is not None:
                raise RuntimeError(f"the soak program exited with status {proc.returncode}")
            samples.append((time.monotonic() - start, rss_kib(proc.pid)))
            time.sleep(0.2)
    finally:
        proc.kill()
        proc.wait()
    warm = [kib for t, kib in samples if t >= seconds * 0.1]
    return {"rounds": rounds, "peak_mib": max(k for _, k in samples) / 1024,
            "warm_mib": (warm[0] if warm else samples[-1][1]) / 1024,
            "final_mib": samples[-1][1] / 1024, "seconds": seconds}


def compile_churn(work: Path) -> Path:
    from pyrage.compiler import driver

    source = HERE / "churn.py"
    image = work / "churn"
    driver.compile_to_image(source, "churn", [HERE], "unix", image, work_dir=work / "_build")
    return image


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--ceiling-mib", type=float, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = soak(args.seconds, compile_churn(Path(tmp)))
    print(f"soak: {result['rounds']} rounds in {args.seconds:.0f} s; RSS warm "
          f"{result['warm_mib']:.1f} MiB, peak {result['peak_mib']:.1f} MiB, final "
          f"{result['final_mib']:.1f} MiB (ceiling {args.ceiling_mib:.0f} MiB)")
    return 0 if result["peak_mib"] <= args.ceiling_mib else 1


if __name__ == "__main__":
    sys.exit(main())
