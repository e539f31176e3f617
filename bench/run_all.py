"""Run every benchmark script of bench/ in turn (./dev bench)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["skeleton.py", "size.py", "kernels/run.py", "concurrency/run.py", "net/run.py",
           "net/tcp.py"]

if __name__ == "__main__":
    for script in SCRIPTS:
        print(f"#### {script}", flush=True)
        subprocess.run([sys.executable, str(HERE / script), *sys.argv[1:]], check=True)
