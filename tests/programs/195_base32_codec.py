"""RFC 4648 base32 and base32hex encoding by hand: 5-byte groups packed into a 40-bit int,
alphabet lookup tables as dicts, padding rules, %-formatted reports, and decode errors.

Features: bytes, int-bytes, dict, str-index, str-format-percent, range-step, builtin-exception, try-except, list, fstring
"""

STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
HEX = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
PAD_FOR = {0: 0, 1: 6, 2: 4, 3: 3, 4: 1}


def encode(data: bytes, alphabet: str = STD) -> str:
    out: list[str] = []
    for i in range(0, len(data), 5):
        chunk = data[i:i + 5]
        n = len(chunk)
        group = int.from_bytes(chunk + bytes(5 - n), "big")
        chars = [alphabet[(group >> shift) & 31] for shift in range(35, -1, -5)]
        pad = PAD_FOR[n % 5] if n < 5 else 0
        out.append("".join(chars[:8 - pad]) + "=" * pad)
    return "".join(out)


def decode(text: str, alphabet: str = STD) -> bytes:
    table = {c: i for i, c in enumerate(alphabet)}
    if len(text) % 8:
        raise ValueError("length %d is not a multiple of 8" % len(text))
    out = bytearray()
    for i in range(0, len(text), 8):
        block = text[i:i + 8]
        stripped = block.rstrip("=")
        pad = 8 - len(stripped)
        group = 0
        for c in stripped.upper():
            if c not in table:
                raise ValueError("bad character %r in block %d" % (c, i // 8))
            group = (group << 5) | table[c]
        group <<= 5 * pad
        nbytes = {0: 5, 1: 4, 3: 3, 4: 2, 6: 1}.get(pad)
        if nbytes is None:
            raise ValueError("bad padding %d" % pad)
        out += group.to_bytes(5, "big")[:nbytes]
    return bytes(out)


VECTORS = [b"", b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", b"\x00\xff\x10\x80",
           bytes(range(250, 256)) + b"pyrage"]
for v in VECTORS:
    s = encode(v)
    h = encode(v, HEX)
    ok = decode(s) == v and decode(h, HEX) == v
    print("%-22r %-24s %-24s %s" % (v, s, h, "ok" if ok else "FAIL"))
print("%5.1f%% overhead for 1000 bytes" % (100.0 * (len(encode(bytes(1000))) - 1000) / 1000))
print(decode("mzxw6ytb"), decode("MZXW6YQ="), decode("MY======"))
for bad in ["MZXW6YT", "MZXW6Y1=", "M=======", "AB!CDEFG"]:
    try:
        print(decode(bad))
    except ValueError as e:
        print("ValueError: %s" % e)
totals = {name: sum(len(encode(v, a)) for v in VECTORS) for name, a in (("std", STD), ("hex", HEX))}
print(totals, "%(std)d chars / %(hex)d chars" % totals)
