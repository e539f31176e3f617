"""An ARP cache fed by request/reply packets built and parsed with Buffer: entries age out on
simulated ticks, a class variable counts lookups, Optional results are narrowed.

Features: buffer, fixed-width, bytes, bytes-hex, class, optional, dict, static-classmethod, fstring, tuple
"""

from typing import Optional

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.fixedwidth import u16

OP_REQUEST = 1
OP_REPLY = 2


def ip_str(ip: int) -> str:
    return ".".join(str((ip >> s) & 0xFF) for s in (24, 16, 8, 0))


def mac_str(mac: bytes) -> str:
    return mac.hex(":")


def build_arp(op: int, smac: bytes, sip: int, tmac: bytes, tip: int) -> Buffer:
    pkt = Buffer.create(28)
    pkt.set_u16_be(0, 1)
    pkt.set_u16_be(2, 0x0800)
    pkt.set_u8(4, 6)
    pkt.set_u8(5, 4)
    pkt.set_u16_be(6, op)
    pkt.blit_from_bytes(smac, 0, 8, 6)
    pkt.set_u32_be(14, sip)
    pkt.blit_from_bytes(tmac, 0, 18, 6)
    pkt.set_u32_be(24, tip)
    return pkt


class Entry:
    def __init__(self, mac: bytes, expires: int) -> None:
        self.mac = mac
        self.expires = expires

    def __repr__(self) -> str:
        return f"Entry({mac_str(self.mac)}, exp={self.expires})"


class ArpCache:
    lookups = 0
    hits = 0
    TTL = 5

    def __init__(self, my_ip: int, my_mac: bytes) -> None:
        self.my_ip = my_ip
        self.my_mac = my_mac
        self.table: dict[int, Entry] = {}
        self.now = 0

    def tick(self, n: int = 1) -> list[int]:
        self.now += n
        dead = [ip for ip, e in self.table.items() if e.expires <= self.now]
        for ip in dead:
            del self.table[ip]
        return dead

    def lookup(self, ip: int) -> Optional[bytes]:
        ArpCache.lookups += 1
        e = self.table.get(ip)
        if e is None:
            return None
        ArpCache.hits += 1
        return e.mac

    def input(self, pkt: Buffer) -> Optional[Buffer]:
        op = pkt.get_u16_be(6)
        smac = pkt.sub(8, 6).to_bytes()
        sip = pkt.get_u32_be(14)
        tip = pkt.get_u32_be(24)
        self.table[sip] = Entry(smac, self.now + ArpCache.TTL)
        if op == OP_REQUEST and tip == self.my_ip:
            return build_arp(OP_REPLY, self.my_mac, self.my_ip, smac, sip)
        return None

    @staticmethod
    def describe(pkt: Buffer) -> str:
        sender = f"{ip_str(pkt.get_u32_be(14))} ({mac_str(pkt.sub(8, 6).to_bytes())})"
        if pkt.get_u16_be(6) == OP_REQUEST:
            return f"who-has {ip_str(pkt.get_u32_be(24))} tell {sender}"
        return f"{sender} is-at, to {ip_str(pkt.get_u32_be(24))} htype={u16(pkt.get_u16_be(0))}"


me = ArpCache(0x0A000001, bytes.fromhex("020000000001"))
peers = [(0x0A000002, bytes([2, 0, 0, 0, 0, 2])), (0x0A000003, bytes([2, 0, 0, 0, 0, 3])),
         (0x0A000004, b"\x02\xaa\xbb\xcc\xdd\xee")]
for step, (ip, mac) in enumerate(peers):
    req = build_arp(OP_REQUEST, mac, ip, bytes(6), me.my_ip if step != 1 else 0x0A0000FE)
    print(ArpCache.describe(req))
    reply = me.input(req)
    if reply is not None:
        print("  reply:", ArpCache.describe(reply))
        print("  bytes:", reply.hex()[:32], len(reply))
    else:
        print("  no reply")
    print("  dead:", me.tick(2))
for ip in (0x0A000002, 0x0A000003, 0x0A000004, 0x0A000009):
    found = me.lookup(ip)
    print(f"lookup {ip_str(ip):<12} -> {mac_str(found) if found else 'miss'}")
print(sorted(me.table.items()))
print("dead later:", [ip_str(ip) for ip in me.tick(3)], "left:", list(me.table.values()))
print(f"lookups={ArpCache.lookups} hits={ArpCache.hits} ratio={ArpCache.hits / ArpCache.lookups:.2f}")
