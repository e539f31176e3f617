"""The socket stack's TCP under test (tests/net/test_socket_tcp.py): an echo server, or a
client that sends a pattern and checks its echo. Compiled with `--net socket`."""

import unikernel
from pyrage.config import arg, console, job, netif, stackv4

job(
    "tcp-app",
    unikernel.Main,
    console=console(),
    stack=stackv4(netif("service")),
    mode=arg("echo", "echo: serve on --port; client: connect to --port"),
    port=arg(7, "the TCP port"),
    size=arg(1048576, "client: the bytes to send"),
    write_size=arg(65536, "client: the bytes of each write"),
    timeout_ms=arg(10000, "client: connect's timeout"),
)
