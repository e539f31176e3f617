"""Booting a `virtio` image under QEMU's microvm machine.

The image is a PVH ELF (pyrage/runtime/virtio), so QEMU loads it directly: no BIOS, no PCI.
`pyrage run -t virtio` builds the command with `qemu_command`, runs it with the terminal passed
through (the guest's console is the serial port on QEMU's stdio) and exits with
`decode_exit_status` of QEMU's status.

The guest reports its exit status through QEMU's isa-debug-exit device: writing N to port 0xf4
ends QEMU with status 2N + 1. Any other end of the guest is a failure: a reset (a triple fault,
under -no-reboot) ends QEMU with status 0, which `decode_exit_status` turns into
GUEST_RESET_STATUS and `exit_message` explains. Boot arguments travel on the kernel command line,
quoted here by `quote_boot_args` and split again by runtime/virtio/boot.c.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from pyrage.errors import RunError

QEMU = "qemu-system-x86_64"

#: The microvm machine, trimmed to what the runtime uses. Each option is measured or needed:
#: - x-option-roms=off, acpi=off: no option ROMs, no ACPI tables to build and load; pyrage reads
#:   neither (acpi=off saves ~2.5 ms of the ~22 ms launch-to-exit under TCG here).
#: - isa-serial=on: COM1, the console.
#: - rtc=on: the CMOS clock, pyrage_clock_wall()'s only source; costs nothing measurable.
#: - auto-kernel-cmdline=off: otherwise QEMU appends "virtio_mmio.device=..." (meant for Linux)
#:   to the command line, which boot.c would hand to the program as extra arguments.
#: The PIT and the PICs stay at their defaults (on): the runtime calibrates its clock against
#: the PIT when no CPUID leaf gives the TSC frequency, which is always the case under TCG.
MACHINE = "microvm,x-option-roms=off,isa-serial=on,rtc=on,acpi=off,auto-kernel-cmdline=off"

#: Device options common to both accelerators.
DEVICES = [
    "-no-reboot",        # a guest reset (triple fault, i8042) ends QEMU instead of rebooting
    "-nodefaults",
    "-nographic",
    "-serial", "stdio",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
]

#: The status runtime/virtio/exit.c writes for pyrage_abort(): QEMU exits 2 * 127 + 1.
_ABORT_RC = 255
#: What the unix target exits with on abort (SIGABRT), which `pyrage run` reports for both.
ABORT_STATUS = 134
#: What `pyrage run` exits with when the guest reset instead of exiting: 128 + SIGSEGV, what a
#: shell reports for a crashed unix process. It cannot be mistaken for an exit (0..126 through
#: isa-debug-exit) or an abort (134).
GUEST_RESET_STATUS = 139
GUEST_RESET_MESSAGE = "guest reset: triple fault (the VM reset without an exit status)"

#: QEMU's own line when a signal (SIGTERM, SIGINT, SIGHUP) ends it: it then exits 0 as well.
_TERMINATED = re.compile(r"terminating on signal (\d+)")

KVM_DEVICE = "/dev/kvm"
SYS_MODULE = Path("/sys/module")

_INSTALL_HINT = (
    "install it: apt-get install qemu-system-x86 (Debian, Ubuntu), "
    "dnf install qemu-system-x86 (Fedora), brew install qemu (macOS)"
)


def find_qemu() -> str:
    """The path of qemu-system-x86_64 on PATH; RunError, saying how to install it, if missing."""
    path = shutil.which(QEMU)
    if path is None:
        raise RunError(f"{QEMU} not found on PATH; {_INSTALL_HINT}")
    return path


def detect_accel() -> str:
    """"kvm" when hardware-assisted KVM is usable, else "tcg".

    /dev/kvm alone is not enough: a nested, software-assisted KVM (e.g. the kvm_pvm module)
    also provides it, but runs a bare-metal guest far slower than TCG, and cannot emulate the
    SSE instructions pyrage code uses. So KVM is chosen only when /dev/kvm can be opened for
    reading and writing and the kvm_intel or kvm_amd module is loaded.
    """
    if not os.access(KVM_DEVICE, os.R_OK | os.W_OK):
        return "tcg"
    if (SYS_MODULE / "kvm_intel").exists() or (SYS_MODULE / "kvm_amd").exists():
        return "kvm"
    return "tcg"


_SEPARATORS = frozenset(" \t\n\r")


def quote_boot_args(args: Sequence[str]) -> str:
    """The kernel command line from which runtime/virtio/boot.c recovers exactly `args`.

    boot.c splits on spaces, tabs and newlines; double quotes group, and inside them \\" and \\\\
    stand for " and \\. So an argument that is empty or contains a separator or a quote is
    written in quotes with its quotes and backslashes escaped; any other is written as is
    (a backslash outside quotes is literal). A NUL cannot be passed (the line is a C string).

    >>> quote_boot_args(["--name", "my vm", 'say "hi"', ""])
    '--name "my vm" "say \\\\"hi\\\\"" ""'
    """
    words: list[str] = []
    for arg in args:
        if "\0" in arg:
            raise RunError(f"boot argument {arg!r} contains a NUL character, which cannot be passed")
        if arg and '"' not in arg and _SEPARATORS.isdisjoint(arg):
            words.append(arg)
        else:
            words.append('"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(words)


def qemu_command(image: Path, *, accel: str = "auto", mem: str = "64M",
                 boot_args: Sequence[str] = ()) -> list[str]:
    """The QEMU command line that boots `image` with `boot_args` (argv[1:] in the program).

    accel is "auto" (see `detect_accel`), "kvm" or "tcg"; mem is QEMU's -m syntax ("64M").
    Under TCG the CPU model is "max", which has the 1 GiB pages the runtime's page tables
    prefer; under KVM it is the host's, minus arch-capabilities (QEMU 7.2 aborts on that MSR
    under some nested KVMs).
    """
    if accel == "auto":
        accel = detect_accel()
    if accel == "tcg":
        cpu = ["-accel", "tcg", "-cpu", "max"]
    elif accel == "kvm":
        cpu = ["-accel", "kvm", "-cpu", "host,-arch-capabilities"]
    else:
        raise RunError(f"unknown accelerator {accel!r}: use auto, kvm or tcg")
    cmd = [find_qemu(), "-M", MACHINE, *cpu, "-m", mem, *DEVICES, "-kernel", str(image)]
    if boot_args:
        cmd += ["-append", quote_boot_args(boot_args)]
    return cmd


def decode_exit_status(qemu_returncode: int, qemu_stderr: str = "") -> int:
    """The program's exit status, from QEMU's (as subprocess reports it) and QEMU's stderr.

    - odd 1..253: the guest wrote (status - 1) // 2 to isa-debug-exit: pyrage_exit(0..126).
    - 255: pyrage_abort() (it writes 127): reported as 134, what the unix target exits with.
    - 0: the guest ended without isa-debug-exit. With -no-reboot that is a reset: a triple
      fault (an exception that cannot be delivered, e.g. before the IDT is loaded) or the
      i8042 reset line, which exit.c uses only when isa-debug-exit is missing. Never a
      success: GUEST_RESET_STATUS (139, as a crashed unix process). Unless QEMU's stderr says
      a signal N terminated it (it exits 0 then too): 128 + N.
    - negative -N: QEMU was killed by signal N: 128 + N, as a shell reports it.
    - any other (even) status: QEMU itself failed; returned unchanged, and since QEMU's own
      errors print "qemu-system-x86_64: ..." on stderr, the caller should show that.
    Caveat: QEMU also exits 1 when it cannot start (a bad option, an unreadable image), which
    reads as status 0 here; such failures always print on stderr first.
    """
    rc = qemu_returncode
    if rc < 0:
        return 128 - rc
    if rc == 0:
        signal = _TERMINATED.search(qemu_stderr)
        return 128 + int(signal.group(1)) if signal else GUEST_RESET_STATUS
    if rc == _ABORT_RC:
        return ABORT_STATUS
    if rc % 2 == 1:
        return (rc - 1) // 2
    return rc


def exit_message(qemu_returncode: int, qemu_stderr: str = "") -> str | None:
    """What `pyrage run` says on stderr (after "pyrage: ") when the guest did not end itself.

    None when it did (exit or abort, whose messages are the guest's own), or when QEMU failed
    or was terminated and said so on its stderr, which the caller shows.
    """
    if qemu_returncode == 0 and not _TERMINATED.search(qemu_stderr):
        return GUEST_RESET_MESSAGE
    if qemu_returncode < 0:
        return f"QEMU was killed by signal {-qemu_returncode}"
    return None
