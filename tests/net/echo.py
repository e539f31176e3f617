"""The end-to-end tests' side of examples/udp-echo: its images (compiled once per session), the
command lines that start them in a lab, and a UDP echo client that retries and compares bytes.

The client identifies a datagram by its length (every payload of one exchange has a length
of its own, so a 1-byte datagram is as checkable as an 8 KB one), and its bytes are a function
of that length and a salt: an echo is either exactly what was sent, or wrong.
"""

from __future__ import annotations

import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.net.netns import ROOT, LabError, Namespace

ECHO_PORT = 7


# ---- images --------------------------------------------------------------------------------

class UdpEchoImages:
    """A private copy of examples/udp-echo (`root`); each image is compiled on first use, with
    the CLI as a user runs it, and kept for the session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._images: dict[tuple[str, str], Path] = {}
        self._lock = threading.Lock()

    def image(self, target: str, net: str = "direct") -> Path:
        """The image of `pyrage compile APP -t TARGET [--net socket]` (compiled once)."""
        with self._lock:
            key = (target, net)
            if key not in self._images:
                argv = [sys.executable, "-m", "pyrage.cli", "compile", str(self.root),
                        "-t", target, *(["--net", "socket"] if net == "socket" else [])]
                proc = subprocess.run(argv, capture_output=True, text=True, timeout=600,
                                      cwd=ROOT)
                if proc.returncode != 0:
                    raise LabError(f"{' '.join(argv)} exited {proc.returncode}:\n"
                                   f"{proc.stdout}{proc.stderr}")
                self._images[key] = Path(proc.stdout.strip().splitlines()[-1])
            return self._images[key]

    def argv(self, target: str, tap: str, *boot_args: str) -> list[str]:
        """The command that runs the direct-stack unikernel on `tap` (unix: the image itself,
        which opens the tap; virtio: `pyrage run -t virtio --net TAP`, QEMU opening it)."""
        image = self.image(target)
        if target == "unix":
            return [str(image), f"--net:service={tap}", *boot_args]
        if target == "virtio":
            return [sys.executable, "-m", "pyrage.cli", "run", str(self.root), "-t", "virtio",
                    "--net", tap, "--", *boot_args]
        raise ValueError(f"no direct stack on target {target!r}")


# ---- payloads ------------------------------------------------------------------------------

def payload(size: int, salt: int = 0) -> bytes:
    """The bytes of the datagram of `size` bytes (deterministic, different for each size)."""
    return random.Random(size * 1_000_003 + salt).randbytes(size)


def rss_kb(pid: int) -> int:
    """A process's resident set (VmRSS of /proc/PID/status), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise LabError(f"no VmRSS for pid {pid}")


def alive(pid: int) -> bool:
    """Whether pid runs (a zombie does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


# ---- the client ----------------------------------------------------------------------------

@dataclass
class EchoResult:
    """What came back of an exchange: lengths echoed exactly, lengths never echoed, and every
    reply that was not exactly a datagram we sent (from the wrong place, or wrong bytes)."""

    echoed: set[int] = field(default_factory=set)
    missing: list[int] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    sent: int = 0
    duplicates: int = 0

    def summary(self) -> str:
        return (f"sent {self.sent}, echoed {len(self.echoed)}, missing {len(self.missing)} "
                f"{self.missing[:20]}, duplicates {self.duplicates}, wrong {len(self.wrong)} "
                f"{self.wrong[:5]}")


def open_client(ns: Namespace, bufsize: int = 8 << 20) -> socket.socket:
    """A UDP socket of ns with large buffers (the lab closes it)."""
    sock = ns.socket()
    for opt, forced in ((socket.SO_RCVBUF, 33), (socket.SO_SNDBUF, 32)):  # SO_*BUFFORCE
        try:
            sock.setsockopt(socket.SOL_SOCKET, forced, bufsize)
        except OSError:
            sock.setsockopt(socket.SOL_SOCKET, opt, bufsize)
    sock.bind(("0.0.0.0", 0))
    return sock


def echo_all(sock: socket.socket, host: str, port: int, sizes: Iterable[int], *,
             salt: int = 0, window: int = 16, retry_after: float = 0.5, tries: int = 5,
             ) -> EchoResult:
    """Send payload(size, salt) for each size to host:port, at most `window` unanswered at a
    time, sending again what is not back after `retry_after` s (up to `tries` sends), until
    each is back or given up. Each reply is compared with what was sent."""
    todo = list(sizes)
    if len(set(todo)) != len(todo):
        raise ValueError("sizes must be distinct: a reply is known by its length")
    expected = {n: payload(n, salt) for n in todo}
    result = EchoResult()
    sent_at: dict[int, tuple[float, int]] = {}  # size -> (last send, sends)
    todo.reverse()
    sock.settimeout(0.02)
    while todo or sent_at:
        while todo and len(sent_at) < window:
            n = todo.pop()
            sock.sendto(expected[n], (host, port))
            result.sent += 1
            sent_at[n] = (time.monotonic(), 1)
        try:
            data, src = sock.recvfrom(1 << 17)
        except TimeoutError:
            data, src = b"", ("", 0)
        if src != ("", 0):
            n = len(data)
            if src != (host, port):
                result.wrong.append(f"{n} bytes from {src}")
            elif expected.get(n) != data:
                result.wrong.append(f"{n} bytes, not what was sent")
            elif n in result.echoed:
                result.duplicates += 1
            else:
                result.echoed.add(n)
                sent_at.pop(n, None)
        now = time.monotonic()
        for n, (at, sends) in list(sent_at.items()):
            if now - at < retry_after:
                continue
            if sends >= tries:
                del sent_at[n]
                result.missing.append(n)
            else:
                sock.sendto(expected[n], (host, port))
                result.sent += 1
                sent_at[n] = (now, sends + 1)
    return result


def echo_sizes(ns: Namespace, host: str, sizes: Sequence[int], *, port: int = ECHO_PORT,
               salt: int = 0, window: int = 16, retry_after: float = 0.5,
               tries: int = 5) -> EchoResult:
    """echo_all from a fresh client socket of ns."""
    sock = open_client(ns)
    try:
        return echo_all(sock, host, port, sizes, salt=salt, window=window,
                        retry_after=retry_after, tries=tries)
    finally:
        sock.close()


def wait_echo(ns: Namespace, host: str, port: int = ECHO_PORT, timeout: float = 30) -> None:
    """Wait until host:port echoes (a virtio guest may still be booting)."""
    ns.wait_udp(host, port, timeout)
