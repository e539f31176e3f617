"""Stack[N, E, A, I, C, U, TC]: the direct IPv4 stack (mirage-tcpip's stack-direct).

It owns the layers the generated main.py made (Netif, Ethernet, ARP, IPv4, ICMP, UDP, TCP) and
runs the one receive loop: a frame goes up through Ethernet, then to ARP or IPv4, then to ICMP,
UDP or TCP, each a direct call of the concrete layer (no callbacks, no dispatch). A UDP datagram for a
port nobody listens on gets ICMP port unreachable.

What the loop would have to wait for on the way is done in a task of its own: a reply whose
destination ARP must first find (ICMP echo replies, unreachable errors) cannot block the loop
that would receive ARP's answer. Those tasks are bounded (MAX_ICMP_TASKS here, MAX_HANDLERS in
udp.py), and the loop lets them run every RECEIVE_BATCH frames, so a flood costs dropped
packets, never memory.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Final, Generic, TypeVar

from pyrage.signatures.arp import ARP
from pyrage.signatures.ethernet import ETHERNET
from pyrage.signatures.icmpv4 import ICMPV4
from pyrage.signatures.ipv4 import IPV4
from pyrage.signatures.network import NETWORK
from pyrage.signatures.tcp import CONNECT_TIMEOUT_NS, TCP
from pyrage.signatures.udp import UDP
from pyrage.stdlib import sched
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import TcpFlow, TcpHandler
from pyrage.stdlib.ipaddr import Ipv4Address, Ipv4Prefix
from pyrage.stdlib.net import Disconnected, Ipv4Datagram, UdpHandler
from pyrage.stdlib.wire import ethernet, ipv4

N = TypeVar("N", bound=NETWORK)
E = TypeVar("E", bound=ETHERNET)
A = TypeVar("A", bound=ARP)
I = TypeVar("I", bound=IPV4)
C = TypeVar("C", bound=ICMPV4)
U = TypeVar("U", bound=UDP)
TC = TypeVar("TC", bound=TCP)

PORT_UNREACHABLE: Final = 3
#: Frames handled before the receive loop lets the tasks they made run (a NIC that always has
#: a frame would otherwise keep it busy, and them waiting, forever).
RECEIVE_BATCH: Final = 32
#: ICMP tasks (echo replies, errors) at once; past that an ICMP message goes unanswered.
MAX_ICMP_TASKS: Final = 64


class Stack(Generic[N, E, A, I, C, U, TC]):
    def __init__(self, net: N, eth: E, arp: A, ip: I, icmp: C, udp: U, tcp: TC) -> None:
        self.net = net
        self.eth = eth
        self.arp = arp
        self.ip = ip
        self.icmp = icmp
        self.udp = udp
        self.tcp = tcp
        self.done = sched.Event()
        self.receiver: sched.Task[None] | None = None
        self.icmp_running = 0
        self.icmp_overloaded = 0

    async def connect(self) -> None:
        """Start receiving, then have ARP answer for our address (announcing it)."""
        self.receiver = sched.spawn(self.receive(), name="net:receive")
        await self.arp.set_ips([self.ip.prefix().address])

    async def receive(self) -> None:
        handled = 0
        while True:
            try:
                frame = await self.net.read()
            except Disconnected:
                return
            await self.input(frame)
            handled += 1
            if handled == RECEIVE_BATCH:
                handled = 0
                await sched.checkpoint()

    async def input(self, frame: Buffer) -> None:
        received = self.eth.input(frame)
        if received is None:
            return
        if received.ethertype == ethernet.ETHERTYPE_ARP:
            await self.arp.input(received.payload)
        elif received.ethertype == ethernet.ETHERTYPE_IPV4:
            datagram = await self.ip.input(received.payload)
            if datagram is not None:
                await self.deliver(datagram)

    async def deliver(self, datagram: Ipv4Datagram) -> None:
        if datagram.proto == ipv4.PROTO_TCP:
            await self.tcp.input(datagram)
        elif datagram.proto == ipv4.PROTO_UDP:
            if not await self.udp.input(datagram) and self.icmp_room():
                sched.spawn(self.icmp_task(self.icmp.unreachable(datagram, PORT_UNREACHABLE)),
                            name="icmp:unreachable")
        elif datagram.proto == ipv4.PROTO_ICMP and self.icmp_room():
            sched.spawn(self.icmp_task(self.icmp.input(datagram)), name="icmp")

    def icmp_room(self) -> bool:
        """Whether another ICMP task may start: then it is counted as running (and the message
        in icmp_overloaded when not)."""
        if self.icmp_running < MAX_ICMP_TASKS:
            self.icmp_running += 1
            return True
        self.icmp_overloaded += 1
        return False

    async def icmp_task(self, work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        finally:
            self.icmp_running -= 1

    # --- STACK ------------------------------------------------------------------------------

    def ipv4(self) -> Ipv4Prefix:
        return self.ip.prefix()

    def listen_udp(self, port: int, handler: UdpHandler) -> None:
        self.udp.listen(port, handler)

    def unlisten_udp(self, port: int) -> None:
        self.udp.unlisten(port)

    async def write_udp(self, dst: Ipv4Address, dst_port: int, payload: Buffer | bytes,
                        src_port: int = 0) -> None:
        await self.udp.write(dst, dst_port, payload, src_port)

    def listen_tcp(self, port: int, handler: TcpHandler) -> None:
        self.tcp.listen(port, handler)

    def unlisten_tcp(self, port: int) -> None:
        self.tcp.unlisten(port)

    async def connect_tcp(self, dst: Ipv4Address, port: int,
                          timeout_ns: int = CONNECT_TIMEOUT_NS) -> TcpFlow:
        return await self.tcp.connect(dst, port, timeout_ns)

    async def listen(self) -> None:
        await self.done.wait()

    async def disconnect(self) -> None:
        await self.net.disconnect()
        if self.receiver is not None:
            self.receiver.cancel()
        self.done.set()
