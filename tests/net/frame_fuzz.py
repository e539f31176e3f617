"""Random and mutated Ethernet frames for a unikernel's tap (tests/net/test_frame_fuzz.py).

Byte-level and fast (no scapy): a million frames must be made in seconds. A third are random
bytes (some addressed to the unikernel, some broadcast), the rest are valid frames of every kind
the stack handles (ARP, ICMP echo, UDP to the echo port and to a closed one, IPv4 fragments,
IPv4 options) with one to four mutations: bytes flipped or set to a boundary value, a header
field (lengths, IHL, fragment offset, protocol, ARP sizes) replaced, the frame cut or extended.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Callable, Iterator

ETH_IPV4, ETH_ARP = 0x0800, 0x0806
BROADCAST = b"\xff" * 6


def internet_checksum(data: bytes) -> int:
    """RFC 1071, written here independently of the stack under test."""
    if len(data) % 2:
        data += b"\0"
    total: int = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4_header(src: bytes, dst: bytes, proto: int, payload_len: int, *, ident: int = 1,
                flags_frag: int = 0, options: bytes = b"", ttl: int = 64) -> bytes:
    ihl = 5 + len(options) // 4
    header = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + payload_len, ident,
                         flags_frag, ttl, proto, 0, src, dst) + options
    return header[:10] + struct.pack("!H", internet_checksum(header)) + header[12:]


def udp_segment(src: bytes, dst: bytes, sport: int, dport: int, data: bytes) -> bytes:
    length = 8 + len(data)
    pseudo = src + dst + struct.pack("!BBH", 0, 17, length)
    segment = struct.pack("!HHHH", sport, dport, length, 0) + data
    checksum = internet_checksum(pseudo + segment) or 0xFFFF
    return segment[:6] + struct.pack("!H", checksum) + segment[8:]


def icmp_echo(ident: int, seq: int, data: bytes) -> bytes:
    message = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + data
    return message[:2] + struct.pack("!H", internet_checksum(message)) + message[4:]


class FrameMaker:
    """Frames from a peer (`peer_mac`, `peer_ip`) to the unikernel (`guest_mac`, `guest_ip`);
    addresses as bytes. Deterministic for a seed."""

    def __init__(self, seed: int, guest_mac: bytes, guest_ip: bytes, peer_mac: bytes,
                 peer_ip: bytes, echo_port: int = 7) -> None:
        self.rng = random.Random(seed)
        self.guest_mac, self.guest_ip = guest_mac, guest_ip
        self.peer_mac, self.peer_ip = peer_mac, peer_ip
        self.echo_port = echo_port
        self.templates: list[Callable[[], bytes]] = [
            self.arp_request, self.echo_request, self.udp_echo, self.udp_closed,
            self.fragment, self.with_options]

    # -- valid frames -----------------------------------------------------------------------
    def ether(self, ethertype: int, payload: bytes, dst: bytes | None = None) -> bytes:
        return (dst or self.guest_mac) + self.peer_mac + struct.pack("!H", ethertype) + payload

    def ip(self, proto: int, payload: bytes, *, ident: int = 1, flags_frag: int = 0,
           options: bytes = b"") -> bytes:
        header = ipv4_header(self.peer_ip, self.guest_ip, proto, len(payload), ident=ident,
                             flags_frag=flags_frag, options=options)
        return self.ether(ETH_IPV4, header + payload)

    def arp_request(self) -> bytes:
        arp = struct.pack("!HHBBH6s4s6s4s", 1, ETH_IPV4, 6, 4, 1, self.peer_mac, self.peer_ip,
                          b"\0" * 6, self.guest_ip)
        return self.ether(ETH_ARP, arp, dst=BROADCAST)

    def echo_request(self) -> bytes:
        data = self.rng.randbytes(self.rng.randrange(0, 64))
        return self.ip(1, icmp_echo(self.rng.randrange(65536), self.rng.randrange(65536), data))

    def udp_echo(self) -> bytes:
        data = self.rng.randbytes(self.rng.randrange(0, 96))
        sport = self.rng.randrange(1024, 65536)
        return self.ip(17, udp_segment(self.peer_ip, self.guest_ip, sport, self.echo_port, data))

    def udp_closed(self) -> bytes:
        return self.ip(17, udp_segment(self.peer_ip, self.guest_ip, 40000,
                                       self.rng.randrange(8, 7000) | 1, b"x" * 8))

    def fragment(self) -> bytes:
        """One fragment of a UDP datagram (first, middle or last; most never completed)."""
        offset = self.rng.choice([0, 0, 1, 2, 185, 8190])
        more = self.rng.random() < 0.7
        payload = self.rng.randbytes(8 * self.rng.randrange(1, 24))
        return self.ip(17, payload, ident=self.rng.randrange(64),
                       flags_frag=(0x2000 if more else 0) | offset)

    def with_options(self) -> bytes:
        options = self.rng.choice([b"\x01\x01\x01\x00", b"\x07\x07\x04\x00\x00\x00\x00\x00",
                                   b"\x44\x08\x05\x00\x00\x00\x00\x00", b"\x00\x00\x00\x00"])
        return self.ip(1, icmp_echo(1, 1, b"opt"), options=options)

    # -- mutations --------------------------------------------------------------------------
    def mutate(self, frame: bytes) -> bytes:
        rng = self.rng
        buf = bytearray(frame)
        for _ in range(rng.randrange(1, 5)):
            kind = rng.randrange(6)
            if kind == 0 and buf:  # flip bits
                buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
            elif kind == 1 and buf:  # a boundary value
                buf[rng.randrange(len(buf))] = rng.choice([0, 1, 0x7F, 0x80, 0xFF])
            elif kind == 2 and len(buf) >= 34:  # an IPv4 or ARP header field
                at = rng.choice([14, 16, 17, 18, 20, 21, 23, 24, 25])  # IHL, lengths, frag...
                buf[at] = rng.randrange(256)
            elif kind == 3:  # cut
                del buf[rng.randrange(14, max(15, len(buf))):]
            elif kind == 4:  # extend
                buf += rng.randbytes(rng.randrange(1, 64))
            else:  # a 16-bit length or checksum field set to a boundary value
                if len(buf) >= 42:
                    at = rng.choice([16, 24, 38, 40])
                    buf[at:at + 2] = struct.pack("!H", rng.choice([0, 1, 8, 19, 20, 0xFFFF]))
        if len(buf) < 14:
            buf += bytes(14 - len(buf))
        return bytes(buf[:1514])

    def random_frame(self) -> bytes:
        rng = self.rng
        dst = rng.choice([self.guest_mac, BROADCAST, rng.randbytes(6)])
        ethertype = rng.choice([ETH_IPV4, ETH_ARP, rng.randrange(65536)])
        return dst + rng.randbytes(6) + struct.pack("!H", ethertype) + \
            rng.randbytes(rng.randrange(0, 200))

    def frames(self) -> Iterator[bytes]:
        """Endless: a third random, the rest mutated valid frames."""
        rng = self.rng
        while True:
            if rng.random() < 1 / 3:
                yield self.random_frame()
            else:
                yield self.mutate(rng.choice(self.templates)())
