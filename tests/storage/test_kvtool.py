"""`pyrage kv` (pyrage/kvtool.py): images made, changed, read and checked on the host."""

from __future__ import annotations

from pathlib import Path

from pyrage.impls.hosted.block import FileDisk
from pyrage.kvtool import KvImage
from tests.conftest import run_pyrage


def test_the_command_line(tmp_path: Path) -> None:
    image = tmp_path / "disk.img"
    page = tmp_path / "page.html"
    page.write_bytes(b"<h1>hi</h1>")
    assert run_pyrage("kv", "create", str(image), "1M").returncode == 0
    assert image.stat().st_size == 1024 * 1024
    assert run_pyrage("kv", "set", str(image), "site/index.html", str(page)).returncode == 0
    assert run_pyrage("kv", "set", str(image), "site/note", "--value", "ok").returncode == 0
    assert run_pyrage("kv", "set", str(image), "stdin", "-", input="piped").returncode == 0
    assert run_pyrage("kv", "ls", str(image)).stdout.split() == ["site/", "stdin"]
    assert run_pyrage("kv", "ls", str(image), "site").stdout.split() == [
        "site/index.html", "site/note"]
    assert run_pyrage("kv", "get", str(image), "site/index.html").stdout == "<h1>hi</h1>"
    assert run_pyrage("kv", "mv", str(image), "site", "old").returncode == 0
    assert run_pyrage("kv", "rm", str(image), "stdin").returncode == 0
    assert run_pyrage("kv", "ls", str(image), "-r").stdout.split() == [
        "11", "old/index.html", "2", "old/note"]
    check = run_pyrage("kv", "check", str(image))
    assert check.returncode == 0 and "ok (2 values" in check.stdout


def test_errors_are_messages_with_their_status(tmp_path: Path) -> None:
    image = tmp_path / "disk.img"
    assert run_pyrage("kv", "create", str(image), "1M").returncode == 0
    again = run_pyrage("kv", "create", str(image), "1M")
    assert again.returncode == 1 and "exists" in again.stderr
    bad = run_pyrage("kv", "get", str(image), "a/../b")
    assert bad.returncode == 2 and "'..' segment" in bad.stderr
    missing = run_pyrage("kv", "get", str(image), "nope")
    assert missing.returncode == 1 and "no value or dictionary at /nope" in missing.stderr
    size = run_pyrage("kv", "create", str(tmp_path / "odd.img"), "1000")
    assert size.returncode == 2 and "512-byte sectors" in size.stderr
    assert "Traceback" not in bad.stderr + missing.stderr + size.stderr


def test_check_reports_a_rotted_value(tmp_path: Path) -> None:
    image = tmp_path / "disk.img"
    with KvImage.create(image, 1024 * 1024) as kv:
        kv.set("a", b"A" * 2000)
        kv.set("b", b"B" * 2000)
        loc = kv.store.index["a"]
        at = kv.store._segment_sector(loc.seg) * 512 + loc.commit_at + loc.offset + 100
    data = bytearray(image.read_bytes())
    data[at] ^= 0x10
    image.write_bytes(bytes(data))
    check = run_pyrage("kv", "check", str(image))
    assert check.returncode == 1
    assert check.stdout.splitlines() == ["/a: the value of /a failed its checksum"]
    with KvImage(image) as kv:
        assert kv.get("b") == b"B" * 2000
    assert FileDisk(str(image)).sectors == 2048
