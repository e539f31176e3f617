"""TCP option parsing over a Buffer view: kind/length TLVs matched by kind, MSS, window
scale, SACK blocks as tuple[int, ...], timestamps; malformed lengths caught as IndexError.

Features: buffer, match, tuple, list, dict, try-except, builtin-exception, fstring, bytes, bytes-hex, optional
"""

from typing import Optional

from pyrage.stdlib.buffer import Buffer

Option = tuple[str, tuple[int, ...]]


def parse_options(buf: Buffer) -> list[Option]:
    out: list[Option] = []
    at = 0
    while at < len(buf):
        kind = buf.get_u8(at)
        match kind:
            case 0:
                out.append(("EOL", ()))
                break
            case 1:
                out.append(("NOP", ()))
                at += 1
                continue
        length = buf.get_u8(at + 1)
        if length < 2:
            raise ValueError(f"option {kind} has length {length}")
        body = buf.sub(at + 2, length - 2)
        match kind, length:
            case 2, 4:
                out.append(("MSS", (body.get_u16_be(0),)))
            case 3, 3:
                out.append(("WS", (body.get_u8(0),)))
            case 4, 2:
                out.append(("SACK-OK", ()))
            case 5, n if (n - 2) % 8 == 0:
                edges = tuple(body.get_u32_be(i) for i in range(0, n - 2, 4))
                out.append(("SACK", edges))
            case 8, 10:
                out.append(("TS", (body.get_u32_be(0), body.get_u32_be(4))))
            case _:
                out.append((f"kind{kind}", tuple(body.to_bytes())))
        at += length
    return out


def find(opts: list[Option], name: str) -> Optional[tuple[int, ...]]:
    for n, vals in opts:
        if n == name:
            return vals
    return None


def build(parts: list[bytes]) -> Buffer:
    return Buffer.of_bytes(b"".join(parts))


SYN = build([b"\x02\x04\x05\xb4", b"\x01", b"\x03\x03\x07", b"\x04\x02",
            b"\x08\x0a\x00\x01\x02\x03\x00\x00\x00\x00", b"\x00\x00"])
ACK = build([b"\x01\x01", b"\x05\x12", (1000).to_bytes(4, "big"), (2000).to_bytes(4, "big"),
            (3000).to_bytes(4, "big"), (4500).to_bytes(4, "big")])
ODD = build([b"\x1e\x05abc", b"\x01\x00"])
BAD = [build([b"\x02\x04\x05"]), build([b"\x08\x0a\x00"]), build([b"\x02\x01"]), build([b"\x05"])]

for label, buf in [("syn", SYN), ("ack", ACK), ("odd", ODD)]:
    opts = parse_options(buf)
    print(f"{label}: {buf.hex()}")
    for name, vals in opts:
        print(f"   {name:<8} {vals}")
    mss = find(opts, "MSS")
    ws = find(opts, "WS")
    print(f"   mss={mss[0] if mss else 536} scale={1 << ws[0] if ws is not None else 1}")
sack = find(parse_options(ACK), "SACK")
if sack is not None:
    first, *middle, last = sack
    pairs = list(zip(sack[0::2], sack[1::2]))
    print(first, middle, last, pairs, sum(b - a for a, b in pairs))
for buf in BAD:
    try:
        print(parse_options(buf))
    except IndexError as e:
        print("IndexError:", e)
    except ValueError as e:
        print("ValueError:", e)
counts: dict[str, int] = {}
for buf in (SYN, ACK, ODD):
    for name, _ in parse_options(buf):
        counts[name] = counts.get(name, 0) + 1
print(counts)
