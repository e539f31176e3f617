"""TCP: reliable byte streams to ports (Mirage's Tcp.S)."""

from __future__ import annotations

from typing import Final, Protocol

from pyrage.stdlib.flow import TcpFlow, TcpHandler
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.net import Ipv4Datagram

#: connect()'s default: give up on an unanswered SYN after this long (Linux's is about 127 s
#: with its 6 retries; a unikernel that waits on a dead peer that long is rarely what one wants).
CONNECT_TIMEOUT_NS: Final = 30_000_000_000


class TCP(Protocol):
    """Listens on ports and connects to peers; each connection is a TcpFlow
    (pyrage/stdlib/flow.py: read, write, writev, shutdown, close, abort, set_nodelay,
    set_keepalive, src/src_port/dst/dst_port)."""

    def listen(self, port: int, handler: TcpHandler, backlog: int = 128) -> None:
        """tcp.listen(port, handler, backlog=128)

        From now on, each connection to port runs `await handler(flow)` as a task of its own
        once the handshake completes. At most `backlog` handshakes wait half-open (past that,
        SYN cookies answer). Raises PortInUse when port has a listener, ValueError outside
        1..65535. The flow is closed when the handler returns (or raises) if it did not close
        it itself.
        """
        ...

    def unlisten(self, port: int) -> None:
        """tcp.unlisten(port): new connections to port are refused (RST); flows already
        accepted go on."""
        ...

    async def connect(self, dst: Ipv4Address, port: int,
                      timeout_ns: int = CONNECT_TIMEOUT_NS) -> TcpFlow:
        """await tcp.connect(dst, port, timeout_ns=30 s) -> TcpFlow

        Opens a connection from an ephemeral port. Raises ConnectionRefused (the peer reset
        the SYN), ConnectionTimedOut (no answer within timeout_ns), NoFreePort (every
        ephemeral port is taken for dst:port), and what IPV4.write raises.
        """
        ...

    async def input(self, datagram: Ipv4Datagram) -> None:
        """await tcp.input(datagram): a received TCP segment (from the stack's receive loop).
        A malformed segment or bad checksum is counted and dropped; a segment for no
        connection and no listener is answered with RST. Never raises."""
        ...
