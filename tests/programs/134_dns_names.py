"""DNS name encoding: length-prefixed labels, compression pointers, and validation.

Features: bytes, bytearray, str-methods, dict, list, user-exception, try-except, fixed-width
"""


class DnsNameError(Exception):
    pass


def encode(name: str, table: dict[str, int], offset: int) -> bytes:
    out = bytearray()
    labels = name.rstrip(".").split(".") if name.strip(".") else []
    for i in range(len(labels)):
        suffix = ".".join(labels[i:]).lower()
        if suffix in table:
            ptr = 0xC000 | table[suffix]
            out += ptr.to_bytes(2, "big")
            return bytes(out)
        label = labels[i].encode()
        if not 0 < len(label) < 64:
            raise DnsNameError(f"bad label length {len(label)} in {name!r}")
        table[suffix] = offset + len(out)
        out.append(len(label))
        out += label
    out.append(0)
    return bytes(out)


def decode(msg: bytes, pos: int) -> tuple[str, int]:
    labels: list[str] = []
    end = -1
    hops = 0
    while True:
        n = msg[pos]
        if n & 0xC0 == 0xC0:
            if end < 0:
                end = pos + 2
            pos = int.from_bytes(msg[pos:pos + 2], "big") & 0x3FFF
            hops += 1
            if hops > 10:
                raise DnsNameError("pointer loop")
            continue
        if n == 0:
            return ".".join(labels) + ".", end if end >= 0 else pos + 1
        labels.append(msg[pos + 1:pos + 1 + n].decode())
        pos += 1 + n


table: dict[str, int] = {}
msg = b""
starts = []
for name in ["www.example.com", "mail.example.com", "example.com.", "WWW.Example.COM", "."]:
    starts.append(len(msg))
    msg += encode(name, table, len(msg))
print(msg.hex(" "))
print(sorted(table.items(), key=lambda kv: kv[1]))
for s in starts:
    print(s, decode(msg, s))
try:
    encode("a." + "x" * 64 + ".com", {}, 0)
except DnsNameError as e:
    print("error:", str(e)[:40])
try:
    decode(b"\xc0\x00", 0)
except DnsNameError as e:
    print("error:", e)
