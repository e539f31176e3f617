"""What the peer's SACK blocks say it holds beyond our snd_una (RFC 2018, RFC 6675).

Kept as sorted, disjoint (start, end) ranges of absolute sequence numbers. During recovery the
sender resends the holes between them, lowest first, and skips what is SACKed, rather than
resending one segment per round trip (NewReno alone) or everything after a loss.
"""

from __future__ import annotations

from typing import Final

MAX_RANGES: Final = 64


class Scoreboard:
    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.sacked = 0  # bytes

    def add(self, start: int, end: int, snd_una: int, snd_max: int) -> bool:
        """A SACK block: True when it told something new. Blocks outside snd_una..snd_max are
        ignored (RFC 2018 says a sender must check them: they may be stale or forged)."""
        start = max(start, snd_una)
        end = min(end, snd_max)
        if start >= end:
            return False
        i = 0
        while i < len(self.starts) and self.ends[i] < start:
            i += 1
        if i < len(self.starts) and self.starts[i] <= start and end <= self.ends[i]:
            return False
        # merge every range that touches [start, end) into one
        while i < len(self.starts) and self.starts[i] <= end:
            start = min(start, self.starts[i])
            end = max(end, self.ends[i])
            self.sacked -= self.ends[i] - self.starts[i]
            self.starts.pop(i)
            self.ends.pop(i)
        if len(self.starts) >= MAX_RANGES:
            return False
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        self.sacked += end - start
        return True

    def trim(self, snd_una: int) -> None:
        """Everything below snd_una is acknowledged now."""
        while self.starts and self.starts[0] < snd_una:
            if self.ends[0] <= snd_una:
                self.sacked -= self.ends[0] - self.starts[0]
                self.starts.pop(0)
                self.ends.pop(0)
            else:
                self.sacked -= snd_una - self.starts[0]
                self.starts[0] = snd_una

    def highest(self) -> int:
        """The end of the highest SACKed range (0 when none)."""
        return self.ends[len(self.ends) - 1] if self.ends else 0

    def next_hole(self, seq: int) -> tuple[int, int]:
        """The first range at or after seq that is not SACKed and lies below the highest SACKed
        byte: (start, end), or (0, 0) when there is none."""
        for i in range(len(self.starts)):
            if self.ends[i] <= seq:
                continue
            if self.starts[i] > seq:
                return (seq, self.starts[i])
            seq = self.ends[i]
        return (0, 0)

    def next_lost(self, seq: int, lost_above: int) -> tuple[int, int]:
        """The first hole at or after seq that RFC 6675 deems lost (IsLost: more than
        lost_above bytes SACKed above it): (start, end), or (0, 0) when there is none (the
        holes higher up have fewer SACKed bytes above them: none of them is lost either)."""
        above = self.sacked
        for i in range(len(self.starts)):
            if self.starts[i] > seq:
                return (seq, self.starts[i]) if above > lost_above else (0, 0)
            above -= self.ends[i] - self.starts[i]
            seq = max(seq, self.ends[i])
        return (0, 0)

    def pipe(self, snd_una: int, snd_max: int, high_rxt: int, lost_above: int) -> int:
        """RFC 6675's SetPipe: the bytes in flight from snd_una to snd_max. A byte not SACKed
        counts once unless it is lost (IsLost, as next_lost), and once more if it was resent
        (below high_rxt, the end of the last retransmission)."""
        pipe = 0
        above = self.sacked
        at = snd_una
        for i in range(len(self.starts)):
            if self.starts[i] > at:
                if above <= lost_above:
                    pipe += self.starts[i] - at
                pipe += max(0, min(self.starts[i], high_rxt) - at)
            above -= self.ends[i] - self.starts[i]
            at = max(at, self.ends[i])
        return pipe + max(0, snd_max - at)

    def sacked_below(self, seq: int) -> int:
        """The SACKed bytes before seq."""
        total = 0
        for i in range(len(self.starts)):
            if self.starts[i] >= seq:
                break
            total += min(self.ends[i], seq) - self.starts[i]
        return total

    def skip(self, seq: int) -> tuple[int, int]:
        """Sending again from seq (after a timeout): (where to start, past what the peer
        holds; how far to go before the next range it holds)."""
        for i in range(len(self.starts)):
            if self.ends[i] <= seq:
                continue
            if self.starts[i] <= seq:
                seq = self.ends[i]
                continue
            return (seq, self.starts[i])
        return (seq, -1)

    def clear(self) -> None:
        self.starts = []
        self.ends = []
        self.sacked = 0
