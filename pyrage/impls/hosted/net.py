"""The network half of the platform ABI in CPython (docs/network.md), for the hosted target.

A NIC name is bound to a *backend* before the stack acquires it:

- `--net:NAME=TAP` in the process's arguments (what `pyrage run -t hosted --net` passes, as on
  unix): a Linux tap opened through /dev/net/tun (root);
- `attach(name, backend)` in a test: a port of an in-memory `Hub` (several hosted stacks in one
  process, on one scheduler), possibly behind `Faults` (loss, duplication, reordering, delay,
  truncation, corruption, a blackout), as Mirage's vnetif backends.

Handles are small ints shared with the UDP and TCP sockets of the socket stack (tcp.py), as on
unix, and `ready_set(deadline)` is what platform.yield_until returns (a handle's bit is
handle % 64). Nothing here is compiled.
"""

from __future__ import annotations

import fcntl
import itertools
import math
import os
import random
import select
import socket
import struct
import sys
import zlib
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyrage.stdlib.rawbytes import RawBytes

AGAIN = -1
EINVAL = -2
#: Handles below this have a ready-set bit of their own; only TCP sockets take higher ones.
MAX_HANDLES = 64
#: The most handles (TCP sockets included), as on unix.
ALL_HANDLES = 1024
#: Handle 0 is never given out (the scheduler's bit 0 stays free for the console).
FIRST_HANDLE = 1


def _clock() -> int:
    from pyrage.impls.hosted import platform

    return platform.clock_monotonic()


# --- backends ---------------------------------------------------------------------------------


class Backend:
    """Where a hosted NIC's frames go and come from."""

    mac: bytes = b"\x02\x00\x00\x00\x00\x01"
    mtu: int = 1500

    def recv(self) -> bytes | None:
        """The next frame ready now, or None."""
        raise NotImplementedError

    def send(self, frame: bytes) -> bool:
        """Sends (or queues) a frame; False when there is no room now."""
        raise NotImplementedError

    def fileno(self) -> int | None:
        """A descriptor select() can wait on, if the backend has one."""
        return None

    def next_arrival(self) -> int | None:
        """For in-memory backends: when the next frame becomes ready (monotonic ns; now or
        earlier: ready at once), or None when nothing is on its way."""
        return None


class TapBackend(Backend):
    """A Linux tap (IFF_TAP | IFF_NO_PI), non-blocking; the unikernel's MAC is made up from the
    tap's name (locally administered), as on unix."""

    TUNSETIFF = 0x400454CA
    IFF_TAP = 0x0002
    IFF_NO_PI = 0x1000

    def __init__(self, ifname: str) -> None:
        self.fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
        try:
            ifr = struct.pack("16sH", ifname.encode(), self.IFF_TAP | self.IFF_NO_PI)
            fcntl.ioctl(self.fd, self.TUNSETIFF, ifr)
        except OSError:
            os.close(self.fd)
            raise
        digest = zlib.crc32(ifname.encode())
        self.mac = bytes([0x02, 0x70]) + digest.to_bytes(4, "big")
        self.mtu = _interface_mtu(ifname)

    def recv(self) -> bytes | None:
        try:
            return os.read(self.fd, 65536)
        except BlockingIOError:
            return None

    def send(self, frame: bytes) -> bool:
        try:
            os.write(self.fd, frame)
        except BlockingIOError:
            return False
        return True

    def fileno(self) -> int | None:
        return self.fd


def _interface_mtu(ifname: str) -> int:
    try:
        with open(f"/sys/class/net/{ifname}/mtu") as f:
            return int(f.read())
    except (OSError, ValueError):
        return 1500


@dataclass
class Faults:
    """What a link does to the frames it carries, drawn from a seeded generator so that a run
    is reproducible. Probabilities are per frame; `delay_ns` delays every frame, and
    `reorder` holds a frame back by `reorder_ns` so that later ones overtake it."""

    loss: float = 0.0
    duplicate: float = 0.0
    reorder: float = 0.0
    reorder_ns: int = 3_000_000
    delay_ns: int = 0
    truncate: float = 0.0
    corrupt: float = 0.0
    #: [start, end) in monotonic ns during which every frame is lost.
    blackout: tuple[int, int] | None = None
    seed: int = 0
    rng: random.Random = field(init=False)
    dropped: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def apply(self, frame: bytes, now: int) -> list[tuple[int, bytes]]:
        """The (arrival time, frame) deliveries that sending `frame` at `now` makes."""
        if self.blackout is not None and self.blackout[0] <= now < self.blackout[1]:
            self.dropped += 1
            return []
        if self.rng.random() < self.loss:
            self.dropped += 1
            return []
        if self.rng.random() < self.truncate and len(frame) > 1:
            frame = frame[:self.rng.randrange(1, len(frame))]
        if self.rng.random() < self.corrupt and frame:
            data = bytearray(frame)
            at = self.rng.randrange(len(data))
            data[at] ^= 1 << self.rng.randrange(8)
            frame = bytes(data)
        at = now + self.delay_ns
        if self.rng.random() < self.reorder:
            at += self.reorder_ns
        out = [(at, frame)]
        if self.rng.random() < self.duplicate:
            out.append((at, frame))
        return out


