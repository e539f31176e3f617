"""Booting a `virtio` image under QEMU's microvm machine.

The image is a PVH ELF (pyrage/runtime/virtio), so QEMU loads it directly: no BIOS, no PCI.
`pyrage run -t virtio` builds the command with `qemu_command`, runs it with the terminal passed
through (the guest's console is the serial port on QEMU's stdio) and exits with
`decode_exit_status` of QEMU's status.

The guest reports its exit status twice (runtime/virtio/exit.c): in full, as a line ("exit c8",
in hex, or "abort") on QEMU's isa-debugcon, which `pyrage run` sends to a file (`status_path` of
`qemu_command`, read back by `read_status`); and through QEMU's isa-debug-exit device: writing N
to port 0xf4 ends QEMU with status 2N + 1, which carries only 0..127 (127 is abort's, and a
larger status shows as 126). The line wins when there is one. Any other end of the guest is a
failure: a reset (a triple fault, under -no-reboot) ends QEMU with status 0, which
`decode_exit_status` turns into GUEST_RESET_STATUS and `exit_message` explains. Boot arguments
travel on the kernel command line, quoted here by `quote_boot_args` and split again by
runtime/virtio/boot.c.

NICs (`network`): each is a virtio-net-device over virtio-mmio, on a tap or on QEMU's user-mode
network, and the boot argument --net:NAME=N tells the guest that the N-th of them (in -device
order) is the app's NIC NAME. QEMU lists the devices on the kernel command line
(auto-kernel-cmdline=on) as virtio_mmio.device=SIZE@BASE:IRQ entries, in -device order, which
boot.c takes out of argv: the first -device sits at 0xfeb00e00 (IRQ 12), the next 0x200 below.

Block devices (`block_devices`): each is a virtio-blk-device on a raw file (or a host block
device), and --block:NAME=N names the N-th virtio-blk device, as --net does the NICs.
"""

from __future__ import annotations

import os
import re
import shutil
import zlib
from collections.abc import Sequence
from pathlib import Path

from pyrage.errors import RunError, UsageError
from pyrage.launch.devices import nic_choices

QEMU = "qemu-system-x86_64"

#: The microvm machine, trimmed to what the runtime uses. Each option is measured or needed:
#: - x-option-roms=off, acpi=off: no option ROMs, no ACPI tables to build and load; pyrage reads
#:   neither (acpi=off saves ~2.5 ms of the ~22 ms launch-to-exit under TCG here).
#: - isa-serial=on: COM1, the console.
#: - rtc=on: the CMOS clock, pyrage_clock_wall()'s only source; costs nothing measurable.
#: - auto-kernel-cmdline=on: QEMU appends "virtio_mmio.device=SIZE@BASE:IRQ" to the command
#:   line for each virtio device, in -device order, as it does for Linux (and Firecracker
#:   does): how the runtime finds its NICs. boot.c takes those entries out of argv.
#: The PIT and the PICs stay at their defaults (on): the runtime calibrates its clock against
#: the PIT when no CPUID leaf gives the TSC frequency, which is always the case under TCG.
MACHINE = "microvm,x-option-roms=off,isa-serial=on,rtc=on,acpi=off,auto-kernel-cmdline=on"

#: Device options common to both accelerators.
DEVICES = [
    "-no-reboot",        # a guest reset (triple fault, i8042) ends QEMU instead of rebooting
    "-nodefaults",
    "-nographic",
    "-serial", "stdio",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
    # virtio-mmio version 2 (modern, as on Firecracker) rather than QEMU's legacy default.
    "-global", "virtio-mmio.force-legacy=false",
]

#: The status line's port: isa-debugcon's default, whose reads return 0xe9 (how exit.c knows
#: the device is there).
DEBUGCON_PORT = 0xE9

#: The status runtime/virtio/exit.c writes for pyrage_abort(): QEMU exits 2 * 127 + 1.
_ABORT_RC = 255
#: What the unix target exits with on abort (SIGABRT), which `pyrage run` reports for both.
ABORT_STATUS = 134
#: What `pyrage run` exits with when the guest reset instead of exiting: 128 + SIGSEGV, what a
#: shell reports for a crashed unix process. Without the status line it cannot be mistaken for an
#: exit (0..126 through isa-debug-exit) or an abort (134).
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


