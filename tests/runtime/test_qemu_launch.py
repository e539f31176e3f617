"""pyrage.launch.qemu without QEMU: command lines, boot-argument quoting, exit statuses, NICs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyrage.errors import RunError, UsageError
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


@pytest.mark.parametrize("status", range(256))
def test_the_status_line_carries_every_status(status: int) -> None:
    """exit.c writes "exit XX" (hex), then isa-debug-exit, which carries 0..126 (126 beyond)."""
    rc = 2 * min(status, 126) + 1
    line = f"exit {status:02x}\n"
    assert qemu.decode_exit_status(rc, "", line) == status
    assert qemu.exit_message(rc, "", line) is None


def test_the_status_line_of_an_abort_is_134() -> None:
    assert qemu.decode_exit_status(255, "", "abort\n") == qemu.ABORT_STATUS == 134
    assert qemu.decode_exit_status(0, "", "abort\n") == 134  # isa-debug-exit missing: a reset


def test_without_a_status_line_isa_debug_exit_decides() -> None:
    for bad in ["", "exit\n", "exit 1\n", "exit 100\n", "exit zz\n", "bye\n", "exit 00 extra"]:
        assert qemu.status_from_line(bad) is None, bad
        assert qemu.decode_exit_status(7, "", bad) == 3
        assert qemu.decode_exit_status(0, "", bad) == qemu.GUEST_RESET_STATUS


def test_a_killed_qemu_overrides_the_status_line() -> None:
    assert qemu.decode_exit_status(-9, "", "exit 00\n") == 137
    assert qemu.exit_message(-9, "", "exit 00\n") == "QEMU was killed by signal 9"
    stderr = "qemu-system-x86_64: terminating on signal 15 from pid 4242 (kill)\n"
    assert qemu.decode_exit_status(0, stderr, "exit 00\n") == 143


def test_read_status(tmp_path: Path) -> None:
    assert qemu.read_status(tmp_path / "absent") == ""
    (tmp_path / "status").write_bytes(b"exit c8\n")
    assert qemu.read_status(tmp_path / "status") == "exit c8\n"


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
    for opt in ["x-option-roms=off", "isa-serial=on", "rtc=on", "auto-kernel-cmdline=on"]:
        assert opt in machine
    assert cmd[cmd.index("-global") + 1] == "virtio-mmio.force-legacy=false"
    assert "-chardev" not in cmd and "isa-debugcon" not in " ".join(cmd)
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


@pytest.mark.parametrize("device, modules, why", [
    ("missing", ["kvm_intel"], "does not exist"),
    ("closed", ["kvm_intel"], "cannot be opened"),
    ("open", ["kvm_pvm"], "not hardware-assisted"),
    ("open", ["kvm_amd"], None),
])
def test_kvm_unusable_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, device: str,
                               modules: list[str], why: str | None) -> None:
    path = tmp_path / "kvm"
    if device != "missing":
        path.touch(mode=0o600)
    for name in ["kvm", *modules]:
        (tmp_path / "module" / name).mkdir(parents=True)
    monkeypatch.setattr(qemu, "KVM_DEVICE", str(path))
    monkeypatch.setattr(qemu, "SYS_MODULE", tmp_path / "module")
    if device == "closed":  # root opens any file: stand in for a device it may not open
        monkeypatch.setattr("os.access", lambda p, mode: False)
    reason = qemu.kvm_unusable()
    assert (reason is None) if why is None else (reason is not None and why in reason)


def test_run_with_an_unusable_kvm_stops_before_building(tmp_path: Path) -> None:
    """On a host whose KVM cannot run the guest, QEMU would start and hang: `pyrage run
    --accel kvm` says why at once, before compiling anything (this host's own KVM, whatever
    it is: where it is usable, the run goes on and prints hello)."""
    from tests.conftest import run_pyrage

    program = tmp_path / "hi.py"
    program.write_text('print("hi")\n')
    result = run_pyrage("run", str(program), "-t", "virtio", "--accel", "kvm", timeout=600)
    why = qemu.kvm_unusable()
    if why is None:
        assert result.returncode == 0 and result.stdout == "hi\n", result.stderr
    else:
        assert result.returncode == 1 and why in result.stderr
        assert "Traceback" not in result.stderr
        assert not (tmp_path / "_build").exists()


def test_command_with_a_status_file_and_devices(fake_qemu: str) -> None:
    cmd = qemu.qemu_command(Path("x.elf"), accel="tcg", status_path=Path("/tmp/a,b/status"),
                            devices=["-netdev", "user,id=n0"])
    assert cmd[cmd.index("-chardev") + 1] == "file,id=pyrage-status,path=/tmp/a,,b/status"
    assert "isa-debugcon,iobase=0xe9,chardev=pyrage-status" in cmd
    assert cmd[cmd.index("-netdev") + 1] == "user,id=n0"
    assert cmd.index("-netdev") < cmd.index("-kernel")


# --- NICs (`pyrage run -t virtio --net ... --forward ...`) ---------------------------------------


def test_network_one_tap() -> None:
    options, boot = qemu.network(["tap0"], ["service"], boot_args=["--x=1"])
    assert options == ["-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                       "-device", f"virtio-net-device,netdev=n0,mac={qemu.tap_mac('tap0')}"]
    assert boot == ["--net:service=0", "--x=1"]


def test_tap_macs_are_unix_and_hosted_ones() -> None:
    """02:70, then zlib's CRC-32 of the tap's name (runtime/unix/net.c, impls/hosted/net.py)."""
    import zlib

    assert qemu.tap_mac("tap0") == "02:70:" + ":".join(
        f"{b:02x}" for b in zlib.crc32(b"tap0").to_bytes(4, "big"))
    assert qemu.tap_mac("tap0") != qemu.tap_mac("tap1")


def test_network_devices_follow_the_apps_nic_order() -> None:
    """Whatever the order of --net, devices are placed in config.py's order, and numbered so."""
    options, boot = qemu.network(["uplink=tap1", "service=user"], ["service", "spare", "uplink"])
    assert [o for o in options if o.startswith("virtio-net-device")] == [
        "virtio-net-device,netdev=n0,mac=52:54:00:12:34:56",
        f"virtio-net-device,netdev=n1,mac={qemu.tap_mac('tap1')}"]
    assert options[1].startswith("user,id=n0") and options[5].startswith("tap,id=n1,ifname=tap1")
    assert boot[:2] == ["--net:service=0", "--net:uplink=1"]


