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
from pyrage.functors.net.tcp.functor import Tcp
from pyrage.functors.net.udp import Udp
from pyrage.impls.hosted import net, platform
from pyrage.impls.mclock import Mclock
from pyrage.impls.netif import Netif
from pyrage.impls.random import Random
from pyrage.impls.time import Time
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, Ipv4Prefix, MacAddress
from pyrage.stdlib.wire import arp, udp
from pyrage.stdlib.wire import ethernet as eth
from pyrage.stdlib.wire import ipv4 as ip

DirectStack = Stack[Netif, Ethernet[Netif], Arp[Ethernet[Netif], Time],
                    Ipv4[Ethernet[Netif], Arp[Ethernet[Netif], Time]],
                    Icmpv4[Ipv4[Ethernet[Netif], Arp[Ethernet[Netif], Time]]],
                    Udp[Ipv4[Ethernet[Netif], Arp[Ethernet[Netif], Time]]],
                    Tcp[Ipv4[Ethernet[Netif], Arp[Ethernet[Netif], Time]], Time, Mclock, Random]]


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
    rng = Random(seed=name.encode())  # deterministic: the same run every time
    return Stack(netif, eth, arp, ip, Icmpv4(ip), Udp(ip), Tcp(ip, Time(), Mclock(), rng))


class Peer:
    """A raw port on the hub for a test: it sends frames it builds with the codecs and keeps
    every frame it receives."""

    def __init__(self, hub: net.Hub, mac: str) -> None:
        self.port = hub.port(mac)
        self.port.capture = []
        self.mac = MacAddress.parse(mac)

    def send(self, frame: bytes) -> None:
        self.port.send(frame)

    def frames(self, ethertype: int | None = None) -> list[Buffer]:
        """What arrived so far (and is taken off the port's queue), optionally of one type."""
        while self.port.recv() is not None:
            pass
        assert self.port.capture is not None
        out = [Buffer.of_bytes(f) for f in self.port.capture]
        self.port.capture.clear()
        if ethertype is None:
            return out
        return [f for f in out if eth.EthernetPacket.checked(f).ethertype() == ethertype]


def ethernet_frame(dst: MacAddress, src: MacAddress, ethertype: int, payload: bytes) -> bytes:
    frame = Buffer.create(eth.HEADER_LEN + len(payload))
    eth.EthernetRepr(src, dst, ethertype).emit(eth.EthernetPacket(frame))
    frame.blit_from_bytes(payload, 0, eth.HEADER_LEN, len(payload))
    return frame.to_bytes()


def arp_frame(op: int, sender_mac: MacAddress, sender_ip: str, target_mac: MacAddress,
              target_ip: str, dst: MacAddress = MacAddress.BROADCAST) -> bytes:
    body = Buffer.create(arp.PACKET_LEN)
    arp.ArpRepr(op, sender_mac, Ipv4Address.parse(sender_ip), target_mac,
                Ipv4Address.parse(target_ip)).emit(arp.ArpPacket(body))
    return ethernet_frame(dst, sender_mac, eth.ETHERTYPE_ARP, body.to_bytes())


def ipv4_frame(dst_mac: MacAddress, src_mac: MacAddress, src: str, dst: str, proto: int,
               payload: bytes, ident: int = 1, more: bool = False, offset: int = 0) -> bytes:
    packet = Buffer.create(ip.HEADER_LEN + len(payload))
    ip.Ipv4Repr(src=Ipv4Address.parse(src), dst=Ipv4Address.parse(dst), proto=proto,
                payload_len=len(payload), ident=ident, more_fragments=more,
                frag_offset=offset).emit(ip.Ipv4Packet(packet))
    packet.blit_from_bytes(payload, 0, ip.HEADER_LEN, len(payload))
    return ethernet_frame(dst_mac, src_mac, eth.ETHERTYPE_IPV4, packet.to_bytes())


def udp_payload(src: str, dst: str, src_port: int, dst_port: int, data: bytes) -> bytes:
    datagram = Buffer.create(udp.HEADER_LEN + len(data))
    datagram.blit_from_bytes(data, 0, udp.HEADER_LEN, len(data))
    udp.UdpRepr(src_port, dst_port, len(data)).emit(
        udp.UdpPacket(datagram), Ipv4Address.parse(src), Ipv4Address.parse(dst))
    return datagram.to_bytes()
