"""Compute kernels: the same program under CPython, compiled by pyrage, and in C (gcc -O2).

    python bench/kernels/run.py [--runs N] [--cpython-runs K] [--quick] [KERNEL ...]

Each kernel is `bench/kernels/NAME.py` (plain typed Python) with its C twin `c/NAME.c`. The
Python file holds its size in `N` and a quick size in `SMALL_N`, and runs `main(N)`; the C
program takes the size as its argument, and this script passes it the same value. All three
must print the same output, or the script stops.

Timing: one run of each first checks the outputs (and warms up). Then pyrage and C are
interleaved --runs times (medians). CPython takes tens of seconds per kernel at these sizes, so
it is timed --cpython-runs times (default 1: the checking run), apart from the interleaving;
its ratio to pyrage is large enough that drift does not matter. Without gcc the C column is
left out. The aims are reported, never asserted.
"""

from __future__ import annotations

import argparse
import functools
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import interleaved, table, wall  # noqa: E402

HERE = Path(__file__).resolve().parent

#: name -> (what the aim compares, the bound): "c" means pyrage/C <= bound, "cpython" means
#: CPython/pyrage >= bound.
KERNELS: dict[str, tuple[str, float]] = {
    "checksum": ("c", 1.5),
    "nbody": ("c", 1.5),
    "fannkuch": ("c", 1.5),
    "binary_trees": ("c", 3.0),
    "wordcount": ("cpython", 5.0),
}

_SIZE = re.compile(r"^(N|SMALL_N): Final = ([0-9_]+)\b", re.MULTILINE)
_ENTRY = "    main(N)\n"


def sizes(source: str) -> dict[str, int]:
    """The kernel's N and SMALL_N."""
    return {m[1]: int(m[2]) for m in _SIZE.finditer(source)}


def prepare(name: str, work: Path, quick: bool) -> tuple[Path, int]:
    """Copy the kernel into work (its SMALL_N size if quick); returns the copy and its size."""
    source = (HERE / f"{name}.py").read_text()
    if source.count(_ENTRY) != 1:
        raise SystemExit(f"{name}.py must end with `{_ENTRY.strip()}`")
    size = sizes(source)["SMALL_N" if quick else "N"]
    if quick:
        source = source.replace(_ENTRY, "    main(SMALL_N)\n")
    path = work / f"{name}.py"
    path.write_text(source)
    return path, size


def output(argv: list[str], cwd: Path) -> tuple[str, float]:
    """stdout and wall-clock seconds of one run, which must succeed."""
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return proc.stdout, elapsed


def ratio(numerator: float | None, denominator: float | None) -> str:
    if numerator is None or denominator is None:
        return "-"
    return f"{numerator / denominator:.2f}x"


def aim(name: str, pyrage_t: float, c_t: float | None, cpython_t: float) -> str:
    kind, bound = KERNELS[name]
    if kind == "cpython":
        met = cpython_t / pyrage_t >= bound
        return f"CPython/pyrage >= {bound:g}: {'met' if met else 'not met'}"
    if c_t is None:
        return f"pyrage/C <= {bound:g}: no C"
    met = pyrage_t / c_t <= bound
    return f"pyrage/C <= {bound:g}: {'met' if met else 'not met'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs of pyrage and C")
    parser.add_argument("--cpython-runs", type=int, default=1, help="timed runs of CPython")
    parser.add_argument("--quick", action="store_true",
                        help="the SMALL_N sizes: checks the outputs, the times mean little")
    parser.add_argument("kernels", nargs="*", metavar="KERNEL",
                        help=f"some of {', '.join(KERNELS)} (default: all)")
    args = parser.parse_args()
    names: list[str] = args.kernels or list(KERNELS)
    if args.runs < 1 or args.cpython_runs < 1:
        parser.error("--runs and --cpython-runs must be at least 1")
    for name in names:
        if name not in KERNELS:
            parser.error(f"unknown kernel {name!r}: choose from {', '.join(KERNELS)}")

    gcc = shutil.which("gcc")
    if gcc is None:
        print("note: gcc not found, so there is no C column")
    work = Path(tempfile.mkdtemp(prefix="pyrage-kernels-"))
    version = sys.version.split()[0]
    rows: list[tuple[str, ...]] = [("kernel", "size", f"CPython {version} s", "pyrage s",
                                    "C -O2 s", "pyrage/C", "CPython/pyrage", "aim")]
    try:
        for name in names:
            source, size = prepare(name, work, args.quick)
            image = work / name
            subprocess.run([sys.executable, "-m", "pyrage.cli", "compile", str(source),
                            "-t", "unix", "-o", str(image)], check=True,
                           stdout=subprocess.DEVNULL, cwd=work)
            commands = {"CPython": [sys.executable, str(source)], "pyrage": [str(image)]}
            if gcc is not None:
                c_image = work / f"{name}_c"
                subprocess.run([gcc, "-O2", "-o", str(c_image), str(HERE / "c" / f"{name}.c"),
                                "-lm"], check=True)
                commands["C"] = [str(c_image), str(size)]

            outputs: dict[str, str] = {}
            cpython_samples: list[float] = []
            for what, argv in commands.items():
                outputs[what], elapsed = output(argv, work)
                if what == "CPython":
                    cpython_samples.append(elapsed)
            for what, text in outputs.items():
                if text != outputs["CPython"]:
                    raise SystemExit(f"{name}: {what} printed\n{text}\nbut CPython printed\n"
                                     f"{outputs['CPython']}")
            print(f"{name}: the {len(outputs)} outputs agree: "
                  f"{outputs['CPython'].splitlines()[0]!r}...", flush=True)

            compiled = {what: argv for what, argv in commands.items() if what != "CPython"}
            medians = interleaved({what: functools.partial(wall, argv, cwd=work)
                                   for what, argv in compiled.items()}, args.runs)
            for _ in range(args.cpython_runs - 1):
                cpython_samples.append(wall(commands["CPython"], cwd=work))
            cpython_t = statistics.median(cpython_samples)
            pyrage_t, c_t = medians["pyrage"], medians.get("C")
            rows.append((name, str(size), f"{cpython_t:.3f}", f"{pyrage_t:.3f}",
                         "-" if c_t is None else f"{c_t:.3f}", ratio(pyrage_t, c_t),
                         ratio(cpython_t, pyrage_t),
                         "-" if args.quick else aim(name, pyrage_t, c_t, cpython_t)))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\n== wall-clock seconds per process: pyrage and C medians of {args.runs} interleaved "
          f"runs, CPython median of {args.cpython_runs} ==")
    print(table(rows))


if __name__ == "__main__":
    main()
