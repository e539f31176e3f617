"""Attacks on the images' memory protections (docs/security.md), on unix and virtio.

tests/runtime/hardening_app.c writes to its own code, executes from the heap, .data and the
stack, reads through NULL, overflows its C stack, smashes a C stack buffer and corrupts the
collector's headers: each attack must stop with its own line and exit status
(runtime/include/pyrage/fault.h), the same on both targets. Then the permissions themselves:
readelf on the unix image, and on virtio the page tables read back from inside the guest.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from pyrage.compiler.link import runtime, toolchain
from pyrage.launch import qemu

pytestmark = pytest.mark.slow

APP = Path(__file__).with_name("hardening_app.c")
NEEDS_QEMU = [
    pytest.mark.qemu,
    pytest.mark.skipif(shutil.which(qemu.QEMU) is None, reason=f"{qemu.QEMU} is not installed"),
]
TARGETS = ["unix", pytest.param("virtio", marks=NEEDS_QEMU)]

# runtime/include/pyrage/fault.h
HEAP_CORRUPT, STACK_OVERFLOW, NULL, READ_ONLY, NOT_EXECUTABLE, UNMAPPED, STACK_SMASHED = \
    range(119, 126)


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The app linked for each target, as `pyrage build` links a program."""
    out = tmp_path_factory.mktemp("hardening")
    built: dict[str, Path] = {}
    for target in ("unix", "virtio"):
        obj = out / f"{target}.o"
        defines = ["HARDENING_VIRTIO=1"] if target == "virtio" else []
        toolchain.compile_c(APP, obj, runtime.RUNTIME_DIR / "include", defines=defines)
        elf = out / f"hardening_app.{target}"
        toolchain.link([obj, *runtime.runtime_objects(target)], elf,
                       script=runtime.linker_script(target),
                       entry="_start" if target == "unix" else "pvh_start32", strip=True)
        built[target] = elf
    return built


@dataclass
class Run:
    status: int
    out: str    # stdout; on virtio the serial console, which carries stderr too
    err: str    # stderr on unix; "" on virtio


def run(image: Path, target: str, mode: str, tmp_path: Path, cpu: str = "max") -> Run:
    """One boot; on virtio `cpu` is QEMU's -cpu model (TCG)."""
    if target == "unix":
        proc = subprocess.run([str(image), mode], capture_output=True, text=True, timeout=120)
        return Run(proc.returncode, proc.stdout, proc.stderr)
    status = tmp_path / "status"
    cmd = qemu.qemu_command(image, accel="tcg", boot_args=[mode], status_path=status)
    cmd[cmd.index("-cpu") + 1] = cpu
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=120)
    assert proc.stderr == ""
    return Run(qemu.decode_exit_status(proc.returncode, proc.stderr, qemu.read_status(status)),
               proc.stdout, "")


REPORT = re.compile(r"pyrage: fatal: ([A-Za-z -]+?)(?: at 0x([0-9a-f]+))?, rip=0x([0-9a-f]+)\n")


@dataclass
class Report:
    what: str
    address: int | None
    rip: int
    target: int | None   # the address the app said it would attack


def report(r: Run) -> Report:
    """The fault's line, which must end the output; and the app's "target=" line before it
    (on unix both are on stderr)."""
    text = r.out + r.err
    m = REPORT.search(text)
    assert m is not None and text.endswith(m.group(0)), text
    t = re.search(r"^target=0x([0-9a-f]+)$", text, re.M)
    return Report(m.group(1), None if m.group(2) is None else int(m.group(2), 16),
                  int(m.group(3), 16), None if t is None else int(t.group(1), 16))


@pytest.mark.parametrize("target", TARGETS)
def test_the_app_runs(images: dict[str, Path], target: str, tmp_path: Path) -> None:
    r = run(images[target], target, "exit", tmp_path)
    assert (r.status, r.out, r.err) == (0, "", "")


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("mode, status, what", [
    ("writecode", READ_ONLY, "write to read-only memory"),
    ("writerodata", READ_ONLY, "write to read-only memory"),
    ("execheap", NOT_EXECUTABLE, "execute from non-executable memory"),
    ("execdata", NOT_EXECUTABLE, "execute from non-executable memory"),
    ("execstack", NOT_EXECUTABLE, "execute from non-executable memory"),
    ("null", NULL, "NULL dereference"),
    ("writesecret", READ_ONLY, "write to read-only memory"),
])
def test_attack_on_an_address_is_stopped_and_named(images: dict[str, Path], target: str,
                                                   mode: str, status: int, what: str,
                                                   tmp_path: Path) -> None:
    r = run(images[target], target, mode, tmp_path)
    assert r.status == status, r
    rep = report(r)
    assert rep.what == what
    assert rep.target is not None and rep.address == rep.target
    if mode.startswith("exec"):
        assert rep.rip == rep.target  # the fetch itself faulted: nothing there ran
    else:
        assert rep.rip != rep.target


@pytest.mark.parametrize("target", TARGETS)
def test_stack_overflow_hits_the_guard(images: dict[str, Path], target: str,
                                       tmp_path: Path) -> None:
    r = run(images[target], target, "overflow", tmp_path)
    assert r.status == STACK_OVERFLOW, r
    assert report(r).what == "stack overflow"


