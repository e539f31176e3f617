"""The socket stack's TCP under test (tests/net/test_socket_tcp.py): an echo server, or a
client that sends a pattern and checks its echo. Compiled with `--net socket`."""

from pyrage.config import arg, console, job, netif, stackv4

job(
    name="tcp-app",
    main="unikernel.Main",
    devices={"console": console(), "stack": stackv4(netif("service"))},
    args=[
        arg("mode", "echo", "echo: serve on --port; client: connect to --port"),
        arg("port", 7, "the TCP port"),
        arg("size", 1048576, "client: the bytes to send"),
        arg("write-size", 65536, "client: the bytes of each write"),
        arg("timeout-ms", 10000, "client: connect's timeout"),
    ],
)