def kvm_unusable() -> str | None:
    """Why `--accel kvm` cannot run a pyrage guest here, or None when it can (the test of
    detect_accel). Said at once: QEMU itself would start and then hang on a KVM that cannot
    run the guest (a software-assisted one never gets to the guest's first instruction)."""
    if not os.path.exists(KVM_DEVICE):
        return f"{KVM_DEVICE} does not exist (no KVM on this host)"
    if not os.access(KVM_DEVICE, os.R_OK | os.W_OK):
        return f"{KVM_DEVICE} cannot be opened for reading and writing (are you in group kvm?)"
    if detect_accel() != "kvm":
        return ("this host's KVM is not hardware-assisted (neither kvm_intel nor kvm_amd is "
                "loaded): a pyrage guest does not run under it")
    return None


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
                 boot_args: Sequence[str] = (), devices: Sequence[str] = (),
                 status_path: Path | None = None) -> list[str]:
    """The QEMU command line that boots `image` with `boot_args` (argv[1:] in the program).

    accel is "auto" (see `detect_accel`), "kvm" or "tcg"; mem is QEMU's -m syntax ("64M").
    devices are more QEMU options (`network`'s). With status_path, the guest's status line goes
    to that file (isa-debugcon), for `read_status`: every exit status 0..255 then comes through.
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
    cmd = [find_qemu(), "-M", MACHINE, *cpu, "-m", mem, *DEVICES]
    if status_path is not None:
        cmd += ["-chardev", f"file,id=pyrage-status,path={_option_value(str(status_path))}",
                "-device", f"isa-debugcon,iobase={DEBUGCON_PORT:#x},chardev=pyrage-status"]
    cmd += [*devices, "-kernel", str(image)]
    if boot_args:
        cmd += ["-append", quote_boot_args(boot_args)]
    return cmd


def _option_value(text: str) -> str:
    """text as a value inside a QEMU option list, where a comma is written twice."""
    return text.replace(",", ",,")


_STATUS_LINE = re.compile(r"(?:exit ([0-9a-f]{2})|abort)\n?")


def read_status(path: Path) -> str:
    """What the guest wrote to the status file ("" when it wrote nothing, or there is none)."""
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


def status_from_line(status: str) -> int | None:
    """The exit status the guest's status line gives: 0..255, ABORT_STATUS for "abort", or None
    when there is no (well-formed) line."""
    lines = status.splitlines()
    m = _STATUS_LINE.fullmatch(lines[-1]) if lines else None
    if m is None:
        return None
    return int(m.group(1), 16) if m.group(1) else ABORT_STATUS


def decode_exit_status(qemu_returncode: int, qemu_stderr: str = "", status: str = "") -> int:
    """The program's exit status, from QEMU's (as subprocess reports it), QEMU's stderr and the
    guest's status line (`read_status`; "" when there is none).

    - negative -N: QEMU was killed by signal N: 128 + N, as a shell reports it.
    - a status line "exit XX" or "abort", unless a signal ended QEMU: XX (hex, 0..255), or 134,
      what the unix target exits with on abort.
    Without a line, from isa-debug-exit alone:
    - odd 1..253: the guest wrote (status - 1) // 2 to isa-debug-exit: pyrage_exit(0..126), or
      126 for a status that does not fit.
    - 255: pyrage_abort() (it writes 127): reported as 134.
    - 0: the guest ended without isa-debug-exit. With -no-reboot that is a reset: a triple
      fault (an exception that cannot be delivered, e.g. before the IDT is loaded) or the
      i8042 reset line, which exit.c uses only when isa-debug-exit is missing. Never a
      success: GUEST_RESET_STATUS (139, as a crashed unix process). Unless QEMU's stderr says
      a signal N terminated it (it exits 0 then too): 128 + N.
    - any other (even) status: QEMU itself failed; returned unchanged, and since QEMU's own
      errors print "qemu-system-x86_64: ..." on stderr, the caller should show that.
    Caveat: QEMU also exits 1 when it cannot start (a bad option, an unreadable image), which
    reads as status 0 here; such failures always print on stderr first.
    """
    rc = qemu_returncode
    if rc < 0:
        return 128 - rc
    signal = _TERMINATED.search(qemu_stderr)
    line = status_from_line(status)
    if line is not None and not signal:
        return line
    if rc == 0:
        return 128 + int(signal.group(1)) if signal else GUEST_RESET_STATUS
    if rc == _ABORT_RC:
        return ABORT_STATUS
    if rc % 2 == 1:
        return (rc - 1) // 2
    return rc


def exit_message(qemu_returncode: int, qemu_stderr: str = "", status: str = "") -> str | None:
    """What `pyrage run` says on stderr (after "pyrage: ") when the guest did not end itself.

    None when it did (exit or abort, whose messages are the guest's own), or when QEMU failed
    or was terminated and said so on its stderr, which the caller shows.
    """
    if qemu_returncode < 0:
        return f"QEMU was killed by signal {-qemu_returncode}"
    if _TERMINATED.search(qemu_stderr) or status_from_line(status) is not None:
        return None
    if qemu_returncode == 0:
        return GUEST_RESET_MESSAGE
    return None


# --- NICs -----------------------------------------------------------------------------------

#: The guest's addresses on QEMU's user-mode network (slirp's defaults: its DHCP server would
#: give 10.0.2.15, and hostfwd forwards there), passed as boot arguments unless given.
USER_NET_ARGS = ("--ipv4=10.0.2.15/24", "--ipv4-gateway=10.0.2.2")
USER = "user"
_TAP_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,15}$")
_FORWARD = re.compile(r"^(udp|tcp):(\d+)=(\d+)$")


def tap_mac(tap: str) -> str:
    """The guest's MAC on a tap: 02:70 (locally administered, unicast), then the CRC-32 of the
    tap's name, big-endian. The unix and hosted targets make the same one, so the host's ARP
    cache stays right when the unikernel changes target."""
    crc = zlib.crc32(tap.encode()).to_bytes(4, "big")
    return ":".join(f"{b:02x}" for b in bytes([0x02, 0x70]) + crc)


def user_mac(index: int) -> str:
    """The guest's MAC on the user-mode network: QEMU's default, 52:54:00:12:34:56, then up."""
    return f"52:54:00:12:34:{0x56 + index:02x}"


def _forward_rule(rule: str) -> str:
    """--forward PROTO:HOST=GUEST as slirp's hostfwd=PROTO::HOST-:GUEST."""
    m = _FORWARD.match(rule)
    if m is None or not all(1 <= int(p) <= 65535 for p in m.group(2, 3)):
        raise UsageError(f"--forward {rule}: expected udp:HOST=GUEST or tcp:HOST=GUEST, "
                         "ports 1..65535 (HOST on this machine, GUEST in the unikernel)")
    return f"hostfwd={m.group(1)}::{int(m.group(2))}-:{int(m.group(3))}"


def network(values: Sequence[str], nics: Sequence[str], forwards: Sequence[str] = (),
            boot_args: Sequence[str] = (), *, user_addresses: bool = True
            ) -> tuple[list[str], list[str]]:
    """(QEMU options, boot_args with the NICs' own) for `pyrage run -t virtio --net VALUE...
    --forward RULE...`.

    Each VALUE is NAME=TAP, NAME=user, or TAP / user alone for an app with one NIC; `nics` are
    the app's NIC names in config.py's order (["service"] for a single-file program). Devices
    go on QEMU's command line in that order, whatever the order of the values, and NIC NAME
    placed N-th gets the boot argument --net:NAME=N, put before boot_args (the platform takes
    it out of argv). With a user-mode NIC and user_addresses (the program reads --ipv4 and
    --ipv4-gateway), the USER_NET_ARGS that boot_args do not give are put after them.
    """
    for value in values:
        backend = value.partition("=")[2] if "=" in value else value
        if backend != USER and not _TAP_NAME.match(backend):
            raise UsageError(f"--net {value}: {backend!r} is not a tap interface's name "
                             "(1 to 15 letters, digits, '_', '.', '-') nor 'user'")
    chosen = nic_choices(values, nics)
    users = [name for name, backend in chosen.items() if backend == USER]
    if forwards and len(users) != 1:
        raise UsageError("--forward needs one NIC on QEMU's user-mode network (--net user)")
    rules = [_forward_rule(rule) for rule in forwards]
    options: list[str] = []
    boot: list[str] = []
    for name, backend in chosen.items():
        index = len(boot)
        netdev = f"n{index}"
        if backend == USER:
            spec = ",".join([f"user,id={netdev}", *rules])
            mac = user_mac(index)
        else:
            spec = f"tap,id={netdev},ifname={backend},script=no,downscript=no"
            mac = tap_mac(backend)
        options += ["-netdev", spec, "-device", f"virtio-net-device,netdev={netdev},mac={mac}"]
        boot.append(f"--net:{name}={index}")
    boot += boot_args
    if users and user_addresses:
        for arg in USER_NET_ARGS:
            flag = arg.partition("=")[0]
            if not any(a == flag or a.startswith(flag + "=") for a in boot_args):
                boot.append(arg)
    return options, boot


# --- block devices ----------------------------------------------------------------------------

#: QEMU's cache mode for a block device's file. writeback (QEMU's default, said explicitly):
#: the host's page cache holds what the guest writes, QEMU completes a write once it is there,
#: so the file shows it at once, and QEMU offers VIRTIO_BLK_F_FLUSH, on which the guest's FLUSH
#: becomes an fdatasync of the file. That is the ABI's promise: a write is durable once a FLUSH
#: after it has completed, and before that it may be lost with the host, as on a disk with a
#: write cache. (cache=unsafe would ignore FLUSH; none and directsync bypass the page cache
#: with O_DIRECT, which refuses files on tmpfs.)
BLOCK_CACHE = "writeback"


def block_read_only(path: Path) -> bool:
    """Whether a block device's file is attached read-only: this process may not write it, or
    it has no write permission bit at all (root may write any file, and a `chmod 444` image
    should stay as it is whoever runs it). The unix runtime decides the same way."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222


def block_devices(files: Sequence[tuple[str, Path]]) -> tuple[list[str], list[str]]:
    """(QEMU options, the guest's boot arguments) for the block devices `files`: (NAME, PATH)
    pairs in the app's order. Device N (from 0, in -device order) is a virtio-blk-device on
    PATH (raw, cache=BLOCK_CACHE, read-only when `block_read_only`), and the boot argument
    --block:NAME=N tells the guest which of its block devices it is."""
    options: list[str] = []
    boot: list[str] = []
    for index, (name, path) in enumerate(files):
        drive = (f"file={_option_value(str(path))},if=none,id=b{index},format=raw,"
                 f"cache={BLOCK_CACHE}")
        if block_read_only(path):
            drive += ",readonly=on"
        options += ["-drive", drive, "-device", f"virtio-blk-device,drive=b{index}"]
        boot.append(f"--block:{name}={index}")
    return options, boot
