"""examples/dns against NSD, query by query: the same zones served by both (NSD started here on
a free port, the unikernel compiled for unix on the socket stack), the corpus of
tests/dns/corpus.py sent to each, and every reply compared section by section
(tests/dns/servers.py: rcode, flags, EDNS, and each section as a set of RRsets).

Then over TCP: a slice of the corpus, and zone transfers (AXFR and IXFR, allowed and refused)
compared record by record.

Then malformed queries: a seeded stream of mutated queries; the unikernel must answer FORMERR
or nothing, never stop, and still answer correctly afterwards."""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dns.message
import pytest

from tests.conftest import EXAMPLES
from tests.dns.corpus import queries
import dns.query
import dns.rdatatype
import dns.xfr

from tests.dns.servers import NSD, ask, differences, nsd, summary, unikernel

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(NSD is None, reason="nsd is not installed")]

ZONES = Path(__file__).parent / "zones"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/dns with the test zones beside its own."""
    root = tmp_path_factory.mktemp("apps") / "dns"
    shutil.copytree(EXAMPLES / "dns", root, ignore=shutil.ignore_patterns("_build", "dist"))
    for zone in ZONES.glob("*.zone"):
        shutil.copy(zone, root / "zones" / zone.name)
    out = subprocess.run([sys.executable, "-m", "pyrage.cli", "compile", str(root), "-t",
                          "unix", "--net", "socket"], capture_output=True, text=True,
                         timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    return root


@pytest.fixture(scope="module")
def servers(app: Path) -> Iterator[tuple[int, int]]:
    with nsd(app / "zones") as reference, \
            unikernel(app, "unix", app / "dist" / "dns-socket") as ours:
        yield reference, ours


def test_the_corpus_is_large_enough(app: Path) -> None:
    assert len(queries(app / "zones")) >= 2000


def test_every_answer_matches_nsd(app: Path, servers: tuple[int, int]) -> None:
    reference, ours = servers
    mismatches: list[str] = []
    corpus = queries(app / "zones")
    for wire in corpus:
        diff = differences(wire, reference, ours)
        if diff:
            q = dns.message.from_wire(wire)
            mismatches.append(f"{q.question} (opcode {q.opcode()}, edns {q.edns}): "
                              + "; ".join(diff))
    assert mismatches == [], f"{len(mismatches)} of {len(corpus)} differ:\n" + \
        "\n".join(mismatches[:15])


def test_repeated_queries_are_answered_as_the_first_time(app: Path,
                                                        servers: tuple[int, int]) -> None:
    """The server keeps encoded answers by the query's bytes (pyrage/dns/cache.py, 256 KiB by
    default: the corpus's answers pass that, so it is reset along the way). Each query of the
    corpus asked twice more under new ids: the same answer with that id, and still NSD's."""
    reference, ours = servers
    mismatches: list[str] = []
    for n, wire in enumerate(queries(app / "zones")):
        first = ask(with_id(wire, 2 * n), ours)
        again = ask(with_id(wire, 2 * n + 1), ours)
        if first is None or again is None:
            if (first is None) != (again is None):
                mismatches.append(f"query {n}: answered once of twice")
            continue
        if again[2:] != first[2:] or again[:2] != with_id(wire, 2 * n + 1)[:2]:
            mismatches.append(f"query {n}: {first.hex()} then {again.hex()}")
        elif n % 4 == 0 and (diff := differences(with_id(wire, 2 * n + 1), reference, ours)):
            mismatches.append(f"query {n}: " + "; ".join(diff))
    assert mismatches == [], f"{len(mismatches)} differ:\n" + "\n".join(mismatches[:15])


def with_id(wire: bytes, id: int) -> bytes:
    return (id & 0xFFFF).to_bytes(2, "big") + wire[2:]


def test_answers_over_tcp_match_nsd(app: Path, servers: tuple[int, int]) -> None:
    reference, ours = servers
    corpus = queries(app / "zones")[::10]
    mismatches = [f"{dns.message.from_wire(wire).question}: " + "; ".join(diff)
                  for wire in corpus
                  if (diff := differences(wire, reference, ours, tcp=True))]
    assert mismatches == [], f"{len(mismatches)} of {len(corpus)} differ over TCP:\n" + \
        "\n".join(mismatches[:15])


