"""The platform ABI (pyrage/runtime/include/pyrage/abi.h) as pyrage Python sees it.

Compiled, each function calls the runtime; hosted (CPython), each calls the hosted platform in
pyrage/impls/hosted/platform.py, which implements the same contract. Device implementations in
pyrage/impls/ are written over these functions only, so they are the same on every target.

Devices (docs/network.md) are named by handles, small ints whose bits in yield_until's ready
set are handle % 64 (only TCP sockets have handles from 64 up, sharing bits). Every device call
is non-blocking: -1 means AGAIN, try again when the handle is in the ready set. Frames and
datagrams are given as (RawBytes, offset, size); compiled, the runtime checks the range against
the RawBytes before the platform sees a pointer, so a bad one is an error result, never a stray
write. Hosted, the device calls run in pyrage/impls/hosted/net.py (and tcp.py).
"""

from __future__ import annotations

from typing import NoReturn

from pyrage.stdlib.intrinsics import extern
from pyrage.stdlib.rawbytes import RawBytes


@extern("rt_console_write")
def console_write(data: bytes) -> None:
    """console_write(data): write all of data to the console (stdout); never fails."""
    from pyrage.impls.hosted import platform

    platform.console_write(data)


@extern("rt_console_write_err")
def console_write_err(data: bytes) -> None:
    """console_write_err(data): as console_write, for diagnostics (stderr); may be the same
    device."""
    from pyrage.impls.hosted import platform

    platform.console_write_err(data)


@extern("rt_clock_monotonic")
def clock_monotonic() -> int:
    """clock_monotonic() -> ns since an arbitrary origin; never goes backwards."""
    from pyrage.impls.hosted import platform

    return platform.clock_monotonic()


@extern("rt_clock_wall")
def clock_wall() -> int:
    """clock_wall() -> ns since the Unix epoch (UTC); may jump; 0 if the target has no wall
    clock."""
    from pyrage.impls.hosted import platform

    return platform.clock_wall()


@extern("rt_yield_until")
def yield_until(deadline: int) -> int:
    """yield_until(deadline) -> ready set: block until clock_monotonic() >= deadline or a device
    has input (or room after an AGAIN write); returns the set of ready device handles (a bit
    mask: handle % 64). May return early: callers re-check their condition. Never
    busy-waits."""
    from pyrage.impls.hosted import platform

    return platform.yield_until(deadline)


@extern("rt_argc")
def argc() -> int:
    """argc() -> the number of boot arguments, including argv(0), the image name."""
    from pyrage.impls.hosted import platform

    return platform.argc()


@extern("rt_argv")
def argv(index: int) -> str:
    """argv(index) -> the boot argument at index (0 <= index < argc()), or "" outside."""
    from pyrage.impls.hosted import platform

    return platform.argv(index)


@extern("rt_exit")
def exit(status: int) -> NoReturn:
    """exit(status): stop the unikernel with an exit status (0..127 on every target)."""
    from pyrage.impls.hosted import platform

    platform.exit(status)


@extern("rt_net_acquire")
def net_acquire(name: str) -> int:
    """net_acquire(name) -> the handle of the NIC attached as `name` (on unix, by the boot
    argument --net:NAME=TAP), or -1 when there is none (or it was acquired already), -2 when it
    could not be opened (the platform prints why). A name is acquired once."""
    from pyrage.impls.hosted import net

    return net.net_acquire(name)


@extern("rt_net_mac")
def net_mac(handle: int) -> bytes:
    """net_mac(handle) -> the 6 bytes of the NIC's own MAC address."""
    from pyrage.impls.hosted import net

    return net.net_mac(handle)


@extern("rt_net_mtu")
def net_mtu(handle: int) -> int:
    """net_mtu(handle) -> the NIC's MTU, the largest Ethernet payload (1500 usually): frames
    are 14 to mtu + 14 bytes."""
    from pyrage.impls.hosted import net

    return net.net_mtu(handle)


@extern("rt_net_read")
def net_read(handle: int, into: RawBytes, offset: int, size: int) -> int:
    """net_read(handle, into, offset, size) -> the length of one frame read into
    into[offset:offset+size] (size must be at least mtu + 14), -1 when none is pending (AGAIN),
    -2 for a bad handle or range, -3 for any other error."""
    from pyrage.impls.hosted import net

    return net.net_read(handle, into, offset, size)


