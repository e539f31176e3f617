"""dns: an authoritative DNS server for the zones in zones/ (compiled into the image).

A functor over STACK and KV_RO: it reads every `NAME.zone` file of the store at boot (the zone
NAME), then answers queries on `--port` (default 53) as NSD does (pyrage/dns/authority.py):
- over UDP, truncating (TC) answers larger than the client's EDNS payload (512 bytes without
  EDNS), and limiting the rate of answers to each client network (--rrl-rate, --rrl-slip:
  pyrage/dns/rrl.py);
- over UDP, answers kept encoded by the query's bytes (pyrage/dns/cache.py, --cache KiB): a
  query seen before is answered with its id patched in, the rate limiter still applied;
- over TCP (RFC 7766): length-prefixed messages, several per connection (answered in order),
  a connection closed after --tcp-idle ms without a query, at most MAX_STREAMS at once; zone
  transfers (AXFR, IXFR) for the clients in --axfr (comma-separated prefixes; none by
  default, as NSD without provide-xfr).
Malformed queries get FORMERR when their header can be read and nothing otherwise; nothing a
client sends stops the server (docs/dns.md).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pyrage.dns import rrl
from pyrage.dns.authority import FORMERR, NOERROR, NXDOMAIN, PAYLOAD, Authority
from pyrage.dns.cache import AnswerCache
from pyrage.dns.errors import DnsError, FormatError
from pyrage.dns.message import MAX_MESSAGE, Message, emit_message, emit_within, parse_message
from pyrage.dns.name import Name
from pyrage.dns.rdata import Record
from pyrage.dns.stream import StreamFramer, framed
from pyrage.dns.zone import parse_zone
from pyrage.signatures.console import CONSOLE
from pyrage.signatures.kv import KV_RO
from pyrage.signatures.mclock import MCLOCK
from pyrage.signatures.stack import STACK
from pyrage.stdlib import sched
from pyrage.stdlib.flow import TcpFlow
from pyrage.stdlib.ipaddr import Ipv4Prefix
from pyrage.stdlib.net import NetError, UdpDatagram
from pyrage.stdlib.storage import VALUE, Key

C = TypeVar("C", bound=CONSOLE)
S = TypeVar("S", bound=STACK)
K = TypeVar("K", bound=KV_RO)
M = TypeVar("M", bound=MCLOCK)

SUFFIX = ".zone"
#: Without EDNS a UDP answer is at most this long (RFC 1035 4.2.1).
CLASSIC_UDP = 512
#: TCP connections served at once (NSD's tcp-count is 100); past it a new one is closed.
MAX_STREAMS = 128


class Main(Generic[C, S, K, M]):
    def __init__(self, console: C, stack: S, zones: K, clock: M, port: int, rrl_rate: int,
                 rrl_slip: int, tcp_idle: int, axfr: str, cache: int, verbose: bool) -> None:
        self.console = console
        self.tcp_idle_ns = tcp_idle * 1_000_000
        try:
            self.axfr = [Ipv4Prefix.parse(p.strip()) for p in axfr.split(",") if p.strip()]
        except ValueError as e:
            raise SystemExit(f"dns: --axfr={axfr}: {e}")
        self.streams = 0
        self.stack = stack
        self.zones = zones
        self.clock = clock
        self.port = port
        self.verbose = verbose
        self.limiter = rrl.RateLimiter(rrl_rate, rrl_slip)
        if cache < 0:
            raise SystemExit(f"dns: --cache={cache}: a size in KiB, 0 for none")
        self.cache = AnswerCache(cache * 1024)
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
        data = d.data()
        reply = self.respond(data, d.src.value)
        if self.verbose:
            await self.console.log(f"dns: {d.src}:{d.src_port} {describe(data, reply)}")
        if reply is not None:
            await self.stack.write_udp(d.src, d.src_port, reply, self.port)

    def respond(self, data: bytes, client: int) -> bytes | None:
        """The answer to one datagram from IPv4 `client`, or None when it gets none."""
        hit = self.cache.get(data)
        if hit is not None:  # the same bytes were answered before: only the id differs
            verdict = self.verdict(client, hit.kind)
            if verdict == rrl.SEND:
                self.answered += 1
                return hit.answer_to(data)
            if verdict == rrl.DROP:
                return None
            # SLIP: the truncated answer is built below
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
        kind = kind_of(reply)
        verdict = rrl.SLIP if hit is not None else self.verdict(client, kind)
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
        answer = emit_within(reply, limit)
        if verdict == rrl.SEND:
            self.cache.put(data, answer, kind)
        return answer

    def verdict(self, client: int, kind: int) -> int:
        """The rate limiter's SEND, SLIP or DROP for an answer of `kind` to `client`."""
        if self.limiter.rate == 0:  # (no clock read per query when limiting is off)
            return rrl.SEND
        return self.limiter.verdict(client, kind, self.clock.elapsed_ns())

    async def on_stream(self, flow: TcpFlow) -> None:
        """A TCP connection: its queries answered in order until the client closes it, it
        stays idle for tcp_idle, or it fails."""
        if self.streams >= MAX_STREAMS:
            await flow.close()
            return
        self.streams += 1
        framer = StreamFramer()
        try:
            while True:
                data = await sched.with_timeout(self.tcp_idle_ns, flow.read())
                if data is None:
                    break
                framer.feed(data.to_bytes())
                message = framer.next()
                while message is not None:
                    for reply in self.respond_stream(message, flow):
                        await flow.write(framed(reply))
                    message = framer.next()
        except TimeoutError:
            pass  # idle: RFC 7766 6.2.3 lets the server close
        except NetError:
            pass  # the client reset or vanished
        finally:
            self.streams -= 1
            await flow.close()

    def respond_stream(self, data: bytes, flow: TcpFlow) -> list[bytes]:
        """The answers to one query over TCP: one, several for a zone transfer, or none."""
        try:
            query = parse_message(data)
        except FormatError as e:
            self.malformed += 1
            error = formerr(e, data)
            return [] if error is None else [error]
        except DnsError:
            self.malformed += 1
            return []
        if self.authority.is_transfer(query):
            allowed = False
            for prefix in self.axfr:
                if prefix.contains(flow.dst):
                    allowed = True
            return [emit_message(m) for m in self.authority.transfer(query, allowed)]
        reply = self.authority.answer(query)
        if reply is None:
            return []
        self.answered += 1
        return [emit_within(reply, MAX_MESSAGE)]

    async def start(self) -> None:
        await self.load()
        self.stack.listen_udp(self.port, self.on_query)
        self.stack.listen_tcp(self.port, self.on_stream)
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


RCODES = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"]


def describe(query: bytes, reply: bytes | None) -> str:
    """One line for --verbose: the question and what it got."""
    try:
        asked = parse_message(query, True)
        question = asked.questions[0].to_text() if asked.questions else "(no question)"
    except DnsError as e:
        question = f"({len(query)} bytes, malformed: {e})"
    if reply is None:
        return f"{question}: no answer"
    try:
        answer = parse_message(reply)
    except DnsError:
        return f"{question}: {len(reply)} bytes"
    rcode = RCODES[answer.rcode] if answer.rcode < len(RCODES) else str(answer.rcode)
    return (f"{question}: {rcode}{' TC' if answer.tc else ''}, {len(answer.answers)} answers, "
            f"{len(reply)} bytes")


def kind_of(reply: Message) -> int:
    """The response-rate limiter's kind of an answer."""
    if reply.rcode == NXDOMAIN:
        return rrl.NXDOMAIN_KIND
    if reply.rcode != NOERROR:
        return rrl.ERROR
    if not reply.aa:
        return rrl.REFERRAL
    return rrl.ANSWER
