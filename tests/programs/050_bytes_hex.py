"""bytes.hex with separators, bytes.fromhex with whitespace, and a hex dump of a message.

Features: bytes-hex, bytes, str-methods, builtin-exception, try-except, range-step
"""

data = "Hello, wire! ✓".encode()
print(len(data), data.hex())
print(data.hex(" "), data[:4].hex(":"), data[:6].hex("-", 2))
print(bytes.fromhex("48 65 6c6c 6f"), bytes.fromhex(""), bytes.fromhex("00ff7F"))
print(bytes.fromhex(data.hex()) == data, bytes(range(5)).hex().upper())

for bad in ["abc", "zz", "0 1"]:
    try:
        bytes.fromhex(bad)
    except ValueError as e:
        print("ValueError:", e)


def dump(b: bytes, width: int = 8) -> None:
    for off in range(0, len(b), width):
        chunk = b[off:off + width]
        hexes = " ".join(f"{x:02x}" for x in chunk)
        text = "".join(chr(x) if 32 <= x < 127 else "." for x in chunk)
        print(f"{off:04x}  {hexes:<{width * 3}} |{text}|")


dump(data)
dump(bytes(range(250, 256)) + b"\n\tend", width=6)
mac = bytes.fromhex("001A2B3C4D5E")
print(mac.hex(":"), ":".join(f"{x:02X}" for x in mac))
print(bytearray.fromhex("dead beef").hex(), bytearray(b"\x01\x02").hex())