@extern("rt_net_write")
def net_write(handle: int, frame: RawBytes, offset: int, size: int) -> int:
    """net_write(handle, frame, offset, size) -> 0 once the frame in frame[offset:offset+size]
    (Ethernet header included, 14 to mtu + 14 bytes) is copied, -1 when there is no room (AGAIN:
    the handle is in the ready set when there is), -2 for a bad handle, range or size, -3 for any
    other error."""
    from pyrage.impls.hosted import net

    return net.net_write(handle, frame, offset, size)


@extern("rt_udp_bind")
def udp_bind(addr: int, port: int) -> int:
    """udp_bind(addr, port) -> the handle of a host UDP socket bound to addr:port (an IPv4
    address as an int, 0 for any; port 0 for an ephemeral one), -2 for a bad argument, or
    -(errno) when the host refuses: compiled on unix that is always -5 (EIO), and the platform
    prints why. There are no sockets on virtio: always -2."""
    from pyrage.impls.hosted import net

    return net.udp_bind(addr, port)


@extern("rt_udp_sendto")
def udp_sendto(handle: int, addr: int, port: int, data: RawBytes, offset: int, size: int) -> int:
    """udp_sendto(handle, addr, port, data, offset, size) -> 0 once data[offset:offset+size] is
    sent as one datagram to addr:port, -1 when the socket's buffer is full (AGAIN: the handle is
    in the ready set when there is room), -2 for a bad handle, address, port or range (or a
    datagram too large), or -(errno) as for udp_bind."""
    from pyrage.impls.hosted import net

    return net.udp_sendto(handle, addr, port, data, offset, size)


@extern("rt_udp_recvfrom")
def udp_recvfrom(handle: int, into: RawBytes, offset: int, size: int) -> int:
    """udp_recvfrom(handle, into, offset, size) -> the length of one datagram read into
    into[offset:offset+size] (a larger one is truncated to size, the rest lost), -1 when none is
    pending (AGAIN), -2 for a bad handle or range, or -(errno) as for udp_bind. udp_peer(handle)
    then gives its source."""
    from pyrage.impls.hosted import net

    return net.udp_recvfrom(handle, into, offset, size)


@extern("rt_udp_peer")
def udp_peer(handle: int) -> int:
    """udp_peer(handle) -> the source of the last datagram udp_recvfrom read: addr << 16 | port
    (0 before the first)."""
    from pyrage.impls.hosted import net

    return net.udp_peer(handle)


@extern("rt_udp_close")
def udp_close(handle: int) -> None:
    """udp_close(handle): close the socket; its handle may be reused. A bad handle is ignored."""
    from pyrage.impls.hosted import net

    net.udp_close(handle)


# --- TCP sockets (abi.h: pyrage_tcp_*; hosted: pyrage/impls/hosted/tcp.py) --------------------
#
# Results: -1 AGAIN, -2 a bad handle or argument, else -(errno) of Linux for the failures the
# socket stack tells apart (ECONNREFUSED 111, ECONNRESET 104, ETIMEDOUT 110, EADDRINUSE 98) and
# -5 (EIO) for any other. A TCP handle joins yield_until's ready set only for what a call of it
# that returned AGAIN waits for (docs/network.md), and may be 64 or more (its bit: handle % 64).
# There are no sockets on virtio: always -2.

#: tcp_*'s failures that the socket stack tells apart (Linux's errno values, on every target).
EADDRINUSE, ECONNRESET, ETIMEDOUT, ECONNREFUSED = 98, 104, 110, 111


@extern("rt_tcp_listen")
def tcp_listen(addr: int, port: int, backlog: int) -> int:
    """tcp_listen(addr, port, backlog) -> the handle of a host TCP socket listening on addr:port
    (0 for any address), at most backlog connections waiting to be accepted; -98 (EADDRINUSE)
    when the port is taken."""
    from pyrage.impls.hosted import tcp

    return tcp.tcp_listen(addr, port, backlog)


