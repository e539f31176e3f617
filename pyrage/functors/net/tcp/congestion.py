"""Congestion control (RFC 5681) with NewReno's recovery (RFC 6582).

Counted in bytes. The window starts at ten segments (RFC 6928), grows by the bytes acknowledged
in slow start (at most two segments per ACK, RFC 3465's L = 2) and by about a segment per
round trip in congestion avoidance. Three duplicate ACKs (or, with SACK, three segments' worth
of SACKed bytes) start fast recovery: ssthresh becomes half the flight, the first unacknowledged
segment is resent, and recovery lasts until everything sent before it is acknowledged (NewReno:
a partial ACK resends the next hole and keeps recovery going). A retransmission timeout drops
the window to one segment.
"""

from __future__ import annotations

from typing import Final

INITIAL_SEGMENTS: Final = 10
DUP_THRESHOLD: Final = 3


class NewReno:
    def __init__(self, mss: int) -> None:
        self.mss = mss
        self.cwnd = INITIAL_SEGMENTS * mss
        self.ssthresh = 1 << 40  # "arbitrarily high" (RFC 5681 3.1)
        self.avoid_acked = 0  # bytes acknowledged in congestion avoidance, towards one mss
        self.in_recovery = False
        self.recover = 0  # the highest sequence sent when recovery began
        self.dupacks = 0
        self.sack_recovery = False  # this recovery counts the peer's SACKs (RFC 6675)

    def set_mss(self, mss: int) -> None:
        """The peer's MSS became known (on the handshake): the initial window follows it."""
        self.mss = mss
        self.cwnd = INITIAL_SEGMENTS * mss

    def on_ack(self, acked: int, ack: int) -> None:
        """acked (> 0) new bytes were acknowledged up to ack (an absolute sequence number)."""
        self.dupacks = 0
        if self.in_recovery:
            if ack >= self.recover:  # a full acknowledgment: leave recovery (RFC 6582 3.2 3)
                self.in_recovery = False
                self.cwnd = self.ssthresh
            elif not self.sack_recovery:  # a partial one: deflate by what it acknowledged,
                self.cwnd = max(self.cwnd - acked + self.mss, self.mss)  # one segment back in
            # With SACK the window was never inflated (the pipe counts what the peer holds):
            # deflating it too left a window of one segment after a partial ACK, and a loss of
            # that segment waited for the retransmission timeout.
            return
        if self.cwnd < self.ssthresh:
            self.cwnd += min(acked, 2 * self.mss)
        else:
            self.avoid_acked += acked
            if self.avoid_acked >= self.cwnd:
                self.avoid_acked -= self.cwnd
                self.cwnd += self.mss

    def on_dupack(self, sack: bool) -> bool:
        """A duplicate ACK: True when it is the one that starts fast retransmit. Without
        SACK, each one in recovery inflates the window by a segment (one left the network);
        with SACK the sender counts what the peer holds instead (its pipe)."""
        self.dupacks += 1
        if self.in_recovery:
            if not sack:
                self.cwnd += self.mss
            return False
        return self.dupacks == DUP_THRESHOLD

    def enter_recovery(self, flight: int, highest_sent: int, sack: bool) -> None:
        """Fast retransmit (RFC 5681 3.2 2-3, RFC 6582 3.2 2)."""
        self.ssthresh = max(flight // 2, 2 * self.mss)
        self.cwnd = self.ssthresh + (0 if sack else DUP_THRESHOLD * self.mss)
        self.in_recovery = True
        self.sack_recovery = sack
        self.recover = highest_sent
        self.avoid_acked = 0

    def on_timeout(self, flight: int, highest_sent: int) -> None:
        """A retransmission timeout (RFC 5681 3.1, equation 4): restart from one segment. What
        was sent before it is resent in slow start: no fast retransmit for it (RFC 6582 3.2
        4, recover; may_recover)."""
        self.ssthresh = max(flight // 2, 2 * self.mss)
        self.cwnd = self.mss
        self.in_recovery = False
        self.recover = highest_sent
        self.dupacks = 0
        self.avoid_acked = 0

    def on_probe_repair(self, flight: int) -> None:
        """A loss probe repaired a loss (RFC 8985 7.4.2): the response fast recovery would
        have made, without the recovery."""
        self.ssthresh = max(flight // 2, 2 * self.mss)
        self.cwnd = min(self.cwnd, self.ssthresh)
        self.avoid_acked = 0

    def may_recover(self, snd_una: int) -> bool:
        """Whether a loss found now may start fast recovery: the ACK covers everything sent
        before the last recovery or timeout began (RFC 6582 3.2 2: no second reduction for one
        window's losses, none for what a timeout already resends)."""
        return not self.in_recovery and snd_una >= self.recover

    def on_idle_restart(self) -> None:
        """Nothing was sent for an RTO: restart from the initial window (RFC 5681 4.1)."""
        self.cwnd = min(self.cwnd, INITIAL_SEGMENTS * self.mss)
