"""The device manifest (pyrage/manifest.py, #15 part 6): its encoding, what config.py puts in
it, reading it back from images (`pyrage manifest`, readelf), and `pyrage run` attaching
exactly its devices. The runtime's refusals are tested where the devices are:
tests/runtime/test_unix_block.py, test_unix_net.py, test_virtio_block.py, test_virtio_net.py."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from pyrage import manifest
from pyrage.config.app import load_app
from pyrage.config.generate import manifest_devices
from pyrage.errors import ConfigError, PyrageError
from pyrage.manifest import Device
from tests.conftest import EXAMPLES, compile_program, requires_qemu, run_pyrage

NET, BLOCK = "net", "block"

# --- the encoding -------------------------------------------------------------------------------


def test_the_note_round_trips_and_has_the_documented_layout() -> None:
    devices = [Device(NET, "uplink"), Device(BLOCK, "data"), Device(NET, "service")]
    note = manifest.encode(devices)
    # namesz 7, descsz, the type, "pyrage\0" padded to 8, version 1, 3 entries of 68 bytes
    assert note[:12] == (7).to_bytes(4, "little") + (8 + 3 * 68).to_bytes(4, "little") + \
        manifest.NOTE_TYPE.to_bytes(4, "little")
    assert note[12:20] == b"pyrage\0\0"
    assert note[20:28] == (1).to_bytes(4, "little") + (3).to_bytes(4, "little")
    assert note[28:32] == (1).to_bytes(4, "little") and note[32:39] == b"uplink\0"
    assert len(note) == 28 + 3 * 68
    assert manifest.decode(note[20:]) == devices
    assert manifest.decode(manifest.encode([])[20:]) == []


def test_the_llvm_global_is_the_note() -> None:
    text = manifest.llvm_global([Device(BLOCK, "a.b")])
    assert text.startswith('@pyrage_manifest = dso_local constant [96 x i8] c"\\07\\00')
    assert 'pyrage\\00\\00' in text and 'a.b\\00' in text
    assert text.rstrip().endswith('section ".note.pyrage.manifest", align 4')


@pytest.mark.parametrize("devices, message", [
    ([Device(NET, "a"), Device(NET, "a")], "NIC 'a' is declared twice"),
    ([Device(NET, "a b")], "not a device a manifest can name"),
    ([Device(BLOCK, "x" * 64)], "not a device a manifest can name"),
    ([Device("tty", "a")], "not a device a manifest can name"),
    ([Device(BLOCK, f"d{i}") for i in range(65)], "a manifest holds at most 64"),
])
def test_what_a_manifest_cannot_hold(devices: list[Device], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        manifest.encode(devices)


def test_parse_device() -> None:
    assert manifest.parse_device("net:service") == Device(NET, "service")
    assert manifest.parse_device("block:disk.0") == Device(BLOCK, "disk.0")
    for bad in ("service", "nic:a", "net:", "block:a b"):
        with pytest.raises(ValueError):
            manifest.parse_device(bad)


def test_reading_a_file_without_one(tmp_path: Path) -> None:
    with pytest.raises(PyrageError, match="no device manifest"):
        manifest.read(Path("/bin/sh"))
    (tmp_path / "text").write_text("hello")
    with pytest.raises(PyrageError, match="not a little-endian ELF64 file"):
        manifest.read(tmp_path / "text")


# --- config.py ----------------------------------------------------------------------------------

DEVICES_CONFIG = """\
    import unikernel
    from pyrage.config import block, job, kv_rw, netif, stackv4
    job("devs", unikernel.Main, up=netif("uplink"), data=block("data"),
        stack=stackv4(netif("service")), kv=kv_rw(block("logs")))
    """

DEVICES_UNIKERNEL = """\
    from __future__ import annotations

    from typing import Generic, TypeVar

    from pyrage.signatures.block import BLOCK
    from pyrage.signatures.kv import KV_RW
    from pyrage.signatures.network import NETWORK
    from pyrage.signatures.stack import STACK

    N = TypeVar("N", bound=NETWORK)
    B = TypeVar("B", bound=BLOCK)
    S = TypeVar("S", bound=STACK)
    K = TypeVar("K", bound=KV_RW)


    class Main(Generic[N, B, S, K]):
        def __init__(self, up: N, data: B, stack: S, kv: K) -> None:
            self.up = up

        async def start(self) -> None:
            print("mtu", self.up.mtu())
    """


def devices_app(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "config.py").write_text(textwrap.dedent(DEVICES_CONFIG))
    (root / "unikernel.py").write_text(textwrap.dedent(DEVICES_UNIKERNEL))
    return root


EXPECTED = [Device(NET, "uplink"), Device(BLOCK, "data"), Device(NET, "service"),
            Device(BLOCK, "logs")]


def test_an_apps_manifest_is_its_nics_and_block_devices_in_config_order(tmp_path: Path) -> None:
    app = load_app(devices_app(tmp_path / "devs"))
    assert manifest_devices(app, "unix") == EXPECTED
    # with the host's sockets, the stack has no NIC
    assert manifest_devices(app, "unix", "socket") == [Device(NET, "uplink"),
                                                       Device(BLOCK, "data"),
                                                       Device(BLOCK, "logs")]


@pytest.mark.parametrize("example, devices", [
    ("hello", []), ("udp-echo", [Device(NET, "service")]), ("dns", [Device(NET, "service")]),
    ("kv-store", [Device(BLOCK, "disk")]),
])
def test_the_examples_manifests(example: str, devices: list[Device]) -> None:
    assert manifest_devices(load_app(EXAMPLES / example), "virtio") == devices


def test_the_same_device_twice_is_a_config_error(tmp_path: Path) -> None:
    root = tmp_path / "twice"
    root.mkdir()
    (root / "unikernel.py").write_text("class Main:\n    pass\n")
    (root / "config.py").write_text(textwrap.dedent("""\
        import unikernel
        from pyrage.config import block, job
        job("twice", unikernel.Main,
            a=block("disk"),
            b=block("disk"))
        """))
    with pytest.raises(ConfigError, match="config.py:5: a second block device 'disk'"):
        manifest_devices(load_app(root), "unix")


# --- images -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The devices app, compiled for unix with the CLI (virtio in the test that needs it)."""
    root = devices_app(tmp_path_factory.mktemp("manifest") / "devs")
    result = run_pyrage("compile", str(root), timeout=600)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.slow
