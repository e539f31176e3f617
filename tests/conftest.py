"""Shared fixtures: compiling programs in-process, and skipping what this machine cannot run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-data", action="store_true",
                     help="rewrite the [out] sections of compiler cases from CPython's output")


def qemu_available() -> bool:
    return shutil.which("qemu-system-x86_64") is not None


requires_qemu = pytest.mark.skipif(not qemu_available(),
                                   reason="qemu-system-x86_64 is not installed")

#: Every target, virtio skipped where QEMU is missing: for parametrizing end-to-end tests.
ALL_TARGETS = [
    "hosted",
    "unix",
    pytest.param("virtio", marks=[pytest.mark.qemu, requires_qemu]),
]


def copy_example(name: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of examples/NAME, so parallel runs do not share _build/ and dist/."""
    root = tmp_path_factory.mktemp("apps") / name
    shutil.copytree(EXAMPLES / name, root, ignore=shutil.ignore_patterns("_build", "dist"))
    return root


def run_pyrage(*args: str, cwd: Path | None = None, timeout: float = 120,
               input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The pyrage CLI as a user runs it (a fresh process)."""
    return subprocess.run([sys.executable, "-m", "pyrage.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, input=input)


def compile_program(source: Path, target: str = "unix", devices: Sequence[str] = ()) -> Path:
    """Compile a single-file program in-process (faster than the CLI); returns the image.
    `devices` are its device manifest, as `pyrage compile --device` takes them
    ("net:service", "block:disk"): the only devices its runtime will drive."""
    from pyrage import manifest
    from pyrage.compiler import driver

    out = source.with_suffix("" if target == "unix" else ".virtio")
    driver.compile_to_image(source, source.stem, [source.parent], target, out,
                            work_dir=source.parent / "_build",
                            devices=[manifest.parse_device(d) for d in devices])
    return out
