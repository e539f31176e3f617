"""DNS over a byte stream (RFC 1035 4.2.2, RFC 7766 8): each message preceded by its length as
two bytes, several messages in a row on one connection, split anywhere by the transport.

    framer = StreamFramer()
    framer.feed(data)                 # what one read of the connection gave
    message = framer.next()           # a whole message, or None until more bytes come
    flow.write(framed(reply))

No I/O here: the server feeds what it reads. The framer holds at most one partial message
(two bytes of length and at most 65,535 of message) plus what one read brought.
"""

from __future__ import annotations

from typing import Final

MAX_MESSAGE: Final = 65535


class StreamFramer:
    def __init__(self) -> None:
        self.pending = bytearray()
        self.start = 0  # pending[start:] is not consumed yet

    def feed(self, data: bytes) -> None:
        """Append what arrived (compacting what was consumed first)."""
        if self.start > 0:
            del self.pending[:self.start]
            self.start = 0
        self.pending += data

    def next(self) -> bytes | None:
        """The next whole message, or None while its bytes have not all come."""
        have = len(self.pending) - self.start
        if have < 2:
            return None
        size = self.pending[self.start] << 8 | self.pending[self.start + 1]
        if have < 2 + size:
            return None
        message = bytes(self.pending[self.start + 2:self.start + 2 + size])
        self.start += 2 + size
        return message

    def buffered(self) -> int:
        """Bytes received and not yet returned as a message."""
        return len(self.pending) - self.start


def framed(message: bytes) -> bytes:
    """message with its two-byte length in front. ValueError past 65,535 bytes."""
    if len(message) > MAX_MESSAGE:
        raise ValueError(f"a DNS message of {len(message)} bytes cannot go on a stream "
                         f"(at most {MAX_MESSAGE})")
    return len(message).to_bytes(2, "big") + message
