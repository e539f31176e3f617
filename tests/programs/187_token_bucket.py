"""Rate limiting with token buckets in milli-tokens: attrs classes evolved per tick, a
property for the whole-token view, per-client buckets in a dict, and a sliding-window counter.

Features: attrs, property, dict, list, class, default-kwargs, fstring, divmod-pow-round-abs, tuple
"""

import attrs
from attrs import define, field, frozen


@frozen
class Policy:
    rate_per_sec: int
    burst: int

    def refill(self, elapsed_ms: int) -> int:
        return self.rate_per_sec * elapsed_ms


@define
class Bucket:
    policy: Policy
    milli: int = 0
    last_ms: int = 0
    denied: int = field(default=0)
    log: list[str] = field(factory=list)

    @property
    def tokens(self) -> int:
        return self.milli // 1000

    def advance(self, now_ms: int) -> None:
        gained = self.policy.refill(now_ms - self.last_ms)
        self.milli = min(self.milli + gained, self.policy.burst * 1000)
        self.last_ms = now_ms

    def take(self, now_ms: int, cost: int = 1) -> bool:
        self.advance(now_ms)
        if self.milli >= cost * 1000:
            self.milli -= cost * 1000
            self.log.append(f"{now_ms}+{cost}")
            return True
        self.denied += 1
        return False


class Limiter:
    def __init__(self, default: Policy) -> None:
        self.default = default
        self.overrides: dict[str, Policy] = {}
        self.buckets: dict[str, Bucket] = {}

    def bucket(self, client: str) -> Bucket:
        if client not in self.buckets:
            pol = self.overrides.get(client, self.default)
            self.buckets[client] = Bucket(pol, milli=pol.burst * 1000)
        return self.buckets[client]

    def allow(self, client: str, now_ms: int, cost: int = 1) -> bool:
        return self.bucket(client).take(now_ms, cost)


def window_counts(events: list[int], width: int) -> dict[int, int]:
    counts: dict[int, int] = {}
    for t in events:
        start, _ = divmod(t, width)
        counts[start * width] = counts.get(start * width, 0) + 1
    return counts


base = Policy(rate_per_sec=2, burst=3)
fast = attrs.evolve(base, rate_per_sec=10)
print(base, fast, base == fast, attrs.evolve(fast, rate_per_sec=2) == base)
lim = Limiter(base)
lim.overrides["vip"] = fast
schedule = [("alice", 0), ("alice", 10), ("alice", 20), ("alice", 30), ("bob", 40),
            ("alice", 400), ("vip", 410), ("vip", 420), ("vip", 430), ("vip", 440),
            ("alice", 900), ("vip", 500), ("alice", 1500), ("bob", 1600)]
for client, t in schedule:
    ok = lim.allow(client, t, cost=2 if client == "bob" else 1)
    b = lim.bucket(client)
    print(f"t={t:>5}ms {client:<6} {'ALLOW' if ok else 'deny ':<5} tokens={b.tokens} milli={b.milli:>5}")
for name, b in lim.buckets.items():
    print(f"{name}: denied={b.denied} log={b.log} policy={b.policy.rate_per_sec}/s")
snap = attrs.evolve(lim.bucket("alice"), denied=0)
print(snap.denied, lim.bucket("alice").denied, snap.log is lim.bucket("alice").log)
w = window_counts([t for _, t in schedule], 500)
print(w, max(w.items(), key=lambda kv: kv[1]))
print("rates:", [round(b.milli / 1000, 1) for b in lim.buckets.values()])
