"""tcp-echo's device graph: a console, and an IPv4 stack on the NIC "service"."""

import unikernel
from pyrage.config import arg, console, job, netif, stackv4

job(
    "tcp-echo",
    unikernel.Main,
    console=console(),
    stack=stackv4(netif("service")),
    port=arg(7, "the TCP port to echo on"),
    verbose=arg(False, "log every connection"),
)
