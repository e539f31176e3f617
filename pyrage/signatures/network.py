"""NETWORK: an Ethernet interface (Mirage's Mirage_net.S)."""

from __future__ import annotations

from typing import Protocol

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import MacAddress
from pyrage.stdlib.net import NetStats


class NETWORK(Protocol):
    """Sends and receives whole Ethernet frames. Mirage's `listen ~header_size callback` is a
    loop over `read()` here: the direct stack (pyrage/functors/net/stack.py) runs that loop."""

    def mac(self) -> MacAddress:
        """netif.mac() -> MacAddress

        The interface's own address.
        """
        ...

    def mtu(self) -> int:
        """netif.mtu() -> int

        The largest Ethernet payload the interface carries (1500 on most links): a frame is at
        most mtu() + 14 bytes.
        """
        ...

    async def read(self) -> Buffer:
        """await netif.read() -> Buffer

        The next received frame, Ethernet header included, in a buffer of its own (nothing
        reuses it). Waits, using no CPU, until one arrives. Raises Disconnected after
        disconnect().
        """
        ...

    async def write(self, frame: Buffer) -> None:
        """await netif.write(frame)

        Sends one frame (header included). Returns once the platform has copied it: the buffer
        can be reused. Waits while the device has no room. Raises FrameTooLarge for a frame
        longer than mtu() + 14 or shorter than 14 bytes, Disconnected after disconnect().
        """
        ...

    def stats(self) -> NetStats:
        """netif.stats() -> NetStats

        The counters since the interface was made or reset_stats() was last called.
        """
        ...

    def reset_stats(self) -> None:
        """netif.reset_stats(): the counters start again from zero."""
        ...

    async def disconnect(self) -> None:
        """await netif.disconnect()

        Stops the interface: a read() waiting now, and every later read() or write(), raises
        Disconnected.
        """
        ...
