"""Linux-side TCP clients for the end-to-end tests of examples/tcp-echo (tests/net/
test_tcp_echo.py), each socket made in a lab namespace and used from this process: a bulk echo
with SHA-256 on both directions, a thousand connections open at once, and a long run of
sequential connections.

The bulk client sends from one thread and reads from another: the echo only reads as fast as
it can write back, so a client that sent everything before reading would stop once both
directions' buffers are full, as with any echo server. What it sends is pseudo-random, so a
byte lost, duplicated or moved anywhere changes the hash.
"""

from __future__ import annotations

import errno
import hashlib
import random
import resource
import selectors
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.net.echo import payload
from tests.net.netns import Namespace, in_namespace

MiB = 1 << 20
CHUNK = 256 * 1024


def connect(ns: Namespace, host: str, port: int, *, timeout: float = 30) -> socket.socket:
    """A TCP socket of ns connected to host:port (the lab closes it)."""
    sock = ns.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect((host, port))
    return sock


# ---- bulk ------------------------------------------------------------------------------------

@dataclass
class Bulk:
    """One bulk echo: bytes sent and received, their SHA-256 hex digests, and timing."""

    sent: int
    received: int
    sent_sha256: str
    received_sha256: str
    seconds: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.sent == self.received and \
            self.sent_sha256 == self.received_sha256

    @property
    def mb_per_s(self) -> float:
        """Megabytes (10^6) a second, each way."""
        return self.received / self.seconds / 1e6 if self.seconds > 0 else 0.0

    def summary(self) -> str:
        return (f"sent {self.sent} bytes (sha256 {self.sent_sha256[:16]}), received "
                f"{self.received} (sha256 {self.received_sha256[:16]}) in {self.seconds:.2f} s"
                f" = {self.mb_per_s:.1f} MB/s each way" +
                (f"; error: {self.error}" if self.error else ""))


def chunks(size: int, seed: int, chunk: int = CHUNK) -> Callable[[], bytes | None]:
    """The pseudo-random bytes to send, `chunk` bytes a call (the last one shorter), then None:
    slices of 1 MiB of randomness at random offsets, so that making them costs little next to
    the transfer and no two chunks are alike."""
    rng = random.Random(seed)
    pool = rng.randbytes(MiB + chunk)
    left = size

    def next_chunk() -> bytes | None:
        nonlocal left
        if left <= 0:
            return None
        n = min(chunk, left)
        at = rng.randrange(MiB)
        left -= n
        return pool[at:at + n]

    return next_chunk


class Sender:
    """Sends `size` pseudo-random bytes on sock from a thread of its own, hashing them, then
    SHUT_WR (with shutdown=True). `sent` is what sendall took so far."""

    def __init__(self, sock: socket.socket, size: int, *, seed: int = 0,
                 shutdown: bool = True) -> None:
        self.sock = sock
        self.next_chunk = chunks(size, seed)
        self.shutdown = shutdown
        self.hash = hashlib.sha256()
        self.sent = 0
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self.run, name="tcp-sender", daemon=True)
        self.thread.start()

    def run(self) -> None:
        try:
            while (data := self.next_chunk()) is not None:
                self.hash.update(data)
                self.sock.sendall(data)
                self.sent += len(data)
            if self.shutdown:
                self.sock.shutdown(socket.SHUT_WR)
        except BaseException as e:  # reported by the reader
            self.error = e

    def join(self, timeout: float) -> str | None:
        """Wait for the end; what went wrong, or None."""
        self.thread.join(timeout)
        if self.error is not None:
            return f"sender, after {self.sent} bytes: {self.error!r}"
        if self.thread.is_alive():
            return f"the sender is still blocked after {self.sent} bytes"
        return None


def bulk_echo(sock: socket.socket, size: int, *, seed: int = 0,
              pause: Callable[[int, Sender], None] | None = None, timeout: float = 120) -> Bulk:
    """Send `size` pseudo-random bytes on the connected sock from a thread while this thread
    reads the echo until EOF (the sender's SHUT_WR makes the echo close its side), hashing
    both. pause(n, sender) is called after each read with the bytes received so far (a slow
    reader sleeps in it). A read that waits `timeout` s fails the transfer."""
    sock.settimeout(timeout)
    began = time.monotonic()
    sender = Sender(sock, size, seed=seed)
    received_hash = hashlib.sha256()
    received = 0
    view = memoryview(bytearray(CHUNK))
    error: str | None = None
    try:
        while True:
            n = sock.recv_into(view)
            if n == 0:
                break
            received_hash.update(view[:n])
            received += n
            if pause is not None:
                pause(received, sender)
    except OSError as e:
        error = f"after {received} bytes received: {e!r}"
    seconds = time.monotonic() - began
    error = error or sender.join(timeout)
    return Bulk(sender.sent, received, sender.hash.hexdigest(), received_hash.hexdigest(),
                seconds, error)


def echo_once(sock: socket.socket, data: bytes) -> bytes:
    """Send data, SHUT_WR, read until EOF: what came back."""
    sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)
    got = bytearray()
    while part := sock.recv(65536):
        got += part
    return bytes(got)


# ---- many at once ----------------------------------------------------------------------------

