"""The socket stack's TCP (pyrage/impls/socket_tcp.py) on the host kernel's TCP, with real
sockets on 127.0.0.1 and no root: tests/net/tcp_app (an echo server over STACK.listen_tcp, or a
client over STACK.connect_tcp) compiled for unix and run under CPython (hosted), against Python
sockets; then, hosted and in-process, what a flow's end does to the socket (close, abort, a
reset from the peer, the handler returning) and the listener's life.

What is checked is what came back, byte for byte (SHA-256 of a few MiB), and for the slow
reader that memory stays bounded while everybody waits.
"""

from __future__ import annotations

import hashlib
import os
import select
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pyrage.impls.hosted import net
from pyrage.impls.socket_stack import SocketStack
from pyrage.stdlib import sched
from pyrage.stdlib.flow import TcpFlow, TcpHandler
from pyrage.stdlib.ipaddr import Ipv4Address, Ipv4Prefix
from pyrage.stdlib.net import ConnectionReset, FlowClosed, PortInUse
from tests.dns.servers import stop
from tests.net.echo import UdpEchoImages, alive, rss_kb
from tests.net.tcp_app.unikernel import pattern

pytestmark = pytest.mark.slow

APP = Path(__file__).with_name("tcp_app")
TARGETS = ["unix", "hosted"]
TIMEOUT = 60.0
MIB = 1 << 20


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> UdpEchoImages:
    """tests/net/tcp_app copied once; its unix image compiled on first use (UdpEchoImages
    compiles any app with `--net socket`)."""
    root = tmp_path_factory.mktemp("apps") / "tcp_app"
    shutil.copytree(APP, root, ignore=shutil.ignore_patterns("_build", "dist", "__pycache__"))
    return UdpEchoImages(root)


def argv(images: UdpEchoImages, target: str, *args: str) -> list[str]:
    if target == "unix":
        return [str(images.image("unix", "socket")), *args]
    return [sys.executable, "-m", "pyrage.cli", "run", str(images.root), "-t", "hosted",
            "--net", "socket", "--", *args]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def run_app(images: UdpEchoImages, target: str, *args: str) -> str:
    """The app run to its end: its output (it must exit 0)."""
    proc = subprocess.run(argv(images, target, *args), capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@contextmanager
def echo_server(images: UdpEchoImages, target: str) -> Iterator[tuple[int, int]]:
    """The echo server listening on a free port: (port, pid); stopped after."""
    port = free_port()
    proc = subprocess.Popen(argv(images, target, f"--port={port}"), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 300)  # hosted: a type check first
        line = proc.stdout.readline().decode(errors="replace") if ready else "(nothing)"
        assert f"listening on port {port}" in line, line
        yield port, proc.pid
        assert proc.poll() is None, f"it exited {proc.returncode}"
    finally:
        stop(proc)


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    return sock


def read_to_end(sock: socket.socket) -> bytes:
    out = bytearray()
    while chunk := sock.recv(1 << 16):
        out += chunk
    return bytes(out)


def echo_exchange(port: int, data: bytes) -> bytes:
    """Send data (then shut down) while reading the echo until the end of the stream."""
    with connect(port) as sock:
        def send() -> None:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)

        sender = threading.Thread(target=send)
        sender.start()
        echoed = read_to_end(sock)
        sender.join(TIMEOUT)
        return echoed


