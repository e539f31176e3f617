"""The retransmission timeout (RFC 6298): a smoothed round-trip time and its variation.

Samples come from timestamps (RFC 7323: every ACK that echoes one of ours) or, without them,
from one timed segment at a time that was never retransmitted (Karn's rule). The timeout is
srtt + 4 * rttvar, clamped to MIN_RTO..MAX_RTO, and doubles with each retransmission of the
same data (back_off) until a new sample or a new acknowledgment resets it.

MIN_RTO is Linux's 200 ms rather than RFC 6298's 1 s: the peers are Linux, whose delayed ACK is
at most 40 ms, and a 1 s floor makes every loss on a fast link cost a second.
"""

from __future__ import annotations

from typing import Final

MS: Final = 1_000_000
INITIAL_RTO: Final = 1000 * MS
FALLBACK_RTO: Final = 3000 * MS  # RFC 6298 5.7
MIN_RTO: Final = 200 * MS
MAX_RTO: Final = 60_000 * MS


class RttEstimator:
    def __init__(self) -> None:
        self.srtt = 0  # ns; 0 until the first sample
        self.rttvar = 0
        self.base = INITIAL_RTO  # the timeout before back-off
        self.backoff = 0  # retransmissions since the last sample

    def sample(self, rtt: int) -> None:
        """A measured round trip of rtt ns (RFC 6298 2.2 and 2.3, alpha 1/8, beta 1/4)."""
        rtt = max(rtt, 1)
        if self.srtt == 0:
            self.srtt = rtt
            self.rttvar = rtt // 2
        else:
            self.rttvar = (3 * self.rttvar + abs(self.srtt - rtt)) // 4
            self.srtt = (7 * self.srtt + rtt) // 8
        self.base = min(max(self.srtt + max(4 * self.rttvar, MS), MIN_RTO), MAX_RTO)
        self.backoff = 0

    def rto(self) -> int:
        """The current timeout in ns, backed off."""
        return min(self.base << min(self.backoff, 16), MAX_RTO)

    def back_off(self) -> None:
        """A retransmission timed out: double the timeout (RFC 6298 5.5)."""
        self.backoff += 1

    def fall_back(self) -> None:
        """The handshake completed after a SYN timed out, and no round trip was timed: the
        timeout starts at 3 s (RFC 6298 5.7)."""
        self.base = FALLBACK_RTO
        self.backoff = 0

    def reset_backoff(self) -> None:
        """New data was acknowledged: the path works, stop doubling."""
        self.backoff = 0