class Hub:
    """An in-memory Ethernet hub: a frame sent on one port arrives on every other port (the
    receivers' Ethernet layer keeps what is addressed to it)."""

    def __init__(self, mtu: int = 1500) -> None:
        self.mtu = mtu
        self.ports: list[HubPort] = []
        self.sequence = 0

    def port(self, mac: str, faults: Faults | None = None) -> HubPort:
        """A new port with this MAC ("02:00:00:00:00:01"); `faults` apply to what it sends."""
        p = HubPort(self, bytes.fromhex(mac.replace(":", "")), faults)
        self.ports.append(p)
        return p

    def carry(self, sender: HubPort, frame: bytes) -> None:
        now = _clock()
        deliveries = sender.faults.apply(frame, now) if sender.faults else [(now, frame)]
        for at, data in deliveries:
            for port in self.ports:
                if port is not sender:
                    self.sequence += 1
                    port.queue.append((at, self.sequence, data))


class HubPort(Backend):
    def __init__(self, hub: Hub, mac: bytes, faults: Faults | None) -> None:
        self.hub = hub
        self.mac = mac
        self.mtu = hub.mtu
        self.faults = faults
        self.queue: deque[tuple[int, int, bytes]] = deque()
        self.sent = 0
        self.received = 0
        self.capture: list[bytes] | None = None  # set to a list to record what arrives

    def recv(self) -> bytes | None:
        if not self.queue:
            return None
        now = _clock()
        best = min(self.queue, key=lambda item: (item[0], item[1]))
        if best[0] > now:
            return None
        self.queue.remove(best)
        self.received += 1
        if self.capture is not None:
            self.capture.append(best[2])
        return best[2]

    def send(self, frame: bytes) -> bool:
        self.sent += 1
        self.hub.carry(self, frame)
        return True

    def next_arrival(self) -> int | None:
        return min((at for at, _, _ in self.queue), default=None)


# --- the handle table -------------------------------------------------------------------------


class _Socket:
    def __init__(self, sock: socket.socket, tcp: bool = False) -> None:
        self.sock = sock
        self.peer = 0
        #: TCP: polled only for what the last AGAIN asked (abi.h), once.
        self.tcp = tcp
        self.want_read = False
        self.want_write = False


_attached: dict[str, Backend] = {}
_handles: dict[int, Backend | _Socket] = {}
_acquired: set[str] = set()


def attach(name: str, backend: Backend) -> None:
    """Bind NIC `name` to a backend (tests; `--net:NAME=TAP` arguments do it for taps)."""
    _attached[name] = backend


def reset() -> None:
    """Forget every NIC, socket and block device (between tests)."""
    from pyrage.impls.hosted import block

    block.reset()
    for entry in _handles.values():
        if isinstance(entry, _Socket):
            entry.sock.close()
        elif isinstance(entry, TapBackend):
            os.close(entry.fd)
    _attached.clear()
    _handles.clear()
    _acquired.clear()
    _other_handles.clear()


#: Handles held by the other hosted devices (block.py): one pool for all, as on unix.
_other_handles: set[int] = set()


def _new_handle(entry: Backend | _Socket) -> int:
    """A handle for entry (EINVAL when none is free): below MAX_HANDLES, but for TCP sockets,
    which take one there only when the higher ones are taken (as on unix)."""
    candidates: Iterable[int] = range(FIRST_HANDLE, MAX_HANDLES)
    if isinstance(entry, _Socket) and entry.tcp:
        candidates = itertools.chain(range(MAX_HANDLES, ALL_HANDLES), candidates)
    for h in candidates:
        if h not in _handles and h not in _other_handles:
            _handles[h] = entry
            return h
    return EINVAL


def claim_handle() -> int:
    """A free handle for another kind of device (EINVAL when all 63 are taken)."""
    for h in range(FIRST_HANDLE, MAX_HANDLES):
        if h not in _handles and h not in _other_handles:
            _other_handles.add(h)
            return h
    return EINVAL


def net_mappings(args: list[str]) -> dict[str, str]:
    """The `--net:NAME=VALUE` arguments among args."""
    out = {}
    for arg in args:
        if arg.startswith("--net:") and "=" in arg:
            name, _, value = arg[6:].partition("=")
            out[name] = value
    return out


def net_acquire(name: str) -> int:
    if name in _acquired:
        return EINVAL
    backend = _attached.get(name)
    if backend is None:
        tap = net_mappings(sys.argv).get(name)
        if tap is None:
            return -1
        try:
            backend = TapBackend(tap)
        except OSError as e:
            os.write(2, f"pyrage: cannot open tap {tap!r} for NIC {name!r}: {e.strerror}\n"
                     .encode())
            return -2
    _acquired.add(name)
    return _new_handle(backend)


def _nic(handle: int) -> Backend:
    entry = _handles.get(handle)
    if not isinstance(entry, Backend):
        raise ValueError(f"{handle} is not a NIC handle")
    return entry


