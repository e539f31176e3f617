"""The answer cache (pyrage/dns/cache.py): keyed by every byte after the id, bounded."""

from __future__ import annotations

import pytest

from pyrage.dns.cache import ENTRY_OVERHEAD, AnswerCache

QUERY = bytes.fromhex("1234 0100 0001 0000 0000 0000 03777777 076578616d706c65 036f7267 00 "
                      "0001 0001".replace(" ", ""))
ANSWER = bytes.fromhex("1234 8500 0001 0001 0000 0000".replace(" ", "")) + QUERY[12:] + \
    bytes.fromhex("c00c 0001 0001 00000e10 0004 c0000201".replace(" ", ""))


def cost(query: bytes, answer: bytes) -> int:
    return len(query) + len(answer) - 4 + ENTRY_OVERHEAD


def test_a_query_with_another_id_gets_the_answer_with_its_id() -> None:
    cache = AnswerCache(4096)
    assert cache.get(QUERY) is None
    cache.put(QUERY, ANSWER, kind=3)
    other = b"\xbe\xef" + QUERY[2:]
    hit = cache.get(other)
    assert hit is not None and hit.kind == 3
    assert hit.answer_to(other) == b"\xbe\xef" + ANSWER[2:]
    assert cache.hits == 1


def test_any_other_byte_is_another_query() -> None:
    cache = AnswerCache(4096)
    cache.put(QUERY, ANSWER, kind=0)
    upper = QUERY.replace(b"www", b"WWW")  # the case of a name is part of the answer
    no_rd = QUERY[:2] + b"\x00" + QUERY[3:]
    longer = QUERY + b"\x00"
    for query in (upper, no_rd, longer, QUERY[:-1]):
        assert cache.get(query) is None, query.hex()


def test_the_budget_bounds_memory_and_starts_afresh() -> None:
    one = cost(QUERY, ANSWER)
    cache = AnswerCache(3 * one)
    names = [bytes([0x61 + i]) * 3 for i in range(7)]
    queries = [QUERY.replace(b"www", n) for n in names]
    for q in queries[:3]:
        cache.put(q, ANSWER, 0)
    assert cache.used == 3 * one and all(cache.get(q) is not None for q in queries[:3])
    cache.put(queries[3], ANSWER, 0)  # would pass the budget: the cache starts afresh
    assert cache.resets == 1 and cache.used == one
    assert cache.get(queries[0]) is None and cache.get(queries[3]) is not None
    cache.put(queries[3], ANSWER, 0)  # already there: not counted twice
    assert cache.used == one
    for q in queries:
        cache.put(q, ANSWER, 0)
        assert cache.used <= cache.budget


def test_nothing_too_big_or_too_short_is_kept() -> None:
    cache = AnswerCache(cost(QUERY, ANSWER) - 1)
    cache.put(QUERY, ANSWER, 0)
    assert cache.used == 0 and cache.get(QUERY) is None
    cache = AnswerCache(4096)
    cache.put(b"\x12\x34", ANSWER, 0)
    cache.put(QUERY, b"\x12", 0)
    assert cache.used == 0
    assert cache.get(b"\x12") is None


def test_budget_zero_keeps_nothing_and_negative_is_refused() -> None:
    cache = AnswerCache(0)
    cache.put(QUERY, ANSWER, 0)
    assert cache.get(QUERY) is None
    with pytest.raises(ValueError):
        AnswerCache(-1)
