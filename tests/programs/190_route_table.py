"""A longest-prefix-match routing table: CIDR parsing into (network, length), dataclass
routes updated with dataclasses.replace, lookups over prefixes sorted by length, metrics.

Features: class, list, dict, tuple, sorted-min-max, optional, builtin-exception, try-except, fstring, hex-bin-oct
"""

import dataclasses
from dataclasses import dataclass
from typing import Optional


def parse_ip(text: str) -> int:
    parts = text.split(".")
    if len(parts) != 4:
        raise ValueError(f"bad address {text!r}")
    value = 0
    for p in parts:
        octet = int(p)
        if not 0 <= octet <= 255:
            raise ValueError(f"octet out of range in {text!r}")
        value = (value << 8) | octet
    return value


def fmt_ip(v: int) -> str:
    return "%d.%d.%d.%d" % ((v >> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255)


def mask(length: int) -> int:
    return 0xFFFFFFFF ^ ((1 << (32 - length)) - 1)


@dataclass(frozen=True)
class Route:
    network: int
    length: int
    gateway: str
    metric: int = 10

    def contains(self, addr: int) -> bool:
        return (addr & mask(self.length)) == self.network

    def __str__(self) -> str:
        return f"{fmt_ip(self.network)}/{self.length} via {self.gateway} [{self.metric}]"


class Table:
    def __init__(self) -> None:
        self.routes: dict[tuple[int, int], Route] = {}

    def add(self, cidr: str, gateway: str, metric: int = 10) -> Route:
        addr, _, plen = cidr.partition("/")
        length = int(plen) if plen else 32
        net = parse_ip(addr) & mask(length)
        key = (net, length)
        old = self.routes.get(key)
        route = Route(net, length, gateway, metric)
        if old is not None and old.metric < metric:
            route = dataclasses.replace(old, gateway=old.gateway + "+" + gateway)
        self.routes[key] = route
        return route

    def lookup(self, addr: int) -> Optional[Route]:
        ordered = sorted(self.routes.values(), key=lambda r: (-r.length, r.metric))
        for r in ordered:
            if r.contains(addr):
                return r
        return None


t = Table()
for cidr, gw, metric in [("0.0.0.0/0", "isp", 100), ("10.0.0.0/8", "core", 20),
                         ("10.1.0.0/16", "dc1", 10), ("10.1.2.0/24", "rack2", 5),
                         ("10.1.2.77", "host77", 1), ("192.168.0.0/16", "home", 10),
                         ("10.1.0.0/16", "dc1-backup", 50), ("172.16.5.9/12", "vpn", 30)]:
    print("add", t.add(cidr, gw, metric))
for text in ["10.1.2.77", "10.1.2.78", "10.1.9.9", "10.200.0.1", "192.168.4.4", "8.8.8.8",
             "172.31.255.255", "172.32.0.0", "10.1.2", "300.1.1.1", "a.b.c.d"]:
    try:
        addr = parse_ip(text)
    except ValueError as e:
        print(f"{text:<16} error: {e}")
        continue
    r = t.lookup(addr)
    print(f"{text:<16} {addr:#010x} -> {r if r is not None else 'unreachable'}")
print([f"/{n}={mask(n):032b}"[:12] for n in (0, 1, 8, 31, 32)])
by_gw = sorted(t.routes.values(), key=lambda r: r.gateway)
print([r.gateway for r in by_gw], min(t.routes.values(), key=lambda r: r.metric).gateway)
print(len(t.routes), sum(r.metric for r in t.routes.values()), hex(mask(12)))