def cpu_s(pid: int) -> float:
    """The seconds pid has run on a CPU (/proc/PID/schedstat)."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---- pyrage as the server ----------------------------------------------------------------------

@pytest.mark.parametrize("target", TARGETS)
def test_echo_of_a_few_mib(images: UdpEchoImages, target: str) -> None:
    data = os.urandom(6 * MIB + 12345)
    with echo_server(images, target) as (port, _):
        echoed = echo_exchange(port, data)
        assert len(echoed) == len(data) and sha(echoed) == sha(data)
        # and small, odd-sized exchanges on new connections
        for size in (0, 1, 1000, 65537):
            assert echo_exchange(port, data[:size]) == data[:size]


@pytest.mark.parametrize("target", TARGETS)
def test_half_close_still_receives_everything(images: UdpEchoImages, target: str) -> None:
    """The client shuts down its side first and reads only then: the server still sends all
    of the echo, then its own FIN."""
    data = os.urandom(300_000)
    with echo_server(images, target) as (port, _), connect(port) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        time.sleep(0.2)
        assert read_to_end(sock) == data


@pytest.mark.parametrize("target", TARGETS)
def test_many_concurrent_connections(images: UdpEchoImages, target: str) -> None:
    """100 connections open at once (on unix, handles past 64: they share ready-set bits),
    each echoing its own bytes."""
    count = 100
    with echo_server(images, target) as (port, _):
        socks = [connect(port) for _ in range(count)]
        results: dict[int, bytes] = {}
        all_open = threading.Barrier(count)

        def client(i: int) -> None:
            all_open.wait(TIMEOUT)
            data = os.urandom(50_000 + i)
            sock = socks[i]
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            results[i] = read_to_end(sock)
            results[i] = b"ok" if results[i] == data else b"wrong: %d bytes" % len(results[i])

        threads = [threading.Thread(target=client, args=(i,)) for i in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(TIMEOUT)
        for s in socks:
            s.close()
        assert results == {i: b"ok" for i in range(count)}


@pytest.mark.parametrize("target", TARGETS)
def test_a_slow_reader_blocks_the_writer_in_bounded_memory(images: UdpEchoImages,
                                                           target: str) -> None:
    """The client writes 64 MiB and reads nothing: the echo's writes fill the flow and the
    kernel, the server stops reading, the client's sends block; the server's memory stays
    small, and it sleeps (nothing polls a socket nobody reads). Then the client reads, and
    everything arrives."""
    data = os.urandom(64 * MIB)
    with echo_server(images, target) as (port, pid), connect(port) as sock:
        base = rss_kb(pid)
        sent = threading.Event()

        def send() -> None:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            sent.set()

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        time.sleep(0.5)
        busy = cpu_s(pid)
        time.sleep(1.0)
        busy = cpu_s(pid) - busy
        assert not sent.is_set(), "the writer never blocked: somebody buffers without bound"
        grown = rss_kb(pid) - base
        assert grown < 16 * 1024, f"the server grew by {grown} KiB while blocked"
        assert busy < 0.2, f"the blocked server spun: {busy:.2f} s of CPU in 1 s"
        assert alive(pid)
        echoed = read_to_end(sock)
        sender.join(TIMEOUT)
        assert sent.is_set() and len(echoed) == len(data) and sha(echoed) == sha(data)


# ---- pyrage as the client ----------------------------------------------------------------------

@contextmanager
def python_echo_server(backlog: int = 8) -> Iterator[tuple[int, list[str]]]:
    """A Python echo server for one connection: (port, the SHA-256 of what it received)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(backlog)
    digests: list[str] = []

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(TIMEOUT)
            h = hashlib.sha256()
            while chunk := conn.recv(1 << 16):
                h.update(chunk)
                conn.sendall(chunk)
            digests.append(h.hexdigest())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], digests
        thread.join(TIMEOUT)
    finally:
        listener.close()