@pytest.mark.parametrize("target", TARGETS)
def test_smashed_stack_buffer_is_detected(images: dict[str, Path], target: str,
                                         tmp_path: Path) -> None:
    """-fstack-protector-strong: the overrun reached the guard word, and the function's return
    checked it before it could return to the overwritten address."""
    r = run(images[target], target, "smash", tmp_path)
    assert r.status == STACK_SMASHED, r
    rep = report(r)
    assert (rep.what, rep.address) == ("stack smashing detected", None)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("mode, what", [
    ("heaphdr", "object header"),
    ("pagehdr", "page header"),
    ("pagelist", "page list"),
    ("pagemap", "page map"),
])
def test_heap_corruption_is_reported_not_followed(images: dict[str, Path], target: str,
                                                  mode: str, what: str, tmp_path: Path) -> None:
    """A corrupted object header, span descriptor (its seal), list link or page_map entry:
    the collector stops at its next look, naming the object or page the app attacked."""
    r = run(images[target], target, mode, tmp_path)
    assert r.status == HEAP_CORRUPT, r
    text = r.out + r.err
    t = re.search(r"^target=0x([0-9a-f]+)$", text, re.M)
    assert t is not None, text
    assert text.endswith(f"pyrage: fatal: heap corruption: {what} at 0x{t.group(1)}\n"), text


# Without RDSEED and RDRAND, virtio's guard comes from the TSC (weak, but set).
WITHOUT_HARDWARE_RANDOM = "max,-rdrand,-rdseed"


@pytest.mark.parametrize("target, cpu", [
    ("unix", "max"),
    pytest.param("virtio", "max", marks=NEEDS_QEMU),
    pytest.param("virtio", WITHOUT_HARDWARE_RANDOM, marks=NEEDS_QEMU),
])
def test_stack_guard_and_heap_secret_are_set_per_boot(images: dict[str, Path], target: str,
                                                      cpu: str, tmp_path: Path) -> None:
    """Two boots, two guards and two secrets: drawn at boot, never 0; the guard's low byte 0
    (a string copy stops there); the secret (the collector's seals' key) another word."""
    guards, secrets = [], []
    for _ in range(2):
        r = run(images[target], target, "guard", tmp_path, cpu)
        assert r.status == 0, r
        m = re.fullmatch(r"guard=0x([0-9a-f]+)\nsecret=0x([0-9a-f]+)\n", r.out + r.err)
        assert m, r
        guards.append(int(m.group(1), 16))
        secrets.append(int(m.group(2), 16))
    assert guards[0] != guards[1] and secrets[0] != secrets[1]
    assert all(g != 0 and g & 0xFF == 0 for g in guards), [hex(g) for g in guards]
    assert all(s != 0 and s not in guards for s in secrets), [hex(s) for s in secrets]


@pytest.mark.qemu
@pytest.mark.skipif(shutil.which(qemu.QEMU) is None, reason=f"{qemu.QEMU} is not installed")
def test_smash_is_detected_with_the_tsc_guard(images: dict[str, Path], tmp_path: Path) -> None:
    r = run(images["virtio"], "virtio", "smash", tmp_path, WITHOUT_HARDWARE_RANDOM)
    assert r.status == STACK_SMASHED, r
    assert report(r).what == "stack smashing detected"


def test_unix_segments(images: dict[str, Path]) -> None:
    """No segment both writable and executable; a non-executable stack. No GNU_RELRO: a static
    image without a libc has nothing to relocate at run time (no .got, .data.rel.ro or
    .init_array), so nothing is left writable that RELRO would protect."""
    image = images["unix"]
    segments = subprocess.run(["readelf", "-lW", str(image)], capture_output=True, text=True,
                              check=True).stdout
    rows = re.findall(r"^\s+(\w+)\s+0x\w+ 0x\w+ 0x\w+ 0x\w+ 0x\w+ ([RWE ]{3})", segments, re.M)
    flags: dict[str, list[str]] = {kind: [] for kind, _ in rows}
    for kind, f in rows:
        flags[kind].append(f)
    assert flags["LOAD"], segments
    assert all(not ("W" in f and "E" in f) for f in flags["LOAD"]), segments
    assert [f for f in flags["LOAD"] if "E" in f] == ["R E"]  # one code segment
    assert flags["GNU_STACK"] == ["RW "], segments
    assert "GNU_RELRO" not in flags
    sections = subprocess.run(["readelf", "-SW", str(image)], capture_output=True, text=True,
                              check=True).stdout
    for relro in (".got", ".data.rel.ro", ".init_array", ".fini_array", ".dynamic"):
        assert f" {relro} " not in sections, sections


@pytest.mark.qemu
@pytest.mark.skipif(shutil.which(qemu.QEMU) is None, reason=f"{qemu.QEMU} is not installed")
def test_virtio_page_tables(images: dict[str, Path], tmp_path: Path) -> None:
    """The permissions the CPU applies, read back from the guest's own page tables."""
    r = run(images["virtio"], "virtio", "pagetables", tmp_path)
    assert r.status == 0, r
    seen: dict[str, str] = {}
    for line in r.out.splitlines():
        name, address, *perms = line.split()
        seen[name] = " ".join(perms)
    # A heap object is in 4 KiB pages if it shares the image's last 2 MiB, else in a 2 MiB one:
    # that depends on the image's size (the collector's metadata comes first, about 2 MiB).
    assert seen.pop("heap") in ("rw- 4K wb", "rw- 2M wb"), r.out
    assert seen == {
        "page0": "unmapped",
        "low": "unmapped",          # the loader's data, dropped after boot: the stack's guard
        "guard": "unmapped",
        "stack": "rw- 2M wb",
        "code": "r-x 4K wb",
        "rodata": "r-- 4K wb",
        "data": "rw- 4K wb",
        "bss": "rw- 4K wb",
        "lapic": "rw- 4K uc",
        "mmio": "unmapped",
        "beyond": "unmapped",
    }, r.out
