"""tcp-bulk's device graph: a console, the monotonic clock (for the elapsed time), and an IPv4
stack on the NIC "service"."""

import unikernel
from pyrage.config import arg, console, job, mclock, netif, stackv4

job(
    "tcp-bulk",
    unikernel.Main,
    console=console(),
    clock=mclock(),
    stack=stackv4(netif("service")),
    mode=arg("server", "server (accept on --port) or client (connect to --peer)"),
    port=arg(5201, "the TCP port to listen on (server) or connect to (client)"),
    peer=arg("", "client: the address to connect to"),
    send_bytes=arg(0, "bytes of the pattern to send on each connection (server: 0 reads "
                      "everything instead)"),
    recv=arg(False, "client: receive until the server closes, rather than send"),
    hash=arg(True, "SHA-256 of what is sent or received (--hash=false: not computed)"),
    connections=arg(0, "server: exit after this many connections (0: serve forever)"),
    connect_timeout=arg(30, "client: seconds to wait for the handshake"),
)
