"""NETWORK over the platform ABI: the NIC that config.py names with `netif("name")`.

The same class on every target: the platform behind `stdlib.platform.net_*` is a tap on unix,
virtio-net on virtio, and a tap or an in-memory hub on hosted. A read that finds nothing, and
a write that finds no room, wait for the NIC's handle in the scheduler (`wait_device`), so an
idle interface costs no CPU and a full TX ring never spins.
"""

from __future__ import annotations

from pyrage.stdlib import platform, sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import MacAddress
from pyrage.stdlib.net import Disconnected, FrameTooLarge, NetStats
from pyrage.stdlib.rawbytes import RawBytes

ETHERNET_HEADER = 14
USAGE_ERROR = 2


class Netif:
    """A network interface, acquired from the platform by name when it is made."""

    def __init__(self, name: str) -> None:
        self.name = name
        handle = platform.net_acquire(name)
        if handle < 0:
            not_attached(name, handle)
        self.handle = handle
        self._mac = MacAddress.of_bytes(platform.net_mac(handle))
        self._mtu = platform.net_mtu(handle)
        self.frame_max = self._mtu + ETHERNET_HEADER
        self._stats = NetStats()
        self.closed = False
        #: A receive buffer that a read found nothing for: the next read uses it.
        self.spare: RawBytes | None = None

    def mac(self) -> MacAddress:
        return self._mac

    def mtu(self) -> int:
        return self._mtu

    async def read(self) -> Buffer:
        while True:
            if self.closed:
                raise Disconnected(f"network interface {self.name!r} is disconnected")
            raw = self.spare
            if raw is None:
                raw = RawBytes(self.frame_max)
            n = platform.net_read(self.handle, raw, 0, self.frame_max)
            if n >= 0:
                self.spare = None
                self._stats.rx_frames += 1
                self._stats.rx_bytes += n
                return Buffer(raw, 0, n)
            self.spare = raw
            await sched.wait_device(self.handle)

    async def write(self, frame: Buffer) -> None:
        size = len(frame)
        if size < ETHERNET_HEADER or size > self.frame_max:
            raise FrameTooLarge(f"a frame of {size} bytes on {self.name!r} (14 to "
                                f"{self.frame_max})")
        while True:
            if self.closed:
                raise Disconnected(f"network interface {self.name!r} is disconnected")
            result = platform.net_write(self.handle, frame.storage(), frame.start(), size)
            if result == 0:
                self._stats.tx_frames += 1
                self._stats.tx_bytes += size
                return
            if result != -1:
                raise FrameTooLarge(f"the platform refused a frame of {size} bytes")
            self._stats.tx_waits += 1
            await sched.wait_device(self.handle)

    def stats(self) -> NetStats:
        return self._stats

    def reset_stats(self) -> None:
        self._stats = NetStats()

    async def disconnect(self) -> None:
        self.closed = True


def not_attached(name: str, code: int) -> None:
    """A NIC that the command line did not attach: say how to, and stop (a usage error)."""
    if code == -1:
        platform.console_write_err(
            (f"pyrage: the network interface {name!r} is not attached: start the unikernel "
             f"with --net:{name}=TAP (unix), or use `pyrage run --net {name}=TAP`\n").encode())
    else:
        platform.console_write_err(f"pyrage: cannot open the network interface {name!r}\n"
                                   .encode())
    platform.exit(USAGE_ERROR)
