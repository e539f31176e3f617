"""Ipv4[E, A]: IPv4 on one Ethernet interface (Mirage's static_ipv4.ml).

- Configured by the boot arguments `--ipv4=ADDR/PREFIX` and `--ipv4-gateway=ADDR`.
- Routing: a destination on our network (or a broadcast) is reached directly, any other
  through the gateway (NoRoute without one).
- Sending: a payload longer than the MTU allows goes in fragments (each a multiple of 8
  bytes but the last), unless the caller forbids it (MessageTooLarge). A payload placed with
  headroom() bytes before it is sent without a copy (the only copy is the one per fragment).
- Receiving: header, length and checksum are checked by the codec; datagrams for another host
  are dropped; fragments go to functors/net/reassembly.py, which hands back whole datagrams
  or nothing.
"""

from __future__ import annotations

from typing import Final, Generic, TypeVar

from pyrage.functors.net.reassembly import FragmentKey, Reassembler
from pyrage.signatures.arp import ARP
from pyrage.signatures.ethernet import ETHERNET
from pyrage.stdlib import platform
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, Ipv4Prefix, MacAddress
from pyrage.stdlib.net import Ipv4Datagram, MessageTooLarge, NoRoute
from pyrage.stdlib.wire import ethernet
from pyrage.stdlib.wire import ipv4 as wire
from pyrage.stdlib.wire.errors import WireError

E = TypeVar("E", bound=ETHERNET)
A = TypeVar("A", bound=ARP)

MAX_PAYLOAD: Final = 65535 - wire.HEADER_LEN
LIMITED_BROADCAST: Final = 0xFFFFFFFF


class Ipv4(Generic[E, A]):
    def __init__(self, eth: E, arp: A, ipv4: Ipv4Prefix, ipv4_gateway: Ipv4Address | None
                 ) -> None:
        self.eth = eth
        self.arp = arp
        self.config = ipv4
        self.gateway = ipv4_gateway
        self.ident = platform.clock_monotonic() & 0xFFFF
        self.reassembler = Reassembler()
        self.dropped = 0

    def prefix(self) -> Ipv4Prefix:
        return self.config

    def src(self, dst: Ipv4Address) -> Ipv4Address:
        return self.config.address

    def mtu(self) -> int:
        return self.eth.mtu() - wire.HEADER_LEN

    def headroom(self) -> int:
        return ethernet.HEADER_LEN + wire.HEADER_LEN

    # --- sending ----------------------------------------------------------------------------

    async def write(self, dst: Ipv4Address, proto: int, payload: Buffer, ttl: int = 64,
                    dont_fragment: bool = False) -> None:
        if len(payload) > MAX_PAYLOAD:
            raise MessageTooLarge(f"an IPv4 payload of {len(payload)} bytes (at most "
                                  f"{MAX_PAYLOAD})")
        if len(payload) > self.mtu() and dont_fragment:
            raise MessageTooLarge(f"{len(payload)} bytes with fragmentation forbidden (MTU "
                                  f"{self.mtu()})")
        mac = await self.next_hop_mac(dst)
        self.ident = (self.ident + 1) & 0xFFFF
        if len(payload) <= self.mtu():
            await self.send(mac, dst, proto, ttl, dont_fragment, False, 0, payload)
            return
        step = self.mtu() // 8 * 8
        offset = 0
        while offset < len(payload):
            size = min(step, len(payload) - offset)
            piece = Buffer.create(self.headroom() + size).shift(self.headroom())
            piece.blit(payload, offset, 0, size)
            await self.send(mac, dst, proto, ttl, False, offset + size < len(payload), offset,
                            piece)
            offset += size

    async def next_hop_mac(self, dst: Ipv4Address) -> MacAddress:
        if dst.value == LIMITED_BROADCAST or dst == self.config.broadcast():
            return MacAddress.BROADCAST
        if dst.is_multicast():
            return MacAddress.of_ipv4_multicast(dst)
        if self.config.contains(dst):
            return await self.arp.query(dst)
        if self.gateway is None:
            raise NoRoute(f"{dst} is not on {self.config.network()}/{self.config.prefix_len} "
                          "and there is no gateway (--ipv4-gateway)")
        return await self.arp.query(self.gateway)

    async def send(self, mac: MacAddress, dst: Ipv4Address, proto: int, ttl: int,
                   dont_fragment: bool, more: bool, offset: int, payload: Buffer) -> None:
        if payload.headroom() >= self.headroom():
            packet = payload.push(wire.HEADER_LEN)
        else:
            packet = Buffer.create(self.headroom() + len(payload)).shift(ethernet.HEADER_LEN)
            packet.blit(payload, 0, wire.HEADER_LEN, len(payload))
        header = wire.Ipv4Repr(src=self.config.address, dst=dst, proto=proto, ttl=ttl,
                               ident=self.ident, dont_fragment=dont_fragment,
                               more_fragments=more, frag_offset=offset,
                               payload_len=len(payload))
        header.emit(wire.Ipv4Packet(packet))
        await self.eth.write(mac, ethernet.ETHERTYPE_IPV4, packet)

    # --- receiving --------------------------------------------------------------------------

    async def input(self, packet: Buffer) -> Ipv4Datagram | None:
        try:
            view = wire.Ipv4Packet.checked(packet)
            ip = wire.Ipv4Repr.parse(view)
        except WireError:
            self.dropped += 1
            return None
        if not self.for_us(ip.dst):
            self.dropped += 1
            return None
        payload = view.payload()
        header = view.header()
        if not ip.more_fragments and ip.frag_offset == 0:
            return Ipv4Datagram(ip.src, ip.dst, ip.proto, ip.ttl, payload, header)
        key = FragmentKey(ip.src, ip.dst, ip.proto, ip.ident)
        whole = self.reassembler.add(key, ip.frag_offset, ip.more_fragments, payload,
                                     header, platform.clock_monotonic())
        if whole is None:
            return None
        return Ipv4Datagram(ip.src, ip.dst, ip.proto, ip.ttl, whole.payload, whole.header)

    def for_us(self, dst: Ipv4Address) -> bool:
        return dst == self.config.address or dst.value == LIMITED_BROADCAST or \
            dst == self.config.broadcast()
