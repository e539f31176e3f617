"""IPv4 CIDR arithmetic: parsing dotted quads, netmasks, network/broadcast, containment, splitting.

Features: fixed-width, int-base, hex-bin-oct, str-methods, tuple, list, user-exception, try-except
"""


class AddrError(Exception):
    pass


def parse_ip(text: str) -> int:
    parts = text.split(".")
    if len(parts) != 4:
        raise AddrError(f"{text!r}: expected 4 octets")
    n = 0
    for p in parts:
        v = int(p, 10)
        if not 0 <= v <= 255:
            raise AddrError(f"{text!r}: octet {v} out of range")
        n = n << 8 | v
    return n


def fmt(n: int) -> str:
    return ".".join(str(n >> s & 0xFF) for s in (24, 16, 8, 0))


def parse_cidr(text: str) -> tuple[int, int]:
    addr, _, bits = text.partition("/")
    prefix = int(bits or "32")
    mask = ((1 << prefix) - 1) << (32 - prefix)
    return parse_ip(addr) & mask, prefix


def describe(text: str) -> str:
    net, prefix = parse_cidr(text)
    mask = ((1 << prefix) - 1) << (32 - prefix)
    bcast = net | (~mask & 0xFFFFFFFF)
    hosts = max(0, (1 << (32 - prefix)) - 2)
    return f"{fmt(net)}/{prefix} mask {fmt(mask)} ({mask:#010x}) bcast {fmt(bcast)} hosts {hosts}"


def contains(cidr: str, ip: str) -> bool:
    net, prefix = parse_cidr(cidr)
    return parse_ip(ip) >> (32 - prefix) == net >> (32 - prefix) if prefix else True


def split(cidr: str) -> list[str]:
    net, prefix = parse_cidr(cidr)
    half = 1 << (31 - prefix)
    return [f"{fmt(net)}/{prefix + 1}", f"{fmt(net + half)}/{prefix + 1}"]


for c in ["192.168.1.77/24", "10.0.0.0/8", "172.16.5.4/30", "8.8.8.8", "0.0.0.0/0"]:
    print(describe(c))
print(contains("10.0.0.0/8", "10.200.3.4"), contains("192.168.1.0/24", "192.168.2.1"),
      contains("0.0.0.0/0", "1.2.3.4"))
print(split("192.168.0.0/16"), split("10.1.2.0/31"))
print(bin(parse_ip("255.255.240.0")).count("1"), hex(parse_ip("127.0.0.1")), int("0xc0a80001", 16))
for bad in ["1.2.3", "1.2.3.256", "a.b.c.d"]:
    try:
        parse_ip(bad)
    except AddrError as e:
        print("AddrError:", e)
    except ValueError as e:
        print("ValueError:", e)
