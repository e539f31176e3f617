"""IPV4: IPv4 on one interface (Mirage's Tcpip.Ip.S for IPv4)."""

from __future__ import annotations

from typing import Protocol

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, Ipv4Prefix
from pyrage.stdlib.net import Ipv4Datagram


class IPV4(Protocol):
    """Sends datagrams (routing on-link or through the gateway, fragmenting what does not fit)
    and receives them (reassembling fragments)."""

    def prefix(self) -> Ipv4Prefix:
        """ip.prefix() -> Ipv4Prefix: our address and the network it is on (--ipv4)."""
        ...

    def src(self, dst: Ipv4Address) -> Ipv4Address:
        """ip.src(dst) -> the source address of what we send to dst."""
        ...

    def mtu(self) -> int:
        """ip.mtu() -> the largest payload a datagram carries without fragmenting."""
        ...

    def headroom(self) -> int:
        """ip.headroom() -> the bytes a payload's Buffer should have before it (the IPv4 and
        link headers) for write() to send it without copying."""
        ...

    async def write(self, dst: Ipv4Address, proto: int, payload: Buffer, ttl: int = 64,
                    dont_fragment: bool = False) -> None:
        """await ip.write(dst, proto, payload, ttl=64, dont_fragment=False)

        Sends payload to dst: through the gateway when dst is not on our network, in fragments
        when it is longer than mtu() (unless dont_fragment). Raises NoRoute, ArpTimeout,
        MessageTooLarge (over 65515 bytes, or over mtu() with dont_fragment).
        """
        ...

    async def input(self, packet: Buffer) -> Ipv4Datagram | None:
        """await ip.input(packet) -> Ipv4Datagram | None

        A received datagram for us (the Ethernet payload), checked and, if it is a fragment,
        held until its datagram is complete. None for a fragment still waiting, a malformed
        packet, a bad checksum, or a datagram for another host (each counted). Never raises.
        """
        ...
