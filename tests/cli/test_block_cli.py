"""`pyrage run --block [NAME=]PATH`: which block device each file is (cli.block_files), the
boot arguments of unix and hosted, QEMU's options on virtio (launch/qemu.py's block_devices),
and the refusals, which are usage errors (status 2), never tracebacks. Booting with them is
tested in tests/runtime/test_unix_block.py and test_virtio_block.py."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pytest

from pyrage import cli
from pyrage.errors import UsageError
from pyrage.launch import qemu
from tests.conftest import run_pyrage


def unit(tmp_path: Path, blocks: list[str] | None) -> cli.Unit:
    return cli.Unit("app", tmp_path / "main.py", "main", [tmp_path], tmp_path / "dist",
                    tmp_path / "_build", blocks=blocks)


def files(tmp_path: Path, blocks: list[str] | None, *values: str) -> list[tuple[str, Path]]:
    return cli.block_files(argparse.Namespace(block=list(values)), unit(tmp_path, blocks))


def image(path: Path, size: int = 4096) -> Path:
    with path.open("wb") as f:
        f.truncate(size)
    return path


def test_names_and_order(tmp_path: Path) -> None:
    a, b = image(tmp_path / "a.img"), image(tmp_path / "b.img")
    # an app: its order, whatever the command line's
    assert files(tmp_path, ["data", "logs"], f"logs={b}", f"data={a}") == \
        [("data", a), ("logs", b)]
    assert files(tmp_path, ["data", "logs"], f"logs={b}") == [("logs", b)]
    assert files(tmp_path, ["disk"], str(a)) == [("disk", a)]  # PATH alone: its only one
    # a single-file program: any name, in the command line's order; "disk" by default
    assert files(tmp_path, None, f"z={b}", str(a)) == [("z", b), ("disk", a)]
    assert files(tmp_path, None) == []


def test_paths_are_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    image(tmp_path / "rel.img")
    monkeypatch.chdir(tmp_path)
    assert files(tmp_path, None, "rel.img") == [("disk", tmp_path / "rel.img")]


def test_a_path_with_an_equals_sign(tmp_path: Path) -> None:
    odd = image(tmp_path / "x=y.img")
    assert files(tmp_path, ["disk"], str(odd)) == [("disk", odd)]
    assert files(tmp_path, ["disk"], f"disk={odd}") == [("disk", odd)]


@pytest.mark.parametrize("blocks, value, message", [
    (["data", "logs"], "{a}", "--block {a}: this app has the block devices data, logs: say "
                              "which, NAME=PATH"),
    ([], "{a}", "--block {a}: this app has the block devices (none): say which, NAME=PATH"),
    (["data"], "logs={a}", "--block logs={a}: no block device 'logs' in this app (it has data)"),
    (None, "a b={a}", "--block a b={a}: 'a b' is not a block device's name (1 to 63 letters, "
                      "digits, '_', '.', '-')"),
    (None, "{d}/missing.img", "--block {d}/missing.img: no such file"),
    (None, "disk={d}/missing.img", "--block disk={d}/missing.img: {d}/missing.img: no such file"),
    (None, "{d}", "--block {d}: not a file or a block device"),
    (None, "{d}/odd.img", "--block {d}/odd.img: its size (1000 bytes) is not a multiple of 512, "
                          "the sector size"),
])
def test_refusals(tmp_path: Path, blocks: list[str] | None, value: str, message: str) -> None:
    a = image(tmp_path / "a.img")
    (tmp_path / "odd.img").write_bytes(bytes(1000))
    fill = {"a": str(a), "d": str(tmp_path)}
    with pytest.raises(UsageError) as e:
        files(tmp_path, blocks, value.format(**fill))
    assert str(e.value) == message.format(**fill)


def test_a_name_given_twice(tmp_path: Path) -> None:
    a = image(tmp_path / "a.img")
    with pytest.raises(UsageError, match="block device 'disk' is given twice"):
        files(tmp_path, None, str(a), f"disk={a}")


def test_unix_and_hosted_boot_arguments(tmp_path: Path) -> None:
    a, b = image(tmp_path / "a.img"), image(tmp_path / "with space.img")
    pairs = files(tmp_path, ["data", "logs"], f"logs={b}", f"data={a}")
    assert cli.block_arguments(pairs) == [f"--block:data={a}", f"--block:logs={b}"]


def test_qemu_options(tmp_path: Path) -> None:
    a, b = image(tmp_path / "a.img"), image(tmp_path / "b,c.img")
    options, boot = qemu.block_devices([("data", a), ("logs", b)])
    assert options == [
        "-drive", f"file={a},if=none,id=b0,format=raw,cache=writeback",
        "-device", "virtio-blk-device,drive=b0",
        "-drive", f"file={tmp_path}/b,,c.img,if=none,id=b1,format=raw,cache=writeback",
        "-device", "virtio-blk-device,drive=b1",
    ]
    assert boot == ["--block:data=0", "--block:logs=1"]


def test_a_file_without_write_permission_is_read_only(tmp_path: Path) -> None:
    a = image(tmp_path / "a.img")
    a.chmod(0o444)  # read-only even for root, who could write it
    options, _ = qemu.block_devices([("disk", a)])
    assert options[1].endswith(",readonly=on")
    assert qemu.block_read_only(a)
    a.chmod(0o644)
    assert not qemu.block_read_only(a)


# --- the command line -----------------------------------------------------------------------


def test_hosted_dry_run(tmp_path: Path) -> None:
    program = tmp_path / "prog.py"
    program.write_text("print('hi')\n")
    a = image(tmp_path / "a.img")
    result = run_pyrage("run", str(program), "-t", "hosted", "--no-check", "--dry-run",
                        "--block", str(a), "--", "--x=1")
    assert result.returncode == 0, result.stderr
    # the program's folder first, then whatever PYTHONPATH the test itself runs with
    assert result.stdout.startswith(f"PYTHONPATH={tmp_path}")
    assert result.stdout.endswith(f" {sys.executable} -m pyrage.launch.hosted {program} "
                                  f"--block:disk={a} --x=1\n")


@pytest.mark.parametrize("target", ["hosted", "unix", "virtio"])
def test_a_missing_file_is_a_usage_error(tmp_path: Path, target: str) -> None:
    program = tmp_path / "prog.py"
    program.write_text("print('hi')\n")
    result = run_pyrage("run", str(program), "-t", target, "--no-check", "--dry-run",
                        "--block", str(tmp_path / "none.img"))
    assert result.returncode == 2
    assert result.stderr == f"pyrage: --block {tmp_path}/none.img: no such file\n"
    assert result.stdout == ""


def test_an_apps_block_devices_come_from_its_config(tmp_path: Path) -> None:
    root = tmp_path / "kv"
    shutil.copytree(Path(cli.__file__).parents[1] / "examples" / "kv-store", root,
                    ignore=shutil.ignore_patterns("_build", "dist"))
    a = image(tmp_path / "a.img")
    result = run_pyrage("run", str(root), "-t", "hosted", "--no-check", "--dry-run",
                        "--block", f"other={a}")
    assert result.returncode == 2
    assert result.stderr == (f"pyrage: --block other={a}: no block device 'other' in this app "
                             "(it has disk)\n")
    result = run_pyrage("run", str(root), "-t", "hosted", "--no-check", "--dry-run",
                        "--block", str(a))
    assert result.returncode == 0, result.stderr
    assert f" --block:disk={a}" in result.stdout


def test_help_mentions_block() -> None:
    result = run_pyrage("run", "--help")
    assert "--block [NAME=]PATH" in result.stdout
