"""Response-rate limiting (RRL), as NSD and BIND do it: an authoritative server must not become
the amplifier of a reflection attack, where a flood of queries with a victim's forged source
address turns into a flood of larger answers at the victim.

    rrl = RateLimiter(rate=200, slip=2)
    verdict = rrl.verdict(client_ipv4, kind, now_ns)     # SEND, SLIP or DROP

Answers are counted per client network (its /24, as NSD: forged sources vary the last octet)
and per kind of answer (a positive answer, NXDOMAIN, a referral, an error: a flood of one kind
does not starve the others). Each pair has a token bucket of `rate` answers per second, one
second deep. Past it, every `slip`-th answer is sent truncated (TC set, nothing but the
question: a real client retries over TCP, a victim gets no amplification) and the others are
dropped; slip 0 drops all of them. rate 0 turns limiting off.

The table of buckets is bounded (MAX_BUCKETS): when it is full, buckets idle for a second or
more are forgotten first, then the table starts afresh, so no flood of distinct sources grows
memory. No bytes and no clock here: the caller gives `now`.
"""

from __future__ import annotations

from typing import Final

SEND: Final = 0
SLIP: Final = 1
DROP: Final = 2

#: Kinds of answers, counted apart.
ANSWER: Final = 0
NXDOMAIN_KIND: Final = 1
REFERRAL: Final = 2
ERROR: Final = 3

MAX_BUCKETS: Final = 8192
SECOND: Final = 1_000_000_000


class Bucket:
    def __init__(self, tokens: int, now: int) -> None:
        self.tokens = tokens
        self.updated = now
        self.over = 0  # answers over the limit since it was last under: for slip


class RateLimiter:
    """Token buckets by (client /24, kind of answer)."""

    def __init__(self, rate: int, slip: int) -> None:
        if rate < 0 or slip < 0:
            raise ValueError(f"rate {rate} and slip {slip} must not be negative")
        self.rate = rate
        self.slip = slip
        self.buckets: dict[int, Bucket] = {}
        self.dropped = 0
        self.slipped = 0

    def verdict(self, client: int, kind: int, now: int) -> int:
        """SEND, SLIP or DROP for an answer of `kind` to IPv4 `client` at `now` (ns)."""
        if self.rate == 0:
            return SEND
        key = ((client >> 8) << 2) | (kind & 3)
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= MAX_BUCKETS:
                self.forget_idle(now)
            bucket = Bucket(self.rate, now)
            self.buckets[key] = bucket
        else:
            # refill: rate tokens a second, at most one second's worth
            elapsed = now - bucket.updated
            if elapsed > 0:
                earned = elapsed * self.rate // SECOND
                if earned > 0:
                    bucket.tokens = min(self.rate, bucket.tokens + earned)
                    bucket.updated += earned * SECOND // self.rate
                    if bucket.tokens == self.rate:
                        bucket.updated = now
        if bucket.tokens > 0:
            bucket.tokens -= 1
            bucket.over = 0
            return SEND
        bucket.over += 1
        if self.slip > 0 and bucket.over % self.slip == 0:
            self.slipped += 1
            return SLIP
        self.dropped += 1
        return DROP

    def forget_idle(self, now: int) -> None:
        """Makes room: buckets full again (idle a second) go; if none, all go."""
        idle: list[int] = []
        for key, bucket in self.buckets.items():
            if now - bucket.updated >= SECOND:
                idle.append(key)
        if len(idle) == 0:
            self.buckets.clear()
            return
        for key in idle:
            del self.buckets[key]
