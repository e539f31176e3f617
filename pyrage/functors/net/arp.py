"""Arp[E, T]: ARP for IPv4 over Ethernet (RFC 826; announcements as RFC 5227 makes them).

The table itself is functors/net/arp_cache.py (data, with the time as an argument); this is
the talking: answering for our addresses, asking for others', retrying, and the waiting of
the tasks that want an answer.

- A query asks the link at once, then every `RETRY_NS` up to `TRIES` times, and gives up
  with ArpTimeout. Concurrent queries for one address share that exchange.
- What waits for an answer is bounded: at most `MAX_PENDING` addresses being asked at once,
  and `MAX_WAITERS` tasks per address (past those, ArpTimeout at once), so a burst of
  traffic to dead addresses cannot grow memory.
- The sender of a packet is learnt only when it is asking for us or is already in the table
  (RFC 826's rule), so made-up senders cannot fill the table.
"""

from __future__ import annotations

from typing import Final, Generic, TypeVar

from pyrage.functors.net.arp_cache import ArpCache
from pyrage.signatures.ethernet import ETHERNET
from pyrage.signatures.time import TIME
from pyrage.stdlib import platform, sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, MacAddress
from pyrage.stdlib.net import ArpTimeout
from pyrage.stdlib.wire import arp as wire
from pyrage.stdlib.wire import ethernet
from pyrage.stdlib.wire.errors import WireError

E = TypeVar("E", bound=ETHERNET)
T = TypeVar("T", bound=TIME)

MS: Final = 1_000_000
RETRY_NS: Final = 1000 * MS
TRIES: Final = 3
MAX_PENDING: Final = 64
MAX_WAITERS: Final = 32


class _Pending:
    """An address being asked for: its answer, once it comes."""

    def __init__(self) -> None:
        self.done = sched.Event()
        self.mac: MacAddress | None = None
        self.waiters = 0


class Arp(Generic[E, T]):
    def __init__(self, eth: E, time: T) -> None:
        self.eth = eth
        self.time = time
        self.cache = ArpCache()
        self.ips: list[Ipv4Address] = []
        self.pending: dict[Ipv4Address, _Pending] = {}
        self.dropped = 0

    # --- our addresses --------------------------------------------------------------------------

    def get_ips(self) -> list[Ipv4Address]:
        return list(self.ips)

    async def set_ips(self, ips: list[Ipv4Address]) -> None:
        self.ips = []
        for ip in ips:
            await self.add_ip(ip)

    async def add_ip(self, ip: Ipv4Address) -> None:
        if ip not in self.ips:
            self.ips.append(ip)
        await self.announce(ip)

    async def remove_ip(self, ip: Ipv4Address) -> None:
        if ip in self.ips:
            self.ips.remove(ip)

    async def announce(self, ip: Ipv4Address) -> None:
        """A gratuitous ARP: a request for our own address, so that neighbours (re)learn it."""
        await self.send(wire.OP_REQUEST, ip, MacAddress.ZERO, ip, MacAddress.BROADCAST)

    # --- asking ---------------------------------------------------------------------------------

    async def query(self, ip: Ipv4Address) -> MacAddress:
        now = platform.clock_monotonic()
        mac = self.cache.lookup(ip, now)
        if mac is not None:
            return mac
        pending = self.pending.get(ip)
        if pending is not None:
            if pending.waiters >= MAX_WAITERS:
                raise ArpTimeout(ip)
            pending.waiters += 1
            try:
                await pending.done.wait()
            finally:
                pending.waiters -= 1
            if pending.mac is None:
                raise ArpTimeout(ip)
            return pending.mac
        if len(self.pending) >= MAX_PENDING:
            raise ArpTimeout(ip)
        return await self.resolve(ip)

    async def resolve(self, ip: Ipv4Address) -> MacAddress:
        """Ask the link for ip, retrying; the caller is the one task that asks."""
        pending = _Pending()
        self.pending[ip] = pending
        try:
            for _ in range(TRIES):
                await self.send(wire.OP_REQUEST, self.source_for(ip), MacAddress.ZERO, ip,
                                MacAddress.BROADCAST)
                try:
                    await sched.with_timeout(RETRY_NS, pending.done.wait())
                except TimeoutError:
                    continue
                if pending.mac is not None:
                    return pending.mac
        finally:
            del self.pending[ip]
            pending.done.set()  # the other waiters see pending.mac (None: they time out too)
        raise ArpTimeout(ip)

    def source_for(self, ip: Ipv4Address) -> Ipv4Address:
        """The address we ask from: our first (a host with none asks from 0.0.0.0, as an ARP
        probe does)."""
        return self.ips[0] if self.ips else Ipv4Address(0)

    # --- receiving ------------------------------------------------------------------------------

    async def input(self, packet: Buffer) -> None:
        try:
            arp = wire.ArpRepr.parse(wire.ArpPacket.checked(packet))
        except WireError:
            self.dropped += 1
            return
        now = platform.clock_monotonic()
        for_us = arp.target_ip in self.ips
        if arp.sender_ip.value != 0 and not arp.sender_mac.is_broadcast() and \
                (for_us or self.cache.knows(arp.sender_ip) or arp.sender_ip in self.pending):
            self.learn(arp.sender_ip, arp.sender_mac, now)
        if arp.op == wire.OP_REQUEST and for_us and arp.sender_ip != arp.target_ip:
            await self.send(wire.OP_REPLY, arp.target_ip, arp.sender_mac, arp.sender_ip,
                            arp.sender_mac)

    def learn(self, ip: Ipv4Address, mac: MacAddress, now: int) -> None:
        self.cache.learn(ip, mac, now)
        pending = self.pending.get(ip)
        if pending is not None:
            pending.mac = mac
            pending.done.set()

    async def send(self, op: int, sender_ip: Ipv4Address, target_mac: MacAddress,
                   target_ip: Ipv4Address, dst: MacAddress) -> None:
        frame = Buffer.create(ethernet.HEADER_LEN + wire.PACKET_LEN)
        body = frame.shift(ethernet.HEADER_LEN)
        wire.ArpRepr(op, self.eth.mac(), sender_ip, target_mac, target_ip).emit(
            wire.ArpPacket(body))
        await self.eth.write(dst, ethernet.ETHERTYPE_ARP, body)
