"""dns: an authoritative DNS server for the zones in zones/ (compiled into the image).

A functor over STACK and KV_RO: it reads every `NAME.zone` file of the store at boot (the zone
NAME), then answers UDP queries on `--port` (default 53) as NSD does (pyrage/dns/authority.py),
truncating (TC) answers larger than the client's EDNS payload (512 bytes without EDNS), and
limiting the rate of answers to each client network (--rrl-rate, --rrl-slip: pyrage/dns/rrl.py).
Malformed queries get FORMERR when their header can be read and nothing otherwise; nothing a
client sends stops the server (docs/dns.md).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.dns import rrl
from pyrage.dns.authority import FORMERR, NOERROR, NXDOMAIN, PAYLOAD, Authority
from pyrage.dns.errors import DnsError, FormatError
from pyrage.dns.message import Message, emit_within, parse_message
from pyrage.dns.name import Name
from pyrage.dns.rdata import Record
from pyrage.dns.zone import parse_zone
from pyrage.signatures.console import CONSOLE
from pyrage.signatures.kv import KV_RO
from pyrage.signatures.mclock import MCLOCK
from pyrage.signatures.stack import STACK
from pyrage.stdlib.net import UdpDatagram
from pyrage.stdlib.storage import VALUE, Key

C = TypeVar("C", bound=CONSOLE)
S = TypeVar("S", bound=STACK)
K = TypeVar("K", bound=KV_RO)
M = TypeVar("M", bound=MCLOCK)

SUFFIX = ".zone"
#: Without EDNS a UDP answer is at most this long (RFC 1035 4.2.1).
CLASSIC_UDP = 512


class Main(Generic[C, S, K, M]):
    def __init__(self, console: C, stack: S, zones: K, clock: M, port: int, rrl_rate: int,
                 rrl_slip: int, verbose: bool) -> None:
        self.console = console
        self.stack = stack
        self.zones = zones
        self.clock = clock
        self.port = port
        self.verbose = verbose
        self.limiter = rrl.RateLimiter(rrl_rate, rrl_slip)
        self.authority = Authority([])
        self.answered = 0
        self.malformed = 0

    async def load(self) -> None:
        everything: list[list[Record]] = []
        for entry in await self.zones.list(Key.root()):
            name = entry.key.basename()
            if entry.kind != VALUE or not name.endswith(SUFFIX):
                continue
            origin = Name.of_text(name[:-len(SUFFIX)] + ".")
            text = (await self.zones.get(entry.key)).decode()
            records = parse_zone(text, origin, name)
            everything.append(records)
            await self.console.log(f"dns: zone {origin} ({len(records)} records)")
        self.authority = Authority(everything)

    async def on_query(self, d: UdpDatagram) -> None:
        reply = self.respond(d.data(), d.src.value)
        if reply is not None:
            await self.stack.write_udp(d.src, d.src_port, reply, self.port)

    def respond(self, data: bytes, client: int) -> bytes | None:
        """The answer to one datagram from IPv4 `client`, or None when it gets none."""
        try:
            query = parse_message(data, True)  # bytes after the message are ignored, as NSD does
        except FormatError as e:
            self.malformed += 1
            return formerr(e, data)
        except DnsError:
            self.malformed += 1
            return None
        reply = self.authority.answer(query)
        if reply is None:
            return None
        verdict = rrl.SEND
        if self.limiter.rate > 0:  # (no clock read per query when limiting is off)
            verdict = self.limiter.verdict(client, kind_of(reply), self.clock.elapsed_ns())
        if verdict == rrl.DROP:
            return None
        if verdict == rrl.SLIP:  # truncated: a real client retries over TCP, a victim gets
            reply.tc = True      # nothing larger than its forged query
            reply.answers = []
            reply.authority = []
            reply.additional = []
        self.answered += 1
        limit = CLASSIC_UDP
        if query.edns is not None:
            limit = max(CLASSIC_UDP, min(query.edns.payload, PAYLOAD))
        return emit_within(reply, limit)

    async def start(self) -> None:
        await self.load()
        self.stack.listen_udp(self.port, self.on_query)
        await self.console.log(f"dns: answering on {self.stack.ipv4().address} port "
                               f"{self.port}")
        await self.stack.listen()


def formerr(e: FormatError, data: bytes) -> bytes | None:
    """FORMERR for a query whose header could be read (its id, opcode and RD copied, no
    question, as NSD does); None when even that failed, or when it was itself a response."""
    if not e.has_header or data[2] & 0x80:
        return None
    reply = Message(e.id)
    reply.qr = True
    reply.opcode = e.opcode
    reply.rd = e.rd
    reply.rcode = FORMERR
    return emit_within(reply, CLASSIC_UDP)


def kind_of(reply: Message) -> int:
    """The response-rate limiter's kind of an answer."""
    if reply.rcode == NXDOMAIN:
        return rrl.NXDOMAIN_KIND
    if reply.rcode != NOERROR:
        return rrl.ERROR
    if not reply.aa:
        return rrl.REFERRAL
    return rrl.ANSWER
