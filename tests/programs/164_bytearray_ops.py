"""bytearray as a mutable buffer: append, extend, insert, pop, slice assignment, in-place
operators, reversal, and conversion to bytes.

Features: bytearray, bytes, bytes-hex, list, builtin-exception, try-except, fixed-width
"""

buf = bytearray(b"hello")
buf.append(33)
buf.extend(b" world")
buf.insert(0, 62)
print(buf, len(buf), buf[0], buf[-1])
buf[1] = ord("H")
buf[7:] = b"WORLD"
print(buf, buf.pop(), buf.pop(0), buf)
buf[0:5] = b"J"
print(buf, buf.find(b"W"), buf.count(b"O"), b"WOR" in buf)
buf += b"!!"
buf *= 2
print(buf, len(buf))
del buf[2:6]
buf.reverse()
print(buf, bytes(buf), buf.hex(" "))
buf.remove(ord("!"))
print(buf, buf.index(ord("J")))

frame = bytearray(8)
frame[0] = 0xAB
frame[2:4] = (0x1234).to_bytes(2, "big")
frame[4:8] = (0xDEADBEEF).to_bytes(4, "little")
print(frame.hex(), int.from_bytes(frame[2:4], "big"), hex(int.from_bytes(frame[4:], "little")))
for i in range(len(frame)):
    frame[i] ^= 0xFF
print(frame.hex(), bytes(frame) == bytes(b ^ 0xFF for b in bytes.fromhex("ab001234efbeadde")))
for bad in (256, -1):
    try:
        frame[0] = bad
    except ValueError as e:
        print("ValueError:", e)
try:
    bytearray().pop()
except IndexError as e:
    print("IndexError:", e)
print(bytearray(b"abc") == b"abc", bytearray(3), bytearray([1, 2]) + b"\x03", bytearray("é", "utf-8"))
