"""DHCP options: a TLV list encoded into bytes and decoded into a dict keyed by IntEnum codes,
addresses joined with map(str, ...), a signed time offset via int.from_bytes(signed=True),
lease times with divmod, and a dataclass lease record updated with replace.

Features: enum, bytes, bytearray, int-bytes, bytes-hex, dict, list, tuple, match, fstring, dataclass, try-except, builtin-exception, divmod-pow-round-abs
"""

from dataclasses import dataclass, replace
from enum import IntEnum


class Opt(IntEnum):
    PAD = 0
    SUBNET = 1
    TIME_OFFSET = 2
    ROUTER = 3
    DNS = 6
    HOSTNAME = 12
    LEASE = 51
    MSG_TYPE = 53
    SERVER_ID = 54
    END = 255


MSG_NAMES = {1: "DISCOVER", 2: "OFFER", 3: "REQUEST", 5: "ACK", 6: "NAK"}


def ip(a: int, b: int, c: int, d: int) -> bytes:
    return bytes([a, b, c, d])


def encode(options: list[tuple[Opt, bytes]]) -> bytes:
    out = bytearray(b"\x63\x82\x53\x63")
    for code, value in options:
        out += bytes([code, len(value)]) + value
    out.append(Opt.END)
    return bytes(out)


def decode(data: bytes) -> dict[int, bytes]:
    if data[:4] != b"\x63\x82\x53\x63":
        raise ValueError(f"bad magic cookie {data[:4].hex()}")
    opts: dict[int, bytes] = {}
    i = 4
    while i < len(data):
        code = data[i]
        if code == Opt.PAD:
            i += 1
            continue
        if code == Opt.END:
            break
        n = data[i + 1]
        if i + 2 + n > len(data):
            raise ValueError(f"option {code} overruns by {i + 2 + n - len(data)}")
        opts[code] = opts.get(code, b"") + data[i + 2:i + 2 + n]
        i += 2 + n
    return opts


def show(code: int, value: bytes) -> str:
    match code:
        case Opt.SUBNET | Opt.SERVER_ID:
            return ".".join(map(str, value))
        case Opt.ROUTER | Opt.DNS:
            return ", ".join(".".join(map(str, value[j:j + 4])) for j in range(0, len(value), 4))
        case Opt.TIME_OFFSET:
            return f"{int.from_bytes(value, 'big', signed=True):+d}s"
        case Opt.LEASE:
            h, rem = divmod(int.from_bytes(value, "big"), 3600)
            return f"{h}h{rem // 60:02d}m"
        case Opt.MSG_TYPE:
            return MSG_NAMES.get(value[0], f"type{value[0]}")
        case Opt.HOSTNAME:
            return value.decode("ascii")
        case _:
            return value.hex()


@dataclass
class Lease:
    client: str
    address: str
    seconds: int
    renewals: int = 0


offer = encode([(Opt.MSG_TYPE, b"\x02"), (Opt.SUBNET, ip(255, 255, 255, 0)),
                (Opt.ROUTER, ip(10, 0, 0, 1)), (Opt.DNS, ip(1, 1, 1, 1) + ip(9, 9, 9, 9)),
                (Opt.TIME_OFFSET, (-18000).to_bytes(4, "big", signed=True)),
                (Opt.LEASE, (86400 + 5400).to_bytes(4, "big")), (Opt.HOSTNAME, b"node-7"),
                (Opt.SERVER_ID, ip(10, 0, 0, 1))])
print(offer.hex(" ", 4))
opts = decode(offer + b"\x00\x00junk")
for code, value in opts.items():
    print(f"  {Opt(code).name:<12} {len(value):>2}B {show(code, value)}")
split = encode([(Opt.HOSTNAME, b"very-long-"), (Opt.HOSTNAME, b"name"), (Opt.PAD, b"")])
print(decode(split), sorted(Opt(c).name for c in opts if c > 10))
lease = Lease("node-7", show(Opt.SUBNET, ip(10, 0, 0, 42)), int.from_bytes(opts[Opt.LEASE], "big"))
renewed = replace(lease, renewals=lease.renewals + 1, seconds=lease.seconds // 2)
print(lease, renewed, lease == renewed, replace(renewed, renewals=0, seconds=91800) == lease)
for bad in [b"\x00\x00\x00\x00\xff", b"\x63\x82\x53\x63\x0c\x09abc", b"\x63\x82\x53\x63\x35"]:
    try:
        print(decode(bad))
    except ValueError as e:
        print("ValueError:", e)
    except IndexError as e:
        print("IndexError:", e)
print(Opt(53), Opt.LEASE + 0, [o.name for o in Opt if o.value % 2], Opt["DNS"] == 6)