def test_pyrage_manifest_prints_the_images_devices(built: Path) -> None:
    result = run_pyrage("manifest", str(built / "dist" / "devs"))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "net uplink\nblock data\nnet service\nblock logs\n"
    assert manifest.read(built / "dist" / "devs") == EXPECTED


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("readelf") is None, reason="needs readelf")
def test_the_note_is_loaded_read_only(built: Path) -> None:
    """readelf sees the note (owner pyrage, its type), in a PT_NOTE inside a read-only PT_LOAD:
    the runtime reads it in memory, and nothing may write it."""
    image = built / "dist" / "devs"
    notes = subprocess.run(["readelf", "-nW", str(image)], capture_output=True, text=True,
                           check=True).stdout
    assert ".note.pyrage.manifest" in notes
    owner = next(line for line in notes.splitlines() if line.strip().startswith("pyrage"))
    assert f"0x{8 + 4 * 68:08x}" in owner and f"0x{manifest.NOTE_TYPE:08x}" in owner
    segments = subprocess.run(["readelf", "-lW", str(image)], capture_output=True, text=True,
                              check=True).stdout
    table, mapping = segments.split("Program Headers:")[1].split("Section to Segment mapping:")
    headers = [line.split() for line in table.splitlines()
               if line.strip() and not line.strip().startswith("Type")]
    holding = [headers[int(line.split()[0])] for line in mapping.splitlines()
               if ".note.pyrage.manifest" in line.split()]
    assert sorted(h[0] for h in holding) == ["LOAD", "NOTE"]
    assert [h[-2] for h in holding] == ["R", "R"]  # the flags: read-only, not executable


@pytest.mark.slow
@pytest.mark.qemu
@requires_qemu
def test_the_virtio_image_has_the_same_manifest(built: Path) -> None:
    result = run_pyrage("compile", str(built), "-t", "virtio", timeout=600)
    assert result.returncode == 0, result.stderr
    assert manifest.read(built / "dist" / "devs.virtio") == EXPECTED


# --- pyrage run: exactly the manifest's devices ---------------------------------------------------


def disk_image(path: Path) -> Path:
    path.write_bytes(bytes(4096))
    return path


