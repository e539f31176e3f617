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
import struct
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


def report(run: Run) -> Report:
    """The exception report on the console, which must be all of it (after the fault)."""
    m = EXCEPTION.fullmatch(run.out)
    assert m, run.out
    return Report(int(m.group(1)), int(m.group(2), 16), m.group(3),
                  None if m.group(4) is None else int(m.group(4), 16), int(m.group(5), 16))


def code_at(image: Path, rip: int, size: int = 1) -> bytes:
    """The instruction bytes at guest address rip, from the PT_LOAD that holds it (each is
    loaded at its p_paddr)."""
    data = image.read_bytes()
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        p_type, _, offset, _, paddr, filesz = struct.unpack_from("<IIQQQQ", data,
                                                                 phoff + i * phentsize)
        if p_type == 1 and paddr <= rip < paddr + filesz:
            return data[offset + rip - paddr:offset + rip - paddr + size]
    raise AssertionError(f"{rip:#x} is not in the image")


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
    assert (r.vector, r.name, r.error, r.rsp) == (8, "DF", 0, rsp)
    assert code_at(image, r.rip) == PUSH_RAX  # the push that could not be done


def test_nmi_on_a_bad_stack_is_reported(image: Path) -> None:
    """An NMI (sent to ourselves through the LAPIC) runs on its own stack: reported as vector
    2, not as the #DF its frame push would cause on the interrupted stack."""
    run = boot(image, "nmi")
    assert run.status == ABORT, run.out
    r = report(run)
    assert (r.vector, r.name, r.error, r.rsp) == (2, "NMI", None, 0x100000000000)
    code_at(image, r.rip)


def test_double_fault_in_the_ist_guard_is_a_stack_overflow(image: Path) -> None:
    """The #DF stack has an unmapped guard page below it (cpu.c), which the handler knows:
    a push there is reported as a stack overflow, with its own status, from the #DF stack."""
    run = boot(image, "istguard")
    assert run.status == 120, run.out  # PYRAGE_FAULT_STACK_OVERFLOW (pyrage/fault.h)
    m = re.fullmatch(r"pyrage: fatal: stack overflow at 0x([0-9a-f]+), rip=0x([0-9a-f]+)\n",
                     run.out)
    assert m, run.out
    assert code_at(image, int(m.group(2), 16)) == PUSH_RAX
