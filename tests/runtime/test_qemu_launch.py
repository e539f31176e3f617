"""pyrage.launch.qemu without QEMU: command lines, boot-argument quoting, exit statuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyrage.errors import RunError
from pyrage.launch import qemu

SEPARATORS = " \t\n\r"


def split_like_boot_c(line: str) -> list[str]:
    """A transcription of parse_args() in runtime/virtio/boot.c (argv[1:] only)."""
    args: list[str] = []
    i, n = 0, len(line)
    while i < n:
        if line[i] in SEPARATORS:
            i += 1
            continue
        out: list[str] = []
        while i < n and line[i] not in SEPARATORS:
            if line[i] != '"':
                out.append(line[i])
                i += 1
                continue
            i += 1
            while i < n and line[i] != '"':
                if line[i] == "\\" and i + 1 < n and line[i + 1] in '"\\':
                    i += 1
                out.append(line[i])
                i += 1
            if i < n:
                i += 1
        args.append("".join(out))
    return args


@pytest.mark.parametrize("args, line", [
    ([], ""),
    (["a", "b"], "a b"),
    (["my vm"], '"my vm"'),
    ([""], '""'),
    (['say "hi"'], r'"say \"hi\""'),
    ([r"C:\dir"], r"C:\dir"),
    ([r'a\"b'], r'"a\\\"b"'),
    (["tab\there", "nl\nhere"], '"tab\there" "nl\nhere"'),
    (["--ipv4=10.0.0.2/24", "-l", "debug"], "--ipv4=10.0.0.2/24 -l debug"),
])
def test_quote_boot_args_examples(args: list[str], line: str) -> None:
    assert qemu.quote_boot_args(args) == line
    assert split_like_boot_c(line) == args


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\0"))))
def test_quote_boot_args_round_trips(args: list[str]) -> None:
    assert split_like_boot_c(qemu.quote_boot_args(args)) == args


def test_boot_c_splitting_rules() -> None:
    assert split_like_boot_c('  a\t\tb  ') == ["a", "b"]
    assert split_like_boot_c('a"b c"d') == ["ab cd"]
    assert split_like_boot_c('"unterminated x') == ["unterminated x"]
    assert split_like_boot_c(r'"\n\\"') == [r"\n" + "\\"]


def test_nul_cannot_be_passed() -> None:
    with pytest.raises(RunError, match="NUL"):
        qemu.quote_boot_args(["a\0b"])


RESET = "guest reset: triple fault (the VM reset without an exit status)"


@pytest.mark.parametrize("rc, status, message", [
    (1, 0, None), (7, 3, None), (253, 126, None),  # isa-debug-exit: 2 * status + 1
    (255, 134, None),                   # pyrage_abort: as SIGABRT on unix
    (0, 139, RESET),                    # a reset (triple fault): as a crash (SIGSEGV) on unix
    (-9, 137, "QEMU was killed by signal 9"), (-15, 143, "QEMU was killed by signal 15"),
    (2, 2, None),                       # QEMU's own failure: unchanged, QEMU says why
])
def test_decode_exit_status(rc: int, status: int, message: str | None) -> None:
    assert qemu.decode_exit_status(rc) == status
    assert qemu.exit_message(rc) == message


def test_only_the_guest_exits_are_successes() -> None:
    """Status 0 comes from isa-debug-exit's 1 alone: no other QEMU status decodes to it."""
    assert [rc for rc in range(-64, 256) if qemu.decode_exit_status(rc) == 0] == [1]
    assert qemu.decode_exit_status(0) not in (0, qemu.ABORT_STATUS)
    assert qemu.GUEST_RESET_STATUS not in {qemu.decode_exit_status(rc) for rc in range(1, 256, 2)}