def test_network_user_mode_with_forwards_and_addresses() -> None:
    options, boot = qemu.network(["user"], ["service"], ["udp:5353=53", "tcp:8080=80"], ["a"])
    assert options[1] == "user,id=n0,hostfwd=udp::5353-:53,hostfwd=tcp::8080-:80"
    assert boot == ["--net:service=0", "a", "--ipv4=10.0.2.15/24", "--ipv4-gateway=10.0.2.2"]


@pytest.mark.parametrize("given, added", [
    (["--ipv4=10.0.2.9/24"], ["--ipv4-gateway=10.0.2.2"]),
    (["--ipv4", "10.0.2.9/24"], ["--ipv4-gateway=10.0.2.2"]),
    (["--ipv4-gateway=10.0.2.3"], ["--ipv4=10.0.2.15/24"]),
    (["--ipv4=10.0.2.9/24", "--ipv4-gateway="], []),
])
def test_network_user_mode_keeps_the_users_addresses(given: list[str], added: list[str]) -> None:
    _, boot = qemu.network(["user"], ["service"], boot_args=given)
    assert boot == ["--net:service=0", *given, *added]


def test_network_user_mode_without_address_arguments() -> None:
    _, boot = qemu.network(["user"], ["service"], user_addresses=False)
    assert boot == ["--net:service=0"]


def test_no_nics_no_options() -> None:
    assert qemu.network([], ["service"], boot_args=["x"]) == ([], ["x"])


@pytest.mark.parametrize("values, nics, forwards, message", [
    (["tap0"], ["a", "b"], [], "this app has the NICs a, b: say which"),
    (["tap0"], [], [], "this app has the NICs (none)"),
    (["c=tap0"], ["a", "b"], [], "no NIC 'c' in this app (it has a, b)"),
    (["a=tap0", "a=tap1"], ["a"], [], "NIC 'a' is given twice"),
    (["a="], ["a"], [], "is not a tap interface's name"),
    (["a=tap,x"], ["a"], [], "is not a tap interface's name"),
    (["a=averyveryverylongname"], ["a"], [], "is not a tap interface's name"),
    (["a=tap0"], ["a"], ["udp:1=2"], "--forward needs one NIC on QEMU's user-mode network"),
    (["a=user", "b=user"], ["a", "b"], ["udp:1=2"], "--forward needs one NIC"),
    (["user"], ["a"], ["sctp:1=2"], "expected udp:HOST=GUEST or tcp:HOST=GUEST"),
    (["user"], ["a"], ["udp:1=70000"], "ports 1..65535"),
    (["user"], ["a"], ["udp:=2"], "expected udp:HOST=GUEST"),
])
def test_network_refuses(values: list[str], nics: list[str], forwards: list[str],
                         message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        qemu.network(values, nics, forwards)
