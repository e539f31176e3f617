"""Build and parse UDP datagrams with a pseudo-header checksum, then round-trip several payloads.

Features: fixed-width, int-bytes, bytes, user-exception, try-except, class, fstring
"""


class PacketError(Exception):
    pass


def fold(total: int) -> int:
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def ones_sum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\x00"
    return fold(sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)))


class Udp:
    def __init__(self, src_ip: bytes, dst_ip: bytes) -> None:
        self.pseudo = src_ip + dst_ip + b"\x00\x11"

    def build(self, sport: int, dport: int, payload: bytes) -> bytes:
        length = 8 + len(payload)
        head = sport.to_bytes(2, "big") + dport.to_bytes(2, "big") + length.to_bytes(2, "big")
        csum = ~ones_sum(self.pseudo + length.to_bytes(2, "big") + head + b"\0\0" + payload) & 0xFFFF
        return head + (csum or 0xFFFF).to_bytes(2, "big") + payload

    def parse(self, raw: bytes) -> tuple[int, int, bytes]:
        if len(raw) < 8:
            raise PacketError(f"short datagram: {len(raw)} bytes")
        length = int.from_bytes(raw[4:6], "big")
        if length != len(raw):
            raise PacketError(f"length field {length} != {len(raw)}")
        if ones_sum(self.pseudo + raw[4:6] + raw) != 0xFFFF:
            raise PacketError("bad checksum")
        return int.from_bytes(raw[0:2], "big"), int.from_bytes(raw[2:4], "big"), raw[8:]


udp = Udp(bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
for sport, dport, payload in [(5353, 53, b"query"), (40000, 8080, b"odd!!"), (1, 2, b"")]:
    d = udp.build(sport, dport, payload)
    print(d.hex(), udp.parse(d))

good = udp.build(1234, 80, b"GET /")
for bad in [good[:5], good + b"x", good[:-1] + b"?", good]:
    try:
        print("ok", udp.parse(bad))
    except PacketError as e:
        print("rejected:", e)