def test_a_signalled_qemu_is_not_a_reset() -> None:
    """SIGTERM, SIGINT or SIGHUP make QEMU exit 0 too, after saying so on stderr."""
    stderr = "qemu-system-x86_64: terminating on signal 15 from pid 4242 (kill)\n"
    assert qemu.decode_exit_status(0, stderr) == 143
    assert qemu.exit_message(0, stderr) is None  # QEMU's own line, shown by `pyrage run`
    assert qemu.decode_exit_status(0, "qemu-system-x86_64: warning: something\n") == 139
    assert qemu.exit_message(0, "qemu-system-x86_64: warning: something\n") == RESET


@pytest.fixture
def fake_qemu(monkeypatch: pytest.MonkeyPatch) -> str:
    path = "/opt/bin/qemu-system-x86_64"
    monkeypatch.setattr(shutil, "which", lambda name: path if name == qemu.QEMU else None)
    return path


def test_command_tcg(fake_qemu: str) -> None:
    cmd = qemu.qemu_command(Path("dist/app.elf"), accel="tcg", boot_args=["--name", "a b"])
    assert cmd[0] == fake_qemu
    assert cmd[cmd.index("-M") + 1].startswith("microvm,")
    machine = cmd[cmd.index("-M") + 1].split(",")
    for opt in ["x-option-roms=off", "isa-serial=on", "rtc=on", "auto-kernel-cmdline=off"]:
        assert opt in machine
    assert cmd[cmd.index("-accel") + 1] == "tcg"
    assert cmd[cmd.index("-cpu") + 1] == "max"
    assert cmd[cmd.index("-m") + 1] == "64M"
    assert cmd[cmd.index("-kernel") + 1] == "dist/app.elf"
    assert cmd[cmd.index("-append") + 1] == '--name "a b"'
    assert cmd[cmd.index("-device") + 1] == "isa-debug-exit,iobase=0xf4,iosize=4"
    assert cmd[cmd.index("-serial") + 1] == "stdio"
    for flag in ["-no-reboot", "-nodefaults", "-nographic"]:
        assert flag in cmd


def test_command_kvm_and_memory(fake_qemu: str) -> None:
    cmd = qemu.qemu_command(Path("x.elf"), accel="kvm", mem="256M")
    assert cmd[cmd.index("-accel") + 1] == "kvm"
    assert cmd[cmd.index("-cpu") + 1] == "host,-arch-capabilities"
    assert cmd[cmd.index("-m") + 1] == "256M"
    assert "-append" not in cmd


def test_command_auto_uses_detect_accel(fake_qemu: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qemu, "detect_accel", lambda: "kvm")
    cmd = qemu.qemu_command(Path("x.elf"))
    assert cmd[cmd.index("-accel") + 1] == "kvm"


def test_command_rejects_unknown_accel(fake_qemu: str) -> None:
    with pytest.raises(RunError, match="unknown accelerator 'hvf'"):
        qemu.qemu_command(Path("x.elf"), accel="hvf")


def test_find_qemu_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RunError, match="apt-get install qemu-system-x86") as e:
        qemu.find_qemu()
    assert "dnf install" in str(e.value) and "brew install qemu" in str(e.value)


@pytest.mark.parametrize("usable, modules, accel", [
    (False, ["kvm_intel"], "tcg"),
    (True, ["kvm_intel"], "kvm"),
    (True, ["kvm_amd"], "kvm"),
    (True, ["kvm_pvm"], "tcg"),  # nested, software-assisted: slower than TCG, no SSE emulation
    (True, [], "tcg"),
])
def test_detect_accel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, usable: bool,
                      modules: list[str], accel: str) -> None:
    device = tmp_path / "kvm"  # missing stands for unusable (root could open a mode-000 file)
    if usable:
        device.touch(mode=0o600)
    for name in ["kvm", *modules]:
        (tmp_path / "module" / name).mkdir(parents=True)
    monkeypatch.setattr(qemu, "KVM_DEVICE", str(device))
    monkeypatch.setattr(qemu, "SYS_MODULE", tmp_path / "module")
    assert qemu.detect_accel() == accel
