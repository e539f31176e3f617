"""The virtio platform runtime, booted under QEMU (TCG) with tests/runtime/virtio_app.c.

The app stands in for a compiled program: argv[1] picks what it exercises (see its header).
Timings are checked only loosely (a sleep is not shorter than asked, nor wildly longer): the
figures worth reporting come from bench/, not from here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pyrage.compiler.link import runtime, toolchain
from pyrage.launch import qemu

pytestmark = [
    pytest.mark.slow,
    pytest.mark.qemu,
    pytest.mark.skipif(shutil.which(qemu.QEMU) is None, reason=f"{qemu.QEMU} is not installed"),
]

APP = Path(__file__).with_name("virtio_app.c")


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("virtio")
    obj = out / "virtio_app.o"
    toolchain.compile_c(APP, obj, runtime.RUNTIME_DIR / "include")
    elf = out / "virtio_app.elf"
    toolchain.link([obj, *runtime.runtime_objects("virtio")], elf,
                   script=runtime.linker_script("virtio"), entry="pvh_start32", strip=True)
    return elf


@dataclass
class Run:
    status: int      # decoded, as `pyrage run` would exit
    out: str         # the serial console
    err: str         # QEMU's own stderr
    seconds: float   # launch to exit, host wall time


def boot(image: Path, *args: str, mem: str = "64M",
         edit: Callable[[list[str]], list[str]] | None = None,
         status_path: Path | None = None) -> Run:
    cmd = qemu.qemu_command(image, accel="tcg", mem=mem, boot_args=list(args),
                            status_path=status_path)
    if edit is not None:
        cmd = edit(cmd)
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    seconds = time.perf_counter() - start
    line = qemu.read_status(status_path) if status_path is not None else ""
    return Run(qemu.decode_exit_status(proc.returncode, proc.stderr.decode(), line),
               proc.stdout.decode(), proc.stderr.decode(), seconds)


def number(name: str, out: str) -> int:
    """The value printed as `name=N` in the console output."""
    m = re.search(rf"{name}=(\d+)", out)
    assert m, f"no {name}= in {out!r}"
    return int(m.group(1))


def replace_option(cmd: list[str], flag: str, value: str) -> list[str]:
    cmd = list(cmd)
    cmd[cmd.index(flag) + 1] = value
    return cmd


def test_hello(image: Path) -> None:
    run = boot(image, "hello")
    assert (run.status, run.out, run.err) == (0, "hello from pyrage on virtio\n", "")


def test_boot_args_round_trip(image: Path) -> None:
    args = ["args", "plain", "with space", 'quote"inside', "back\\slash", '\\"', "",
            "tab\there", "--ipv4=10.0.0.2/24", "ünïcödé", "  padded  ", "last"]
    run = boot(image, *args)
    argv = ["pyrage", *args]
    expected = f"argc={len(argv)}\n" + "".join(f"argv[{i}]=<{a}>\n" for i, a in enumerate(argv))
    assert run.out == expected
    assert run.status == 0


def test_no_boot_args(image: Path) -> None:
    assert boot(image).out == "hello from pyrage on virtio\n"


@pytest.mark.parametrize("status", [0, 3, 126])
def test_exit_status(image: Path, status: int) -> None:
    run = boot(image, "exit", str(status))
    assert run.status == status
    assert run.out == ""


@pytest.mark.parametrize("status", [0, 1, 126, 127, 128, 200, 255, 256 + 3])
def test_every_exit_status_goes_through_the_status_line(image: Path, tmp_path: Path,
                                                         status: int) -> None:
    run = boot(image, "exit", str(status), status_path=tmp_path / "status")
    assert run.status == status & 0xFF  # like exit(2): the low 8 bits
    assert (tmp_path / "status").read_text() == f"exit {status & 0xFF:02x}\n"
    assert run.out == ""


def test_without_the_status_line_a_large_status_is_126(image: Path) -> None:
    """isa-debug-exit carries 7 bits: a failure stays a failure, neither success nor abort."""
    run = boot(image, "exit", "200")
    assert run.status == 126
    assert run.out == ""


def test_abort_through_the_status_line(image: Path, tmp_path: Path) -> None:
    run = boot(image, "abort", status_path=tmp_path / "status")
    assert run.status == qemu.ABORT_STATUS
    assert (tmp_path / "status").read_text() == "abort\n"
    assert run.out == "pyrage: fatal: test abort\n"


def test_abort(image: Path) -> None:
    run = boot(image, "abort")
    assert run.status == 134
    assert run.out == "pyrage: fatal: test abort\n"


def test_invalid_opcode_is_reported(image: Path) -> None:
    run = boot(image, "ud2")
    assert run.status == 134
    assert re.fullmatch(r"pyrage: fatal: CPU exception 6 at rip=0x[0-9a-f]+: #UD rsp=0x[0-9a-f]+\n",
                        run.out), run.out


def test_page_fault_is_reported(image: Path) -> None:
    """A write to a non-present page: named as a memory fault, with its own status
    (runtime/include/pyrage/fault.h; tests/runtime/test_hardening.py has the others)."""
    run = boot(image, "pagefault")
    assert run.status == 124
    assert re.fullmatch(r"pyrage: fatal: access to unmapped memory at 0x100000000000, "
                        r"rip=0x[0-9a-f]+\n", run.out), run.out


def test_sleep(image: Path) -> None:
    run = boot(image, "sleep", "4", "100")
    assert run.status == 0
    ticks = re.findall(r"tick (\d) wakeups=(\d+)\n", run.out)
    assert [t for t, _ in ticks] == ["1", "2", "3", "4"]
    assert all(int(w) <= 2 for _, w in ticks), run.out  # no busy loop: one wakeup per sleep
    assert 400_000 <= number("slept_us", run.out) < 600_000
    assert 0.4 <= run.seconds < 2.5  # boot and exit add tens of ms; CI machines are noisy


def test_console_order(image: Path) -> None:
    run = boot(image, "order")
    assert run.out == "out err " * 50 + "\n"


def test_wall_clock_from_rtc(image: Path) -> None:
    before = time.time()
    run = boot(image, "wall")
    wall = number("wall_s", run.out)
    assert before - 2 <= wall <= time.time() + 1  # the RTC counts whole seconds
    assert f"year={time.gmtime(wall).tm_year}\n" in run.out


def test_wall_clock_without_rtc_is_zero(image: Path) -> None:
    run = boot(image, "wall",
               edit=lambda cmd: replace_option(cmd, "-M", qemu.MACHINE.replace("rtc=on", "rtc=off")))
    assert "wall_s=0\n" in run.out


def test_clock_calibration(image: Path) -> None:
    run = boot(image, "clock")
    m = re.search(r"tsc_hz=(\d+) lapic_hz=(\d+) source=(.+)\n", run.out)
    assert m, run.out
    assert int(m.group(1)) > 100_000_000
    assert m.group(3) == "PIT"  # TCG offers neither CPUID 0x15 nor 0x40000010
    assert abs(int(m.group(2)) - 1_000_000_000) < 5_000_000  # QEMU's APIC timer runs at 1 GHz


def test_heap_spans_ram(image: Path) -> None:
    run = boot(image, "mem", "48", mem="64M")
    assert (run.status, run.out) == (0, "mem ok 48 MiB\n")


def test_two_mib_pages(image: Path) -> None:
    """Without 1 GiB pages paging.c maps the heap with 2 MiB pages (up to 1 GiB)."""
    def no_1g(cmd: list[str]) -> list[str]:
        return replace_option(cmd, "-cpu", "max,-pdpe1gb")
    assert boot(image, "mem", "48", edit=no_1g).out == "mem ok 48 MiB\n"
    run = boot(image, "sleep", "2", "20", edit=no_1g)
    assert "slept_us=" in run.out and run.status == 0


def test_heap_beyond_first_gib(image: Path) -> None:
    """With 1 GiB pages, RAM up to 3 GiB is mapped: the heap reaches the end of low RAM."""
    run = boot(image, "mem", "1100", mem="2G")
    assert (run.status, run.out) == (0, "mem ok 1100 MiB\n")


def test_heap_is_capped_by_the_mapping(image: Path) -> None:
    """With 2 MiB pages only the first GiB is mapped: more RAM must not become unmapped heap."""
    run = boot(image, "mem", "1100", mem="2G",
               edit=lambda cmd: replace_option(cmd, "-cpu", "max,-pdpe1gb"))
    assert run.status == 134
    assert "pyrage: fatal: out of memory" in run.out
