"""The collector (runtime/core/gc_*.c), driven by tests/runtime/gc_app.c on unix and virtio.

The app stands in for a compiled program (see its header for the modes) and prints key=value
results. Survival is checked inside the app (contents and rt_gc_is_live, after churning garbage
so that freed memory is reused); reclamation and bounds are asserted here. The stack is scanned
conservatively, so "reclaimed" checks allow a stray word or two to retain an object.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pyrage.compiler.link import runtime, toolchain
from pyrage.launch import qemu

APP = Path(__file__).with_name("gc_app.c")
INCLUDE = runtime.RUNTIME_DIR / "include"
MiB = 1 << 20


def _link_unix(out: Path, name: str, runtime_objects: list[Path]) -> Path:
    obj = out / f"{name}.o"
    toolchain.compile_c(APP, obj, INCLUDE, defines=["GC_APP_UNIX=1"])
    elf = out / name
    toolchain.link([obj, *runtime_objects], elf, script=None, entry="_start", strip=True)
    return elf


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _link_unix(tmp_path_factory.mktemp("gc"), "gc_app", runtime.runtime_objects("unix"))


@pytest.fixture(scope="module")
def tiny_stack_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unix runtime rebuilt with a 64-entry mark stack: marking overflows constantly."""
    out = tmp_path_factory.mktemp("gc_tiny")
    objects = []
    for src in runtime.runtime_sources("unix"):
        obj = out / f"{src.parent.name}_{src.name}.o"
        toolchain.compile_c(src, obj, INCLUDE,
                            defines=["PYRAGE_TARGET_UNIX=1", "GC_MARK_STACK_ENTRIES=64"])
        objects.append(obj)
    return _link_unix(out, "gc_app_tiny", objects)


def run(image: Path, *args: str, timeout: float = 120) -> dict[str, int]:
    proc = subprocess.run([str(image), *args], capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args}: status {proc.returncode}\n{proc.stdout}{proc.stderr}"
    assert f"{args[0]} ok\n" in proc.stdout, proc.stdout
    return parse(proc.stdout)


def parse(out: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"^(\w+)=(-?\d+)$", out, re.M)}


SURVIVAL = ["stack", "global", "interior", "deep", "arrays", "conservative"]


@pytest.mark.parametrize("mode", SURVIVAL)
def test_survival(image: Path, mode: str) -> None:
    run(image, mode)


@pytest.mark.parametrize("mode", [*SURVIVAL, "cycles"])
def test_mark_stack_overflow_is_recovered(tiny_stack_image: Path, mode: str) -> None:
    r = run(tiny_stack_image, mode)
    if mode == "arrays":  # a 128-slot chunk of refs cannot fit in 64 entries
        assert r["mark_overflows"] > 0


def test_unlisted_global_is_not_a_root(image: Path) -> None:
    assert run(image, "global")["unlisted_live"] == 0


def test_deep_chains_mark_without_recursion(image: Path) -> None:
    r = run(image, "deep")
    assert r["mark_overflows"] == 0
    # 100k nodes of 32 bytes, 100k arrays (32) + strs (48), 100k frames (32): all live.
    assert r["live_bytes"] >= 100_000 * (32 + 32 + 48 + 32)


def test_unreachable_cycles_are_reclaimed(image: Path) -> None:
    r = run(image, "cycles")
    assert r["live_before"] == 20_000
    assert r["live_after"] <= 2  # a stray stack word may keep one
    # The cycles took about 20000/4 * (10*32 + 32 + (256+32) + (64+32)) = 3.7 MB.
    assert r["live_bytes_after"] - r["live_bytes_before"] < 64 * 1024


def test_value_arrays_and_unmapped_fields_do_not_retain(image: Path) -> None:
    r = run(image, "arrays")
    assert r["value_targets_live"] <= 2
    assert r["opaque_target_live"] == 0


def test_conservative_objects(image: Path) -> None:
    assert run(image, "conservative")["unreferenced_live"] == 0


def test_churn_stays_bounded(image: Path) -> None:
    """1 GB allocated against a live set of about 10 MB (up to 1 MiB arrays among it)."""
    r = run(image, "churn", "1024", timeout=300)
    assert r["bytes_allocated"] >= 1024 * MiB
    assert r["collections"] >= 10
    assert r["live_bytes"] < 40 * MiB
    assert r["footprint"] < 96 * MiB, r
    assert 0 < r["peak_rss_kib"] < 128 * 1024, r
    assert r["max_pause_ns"] < 500_000_000  # loose: CI machines are noisy


@pytest.mark.slow
def test_bench_reports(image: Path) -> None:
    """Allocation throughput and pause figures (printed with -s; asserted only loosely)."""
    r = run(image, "bench", "20000000", "64", timeout=300)
    small_per_s = r["small_objects"] / (r["small_ns"] / 1e9)
    mixed_mb_s = r["mixed_bytes"] / MiB / (r["mixed_ns"] / 1e9)
    print(f"\nsmall: {small_per_s / 1e6:.1f} M objects/s ({small_per_s * 32 / MiB:.0f} MB/s); "
          f"mixed 16..256 B: {mixed_mb_s:.0f} MB/s; "
          f"pause at {r['live_bytes'] / MiB:.0f} MB live: {r['pause_ns'] / 1e6:.1f} ms "
          f"(max {r['max_pause_ns'] / 1e6:.1f} ms); footprint {r['footprint'] / MiB:.0f} MB")
    assert small_per_s > 5e6
    assert r["live_bytes"] >= 64 * MiB


@pytest.fixture(scope="module")
def virtio_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gc_virtio")
    obj = out / "gc_app.o"
    toolchain.compile_c(APP, obj, INCLUDE)
    elf = out / "gc_app.elf"
    toolchain.link([obj, *runtime.runtime_objects("virtio")], elf,
                   script=runtime.linker_script("virtio"), entry="pvh_start32", strip=True)
    return elf


@pytest.mark.slow
@pytest.mark.qemu
@pytest.mark.skipif(shutil.which(qemu.QEMU) is None, reason=f"{qemu.QEMU} is not installed")
@pytest.mark.parametrize(("mode", "args"), [("deep", []), ("cycles", []), ("churn", ["256"])])
def test_on_virtio(virtio_image: Path, mode: str, args: list[str]) -> None:
    """The virtio heap (RAM after the image, not zeroed by contract) and its boot stack."""
    cmd = qemu.qemu_command(virtio_image, accel="tcg", mem="128M", boot_args=[mode, *args])
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
    out = proc.stdout.decode()
    assert qemu.decode_exit_status(proc.returncode) == 0, out
    assert f"{mode} ok\n" in out, out
    r = parse(out)
    if mode == "cycles":
        assert r["live_after"] <= 2
    if mode == "churn":
        assert r["footprint"] < 96 * MiB, r
