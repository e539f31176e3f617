"""UDP: datagrams to ports (Mirage's Udp.S)."""

from __future__ import annotations

from typing import Protocol

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.net import Ipv4Datagram, UdpHandler


class UDP(Protocol):
    """Delivers datagrams to listeners and sends them."""

    def listen(self, port: int, handler: UdpHandler) -> None:
        """udp.listen(port, handler)

        From now on, each datagram for port runs `await handler(datagram)` as a task of its
        own. Raises PortInUse when port has a listener, ValueError outside 1..65535.
        """
        ...

    def unlisten(self, port: int) -> None:
        """udp.unlisten(port): datagrams for port are refused again (ICMP port unreachable)."""
        ...

    async def write(self, dst: Ipv4Address, dst_port: int, payload: Buffer | bytes,
                    src_port: int = 0, ttl: int = 64) -> None:
        """await udp.write(dst, dst_port, payload, src_port=0, ttl=64)

        Sends one datagram (src_port 0: a random ephemeral port). Raises what IPV4.write
        raises, and ValueError for a port outside 0..65535.
        """
        ...

    async def input(self, datagram: Ipv4Datagram) -> bool:
        """await udp.input(datagram) -> bool

        Delivers a received UDP datagram to its port's listener. False when no listener has
        the port (the stack then sends ICMP port unreachable); True otherwise, also for a
        malformed datagram or a bad checksum (counted and dropped). Never raises.
        """
        ...
