"""ETHERNET: Ethernet II framing over a NETWORK (Mirage's Ethernet.S)."""

from __future__ import annotations

from typing import Protocol

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import MacAddress
from pyrage.stdlib.net import EthernetFrame


class ETHERNET(Protocol):
    """Adds and removes Ethernet headers. Mirage's `input ~arpv4 ~ipv4` dispatch is the
    stack's: `input` hands the frame up, and the stack calls ARP or IPv4 directly."""

    def mac(self) -> MacAddress:
        """eth.mac() -> MacAddress: the interface's address, the source of every frame sent."""
        ...

    def mtu(self) -> int:
        """eth.mtu() -> int: the largest payload a frame carries."""
        ...

    async def write(self, dst: MacAddress, ethertype: int, payload: Buffer) -> None:
        """await eth.write(dst, ethertype, payload)

        Sends payload in one frame to dst. Without a copy when payload's storage has 14 bytes
        of room before it (Buffer.headroom() >= 14; the layers above leave it), else the
        payload is copied into a new frame. Raises FrameTooLarge when payload is longer than
        mtu().
        """
        ...

    def input(self, frame: Buffer) -> EthernetFrame | None:
        """eth.input(frame) -> EthernetFrame | None

        The frame's header, parsed, with its payload as a view; None (and a counted drop) for
        a frame that is malformed, or addressed to another host (neither our address, nor
        broadcast). Never raises.
        """
        ...
