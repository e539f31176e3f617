"""ARP's table as data: which neighbour has which hardware address, until when. It takes the
time as an argument and never sends or receives (smoltcp's split: functors/net/arp.py does
the talking).

Bounded: at most `capacity` entries, so a flood of ARP traffic (or of made-up senders) cannot
grow memory; when full, the entry closest to expiring makes room.
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib.ipaddr import Ipv4Address, MacAddress

SECOND: Final = 1_000_000_000
#: How long a learnt address is trusted (Linux's reachable time is of this order).
LIFETIME_NS: Final = 60 * SECOND
CAPACITY: Final = 512


class _Entry:
    def __init__(self, mac: MacAddress, expires: int) -> None:
        self.mac = mac
        self.expires = expires


class ArpCache:
    """Addresses learnt from ARP, each valid until its expiry."""

    def __init__(self, capacity: int = CAPACITY, lifetime_ns: int = LIFETIME_NS) -> None:
        self.capacity = capacity
        self.lifetime_ns = lifetime_ns
        self.entries: dict[Ipv4Address, _Entry] = {}

    def lookup(self, ip: Ipv4Address, now: int) -> MacAddress | None:
        """ip's address if it is known and fresh at `now`."""
        entry = self.entries.get(ip)
        if entry is None:
            return None
        if entry.expires <= now:
            del self.entries[ip]
            return None
        return entry.mac

    def knows(self, ip: Ipv4Address) -> bool:
        return ip in self.entries

    def learn(self, ip: Ipv4Address, mac: MacAddress, now: int) -> None:
        """Record (or refresh) ip's address, fresh for the lifetime from `now`."""
        entry = self.entries.get(ip)
        if entry is not None:
            entry.mac = mac
            entry.expires = now + self.lifetime_ns
            return
        if len(self.entries) >= self.capacity:
            self.expire(now)
        if len(self.entries) >= self.capacity:
            self.evict_soonest()
        self.entries[ip] = _Entry(mac, now + self.lifetime_ns)

    def forget(self, ip: Ipv4Address) -> None:
        if ip in self.entries:
            del self.entries[ip]

    def expire(self, now: int) -> None:
        """Drop every entry that has expired at `now`."""
        stale = [ip for ip, e in self.entries.items() if e.expires <= now]
        for ip in stale:
            del self.entries[ip]

    def evict_soonest(self) -> None:
        soonest: Ipv4Address | None = None
        when = 0
        for ip, e in self.entries.items():
            if soonest is None or e.expires < when:
                soonest, when = ip, e.expires
        if soonest is not None:
            del self.entries[soonest]

    def __len__(self) -> int:
        return len(self.entries)
