"""bytes operations: literals, indexing to ints, slicing, find/split/join/startswith, comparison,
iteration, concatenation, repetition and conversion from lists.

Features: bytes, bytes-hex, list, comprehension, str-methods, repr-str, builtin-exception, try-except
"""

req = b"GET /index.html HTTP/1.1\r\nHost: example.org\r\nAccept: */*\r\n\r\n"
head, _, body = req.partition(b"\r\n\r\n")
lines = head.split(b"\r\n")
method, path, version = lines[0].split(b" ")
print(method, path, version, len(req), repr(body))
headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(b":") for ln in lines[1:])}
print(headers)
print(req[0], req[-1], req[:3], req[-4:], req.find(b"Host"), req.find(b"nope"), req.count(b"\r\n"))
print(req.startswith(b"GET "), req.endswith(b"\r\n\r\n"), b"HTTP" in req, 71 in req)
print(bytes([72, 105, 33]), bytes(3), b"ab" * 3, b"x" + b"y", b"-".join([b"a", b"b", b"c"]))
print(list(b"AZaz09"), [b for b in b"\x00\x7f\x80\xff"], sum(b"abc"), max(b"hello"))
print(b"abc" < b"abd", b"abc" < b"ab", b"" == bytes(), b"Hello".upper(), b"  pad ".strip())
print(b"a,b,,c".split(b","), b"hello world".replace(b"o", b"0"), b"%d-%s" % (5, b"x"))
print(b"caf\xc3\xa9".decode(), "café".encode() == b"caf\xc3\xa9", len("café"), len("café".encode()))
print(bytes.fromhex("de ad be ef").hex(), b"\x01\x02".hex("-"), b"abc"[::-1], b"abcdef"[1::2])
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
try:
    print(b"abc"[3])
except IndexError as e:
    print("IndexError:", e)
checksum = 0
for byte in req:
    checksum = (checksum + byte) & 0xFF
print("checksum", checksum, hex(checksum), bytes([checksum]))