@extern("rt_tcp_accept")
def tcp_accept(handle: int) -> int:
    """tcp_accept(handle) -> the handle of a connection accepted on the listening handle, -1
    when none is waiting (AGAIN); tcp_accepted_peer() then gives its peer."""
    from pyrage.impls.hosted import tcp

    return tcp.tcp_accept(handle)


@extern("rt_tcp_accepted_peer")
def tcp_accepted_peer() -> int:
    """tcp_accepted_peer() -> the peer of the connection tcp_accept last returned:
    addr << 16 | port."""
    from pyrage.impls.hosted import tcp

    return tcp.tcp_accepted_peer()


@extern("rt_tcp_connect")
def tcp_connect(addr: int, port: int) -> int:
    """tcp_connect(addr, port) -> the handle of a connection to addr:port being opened from an
    ephemeral port (tcp_connect_result tells when it is), or -98 (EADDRINUSE) when no local port
    is free, -111 when refused at once."""
    from pyrage.impls.hosted import tcp

    return tcp.tcp_connect(addr, port)


@extern("rt_tcp_connect_result")
def tcp_connect_result(handle: int) -> int:
    """tcp_connect_result(handle) -> 0 once tcp_connect's connection is established, -1 while
    the handshake goes on (AGAIN), -111 (ECONNREFUSED), -110 (ETIMEDOUT) or -5 when it failed
    (reported once)."""
    from pyrage.impls.hosted import tcp

    return tcp.tcp_connect_result(handle)


@extern("rt_tcp_send")
def tcp_send(handle: int, data: RawBytes, offset: int, size: int) -> int:
    """tcp_send(handle, data, offset, size) -> how many bytes of data[offset:offset+size] the
    kernel took (at least 1 for size > 0), -1 when its buffer is full (AGAIN), -104
    (ECONNRESET: reset, or sending after shutdown), -110 or -5."""
    from pyrage.impls.hosted import tcp

    return tcp.tcp_send(handle, data, offset, size)


@extern("rt_tcp_recv")
def tcp_recv(handle: int, into: RawBytes, offset: int, size: int) -> int:
    """tcp_recv(handle, into, offset, size) -> how many bytes were read into
    into[offset:offset+size], 0 at the end of the stream (the peer's FIN), -1 when none are
    pending (AGAIN), -104 (ECONNRESET), -110 (ETIMEDOUT: keepalive) or -5."""
    from pyrage.impls.hosted import tcp

    return tcp.tcp_recv(handle, into, offset, size)


@extern("rt_tcp_shutdown")
def tcp_shutdown(handle: int) -> int:
    """tcp_shutdown(handle) -> 0: no more sends, FIN follows what the kernel holds (the peer
    may still send); -104 when the connection is gone."""
    from pyrage.impls.hosted import tcp

    return tcp.tcp_shutdown(handle)


@extern("rt_tcp_close")
def tcp_close(handle: int) -> None:
    """tcp_close(handle): close the socket (the kernel sends what it holds, then FIN; RST when
    received bytes were left unread); the handle may be reused. A bad handle is ignored."""
    from pyrage.impls.hosted import tcp

    tcp.tcp_close(handle)


@extern("rt_tcp_abort")
def tcp_abort(handle: int) -> None:
    """tcp_abort(handle): close the socket with a reset (RST), dropping what the kernel holds."""
    from pyrage.impls.hosted import tcp

    tcp.tcp_abort(handle)


@extern("rt_tcp_local")
def tcp_local(handle: int) -> int:
    """tcp_local(handle) -> the socket's own address: addr << 16 | port (or a negative
    result)."""
    from pyrage.impls.hosted import tcp

    return tcp.tcp_local(handle)


@extern("rt_tcp_set_nodelay")
def tcp_set_nodelay(handle: int, on: bool) -> int:
    """tcp_set_nodelay(handle, on) -> 0: on, small sends go out at once (no Nagle)."""
    from pyrage.impls.hosted import tcp

    return tcp.tcp_set_nodelay(handle, on)


