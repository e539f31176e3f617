"""Response-rate limiting (pyrage/dns/rrl.py): the token buckets with a deterministic clock, and
the server under a burst from one address."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import dns.flags
import dns.message
import pytest

from pyrage.dns import rrl
from pyrage.dns.rrl import DROP, MAX_BUCKETS, SECOND, SEND, SLIP, RateLimiter
from tests.conftest import EXAMPLES
from tests.dns.servers import unikernel

CLIENT = 0x0A000005  # 10.0.0.5


def verdicts(limiter: RateLimiter, count: int, now: int, client: int = CLIENT,
             kind: int = rrl.ANSWER) -> list[int]:
    return [limiter.verdict(client, kind, now) for _ in range(count)]


def test_a_burst_gets_rate_answers_then_slips_and_drops() -> None:
    limiter = RateLimiter(rate=10, slip=3)
    got = verdicts(limiter, 19, now=5 * SECOND)
    assert got == [SEND] * 10 + [DROP, DROP, SLIP, DROP, DROP, SLIP, DROP, DROP, SLIP]
    assert (limiter.dropped, limiter.slipped) == (6, 3)


def test_tokens_come_back_at_the_rate_up_to_one_second() -> None:
    limiter = RateLimiter(rate=10, slip=0)
    assert verdicts(limiter, 10, now=0) == [SEND] * 10
    assert verdicts(limiter, 1, now=0) == [DROP]
    assert verdicts(limiter, 2, now=SECOND // 10) == [SEND, DROP]  # a tenth: one token
    assert verdicts(limiter, 11, now=100 * SECOND) == [SEND] * 10 + [DROP]  # never more than 10


def test_networks_and_kinds_are_counted_apart() -> None:
    limiter = RateLimiter(rate=2, slip=0)
    assert verdicts(limiter, 3, 0) == [SEND, SEND, DROP]
    assert verdicts(limiter, 1, 0, client=CLIENT + 1) == [DROP]  # the same /24
    assert verdicts(limiter, 1, 0, client=CLIENT + 0x100) == [SEND]  # the next /24
    assert verdicts(limiter, 1, 0, kind=rrl.NXDOMAIN_KIND) == [SEND]


def test_rate_zero_limits_nothing() -> None:
    assert verdicts(RateLimiter(rate=0, slip=2), 1000, 0) == [SEND] * 1000


def test_a_flood_of_sources_does_not_grow_the_table() -> None:
    limiter = RateLimiter(rate=5, slip=2)
    for i in range(3 * MAX_BUCKETS):
        limiter.verdict(i << 8, rrl.ANSWER, now=i)  # a new /24 each time, all within 1 s
    assert len(limiter.buckets) <= MAX_BUCKETS


def test_the_server_limits_a_burst_from_one_address(tmp_path: Path) -> None:
    app = tmp_path / "dns"
    shutil.copytree(EXAMPLES / "dns", app, ignore=shutil.ignore_patterns("_build", "dist"))
    with unikernel(app, "hosted", extra=("--rrl-rate=20", "--rrl-slip=2")) as port:
        query = dns.message.make_query("www.example.org", "A")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(1.0)
            for i in range(200):
                query.id = i
                s.sendto(query.to_wire(), ("127.0.0.1", port))
            replies: list[dns.message.Message] = []
            while True:
                try:
                    replies.append(dns.message.from_wire(s.recv(4096)))
                except TimeoutError:
                    break
    full = [r for r in replies if not r.flags & dns.flags.TC]
    slipped = [r for r in replies if r.flags & dns.flags.TC]
    # 20 a second: the burst lasts well under the seconds it would take to earn more than a
    # few tokens back, so about 20 full answers, and about half of the rest slip
    assert 20 <= len(full) < 60, len(full)
    assert len(slipped) > 40 and all(not r.answer for r in slipped)
    assert len(replies) < 200


def test_a_negative_rate_is_refused() -> None:
    with pytest.raises(ValueError):
        RateLimiter(rate=-1, slip=2)
