"""Network devices for config.py: NICs and the IPv4 stack built on them.

    import unikernel
    from pyrage.config import arg, job, netif, stackv4

    job("udp-echo", unikernel.Main, stack=stackv4(netif("service")), port=arg(7, "..."))

`stackv4` is mirage-tcpip's composition root as data: Ethernet over the NIC, ARP over
Ethernet, IPv4 over both, ICMP, UDP and TCP over IPv4, and the stack over all of them; the generated
main.py applies each functor in that order (docs/network.md). Configured with `--net socket`,
the stack is the host kernel's sockets instead (hosted and unix), with no NIC at all.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol, cast

from pyrage.config.dsl import TARGETS, Arg, Device, _caller_line, described
from pyrage.errors import ConfigError

if TYPE_CHECKING:
    from pyrage.signatures.ipv4 import IPV4
    from pyrage.signatures.network import NETWORK
    from pyrage.signatures.stack import STACK
    from pyrage.signatures.tcp import TCP
    from pyrage.signatures.udp import UDP

    class StackV4(STACK, Protocol):
        """stackv4(...) as config.py sees it: a STACK whose layers are devices too."""

        @property
        def udp(self) -> UDP: ...

        @property
        def tcp(self) -> TCP: ...

        @property
        def ip(self) -> IPV4: ...

_NIC_NAME = re.compile(r"^[a-z][a-z0-9_]{0,15}$")
NET = "pyrage.functors.net"


def _everywhere(impl: str) -> dict[str, str]:
    return {t: impl for t in TARGETS}


def netif(name: str = "service") -> NETWORK:
    """NETWORK: the NIC `name`, attached when the unikernel starts (`--net:NAME=TAP`, which
    `pyrage run --net NAME=TAP` passes)."""
    line = _caller_line()
    if not _NIC_NAME.match(name):
        raise ConfigError(f"config.py:{line}: netif({name!r}): a NIC name is a lower-case word "
                          "(letters, digits, _), at most 16 characters")
    return cast("NETWORK", Device("NETWORK", _everywhere("pyrage.impls.netif.Netif"), line,
                                  params={"name": name}))


class StackDevice(Device):
    """stackv4(...)'s result: the STACK, whose layers are devices too (`stack.udp`,
    `stack.ipv4`), for an app that takes a UDP or IPV4 rather than the whole stack."""

    @property
    def udp(self) -> Device:
        return Device("UDP", {}, self.line, parent=self, attribute="udp")

    @property
    def tcp(self) -> Device:
        return Device("TCP", {}, self.line, parent=self, attribute="tcp")

    @property
    def ip(self) -> Device:
        return Device("IPV4", {}, self.line, parent=self, attribute="ip")


def stackv4(net: NETWORK, ipv4: str = "10.0.0.2/24", gateway: str = "",
            prefix: str = "") -> StackV4:
    """STACK: IPv4 (with ARP, ICMP, UDP and TCP) on the NIC `net`. Its boot arguments are
    `--ipv4=ADDR/PREFIX` (default `ipv4`) and `--ipv4-gateway=ADDR` (default `gateway`, empty:
    none); with several stacks, give each a `prefix` ("b" makes --b-ipv4, --b-ipv4-gateway)."""
    line = _caller_line()
    nic = described(net, line, "stackv4(net): net must be a NIC, netif(\"name\")")
    if nic.signature != "NETWORK":
        raise ConfigError(f"config.py:{line}: stackv4(net): net must be a NIC, netif(\"name\")")
    if prefix and not re.match(r"^[a-z][a-z0-9]*$", prefix):
        raise ConfigError(f"config.py:{line}: stackv4(prefix={prefix!r}): a lower-case word")
    dash = f"{prefix}-" if prefix else ""
    address = Arg(f"{dash}ipv4", ipv4, "this stack's IPv4 address and prefix length", line,
                  typed="ipv4-prefix", param="ipv4")
    router = Arg(f"{dash}ipv4-gateway", gateway, "the IPv4 gateway (empty: none)", line,
                 typed="ipv4-or-none", param="ipv4_gateway")
    eth = Device("ETHERNET", _everywhere(f"{NET}.ethernet.Ethernet"), line, deps={"net": nic})
    clock = Device("TIME", _everywhere("pyrage.impls.time.Time"), line)
    arp = Device("ARP", _everywhere(f"{NET}.arp.Arp"), line, deps={"eth": eth, "time": clock})
    ip = Device("IPV4", _everywhere(f"{NET}.ipv4.Ipv4"), line, deps={"eth": eth, "arp": arp},
                args=(address, router))
    icmp = Device("ICMPV4", _everywhere(f"{NET}.icmpv4.Icmpv4"), line, deps={"ip": ip})
    udp = Device("UDP", _everywhere(f"{NET}.udp.Udp"), line, deps={"ip": ip})
    mclock = Device("MCLOCK", _everywhere("pyrage.impls.mclock.Mclock"), line)
    rng = Device("RANDOM", _everywhere("pyrage.impls.random.Random"), line)
    tcp = Device("TCP", _everywhere(f"{NET}.tcp.functor.Tcp"), line,
                 deps={"ip": ip, "time": clock, "clock": mclock, "random": rng})
    sockets = Device("STACK", {"hosted": "pyrage.impls.socket_stack.SocketStack",
                               "unix": "pyrage.impls.socket_stack.SocketStack"}, line,
                     args=(address,), connect=True)
    stack = StackDevice("STACK", _everywhere(f"{NET}.stack.Stack"), line,
                        deps={"net": nic, "eth": eth, "arp": arp, "ip": ip, "icmp": icmp,
                              "udp": udp, "tcp": tcp},
                        connect=True, socket=sockets)
    return cast("StackV4", stack)
