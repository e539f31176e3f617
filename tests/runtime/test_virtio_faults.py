"""Faults that reset the VM or wreck its stack, booted under QEMU (TCG) with virtio_fault_app.c.

A virtio guest ends in one of two ways that carry a status: pyrage_exit and pyrage_abort, both
through isa-debug-exit. Anything else is a reset (QEMU exits 0 under -no-reboot), which must
read as a failure with a message, never as success. And the faults a bad %rsp causes must not
reset the VM at all: #DF and NMI run on their own (IST) stacks and are reported like any other
CPU exception.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from pyrage import cli
from pyrage.compiler.link import runtime, toolchain
from pyrage.launch import qemu

pytestmark = [
    pytest.mark.slow,
    pytest.mark.qemu,
    pytest.mark.skipif(shutil.which(qemu.QEMU) is None, reason=f"{qemu.QEMU} is not installed"),
]

APP = Path(__file__).with_name("virtio_fault_app.c")
LOAD_ADDRESS = 0x100000  # link.ld: one PT_LOAD from file offset 0, headers included

ABORT = qemu.ABORT_STATUS


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("virtio_faults")
    obj = out / "virtio_fault_app.o"
    toolchain.compile_c(APP, obj, runtime.RUNTIME_DIR / "include")
    elf = out / "virtio_fault_app.elf"
    toolchain.link([obj, *runtime.runtime_objects("virtio")], elf,
                   script=runtime.linker_script("virtio"), entry="pvh_start32", strip=True)
    return elf


@dataclass
class Run:
    returncode: int       # QEMU's
    status: int           # decoded, as `pyrage run` exits
    message: str | None   # what `pyrage run` adds on stderr
    out: str              # the serial console


def boot(image: Path, mode: str) -> Run:
    cmd = qemu.qemu_command(image, accel="tcg", boot_args=[mode])
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=120)
    assert proc.stderr == ""
    return Run(proc.returncode, qemu.decode_exit_status(proc.returncode, proc.stderr),
               qemu.exit_message(proc.returncode, proc.stderr), proc.stdout)


EXCEPTION = re.compile(r"pyrage: fatal: CPU exception (\d+) at rip=0x([0-9a-f]+): #(\w+)"
                       r"(?: error=0x([0-9a-f]+))? rsp=0x([0-9a-f]+)\n")


@dataclass
class Report:
    vector: int
    rip: int
    name: str
    error: int | None
    rsp: int
    overflow: bool     # followed by the stack-overflow line


def report(run: Run) -> Report:
    """The exception report on the console, which must be all of it (after the fault)."""
    m = EXCEPTION.match(run.out)
    assert m, run.out
    rest = run.out[m.end():]
    assert rest in ("", "pyrage: fatal: the stack overflowed (1 MiB)\n"), run.out
    return Report(int(m.group(1)), int(m.group(2), 16), m.group(3),
                  None if m.group(4) is None else int(m.group(4), 16), int(m.group(5), 16),
                  bool(rest))


def code_at(image: Path, rip: int, size: int = 1) -> bytes:
    """The instruction bytes at guest address rip: the image is loaded as is at 1 MiB."""
    data = image.read_bytes()
    assert LOAD_ADDRESS <= rip < LOAD_ADDRESS + len(data), hex(rip)
    return data[rip - LOAD_ADDRESS:rip - LOAD_ADDRESS + size]


PUSH_RAX = b"\x50"


def test_the_image_exits_cleanly(image: Path) -> None:
    run = boot(image, "exit")
    assert (run.returncode, run.status, run.message, run.out) == (1, 0, None, "")


def test_triple_fault_is_a_failure_not_success(image: Path) -> None:
    run = boot(image, "triple")
    assert run.returncode == 0  # what QEMU -no-reboot makes of a reset
    assert run.status == qemu.GUEST_RESET_STATUS == 139
    assert run.message == "guest reset: triple fault (the VM reset without an exit status)"
    assert run.out == ""


def test_pyrage_run_reports_the_reset(image: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capfd: pytest.CaptureFixture[str]) -> None:
    """`pyrage run -t virtio` end to end, with the triple-faulting image as the build's output."""
    program = tmp_path / "prog.py"
    program.write_text("print('never built')\n")
    monkeypatch.setattr(cli, "build", lambda unit, args: image)
    status = cli.main(["run", str(program), "-t", "virtio", "--accel", "tcg", "--", "triple"])
    out, err = capfd.readouterr()
    assert status == 139
    assert err == "pyrage: guest reset: triple fault (the VM reset without an exit status)\n"
    assert out == ""


@pytest.mark.parametrize("mode, rsp", [
    ("badrsp", 0x100000000000),        # unmapped: #PF, whose frame faults too
    ("noncanonical", 0x8000000000000000),  # #GP (TCG) or #SS, whose frame faults too
])
def test_bad_rsp_is_a_reported_double_fault(image: Path, mode: str, rsp: int) -> None:
    run = boot(image, mode)
    assert run.status == ABORT, run.out
    assert run.message is None
    r = report(run)
    assert (r.vector, r.name, r.error, r.rsp, r.overflow) == (8, "DF", 0, rsp, False)
    assert code_at(image, r.rip) == PUSH_RAX  # the push that could not be done


def test_overflow_below_address_zero_is_a_reported_double_fault(image: Path) -> None:
    """Recursion on a stack at the bottom of memory: the stack wraps to the top of the address
    space, unmapped, and the fault's frame cannot be pushed there either."""
    run = boot(image, "recurse")
    assert run.status == ABORT, run.out
    r = report(run)
    assert (r.vector, r.name, r.error) == (8, "DF", 0)
    assert r.rsp >= 0xFFFFFFFFFFFFF000  # wrapped below 0
    code_at(image, r.rip)  # in the image


def test_nmi_on_a_bad_stack_is_reported(image: Path) -> None:
    """An NMI (sent to ourselves through the LAPIC) runs on its own stack: reported as vector
    2, not as the #DF its frame push would cause on the interrupted stack."""
    run = boot(image, "nmi")
    assert run.status == ABORT, run.out
    r = report(run)
    assert (r.vector, r.name, r.error, r.rsp) == (2, "NMI", None, 0x100000000000)
    code_at(image, r.rip)


def test_double_fault_with_a_smashed_canary_says_the_stack_overflowed(image: Path) -> None:
    run = boot(image, "canary")
    assert run.status == ABORT, run.out
    r = report(run)
    assert (r.vector, r.rsp, r.overflow) == (8, 0x100000000000, True)


def test_rsp_below_the_stack_says_the_stack_overflowed(image: Path) -> None:
    """A frame that stepped over the canary leaves %rsp in the image below the stack."""
    run = boot(image, "intoimage")
    assert run.status == ABORT, run.out
    r = report(run)
    assert (r.vector, r.name, r.overflow) == (6, "UD", True)
    code_at(image, r.rsp - 1)  # in the loaded image, not in .bss where the stack is
