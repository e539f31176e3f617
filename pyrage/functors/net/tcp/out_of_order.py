"""Segments received ahead of a hole, held until the hole is filled (and told as SACK blocks).

The ranges are absolute sequence numbers (the connection unwraps them), kept sorted and
disjoint: a new segment keeps only the bytes no held segment has. At most MAX_SEGMENTS are held;
past that a segment is dropped (the sender resends it), so a peer that sends nothing but
one-byte segments around a hole cannot grow this without bound. The bytes held are always
inside the advertised window, which rx's capacity bounds.
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib.buffer import Buffer

MAX_SEGMENTS: Final = 256
MAX_BLOCKS: Final = 4


class OutOfOrder:
    def __init__(self) -> None:
        self.starts: list[int] = []
        self.bufs: list[Buffer] = []
        self.held = 0  # bytes
        self.latest = -1  # the start of the block that last grew (RFC 2018 4: reported first)

    def __len__(self) -> int:
        return len(self.starts)

    def add(self, start: int, data: Buffer) -> None:
        """Hold data, which begins at sequence number start (past the next expected one)."""
        end = start + len(data)
        i = 0
        while i < len(self.starts) and self.starts[i] + len(self.bufs[i]) <= start:
            i += 1
        self.latest = start
        # data's bytes before the held segment i are new; so are those after each held one.
        while start < end:
            if i < len(self.starts) and self.starts[i] <= start:
                start = max(start, self.starts[i] + len(self.bufs[i]))
                i += 1
                continue
            stop = end if i == len(self.starts) else min(end, self.starts[i])
            if stop > start:
                if len(self.starts) >= MAX_SEGMENTS:
                    return
                piece = data.sub(start - (end - len(data)), stop - start)
                self.starts.insert(i, start)
                self.bufs.insert(i, piece)
                self.held += len(piece)
                i += 1
            start = stop

    def pop(self, rcv_nxt: int) -> Buffer | None:
        """The held bytes that continue the stream at rcv_nxt (trimmed of what it already has),
        or None; segments entirely before rcv_nxt are dropped on the way."""
        while self.starts and self.starts[0] <= rcv_nxt:
            start = self.starts.pop(0)
            buf = self.bufs.pop(0)
            self.held -= len(buf)
            end = start + len(buf)
            if end > rcv_nxt:
                return buf.shift(rcv_nxt - start)
        return None

    def blocks(self) -> list[tuple[int, int]]:
        """The SACK blocks (start, end), adjacent segments merged: the one holding the latest
        segment first, then the others from the lowest (at most MAX_BLOCKS)."""
        merged: list[tuple[int, int]] = []
        for i in range(len(self.starts)):
            start = self.starts[i]
            end = start + len(self.bufs[i])
            if merged and merged[len(merged) - 1][1] == start:
                merged[len(merged) - 1] = (merged[len(merged) - 1][0], end)
            else:
                merged.append((start, end))
        out: list[tuple[int, int]] = []
        for block in merged:
            if block[0] <= self.latest < block[1]:
                out.append(block)
        for block in merged:
            if len(out) >= MAX_BLOCKS:
                break
            if not block[0] <= self.latest < block[1]:
                out.append(block)
        return out

    def clear(self) -> None:
        self.starts = []
        self.bufs = []
        self.held = 0
