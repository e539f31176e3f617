"""Ethernet[N]: Ethernet II framing over a NETWORK (Mirage's ethernet.ml)."""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.signatures.network import NETWORK
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import MacAddress
from pyrage.stdlib.net import EthernetFrame, FrameTooLarge
from pyrage.stdlib.wire import ethernet as wire
from pyrage.stdlib.wire.errors import WireError

N = TypeVar("N", bound=NETWORK)


class Ethernet(Generic[N]):
    """Writes the header in front of a payload (in place when the payload's storage has room
    for it) and parses received frames, keeping those for us."""

    def __init__(self, net: N) -> None:
        self.net = net
        self._mac = net.mac()
        self.dropped = 0  # malformed frames, and frames for other hosts

    def mac(self) -> MacAddress:
        return self._mac

    def mtu(self) -> int:
        return self.net.mtu()

    async def write(self, dst: MacAddress, ethertype: int, payload: Buffer) -> None:
        if len(payload) > self.net.mtu():
            raise FrameTooLarge(f"an Ethernet payload of {len(payload)} bytes (MTU "
                                f"{self.net.mtu()})")
        if payload.headroom() >= wire.HEADER_LEN:
            frame = payload.push(wire.HEADER_LEN)
        else:
            frame = Buffer.create(wire.HEADER_LEN + len(payload))
            frame.blit(payload, 0, wire.HEADER_LEN, len(payload))
        header = wire.EthernetPacket(frame)
        header.set_dst(dst)
        header.set_src(self._mac)
        header.set_ethertype(ethertype)
        await self.net.write(frame)

    def input(self, frame: Buffer) -> EthernetFrame | None:
        try:
            packet = wire.EthernetPacket.checked(frame)
        except WireError:
            self.dropped += 1
            return None
        dst = packet.dst()
        if dst != self._mac and not dst.is_broadcast() and not dst.is_multicast():
            self.dropped += 1
            return None
        return EthernetFrame(packet.src(), dst, packet.ethertype(), packet.payload())
