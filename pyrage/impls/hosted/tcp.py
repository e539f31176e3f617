"""The TCP half of the socket stack's platform calls in CPython (stdlib/platform.py's tcp_*),
over net.py's handle table: non-blocking host sockets, each watched only for what its last
AGAIN asked (abi.h), and results as on unix: -1 AGAIN, -2 a bad handle or argument, -(errno)
for ECONNREFUSED, ECONNRESET, ETIMEDOUT and EADDRINUSE, -5 (EIO) for any other failure.
Nothing here is compiled.
"""

from __future__ import annotations

import errno
import socket
import struct

from pyrage.impls.hosted import net
from pyrage.impls.hosted.net import AGAIN, EINVAL, _range_ok, _Socket
from pyrage.stdlib.rawbytes import RawBytes

EIO = -5
#: The failures the ABI tells apart, by errno (the others are EIO).
_REASONS = {
    errno.ECONNREFUSED: -errno.ECONNREFUSED,
    errno.ECONNRESET: -errno.ECONNRESET,
    errno.EPIPE: -errno.ECONNRESET,
    errno.ECONNABORTED: -errno.ECONNRESET,
    errno.ENOTCONN: -errno.ECONNRESET,
    errno.ETIMEDOUT: -errno.ETIMEDOUT,
    errno.EADDRINUSE: -errno.EADDRINUSE,
    errno.EADDRNOTAVAIL: -errno.EADDRINUSE,
}

_accepted_peer = 0


def _failure(code: int | None) -> int:
    return _REASONS.get(code or 0, EIO)


def _tcp(handle: int) -> _Socket | None:
    entry = net._handles.get(handle)
    return entry if isinstance(entry, _Socket) and entry.tcp else None


def _endpoint(addr: int, port: int) -> tuple[str, int] | None:
    if not 0 <= addr <= 0xFFFFFFFF or not 0 <= port <= 0xFFFF:
        return None
    return socket.inet_ntoa(addr.to_bytes(4, "big")), port


def _packed(endpoint: tuple[str, int]) -> int:
    return int.from_bytes(socket.inet_aton(endpoint[0]), "big") << 16 | endpoint[1]


def _open(sock: socket.socket, want_write: bool = False) -> int:
    """A new handle for sock, or EIO (sock closed) when every handle is taken."""
    sock.setblocking(False)
    entry = _Socket(sock, tcp=True)
    entry.want_write = want_write
    handle = net._new_handle(entry)
    if handle < 0:
        sock.close()
        return EIO
    return handle


def tcp_listen(addr: int, port: int, backlog: int) -> int:
    where = _endpoint(addr, port)
    if where is None or not 0 <= backlog <= 0xFFFF:
        return EINVAL
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(where)
        sock.listen(backlog)
    except OSError as e:
        sock.close()
        return _failure(e.errno)
    return _open(sock)


def tcp_accept(handle: int) -> int:
    global _accepted_peer
    entry = _tcp(handle)
    if entry is None:
        return EINVAL
    try:
        conn, peer = entry.sock.accept()
    except BlockingIOError:
        entry.want_read = True
        return AGAIN
    except OSError as e:
        return _failure(e.errno)
    accepted = _open(conn)
    if accepted >= 0:
        _accepted_peer = _packed(peer)
    return accepted


def tcp_accepted_peer() -> int:
    return _accepted_peer


def tcp_connect(addr: int, port: int) -> int:
    where = _endpoint(addr, port)
    if where is None:
        return EINVAL
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    code = sock.connect_ex(where)
    if code not in (0, errno.EINPROGRESS):
        sock.close()
        return _failure(code)
    return _open(sock, want_write=code == errno.EINPROGRESS)  # writable: the handshake ended


def tcp_connect_result(handle: int) -> int:
    entry = _tcp(handle)
    if entry is None:
        return EINVAL
    code = entry.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if code:
        return _failure(code)
    try:
        entry.sock.getpeername()
    except OSError as e:
        if e.errno == errno.ENOTCONN:  # still in the handshake
            entry.want_write = True
            return AGAIN
        return _failure(e.errno)
    return 0


def tcp_send(handle: int, data: RawBytes, offset: int, size: int) -> int:
    entry = _tcp(handle)
    if entry is None or not _range_ok(data, offset, size):
        return EINVAL
    try:
        return entry.sock.send(memoryview(data._data)[offset:offset + size],
                               socket.MSG_NOSIGNAL)
    except BlockingIOError:
        entry.want_write = True
        return AGAIN
    except OSError as e:
        return _failure(e.errno)


def tcp_recv(handle: int, into: RawBytes, offset: int, size: int) -> int:
    entry = _tcp(handle)
    if entry is None or not _range_ok(into, offset, size):
        return EINVAL
    if size == 0:
        return 0
    try:
        return entry.sock.recv_into(memoryview(into._data)[offset:offset + size], size)
    except BlockingIOError:
        entry.want_read = True
        return AGAIN
    except OSError as e:
        return _failure(e.errno)


def tcp_shutdown(handle: int) -> int:
    entry = _tcp(handle)
    if entry is None:
        return EINVAL
    try:
        entry.sock.shutdown(socket.SHUT_WR)
    except OSError as e:
        return _failure(e.errno)
    return 0


def tcp_close(handle: int) -> None:
    entry = _tcp(handle)
    if entry is not None:
        del net._handles[handle]
        entry.sock.close()


def tcp_abort(handle: int) -> None:
    entry = _tcp(handle)
    if entry is not None:
        entry.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        tcp_close(handle)


def tcp_local(handle: int) -> int:
    entry = _tcp(handle)
    if entry is None:
        return EINVAL
    try:
        return _packed(entry.sock.getsockname())
    except OSError as e:
        return _failure(e.errno)


def tcp_set_nodelay(handle: int, on: bool) -> int:
    entry = _tcp(handle)
    if entry is None:
        return EINVAL
    entry.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, int(on))
    return 0


def tcp_set_keepalive(handle: int, idle_s: int, interval_s: int, probes: int) -> int:
    entry = _tcp(handle)
    if entry is None or (idle_s != 0 and not (0 < idle_s <= 32767 and 0 < interval_s <= 32767
                                              and 0 < probes <= 127)):
        return EINVAL
    sock = entry.sock
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, int(idle_s != 0))
    if idle_s:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, idle_s)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, interval_s)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, probes)
    return 0
