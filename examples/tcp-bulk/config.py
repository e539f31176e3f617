"""tcp-bulk's device graph: a console, the monotonic clock (for the elapsed time), and an IPv4
stack on the NIC "service"."""

from pyrage.config import arg, console, job, mclock, netif, stackv4

job(
    name="tcp-bulk",
    main="unikernel.Main",
    devices={"console": console(), "clock": mclock(), "stack": stackv4(netif("service"))},
    args=[
        arg("mode", "server", "server (accept on --port) or client (connect to --peer)"),
        arg("port", 5201, "the TCP port to listen on (server) or connect to (client)"),
        arg("peer", "", "client: the address to connect to"),
        arg("send-bytes", 0, "bytes of the pattern to send on each connection (server: 0 "
            "reads everything instead)"),
        arg("recv", False, "client: receive until the server closes, rather than send"),
        arg("hash", True, "SHA-256 of what is sent or received (--hash=false: not computed)"),
        arg("connections", 0, "server: exit after this many connections (0: serve forever)"),
        arg("connect-timeout", 30, "client: seconds to wait for the handshake"),
    ],
)