@pytest.mark.parametrize("target", TARGETS)
def test_client_sends_and_gets_its_echo(images: UdpEchoImages, target: str) -> None:
    size = 5 * MIB + 7
    with python_echo_server() as (port, digests):
        out = run_app(images, target, "--mode=client", f"--port={port}", f"--size={size}",
                      "--write-size=10000")
    assert f"-> 127.0.0.1:{port}" in out and "client: connected 127.0.0.1:" in out, out
    assert f"client: sent {size} received {size}" in out, out
    expected = (pattern()[:65521] * (size // 65521 + 1))[:size]
    assert digests == [sha(expected)]


@pytest.mark.parametrize("target", TARGETS)
def test_client_connection_refused(images: UdpEchoImages, target: str) -> None:
    out = run_app(images, target, "--mode=client", f"--port={free_port()}")
    assert "client: error ConnectionRefused" in out, out


@pytest.mark.parametrize("target", TARGETS)
def test_client_connect_times_out(images: UdpEchoImages, target: str) -> None:
    """A listener whose accept queue is full drops SYNs: connect gives up after its timeout."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        with connect(port):  # fills the queue (nobody accepts)
            started = time.monotonic()
            out = run_app(images, target, "--mode=client", f"--port={port}",
                          "--timeout-ms=500")
            assert "client: error ConnectionTimedOut" in out, out
            assert time.monotonic() - started < 30


# ---- hosted, in-process: how flows end -----------------------------------------------------

def serve_in_process(handler: TcpHandler, client: Callable[[int], None]) -> None:
    """Run a SocketStack listening with handler on a free port, and client(port) in a
    thread; stop once the client is done."""
    net.reset()
    port = free_port()
    errors: list[BaseException] = []

    def run_client() -> None:
        try:
            client(port)
        except BaseException as e:  # reported by the test's thread
            errors.append(e)

    async def main() -> None:
        stack = SocketStack(Ipv4Prefix.parse("10.0.0.2/24"))
        stack.listen_tcp(port, handler)
        thread = threading.Thread(target=run_client, daemon=True)
        thread.start()
        while thread.is_alive():
            await sched.sleep_ns(5_000_000)
        await stack.disconnect()

    sched.run(main())
    net.reset()
    if errors:
        raise errors[0]


def test_abort_resets_the_peer() -> None:
    async def handler(flow: TcpFlow) -> None:
        await flow.read()
        await flow.abort()
        with pytest.raises(FlowClosed):
            await flow.write(b"late")

    def client(port: int) -> None:
        with connect(port) as sock:
            sock.sendall(b"hello")
            with pytest.raises(ConnectionResetError):
                sock.recv(100)

    serve_in_process(handler, client)


def test_the_flow_closes_when_the_handler_returns() -> None:
    async def handler(flow: TcpFlow) -> None:
        await flow.write(b"bye")

    def client(port: int) -> None:
        with connect(port) as sock:
            assert read_to_end(sock) == b"bye"

    serve_in_process(handler, client)


def test_a_reset_from_the_peer_fails_the_flow() -> None:
    seen: list[str] = []

    async def handler(flow: TcpFlow) -> None:
        try:
            while await flow.read() is not None:
                pass
        except ConnectionReset:
            seen.append("reset")

    def client(port: int) -> None:
        sock = connect(port)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.sendall(b"x")
        time.sleep(0.1)
        sock.close()  # RST
        time.sleep(0.2)

    serve_in_process(handler, client)
    assert seen == ["reset"]


def test_options_reach_the_socket() -> None:
    options: list[tuple[int, int, int, int]] = []

    async def handler(flow: TcpFlow) -> None:
        flow.set_nodelay(True)
        flow.set_keepalive(30_000_000_000, 5_000_000_000, 4)
        await flow.write(b"x")
        await sched.sleep_ns(20_000_000)
        (entry,) = [e for e in net._handles.values()  # the connection, not the listener
                    if isinstance(e, net._Socket) and e.tcp
                    and not e.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)]
        s = entry.sock
        options.append((s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY),
                        s.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE),
                        s.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE),
                        s.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT)))

    def client(port: int) -> None:
        with connect(port) as sock:
            assert read_to_end(sock) == b"x"

    serve_in_process(handler, client)
    assert options == [(1, 1, 30, 4)]


def test_listening_twice_and_unlisten() -> None:
    net.reset()
    port = free_port()

    async def handler(flow: TcpFlow) -> None:
        await flow.close()

    async def main() -> None:
        stack = SocketStack(Ipv4Prefix.parse("10.0.0.2/24"))
        stack.listen_tcp(port, handler)
        await sched.checkpoint()  # (its acceptor starts)
        with pytest.raises(PortInUse):
            stack.listen_tcp(port, handler)
        stack.unlisten_tcp(port)
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        stack.listen_tcp(port, handler)  # the port is free again
        flow = await stack.connect_tcp(Ipv4Address.parse("127.0.0.1"), port)
        assert (flow.dst_port, str(flow.src)) == (port, "127.0.0.1")
        assert await flow.read() is None  # the handler closed it
        await flow.close()
        await stack.disconnect()

    sched.run(main())
    net.reset()
