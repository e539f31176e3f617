"""ARP: IPv4 address resolution on an Ethernet link (Mirage's Arp.S)."""

from __future__ import annotations

from typing import Protocol

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, MacAddress


class ARP(Protocol):
    """Resolves neighbours' addresses and answers for our own."""

    async def query(self, ip: Ipv4Address) -> MacAddress:
        """await arp.query(ip) -> MacAddress

        ip's hardware address: at once from the cache, else after asking the link (retried).
        Concurrent queries for one address share one exchange. Raises ArpTimeout when nobody
        answers.
        """
        ...

    async def input(self, packet: Buffer) -> None:
        """await arp.input(packet)

        Handles a received ARP packet (the Ethernet payload): answers requests for our
        addresses, learns the sender where RFC 826 says to, completes pending queries. A
        malformed packet is counted and dropped; never raises.
        """
        ...

    def get_ips(self) -> list[Ipv4Address]:
        """arp.get_ips() -> the addresses ARP answers for."""
        ...

    async def set_ips(self, ips: list[Ipv4Address]) -> None:
        """await arp.set_ips(ips): answer for exactly these, announcing each (gratuitous ARP)."""
        ...

    async def add_ip(self, ip: Ipv4Address) -> None:
        """await arp.add_ip(ip): answer for ip too, announcing it."""
        ...

    async def remove_ip(self, ip: Ipv4Address) -> None:
        """await arp.remove_ip(ip): stop answering for ip."""
        ...
