"""examples/dns's device graph: a console, an IPv4 stack on the NIC "service", and the zone
files of zones/ compiled into the image (checked when it is configured: a broken zone stops
the build with zones/FILE:LINE)."""

from pyrage.config import arg, console, job, mclock, netif, stackv4
from pyrage.config.dns import zones

job(
    name="dns",
    main="unikernel.Main",
    devices={"console": console(), "stack": stackv4(netif("service")),
             "zones": zones("zones"), "clock": mclock()},
    args=[
        arg("port", 53, "the UDP and TCP port to answer on"),
        arg("rrl-rate", 200, "answers per second to one client /24 and kind (0: no limit)"),
        arg("rrl-slip", 2, "past the limit, every Nth answer goes truncated (0: drop all)"),
        arg("tcp-idle", 10000, "close a TCP connection after this many ms without a query"),
        arg("axfr", "", "prefixes allowed zone transfers, comma-separated (empty: none)"),
        arg("cache", 256, "KiB of encoded UDP answers kept for repeated queries (0: none)"),
        arg("verbose", False, "log every query"),
    ],
)
