"""IPv4 reassembly as data: fragments in, whole payloads out, with the time as an argument.

Limits keep a flood of fragments from growing memory or holding a datagram forever:

- at most `max_datagrams` datagrams in progress: a new one past that takes the place of the
  oldest, which is given up (a datagram whose other fragments were lost, or never sent,
  cannot keep new ones out until it times out);
- at most `max_fragments` fragments per datagram, and never past 65535 bytes;
- a datagram not complete within `timeout_ns` of its first fragment is dropped (RFC 791
  suggests 15 s or more; Linux waits 30 s);
- fragments that overlap another differently drop the whole datagram (RFC 5722's rule, as
  Linux applies it to IPv4 too): an attacker cannot have one part read two ways. An exact
  duplicate (a link that duplicates frames) is ignored.

A datagram is either delivered exactly as it was sent, or not at all.
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address

MAX_PAYLOAD: Final = 65535 - 20


class FragmentKey:
    """What identifies a datagram's fragments (RFC 791): source, destination, protocol, id."""

    def __init__(self, src: Ipv4Address, dst: Ipv4Address, proto: int, ident: int) -> None:
        self.src = src
        self.dst = dst
        self.proto = proto
        self.ident = ident

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FragmentKey):
            return NotImplemented
        return self.ident == other.ident and self.proto == other.proto and \
            self.src == other.src and self.dst == other.dst

    def __repr__(self) -> str:
        return f"FragmentKey({self.src}, {self.dst}, {self.proto}, {self.ident})"

    def __hash__(self) -> int:  # (addresses are 32 bits, ident 16, proto 8: no overflow)
        return self.src.value ^ (self.dst.value << 16) ^ (self.ident << 32) ^ (self.proto << 48)


class _Fragment:
    def __init__(self, offset: int, data: Buffer) -> None:
        self.offset = offset
        self.data = data


class _Datagram:
    def __init__(self, started: int, header: Buffer) -> None:
        self.started = started
        self.header = header  # the first fragment's header: ICMP quotes it
        self.fragments: list[_Fragment] = []
        self.total = -1  # the payload's length, once the last fragment has come
        self.received = 0
        self.poisoned = False  # overlapping fragments: dropped, and so are the rest


class Reassembled:
    """A whole datagram's payload and the header of its first fragment."""

    def __init__(self, payload: Buffer, header: Buffer) -> None:
        self.payload = payload
        self.header = header


class Reassembler:
    def __init__(self, max_datagrams: int = 32, max_fragments: int = 64,
                 timeout_ns: int = 30_000_000_000) -> None:
        self.max_datagrams = max_datagrams
        self.max_fragments = max_fragments
        self.timeout_ns = timeout_ns
        self.pending: dict[FragmentKey, _Datagram] = {}
        self.dropped = 0  # fragments and datagrams given up on

    def add(self, key: FragmentKey, offset: int, more: bool, data: Buffer, header: Buffer,
            now: int) -> Reassembled | None:
        """Take one fragment (its payload at byte `offset`; `more`: the MF flag). The whole
        payload once the datagram is complete, else None."""
        self.expire(now)
        d = self.pending.get(key)
        if d is None:
            if len(self.pending) >= self.max_datagrams:
                self.evict_oldest()
            d = _Datagram(now, header)
            self.pending[key] = d
        if d.poisoned:
            return None
        end = offset + len(data)
        if end > MAX_PAYLOAD or (more and len(data) % 8 != 0) or \
                (d.total >= 0 and end > d.total) or (not more and d.total >= 0 and end != d.total):
            self.poison(d)
            return None
        for f in d.fragments:
            if offset < f.offset + len(f.data) and f.offset < end:
                if f.offset == offset and f.data == data:
                    return None  # the same fragment again
                self.poison(d)
                return None
        if not more:
            if any(f.offset + len(f.data) > end for f in d.fragments):
                self.poison(d)
                return None
            d.total = end
        if len(d.fragments) >= self.max_fragments:
            self.poison(d)
            return None
        if offset == 0:
            d.header = header
        d.fragments.append(_Fragment(offset, data))
        d.received += len(data)
        if d.total < 0 or d.received != d.total:
            return None
        del self.pending[key]
        return Reassembled(self.join(d), d.header)

    def join(self, d: _Datagram) -> Buffer:
        """The payload, in order (fragments do not overlap and cover it: received == total)."""
        whole = Buffer.create(d.total)
        for f in d.fragments:
            whole.blit(f.data, 0, f.offset, len(f.data))
        return whole

    def poison(self, d: _Datagram) -> None:
        """Drop what was gathered; later fragments of the datagram are dropped too, until it
        times out."""
        d.poisoned = True
        d.fragments = []
        self.dropped += 1

    def evict_oldest(self) -> None:
        """Give up the datagram that has been in progress the longest."""
        oldest: FragmentKey | None = None
        started = 0
        for k, d in self.pending.items():
            if oldest is None or d.started < started:
                oldest, started = k, d.started
        if oldest is not None:
            if not self.pending[oldest].poisoned:
                self.dropped += 1
            del self.pending[oldest]

    def expire(self, now: int) -> None:
        """Drop the datagrams older than the timeout."""
        if not self.pending:
            return
        old = [k for k, d in self.pending.items() if now - d.started >= self.timeout_ns]
        for k in old:
            if not self.pending[k].poisoned:
                self.dropped += 1
            del self.pending[k]

    def __len__(self) -> int:
        return len(self.pending)
