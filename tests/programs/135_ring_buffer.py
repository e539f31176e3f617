"""A fixed-capacity byte ring buffer on a bytearray: wraparound writes, partial reads, peeking.

Features: bytearray, bytes, class, dunder, builtin-exception, try-except, fstring
"""


class RingBuffer:
    def __init__(self, capacity: int) -> None:
        self.buf = bytearray(capacity)
        self.head = 0
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def free(self) -> int:
        return len(self.buf) - self.size

    def write(self, data: bytes) -> int:
        n = min(len(data), self.free())
        for i in range(n):
            self.buf[(self.head + self.size + i) % len(self.buf)] = data[i]
        self.size += n
        return n

    def peek(self, n: int) -> bytes:
        n = min(n, self.size)
        return bytes(self.buf[(self.head + i) % len(self.buf)] for i in range(n))

    def read(self, n: int) -> bytes:
        out = self.peek(n)
        self.head = (self.head + len(out)) % len(self.buf)
        self.size -= len(out)
        return out

    def readline(self) -> bytes:
        data = self.peek(self.size)
        i = data.find(b"\n")
        if i < 0:
            raise ValueError("no complete line buffered")
        return self.read(i + 1)


rb = RingBuffer(16)
print(rb.write(b"hello\nwor"), len(rb), rb.free())
print(rb.readline(), rb.peek(3), len(rb))
print(rb.write(b"ld\nthis is too long for the buffer"), len(rb), rb.head)
print(rb.readline(), rb.read(4), rb.read(100), len(rb))
print(rb.write(bytes(range(65, 85))), rb.read(5), rb.write(b"!!!!!!!!"), rb.read(100))
print(bytes(rb.buf).hex(), rb.head)
try:
    rb.write(b"no newline")
    rb.readline()
except ValueError as e:
    print("ValueError:", e, len(rb))
