"""Image sizes of the examples, stripped, and where their bytes go (pyrage.compiler.link.sizes).

    python bench/size.py [--apps hello dns ...] [--targets unix virtio] [--report]

Each example is compiled from a private copy. The table gives the stripped image and its
three biggest parts; --report prints every part of every image (`pyrage compile --size`).
Issue #12 aims at a DNS image of at most 200 KB, Mirage's 2013 figure after dead-code removal.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, table  # noqa: E402

from pyrage.compiler.link import sizes  # noqa: E402

APPS = ["hello", "dns", "tcp-echo", "udp-echo"]
TARGETS = ["unix", "virtio"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apps", nargs="+", default=APPS)
    parser.add_argument("--targets", nargs="+", default=TARGETS, choices=TARGETS)
    parser.add_argument("--report", action="store_true", help="every part of every image")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="pyrage-size-"))
    rows: list[tuple[str, ...]] = [("image", "bytes", "KiB", "code", "data", "biggest parts")]
    reports = []
    for name in args.apps:
        app = work / name
        shutil.copytree(ROOT / "examples" / name, app,
                        ignore=shutil.ignore_patterns("_build", "dist"))
        for target in args.targets:
            subprocess.run([sys.executable, "-m", "pyrage.cli", "compile", "-t", target,
                            str(app)], check=True, stdout=subprocess.DEVNULL)
            image = app / "dist" / (name if target == "unix" else f"{name}.{target}")
            report = sizes.size_report(app / "_build" / target / f"{image.name}.o", target,
                                       image)
            reports.append((f"{name} ({target})", report))
            parts: dict[str, int] = {}
            for (part, kind), size in report.parts.items():
                if kind != "bss":
                    key = "runtime C" if part.startswith("runtime C") else part
                    parts[key] = parts.get(key, 0) + size
            biggest = sorted(parts.items(), key=lambda kv: -kv[1])[:3]
            rows.append((f"{name} ({target})", f"{report.image:,}", f"{report.image / 1024:.0f}",
                         f"{report.total('code'):,}", f"{report.total('data'):,}",
                         ", ".join(f"{p} {s // 1024} KiB" for p, s in biggest)))
    print(table(rows))
    if args.report:
        for title, report in reports:
            print(f"\n== {title} ==\n{sizes.format_report(report)}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
