"""tcp-echo's device graph: a console, and an IPv4 stack on the NIC "service"."""

from pyrage.config import arg, console, job, netif, stackv4

job(
    name="tcp-echo",
    main="unikernel.Main",
    devices={"console": console(), "stack": stackv4(netif("service"))},
    args=[
        arg("port", 7, "the TCP port to echo on"),
        arg("verbose", False, "log every connection"),
    ],
)