@pytest.mark.parametrize("target", ["hosted", "unix", "virtio"])
@pytest.mark.parametrize("give, message", [
    ([], "NIC 'uplink' is in the image's manifest but not attached: add --net uplink=TAP"),
    (["--net", "uplink=t1", "--block", "data={a}"],
     "NIC 'service' is in the image's manifest but not attached: add --net service=TAP"),
    (["--net", "uplink=t1", "--net", "service=t2", "--block", "data={a}"],
     "block device 'logs' is in the image's manifest but not attached: add --block logs=PATH"),
    (["--net", "uplink=t1", "--net", "service=t2", "--net", "spare=t3"],
     "--net spare=t3: no NIC 'spare' in this app (it has uplink, service)"),
    (["--block", "data={a}", "--block", "cache={a}"],
     "--block cache={a}: no block device 'cache' in this app (it has data, logs)"),
])
def test_run_refuses_a_command_line_that_is_not_the_manifest(tmp_path: Path, target: str,
                                                            give: list[str],
                                                            message: str) -> None:
    """Checked before anything is built: nothing is compiled here."""
    root = devices_app(tmp_path / "devs")
    a = disk_image(tmp_path / "a.img")
    argv = [v.format(a=a) for v in give]
    result = run_pyrage("run", str(root), "-t", target, "--no-check", "--dry-run", *argv)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"pyrage: {message.format(a=a)}\n"
    assert not (root / "dist").exists()


ALL = ["--net", "service=t2", "--net", "uplink=t1", "--block", "logs={b}", "--block", "data={a}"]


@pytest.mark.slow
def test_run_attaches_every_device_in_the_manifests_order(built: Path, tmp_path: Path) -> None:
    a, b = disk_image(tmp_path / "a.img"), disk_image(tmp_path / "b.img")
    result = run_pyrage("run", str(built), "--dry-run", *(v.format(a=a, b=b) for v in ALL))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"{built}/dist/devs --net:uplink=t1 --net:service=t2 "
                             f"--block:data={a} --block:logs={b}\n")


@pytest.mark.slow
def test_run_refuses_an_image_whose_manifest_is_not_the_configurations(built: Path,
                                                                      tmp_path: Path) -> None:
    """An image that claims to be up to date but was built with other devices (here: replaced
    by hand) is not run: what it drives would not be what is attached."""
    image = built / "dist" / "devs"
    kept = tmp_path / "devs"
    shutil.copy(image, kept)
    program = tmp_path / "other.py"
    program.write_text("print('other')\n")
    a, b = disk_image(tmp_path / "a.img"), disk_image(tmp_path / "b.img")
    try:
        shutil.copy(compile_program(program, "unix", ["net:uplink"]), image)
        result = run_pyrage("run", str(built), "--dry-run", *(v.format(a=a, b=b) for v in ALL))
    finally:
        shutil.copy(kept, image)
    assert result.returncode == 1
    assert result.stderr == (
        f"pyrage: {image}: its device manifest (NIC 'uplink') is not the configuration's "
        "(NIC 'uplink', block device 'data', NIC 'service', block device 'logs'): rebuild it "
        "(--force)\n")


# --- a single-file program ----------------------------------------------------------------------


@pytest.mark.slow
def test_a_programs_manifest_is_what_its_command_line_declares(tmp_path: Path) -> None:
    program = tmp_path / "prog.py"
    program.write_text("print('hi')\n")
    result = run_pyrage("compile", str(program), "--device", "net:service", "--device",
                        "block:disk", timeout=600)
    assert result.returncode == 0, result.stderr
    assert run_pyrage("manifest", str(tmp_path / "prog")).stdout == "net service\nblock disk\n"
    # `pyrage run`: what it attaches (a NIC is "service", a file alone is "disk")
    a = disk_image(tmp_path / "a.img")
    result = run_pyrage("run", str(program), "--dry-run", "--block", f"logs={a}",
                        timeout=600)
    assert result.returncode == 0, result.stderr
    assert run_pyrage("manifest", str(tmp_path / "prog")).stdout == "block logs\n"


@pytest.mark.parametrize("argv, message", [
    (["--device", "tty:a"], "--device tty:a: expected net:NAME or block:NAME"),
    (["--device", "net:a", "--device", "net:a"], "NIC 'a' is declared twice"),
])
def test_bad_device_declarations_are_usage_errors(tmp_path: Path, argv: list[str],
                                                  message: str) -> None:
    program = tmp_path / "prog.py"
    program.write_text("print('hi')\n")
    result = run_pyrage("compile", str(program), *argv)
    assert (result.returncode, result.stderr) == (2, f"pyrage: {message}\n")


def test_device_is_for_programs(tmp_path: Path) -> None:
    result = run_pyrage("compile", str(devices_app(tmp_path / "devs")), "--device", "net:a")
    assert result.returncode == 2
    assert "--device is for a single-file program" in result.stderr
