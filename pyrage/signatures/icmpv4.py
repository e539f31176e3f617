"""ICMPV4: the IPv4 control messages a host needs (Mirage's Icmpv4.S)."""

from __future__ import annotations

from typing import Protocol

from pyrage.stdlib.net import Ipv4Datagram


class ICMPV4(Protocol):
    """Answers echo requests (ping) and reports unreachable ports."""

    async def input(self, datagram: Ipv4Datagram) -> None:
        """await icmp.input(datagram)

        Handles a received ICMP message: an echo request is answered with its data. Malformed
        messages and bad checksums are counted and dropped; never raises.
        """
        ...

    async def unreachable(self, datagram: Ipv4Datagram, code: int) -> None:
        """await icmp.unreachable(datagram, code)

        Tells datagram's sender it could not be delivered (code 3: port unreachable), quoting
        its header and first 8 payload bytes, as RFC 792 says. Never about an ICMP error or a
        broadcast. Never raises: a reply that cannot be sent is dropped.
        """
        ...
