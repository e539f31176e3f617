"""examples/dns's device graph: a console, an IPv4 stack on the NIC "service", and the zone
files of zones/ compiled into the image (checked when it is configured: a broken zone stops
the build with zones/FILE:LINE)."""

import unikernel
from pyrage.config import arg, console, job, mclock, netif, stackv4
from pyrage.config.dns import zones

job(
    "dns",
    unikernel.Main,
    console=console(),
    stack=stackv4(netif("service")),
    zones=zones("zones"),
    clock=mclock(),
    port=arg(53, "the UDP and TCP port to answer on"),
    rrl_rate=arg(200, "answers per second to one client /24 and kind (0: no limit)"),
    rrl_slip=arg(2, "past the limit, every Nth answer goes truncated (0: drop all)"),
    tcp_idle=arg(10000, "close a TCP connection after this many ms without a query"),
    axfr=arg("", "prefixes allowed zone transfers, comma-separated (empty: none)"),
    cache=arg(256, "KiB of encoded UDP answers kept for repeated queries (0: none)"),
    verbose=arg(False, "log every query"),
)