def net_mac(handle: int) -> bytes:
    return _nic(handle).mac


def net_mtu(handle: int) -> int:
    return _nic(handle).mtu


def _range_ok(raw: RawBytes, offset: int, size: int) -> bool:
    return 0 <= offset and 0 <= size and offset + size <= len(raw)


def net_read(handle: int, into: RawBytes, offset: int, size: int) -> int:
    nic = _nic(handle)
    if not _range_ok(into, offset, size) or size < nic.mtu + 14:
        return EINVAL
    frame = nic.recv()
    if frame is None:
        return AGAIN
    n = min(len(frame), size)
    into._data[offset:offset + n] = frame[:n]
    return n


def net_write(handle: int, frame: RawBytes, offset: int, size: int) -> int:
    nic = _nic(handle)
    if not _range_ok(frame, offset, size) or not 14 <= size <= nic.mtu + 14:
        return EINVAL
    return 0 if nic.send(bytes(frame._data[offset:offset + size])) else AGAIN


# --- UDP sockets (the socket stack) -------------------------------------------------------------


def udp_bind(addr: int, port: int) -> int:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setblocking(False)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((socket.inet_ntoa(addr.to_bytes(4, "big")), port))
    except OSError as e:
        sock.close()
        return -(e.errno or 1)
    return _new_handle(_Socket(sock))


def _socket(handle: int) -> _Socket:
    entry = _handles.get(handle)
    if not isinstance(entry, _Socket):
        raise ValueError(f"{handle} is not a socket handle")
    return entry


def udp_sendto(handle: int, addr: int, port: int, data: RawBytes, offset: int, size: int) -> int:
    if not _range_ok(data, offset, size):
        return EINVAL
    target = (socket.inet_ntoa(addr.to_bytes(4, "big")), port)
    try:
        _socket(handle).sock.sendto(bytes(data._data[offset:offset + size]), target)
    except BlockingIOError:
        return AGAIN
    except OSError as e:
        return -(e.errno or 1)
    return 0


def udp_recvfrom(handle: int, into: RawBytes, offset: int, size: int) -> int:
    if not _range_ok(into, offset, size):
        return EINVAL
    entry = _socket(handle)
    try:
        data, (host, port) = entry.sock.recvfrom(65536)
    except BlockingIOError:
        return AGAIN
    except OSError as e:
        return -(e.errno or 1)
    n = min(len(data), size)
    into._data[offset:offset + n] = data[:n]
    entry.peer = (int.from_bytes(socket.inet_aton(host), "big") << 16) | port
    return n


def udp_peer(handle: int) -> int:
    return _socket(handle).peer


def udp_close(handle: int) -> None:
    entry = _handles.pop(handle, None)
    if isinstance(entry, _Socket):
        entry.sock.close()


# --- readiness --------------------------------------------------------------------------------


def _in_memory_ready(now: int) -> int:
    ready = 0
    for h, entry in _handles.items():
        if isinstance(entry, Backend) and entry.fileno() is None:
            at = entry.next_arrival()
            if at is not None and at <= now:
                ready |= 1 << h
    return ready


def next_arrival() -> int | None:
    """The earliest time an in-memory frame becomes ready (None: nothing on its way)."""
    times = [at for entry in _handles.values() if isinstance(entry, Backend)
             for at in [entry.next_arrival()] if at is not None]
    return min(times, default=None)


def has_descriptors() -> bool:
    """Whether a descriptor is watched (a TCP socket only after an AGAIN)."""
    return any(_events(e) for e in _handles.values())


def _descriptor(entry: Backend | _Socket) -> int | None:
    return entry.sock.fileno() if isinstance(entry, _Socket) else entry.fileno()


def _events(entry: Backend | _Socket) -> int:
    """What poll() watches entry's descriptor for (0: nothing, or it has none)."""
    if _descriptor(entry) is None:
        return 0
    if isinstance(entry, _Socket) and entry.tcp:
        return (select.POLLIN if entry.want_read else 0) | \
            (select.POLLOUT if entry.want_write else 0)
    return select.POLLIN


def ready_set(now: int, timeout_s: float | None) -> int:
    """The handles with input now (or, TCP, what they wait for), waiting up to timeout_s
    (None: not at all) on descriptors."""
    from pyrage.impls.hosted import block

    ready = _in_memory_ready(now) | block.ready_mask()
    poller = select.poll()
    watched: dict[int, tuple[int, Backend | _Socket]] = {}
    for h, e in _handles.items():
        events = _events(e)
        if events:
            fd = _descriptor(e)
            assert fd is not None
            poller.register(fd, events)
            watched[fd] = (h, e)
    if not watched:
        return ready
    wait = 0.0 if ready or timeout_s is None else max(0.0, timeout_s)
    for fd, _ in poller.poll(math.ceil(wait * 1000)):
        h, e = watched[fd]
        if isinstance(e, _Socket) and e.tcp:  # once: the waiters retry and ask again
            e.want_read = e.want_write = False
        ready |= 1 << (h % MAX_HANDLES)
    return ready
