"""Hosted stacks on an in-memory hub (impls/hosted/net.py), as mirage-tcpip's vnetif tests:
several direct stacks in one process, on one scheduler and a virtual clock, with the faults of
the hub's links. Each stack is applied exactly as a generated main.py applies it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pyrage.functors.net.arp import Arp
from pyrage.functors.net.ethernet import Ethernet
from pyrage.functors.net.icmpv4 import Icmpv4
from pyrage.functors.net.ipv4 import Ipv4
from pyrage.functors.net.stack import Stack
from pyrage.functors.net.udp import Udp
from pyrage.impls.hosted import net, platform
from pyrage.impls.netif import Netif
from pyrage.impls.time import Time
from pyrage.stdlib.ipaddr import Ipv4Address, Ipv4Prefix

DirectStack = Stack[Netif, Ethernet[Netif], Arp[Ethernet[Netif], Time],
                    Ipv4[Ethernet[Netif], Arp[Ethernet[Netif], Time]],
                    Icmpv4[Ipv4[Ethernet[Netif], Arp[Ethernet[Netif], Time]]],
                    Udp[Ipv4[Ethernet[Netif], Arp[Ethernet[Netif], Time]]]]


@contextmanager
def virtual_network() -> Iterator[platform.VirtualClock]:
    """A virtual clock and an empty NIC table, for one test."""
    clock = platform.VirtualClock()
    platform.use_virtual_clock(clock)
    net.reset()
    try:
        yield clock
    finally:
        net.reset()
        platform.use_virtual_clock(None)


def direct_stack(name: str, port: net.Backend, ipv4: str,
                 gateway: str | None = None) -> DirectStack:
    """A direct stack on `port` (attached as NIC `name`), made as main.py makes one."""
    net.attach(name, port)
    netif = Netif(name)
    eth = Ethernet(netif)
    arp = Arp(eth, Time())
    ip = Ipv4(eth, arp, Ipv4Prefix.parse(ipv4),
              Ipv4Address.parse(gateway) if gateway else None)
    return Stack(netif, eth, arp, ip, Icmpv4(ip), Udp(ip))