@dataclass
class Many:
    """What came of `count` connections open at once."""

    count: int
    connected: int = 0  # how many completed their handshake before any sent a byte
    echoed: int = 0  # exactly what they sent came back, then EOF
    wrong: list[str] = field(default_factory=list)
    connect_seconds: float = 0.0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.count} connections: {self.connected} open at once after "
                f"{self.connect_seconds:.2f} s, {self.echoed} echoed exactly in "
                f"{self.seconds:.2f} s; wrong {len(self.wrong)}: {self.wrong[:5]}")


def many_at_once(ns: Namespace, host: str, port: int, count: int, *,
                 size: Callable[[int], int] = lambda i: 1 + i * 37 % 3000,
                 timeout: float = 60) -> Many:
    """Open `count` connections to host:port from ns at once (non-blocking connects), wait
    until every one is established, then on each send payload(size(i), i), SHUT_WR, and read
    the echo until EOF; all of them in flight together."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 256:  # a socket is a file
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(count + 256, hard), hard))
    return in_namespace(ns.name, lambda: _many_here(host, port, count, size, timeout))


def _many_here(host: str, port: int, count: int, size: Callable[[int], int],
               timeout: float) -> Many:
    result = Many(count)
    sel = selectors.DefaultSelector()
    socks: list[socket.socket] = []
    began = time.monotonic()
    deadline = began + timeout
    try:
        for i in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            socks.append(s)
            code = s.connect_ex((host, port))
            if code not in (0, errno.EINPROGRESS):
                result.wrong.append(f"#{i}: connect: {errno.errorcode.get(code, code)}")
                continue
            sel.register(s, selectors.EVENT_WRITE, i)
        pending = len(sel.get_map())
        while pending and time.monotonic() < deadline:
            for key, _ in sel.select(0.5):
                i = key.data
                s = socks[i]
                sel.unregister(s)
                pending -= 1
                code = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code:
                    result.wrong.append(f"#{i}: connect: {errno.errorcode.get(code, code)}")
                else:
                    result.connected += 1
        result.connect_seconds = time.monotonic() - began
        # every connection is open; now each echoes its own bytes
        expected = {i: payload(size(i), i) for i in range(count)}
        got: dict[int, bytearray] = {}
        for i, s in enumerate(socks):
            if s.fileno() < 0 or any(w.startswith(f"#{i}:") for w in result.wrong):
                continue
            s.setblocking(True)
            s.settimeout(timeout)
            s.sendall(expected[i])
            s.shutdown(socket.SHUT_WR)
            s.setblocking(False)
            got[i] = bytearray()
            sel.register(s, selectors.EVENT_READ, i)
        pending = len(got)
        while pending and time.monotonic() < deadline:
            for key, _ in sel.select(0.5):
                i = key.data
                s = socks[i]
                try:
                    part = s.recv(65536)
                except BlockingIOError:
                    continue
                except OSError as e:
                    result.wrong.append(f"#{i}: {e!r} after {len(got[i])} bytes")
                    sel.unregister(s)
                    pending -= 1
                    continue
                if part:
                    got[i] += part
                    continue
                sel.unregister(s)
                pending -= 1
                if got[i] == expected[i]:
                    result.echoed += 1
                else:
                    result.wrong.append(f"#{i}: {len(got[i])} bytes back of {len(expected[i])}"
                                        f"{', not the same' if len(got[i]) == size(i) else ''}")
        if pending:
            result.wrong.append(f"{pending} connections still open after {timeout} s")
        result.seconds = time.monotonic() - began
        return result
    finally:
        sel.close()
        for s in socks:
            s.close()


# ---- one after another -----------------------------------------------------------------------

@dataclass
class Sequential:
    """What came of `count` connections made one after the other from one address."""

    count: int
    echoed: int = 0
    wrong: list[str] = field(default_factory=list)
    ports: set[int] = field(default_factory=set)  # the local ports Linux chose
    reused: int = 0  # connections from a port an earlier one of the run had
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.echoed} of {self.count} connections echoed in {self.seconds:.1f} s "
                f"({self.count / self.seconds if self.seconds else 0:.0f}/s) from "
                f"{len(self.ports)} ports, {self.reused} of them from a port used before; "
                f"wrong {len(self.wrong)}: {self.wrong[:5]}")


def one_after_another(ns: Namespace, host: str, port: int, count: int, *,
                      data: bytes = b"ping", timeout: float = 10,
                      progress: Callable[[int], None] | None = None) -> Sequential:
    """`count` connections to host:port from ns, each opened once the last one closed: send
    data, SHUT_WR, read the echo until EOF, close. progress(i) is called after every 1,000th.
    Linux's TIME-WAIT sockets pile up on this side (it closes first): give ns a wide port range
    and tcp_tw_reuse for counts past the range."""
    return in_namespace(ns.name, lambda: _sequential_here(host, port, count, data, timeout,
                                                           progress))


def _sequential_here(host: str, port: int, count: int, data: bytes, timeout: float,
                     progress: Callable[[int], None] | None) -> Sequential:
    result = Sequential(count)
    began = time.monotonic()
    for i in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.settimeout(timeout)
            s.connect((host, port))
            local = s.getsockname()[1]
            if local in result.ports:
                result.reused += 1
            result.ports.add(local)
            if echo_once(s, data) == data:
                result.echoed += 1
            else:
                result.wrong.append(f"#{i} (port {local}): not the same")
        except OSError as e:
            result.wrong.append(f"#{i}: {e!r}")
            if len(result.wrong) >= 20:
                break
        finally:
            s.close()
        if progress is not None and (i + 1) % 1000 == 0:
            progress(i + 1)
    result.seconds = time.monotonic() - began
    return result
