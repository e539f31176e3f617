"""Icmpv4[I]: echo replies and port-unreachable errors (RFC 792, RFC 1122 §3.2.2)."""

from __future__ import annotations

from typing import Final, Generic, TypeVar

from pyrage.signatures.ipv4 import IPV4
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.net import Ipv4Datagram, NetError
from pyrage.stdlib.wire import icmpv4 as wire
from pyrage.stdlib.wire import ipv4
from pyrage.stdlib.wire.errors import WireError

I = TypeVar("I", bound=IPV4)

#: What an error quotes of the datagram it is about: its header and 8 bytes of payload.
QUOTED_PAYLOAD: Final = 8


class Icmpv4(Generic[I]):
    def __init__(self, ip: I) -> None:
        self.ip = ip
        self.dropped = 0
        self.echoes = 0

    async def input(self, datagram: Ipv4Datagram) -> None:
        try:
            message = wire.Icmpv4Packet.checked(datagram.payload)
        except WireError:
            self.dropped += 1
            return
        if not message.verify_checksum():
            self.dropped += 1
            return
        if message.msg_type() != wire.TYPE_ECHO_REQUEST or datagram.dst != self.ip.src(
                datagram.src):
            return  # replies and errors are for the app; we only answer pings to us
        reply = self.packet(len(datagram.payload))
        reply.blit(datagram.payload, 0, 0, len(datagram.payload))
        out = wire.Icmpv4Packet(reply)
        out.set_msg_type(wire.TYPE_ECHO_REPLY)
        out.set_code(0)
        out.fill_checksum()
        self.echoes += 1
        await self.reply(datagram, reply)

    async def unreachable(self, datagram: Ipv4Datagram, code: int) -> None:
        if datagram.proto == ipv4.PROTO_ICMP or datagram.dst != self.ip.src(datagram.src):
            return  # never about an ICMP message, nor about a broadcast (RFC 1122)
        quoted = min(len(datagram.payload), QUOTED_PAYLOAD)
        body = self.packet(wire.HEADER_LEN + len(datagram.header) + quoted)
        body.blit(datagram.header, 0, wire.HEADER_LEN, len(datagram.header))
        body.blit(datagram.payload, 0, wire.HEADER_LEN + len(datagram.header), quoted)
        out = wire.Icmpv4Packet(body)
        out.set_msg_type(wire.TYPE_DEST_UNREACHABLE)
        out.set_code(code)
        out.set_rest(0)
        out.fill_checksum()
        await self.reply(datagram, body)

    def packet(self, size: int) -> Buffer:
        """A zeroed buffer of `size` bytes with room for the IPv4 and link headers."""
        return Buffer.create(self.ip.headroom() + size).shift(self.ip.headroom())

    async def reply(self, datagram: Ipv4Datagram, body: Buffer) -> None:
        try:
            await self.ip.write(datagram.src, ipv4.PROTO_ICMP, body)
        except NetError:
            self.dropped += 1  # no route or no ARP answer: a reply is not worth more
