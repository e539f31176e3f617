"""Record.to_text is what dig prints: a UDP server in this process answers dig's queries with
records emitted by the codec, and dig's answer lines (tabs between the fields, which
to_text writes as single spaces) must equal to_text of the same records. Skipped without
dig (BIND 9.18 made the expectations)."""

from __future__ import annotations

import random
import re
import shutil
import socket
import subprocess
import threading

import pytest

from pyrage.dns.message import Message, emit_message, parse_message
from pyrage.dns.name import Name
from pyrage.dns.rdata import IN, OpaqueRdata, Record, rdata_from_text, type_name, type_of_text
from tests.dns.msggen import random_message, tokens, wire
from tests.dns.test_rdata import CASES

pytestmark = pytest.mark.skipif(shutil.which("dig") is None, reason="dig is not installed")
ORIGIN = Name.of_text("example.org.")
BATCH = 12


def records() -> list[Record]:
    """Every case of test_rdata, then the records of random messages."""
    out = []
    for i, (rtype, presentation) in enumerate(CASES):
        rd = rdata_from_text(type_of_text(rtype), tokens(presentation), ORIGIN)
        out.append(Record(Name.of_text(f"r{i}.example.org."), rd.rtype, IN, 60 + i, rd))
    rng = random.Random(5)
    while len(out) < 300:
        m = parse_message(wire(random_message(rng)))
        out += m.answers + m.authority + m.additional
    return out


def serve(sock: socket.socket, batches: list[list[Record]], sent: dict[int, bytes]) -> None:
    """Answer each query for b<N>. with batch N in the answer section, until closed."""
    while True:
        try:
            data, peer = sock.recvfrom(65535)
        except OSError:
            return
        query = parse_message(data)
        reply = Message(query.id)
        reply.qr = True
        reply.rd = query.rd
        reply.questions = query.questions
        n = int(query.questions[0].name.labels[0][1:])
        reply.answers = batches[n]
        reply.edns = query.edns
        sent[n] = emit_message(reply)
        sock.sendto(sent[n], peer)


def digs_lines(output: str) -> list[str]:
    """dig's records with their first four separators (tabs, a space before TYPEnnn data)
    as single spaces."""
    lines = []
    for line in output.splitlines():
        if line and not line.startswith(";"):
            lines.append(" ".join(re.split(r"\t+", line, maxsplit=4)))
    return lines


def test_record_text_is_what_dig_prints() -> None:
    all_records = records()
    batches = [all_records[i:i + BATCH] for i in range(0, len(all_records), BATCH)]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sent: dict[int, bytes] = {}
    server = threading.Thread(target=serve, args=(sock, batches, sent), daemon=True)
    server.start()
    try:
        queries = [f"b{i}." for i in range(len(batches))]
        result = subprocess.run(["dig", "@127.0.0.1", "-p", str(port), "+noall", "+answer",
                                 "+nocookie", "+bufsize=4096", "+tries=1", "+time=5",
                                 *queries], capture_output=True, text=True, timeout=120)
    finally:
        sock.close()
    assert result.returncode == 0, result.stderr
    got = digs_lines(result.stdout)
    # the records as dig got them: compression may give a name an earlier one's case
    expected = [r for n in range(len(batches)) for r in parse_message(sent[n]).answers]
    assert len(got) == len(expected), result.stdout[-2000:]
    compared = 0
    for record, digs in zip(expected, got):
        ours = record.to_text()
        if isinstance(record.rdata, OpaqueRdata) and \
                not type_name(record.rtype).startswith("TYPE"):
            # a type dig knows and the codec carries opaque (HINFO, DS...): its data differs
            assert ours.split(" ")[:4] == digs.split(" ")[:4]
            continue
        assert ours == digs
        compared += 1
    assert compared > 200