def transfer(port: int, zone: str, rdtype: str = "AXFR", serial: int = 0) -> list[str]:
    """The records a zone transfer gives, as text in the order they came ("ERROR rcode"
    when refused)."""
    try:
        messages = list(dns.query.xfr("127.0.0.1", zone, rdtype=rdtype, port=port,
                                      serial=serial, timeout=5, lifetime=20))
    except dns.xfr.TransferError as e:
        return [f"ERROR {e.rcode}"]
    return [f"{rrset.name} {rrset.ttl} {rrset.rdtype} {r.to_text().lower()}"
            for m in messages for rrset in m.answer for r in rrset]


def test_zone_transfers_match_nsd(app: Path) -> None:
    zones = sorted(p.name[:-len(".zone")] for p in (app / "zones").glob("*.zone"))
    with nsd(app / "zones", xfr="127.0.0.0/8") as reference, \
            unikernel(app, "unix", app / "dist" / "dns-socket",
                      extra=("--axfr=127.0.0.0/8",)) as ours:
        for zone in zones:
            theirs, mine = transfer(reference, zone), transfer(ours, zone)
            assert mine[0].split()[2] == "6" and mine[-1] == mine[0]  # SOA first and last
            assert mine[0] == theirs[0] and sorted(mine) == sorted(theirs), zone
            serial = int(mine[0].split()[5])
            assert transfer(ours, zone, "IXFR", serial) == transfer(reference, zone, "IXFR",
                                                                    serial)
            assert sorted(transfer(ours, zone, "IXFR", serial - 1)) == sorted(theirs)
        assert transfer(ours, "www." + zones[0]) == transfer(reference, "www." + zones[0])


def test_zone_transfers_are_refused_as_nsd_refuses_them(app: Path,
                                                        servers: tuple[int, int]) -> None:
    reference, ours = servers  # neither allows transfers
    for zone in ("example.org", "example.net", "nowhere.test"):
        assert transfer(ours, zone) == transfer(reference, zone) != []


def mutate(wire: bytes, rng: random.Random) -> bytes:
    data = bytearray(wire)
    kind = rng.randrange(5)
    if kind == 0 and data:
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif kind == 1:
        data = data[:rng.randrange(len(data) + 1)]
    elif kind == 2:
        at = rng.randrange(len(data) + 1)
        data[at:at] = rng.randbytes(rng.randint(1, 40))
    elif kind == 3 and len(data) > 14:
        # a compression pointer somewhere in the names: loops, forward, outside
        at = rng.randrange(12, len(data) - 1)
        target = rng.choice([at, at + 2, 12, 0x3FFF, rng.randrange(len(data))])
        data[at] = 0xC0 | (target >> 8) & 0x3F
        data[at + 1] = target & 0xFF
    else:
        data = bytearray(rng.randbytes(rng.randint(0, 600)))
    return bytes(data)


def test_malformed_queries_get_formerr_or_nothing(app: Path, servers: tuple[int, int],
                                                  count: int = 20000) -> None:
    """Mutated queries in windows of 64; every reply that comes must be valid DNS, and the
    server must answer a proper query the same way afterwards (bench/dns runs 100,000)."""
    _, ours = servers
    rng = random.Random(7)
    corpus = queries(app / "zones")
    before = summary(ask(corpus[0], ours))
    replies = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.05)
        sent = 0
        while sent < count:
            for _ in range(min(64, count - sent)):
                s.sendto(mutate(corpus[rng.randrange(len(corpus))], rng), ("127.0.0.1", ours))
                sent += 1
            while True:
                try:
                    reply = s.recv(65535)
                except TimeoutError:
                    break
                dns.message.from_wire(reply)  # whatever it says, it says it in valid DNS
                replies += 1
    assert summary(ask(corpus[0], ours)) == before
    assert replies > count // 10  # FORMERR, or answers to mutants that are still queries