@extern("rt_tcp_set_keepalive")
def tcp_set_keepalive(handle: int, idle_s: int, interval_s: int, probes: int) -> int:
    """tcp_set_keepalive(handle, idle_s, interval_s, probes) -> 0: probe after idle_s seconds
    without input, every interval_s, the connection failing with ETIMEDOUT after `probes`
    unanswered ones; idle_s 0 turns keepalive off. -2 past Linux's limits (32767 s, 127
    probes)."""
    from pyrage.impls.hosted import tcp

    return tcp.tcp_set_keepalive(handle, idle_s, interval_s, probes)


# --- block devices (abi.h: pyrage_block_*; hosted: pyrage/impls/hosted/block.py) ---------------

#: block_submit's operations (abi.h enum pyrage_block_op).
BLOCK_READ, BLOCK_WRITE, BLOCK_FLUSH = 0, 1, 2


@extern("rt_block_acquire")
def block_acquire(name: str) -> int:
    """block_acquire(name) -> the handle of the block device attached as `name` (the boot
    argument --block:NAME=VALUE), -1 when there is none (or it was acquired already), -2 when it
    could not be opened (the platform prints why). A name is acquired once."""
    from pyrage.impls.hosted import block

    return block.block_acquire(name)


@extern("rt_block_geometry")
def block_geometry(handle: int, field: int) -> int:
    """block_geometry(handle, field) -> the device's sector size (field 0, bytes), size (1,
    sectors), read-only flag (2: 1 or 0), largest request (3, bytes) or queue depth (4,
    requests in flight); -1 for a bad handle or field."""
    from pyrage.impls.hosted import block

    return block.block_geometry(handle, field)


@extern("rt_block_submit")
def block_submit(handle: int, op: int, sector: int, buf: RawBytes, offset: int, size: int,
                 tag: int) -> int:
    """block_submit(handle, op, sector, buf, offset, size, tag) -> 0 once the request has
    started (buf[offset:offset+size] then belongs to the device until block_poll returns tag),
    -1 when the queue is full (AGAIN: the handle is in the ready set when a request completes),
    -2 for a bad handle, op, range (within buf, or beyond the device), size (a multiple of the
    sector size, at most the largest request), tag (negative) or a WRITE on a read-only device.
    FLUSH ignores sector, offset and size: it completes when every WRITE completed before it is
    durable."""
    from pyrage.impls.hosted import block

    return block.block_submit(handle, op, sector, buf, offset, size, tag)


@extern("rt_block_poll")
def block_poll(handle: int) -> int:
    """block_poll(handle) -> the tag of one completed request, -1 when none has completed
    (AGAIN), -2 for a bad handle; block_status(handle) then tells how it ended."""
    from pyrage.impls.hosted import block

    return block.block_poll(handle)


@extern("rt_block_status")
def block_status(handle: int) -> int:
    """block_status(handle) -> 0 when the request block_poll last returned succeeded, 1 when the
    device failed it (a read error, a refused write)."""
    from pyrage.impls.hosted import block

    return block.block_status(handle)


# --- entropy (abi.h: pyrage_entropy; hosted: os.urandom) -------------------------------------

#: entropy_source()'s answers (abi.h enum pyrage_entropy_source).
ENTROPY_NONE, ENTROPY_OS, ENTROPY_RDSEED, ENTROPY_RDRAND, ENTROPY_JITTER = 0, 1, 2, 3, 4


@extern("rt_entropy")
def entropy(into: RawBytes, offset: int, size: int) -> int:
    """entropy(into, offset, size) -> 0 once into[offset:offset+size] holds size bytes of the
    platform's entropy (seed material, not a generator: pyrage/impls/random.py is the generator),
    -2 for a bad range, -3 when the source failed (what it wrote must not be used). The source
    is entropy_source()'s."""
    from pyrage.impls.hosted import platform

    return platform.entropy(into, offset, size)


@extern("rt_entropy_source")
def entropy_source() -> int:
    """entropy_source() -> where entropy() draws from: ENTROPY_OS (the host kernel: getrandom
    on unix, os.urandom hosted), ENTROPY_RDSEED or ENTROPY_RDRAND (the CPU, on virtio), or
    ENTROPY_JITTER, which is WEAK: the cycle counter's timing jitter, the last resort of a
    virtio CPU that has neither instruction (the platform also prints a warning once)."""
    from pyrage.impls.hosted import platform

    return platform.entropy_source()
