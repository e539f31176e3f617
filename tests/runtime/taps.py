"""What the NIC tests of both native targets share (test_unix_net.py, test_virtio_net.py): a
fresh network namespace holding tap0, entering a namespace from this thread (sockets opened
there stay in it), and reading a test program's `key value` lines."""

from __future__ import annotations

import ctypes
import os
import queue
import secrets
import shutil
import subprocess
import threading
import time
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


class KeyLines:
    """A process whose stdout is read line by line, as `key value` lines; a subclass sets
    `proc`, then calls start_reading()."""

    proc: subprocess.Popen[str]
    timeout = 20.0  # seconds expect() waits for a line

    def start_reading(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, key: str) -> str:
        """The value of the next `key value` line (earlier lines are kept in `seen`)."""
        end = time.monotonic() + self.timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {key!r} line; saw {self.seen}") from None
            self.seen.append(line)
            head, _, value = line.partition(" ")
            if head == key:
                return value

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
