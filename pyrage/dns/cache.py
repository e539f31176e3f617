"""Encoded UDP answers, kept by the bytes of the query they answer.

    cache = AnswerCache(budget=256 * 1024)
    hit = cache.get(query_bytes)                  # None, or the answer to every query
    reply = hit.answer_to(query_bytes)            #   with these bytes but another id
    cache.put(query_bytes, reply_bytes, kind)     # after answering it the long way

An authoritative server's answer is a function of the query's bytes (all of them after the
two-byte id: flags, question, EDNS record, even the case of the name) and of the zones, which
do not change while the server runs. So an answer once encoded serves every later query with
the same bytes, its id patched in: no parse, no lookup, no encoding. Resolvers repeat the same
few thousand questions, which is what makes this pay (a packet cache, as PowerDNS has one).
What does not depend on the bytes stays outside: the rate limiter still sees every answer
(the entry keeps the answer's kind for it), and a truncated answer sent in its place (RRL's
slip) is never stored.

Memory is bounded by `budget` bytes of keys and answers (plus ENTRY_OVERHEAD each): when an
answer would pass it, the cache starts afresh. A flood of distinct queries (random names)
therefore costs one dictionary's reset now and then, never memory; budget 0 keeps nothing.
"""

from __future__ import annotations

from typing import Final

#: What an entry costs beyond its bytes (the dict slot, the entry, two object headers).
ENTRY_OVERHEAD: Final = 96
#: The id of a message: the query's bytes before it are not part of the key.
ID_SIZE: Final = 2


class CachedAnswer:
    """An answer without its id, and the kind the rate limiter counts it as."""

    def __init__(self, tail: bytes, kind: int) -> None:
        self.tail = tail
        self.kind = kind

    def answer_to(self, query: bytes) -> bytes:
        """The answer, carrying the id of `query` (whose other bytes are the key's)."""
        return query[:ID_SIZE] + self.tail


class AnswerCache:
    def __init__(self, budget: int) -> None:
        if budget < 0:
            raise ValueError(f"a cache budget of {budget} bytes")
        self.budget = budget
        self.used = 0
        self.entries: dict[bytes, CachedAnswer] = {}
        self.hits = 0
        self.resets = 0

    def get(self, query: bytes) -> CachedAnswer | None:
        if self.used == 0 or len(query) <= ID_SIZE:
            return None
        hit = self.entries.get(query[ID_SIZE:])
        if hit is not None:
            self.hits += 1
        return hit

    def put(self, query: bytes, answer: bytes, kind: int) -> None:
        """Keep `answer` (its first ID_SIZE bytes are the id) for queries with `query`'s bytes
        past the id."""
        if len(query) <= ID_SIZE or len(answer) <= ID_SIZE:
            return
        cost = len(query) + len(answer) - 2 * ID_SIZE + ENTRY_OVERHEAD
        if cost > self.budget:
            return
        if self.used + cost > self.budget:
            self.entries = {}
            self.used = 0
            self.resets += 1
        key = query[ID_SIZE:]
        if key not in self.entries:
            self.entries[key] = CachedAnswer(answer[ID_SIZE:], kind)
            self.used += cost
