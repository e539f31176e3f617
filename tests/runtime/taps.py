"""What the NIC tests of both native targets share (test_unix_net.py, test_virtio_net.py): a
fresh network namespace holding tap0, and entering a namespace from this thread (sockets
opened there stay in it)."""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

can_make_taps = os.geteuid() == 0 and shutil.which("ip") is not None and \
    os.path.exists("/dev/net/tun")
needs_root = pytest.mark.skipif(not can_make_taps,
                                reason="needs root, iproute2 and /dev/net/tun for taps")

_libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000


def ip(*args: str, netns: str | None = None) -> str:
    prefix = ["ip", "netns", "exec", netns] if netns else []
    proc = subprocess.run([*prefix, "ip", *args], capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout


def tap_namespace(prefix: str) -> Iterator[str]:
    """For a fixture: a fresh namespace (its name starts with prefix) with tap0 (up,
    10.0.0.1/24) and lo; deleted afterwards. Skips the test without root."""
    if not can_make_taps:
        pytest.skip("needs root, iproute2 and /dev/net/tun for taps")
    name = f"{prefix}-{secrets.token_hex(4)}"
    try:
        ip("netns", "add", name)
    except RuntimeError as e:
        pytest.skip(f"cannot create a network namespace: {e}")
    try:
        ip("tuntap", "add", "dev", "tap0", "mode", "tap", netns=name)
        ip("addr", "add", "10.0.0.1/24", "dev", "tap0", netns=name)
        ip("link", "set", "tap0", "up", netns=name)
        ip("link", "set", "lo", "up", netns=name)
        yield name
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=30)


def _setns(fd: int, what: str) -> None:
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"setns({what}): {os.strerror(err)}")


@contextmanager
def in_netns(name: str) -> Iterator[None]:
    """This thread in the namespace: sockets opened here stay in it after we leave."""
    home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        with open(f"/run/netns/{name}") as f:
            _setns(f.fileno(), f"/run/netns/{name}")
        try:
            yield
        finally:
            _setns(home, "the test's own namespace")
    finally:
        os.close(home)


def mac_bytes(text: str) -> bytes:
    return bytes.fromhex(text.replace(":", ""))
