"""What the network signatures share: typed errors, received datagrams, and counters.

The signatures (pyrage/signatures/{network,ethernet,arp,ipv4,icmpv4,udp,stack}.py) speak in
these types, so an app handles a `NetError` the same way whichever stack it runs on (the direct
stack of pyrage/functors/net, or the socket stack of pyrage/impls).
"""

from __future__ import annotations

from typing import Any, Callable, Coroutine

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, MacAddress

# --- errors -----------------------------------------------------------------------------------


class NetError(Exception):
    """Base of every error the network signatures raise."""


class Disconnected(NetError):
    """The device or stack was disconnected (or never attached)."""


class FrameTooLarge(NetError):
    """A frame longer than the device's MTU allows (or shorter than an Ethernet header)."""


class MessageTooLarge(NetError):
    """A datagram that cannot be sent: larger than IPv4 allows, or larger than the path MTU
    with fragmentation forbidden."""


class NoRoute(NetError):
    """No configured network reaches the destination, and there is no gateway."""


class ArpTimeout(NetError):
    """Nobody answered ARP for an address on the link (after the retries)."""

    def __init__(self, ip: Ipv4Address) -> None:
        super().__init__(f"no ARP reply from {ip}")
        self.ip = ip


class PortInUse(NetError):
    """listen() on a port that already has a listener."""

    def __init__(self, port: int) -> None:
        super().__init__(f"port {port} already has a listener")
        self.port = port


class ConnectionRefused(NetError):
    """connect(): the peer answered the SYN with a reset (nobody listens on the port)."""


class ConnectionReset(NetError):
    """The peer reset the connection (or the stack aborted it): reads and writes fail."""


class ConnectionTimedOut(NetError):
    """connect() got no answer in time, or the peer stopped acknowledging (retransmissions or
    keepalive probes ran out)."""


class NoFreePort(NetError):
    """connect(): every ephemeral port is taken for that destination."""


class FlowClosed(NetError):
    """write() after shutdown() or close() of the flow."""


# --- what the layers hand up ------------------------------------------------------------------


class EthernetFrame:
    """A received Ethernet frame for us: its addresses, EtherType and payload (a view)."""

    def __init__(self, src: MacAddress, dst: MacAddress, ethertype: int, payload: Buffer) -> None:
        self.src = src
        self.dst = dst
        self.ethertype = ethertype
        self.payload = payload


class Ipv4Datagram:
    """A received IPv4 datagram for us, reassembled: addresses, protocol, TTL, payload, and
    the header it came with (what ICMP quotes in an error)."""

    def __init__(self, src: Ipv4Address, dst: Ipv4Address, proto: int, ttl: int,
                 payload: Buffer, header: Buffer) -> None:
        self.src = src
        self.dst = dst
        self.proto = proto
        self.ttl = ttl
        self.payload = payload
        self.header = header


class UdpDatagram:
    """A received UDP datagram: where it came from, where it went, and its payload (a view
    into the frame it arrived in: keep it, or copy what you need with `data()`)."""

    def __init__(self, src: Ipv4Address, src_port: int, dst: Ipv4Address, dst_port: int,
                 payload: Buffer) -> None:
        self.src = src
        self.src_port = src_port
        self.dst = dst
        self.dst_port = dst_port
        self.payload = payload

    def data(self) -> bytes:
        """The payload as bytes (a copy)."""
        return self.payload.to_bytes()


#: A UDP listener: an async function called, as a task of its own, for each datagram.
UdpHandler = Callable[[UdpDatagram], Coroutine[Any, Any, None]]


# --- counters ---------------------------------------------------------------------------------


class NetStats:
    """A device's counters (Mirage's stats counters), since creation or reset_stats()."""

    def __init__(self) -> None:
        self.rx_frames = 0
        self.rx_bytes = 0
        self.tx_frames = 0
        self.tx_bytes = 0
        #: Frames the platform had no room for at once (the writer waited).
        self.tx_waits = 0

    def __repr__(self) -> str:
        return (f"NetStats(rx_frames={self.rx_frames}, rx_bytes={self.rx_bytes}, "
                f"tx_frames={self.tx_frames}, tx_bytes={self.tx_bytes}, "
                f"tx_waits={self.tx_waits})")
