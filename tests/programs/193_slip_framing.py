"""SLIP and COBS framing of packets over a byte stream: bytearray building with append/extend,
slice assignment and deletion, a streaming decoder fed in chunks, and round-trip checks.

Features: bytearray, bytes, bytes-hex, list, class, fstring, builtin-exception, try-except, enumerate-zip
"""

END = 0xC0
ESC = 0xDB
ESC_END = 0xDC
ESC_ESC = 0xDD


def slip_encode(pkt: bytes) -> bytes:
    out = bytearray([END])
    for b in pkt:
        if b == END:
            out.extend(bytes([ESC, ESC_END]))
        elif b == ESC:
            out += bytes([ESC, ESC_ESC])
        else:
            out.append(b)
    out.append(END)
    return bytes(out)


class SlipDecoder:
    def __init__(self) -> None:
        self.buf = bytearray()
        self.escaped = False
        self.frames: list[bytes] = []
        self.errors = 0

    def feed(self, chunk: bytes) -> int:
        before = len(self.frames)
        for b in chunk:
            if self.escaped:
                self.escaped = False
                if b == ESC_END:
                    self.buf.append(END)
                elif b == ESC_ESC:
                    self.buf.append(ESC)
                else:
                    self.errors += 1
                    self.buf.clear()
            elif b == ESC:
                self.escaped = True
            elif b == END:
                if self.buf:
                    self.frames.append(bytes(self.buf))
                    del self.buf[:]
            else:
                self.buf.append(b)
        return len(self.frames) - before


def cobs_encode(data: bytes) -> bytes:
    out = bytearray([0])
    code_at = 0
    for b in data:
        if b == 0:
            out[code_at] = len(out) - code_at
            code_at = len(out)
            out.append(0)
        else:
            out.append(b)
            if len(out) - code_at == 0xFF:
                out[code_at] = 0xFF
                code_at = len(out)
                out.append(0)
    out[code_at] = len(out) - code_at
    return bytes(out)


def cobs_decode(data: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(data):
        code = data[i]
        if code == 0 or i + code > len(data):
            raise ValueError(f"bad COBS code {code} at {i}")
        out += data[i + 1:i + code]
        i += code
        if code < 0xFF and i < len(data):
            out.append(0)
    return bytes(out)


packets = [b"hello", bytes([1, END, 2, ESC, 3]), b"\xc0\xc0", b"", b"\x00\x11\x00\x00\x22"]
stream = b"".join(slip_encode(p) for p in packets)
print(stream.hex(" "))
dec = SlipDecoder()
pieces = [stream[i:i + 4] for i in range(0, len(stream), 4)]
print([dec.feed(p) for p in pieces], dec.frames == [p for p in packets if p])
dec.feed(bytes([END, 0x41, ESC, 0x99, 0x42, END, 0x43, END]))
print(dec.frames[-1], dec.errors, len(dec.frames))
for p in packets + [bytes(range(1, 8)), bytes(300)[:5]]:
    enc = cobs_encode(p)
    back = cobs_decode(enc)
    print(f"{p.hex():<14} -> {enc.hex():<18} ok={back == p} zero-free={0 not in enc}")
long = bytes((i % 255) + 1 for i in range(260))
enc = cobs_encode(long)
print(len(enc), enc[0], enc[255], cobs_decode(enc) == long)
frame = bytearray(slip_encode(b"abcdef"))
frame[2:4] = b"XYZ"
del frame[-3:-1]
frame[0:0] = b"\x00"
print(frame, frame.hex(), frame.count(END), frame.find(b"Z"))
for bad in [b"\x05ab", b"\x00"]:
    try:
        print(cobs_decode(bad))
    except ValueError as e:
        print("ValueError:", e)
