"""DNS servers for the tests and the benchmark: NSD (the reference) and the examples/dns
unikernel, each answering UDP and TCP on a free port of 127.0.0.1, and a comparison of their
answers.

    with nsd(zone_dir) as nsd_port, unikernel(app, "unix") as our_port:
        assert differences(query, nsd_port, our_port) == []
"""

from __future__ import annotations

import contextlib
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import dns.exception
import dns.flags
import dns.message
import dns.query

NSD = shutil.which("nsd") or ("/usr/sbin/nsd" if Path("/usr/sbin/nsd").exists() else None)


def free_udp_port() -> int:
    """A port free for UDP and for TCP at once: a DNS server listens on both. A port the
    kernel hands out for UDP may be held for TCP by another test's connection (seen under
    xdist: PortInUse at the server's TCP listen), so both are tried before it is given."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, \
                socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            udp.bind(("127.0.0.1", 0))
            port: int = udp.getsockname()[1]
            try:
                tcp.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no port free for both UDP and TCP in 50 tries")


def wait_answering(port: int, seconds: float) -> None:
    """Until something answers a query on port (any rcode)."""
    deadline = time.monotonic() + seconds
    query = dns.message.make_query("probe.invalid.", "A")
    while True:
        try:
            dns.query.udp(query, "127.0.0.1", port=port, timeout=0.2)
            return
        except (dns.exception.Timeout, ConnectionRefusedError, OSError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing answers on port {port}") from None


@contextlib.contextmanager
def nsd(zone_dir: Path, xfr: str = "") -> Iterator[int]:
    """NSD serving every NAME.zone of zone_dir, on a free port; yields the port. `xfr`: the
    prefix allowed zone transfers (none when empty)."""
    assert NSD is not None, "nsd is not installed"
    port = free_udp_port()
    with tempfile.TemporaryDirectory(prefix="nsd-") as tmp:
        work = Path(tmp)
        zones = []
        for path in sorted(zone_dir.glob("*.zone")):
            origin = path.name[:-len(".zone")]
            allow = f"  provide-xfr: {xfr} NOKEY\n" if xfr else ""
            zones.append(f"zone:\n  name: {origin}\n  zonefile: {path.resolve()}\n{allow}")
        (work / "nsd.conf").write_text(
            "server:\n"
            f"  ip-address: 127.0.0.1@{port}\n"
            "  username: \"\"\n  chroot: \"\"\n  database: \"\"\n"
            f"  zonelistfile: \"{work}/zone.list\"\n  pidfile: \"{work}/nsd.pid\"\n"
            f"  xfrdfile: \"{work}/xfrd.state\"\n  xfrdir: \"{work}\"\n"
            "  server-count: 1\n  verbosity: 0\n  hide-version: yes\n  hide-identity: yes\n"
            # response-rate limiting off: its TC "slips" and drops are not answers to compare
            "  rrl-ratelimit: 0\n"
            "remote-control:\n  control-enable: no\n" + "".join(zones))
        proc = subprocess.Popen([NSD, "-d", "-c", str(work / "nsd.conf")],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_answering(port, 20)
            yield port
        finally:
            stop(proc)


@contextlib.contextmanager
def unikernel(app: Path, target: str, image: Path | None = None,
              extra: tuple[str, ...] = ()) -> Iterator[int]:
    """examples/dns (app: a copy of it) on the socket stack, on a free port; yields the port.
    `image`: the compiled unix image to run (built by the caller), else `pyrage run`;
    `extra`: more boot arguments (they come after --rrl-rate=0, so they can change it)."""
    port = free_udp_port()
    # rate limiting off, as NSD's: a test's thousands of queries come from one address
    if image is not None:
        argv = [str(image), f"--port={port}", "--rrl-rate=0", *extra]
    else:
        argv = [sys.executable, "-m", "pyrage.cli", "run", str(app), "-t", target, "--net",
                "socket", "--", f"--port={port}", "--rrl-rate=0", *extra]
    # unbuffered: select() must see every line that is not read yet
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, bufsize=0)
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 300
        while not any("answering on" in line for line in lines):
            ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline -
                                                                     time.monotonic()))
            line = proc.stdout.readline().decode(errors="replace") if ready else ""
            if not line:
                raise RuntimeError(f"{argv}: {''.join(lines)}")
            lines.append(line)
        yield port
        assert proc.poll() is None, f"the server exited {proc.returncode}"
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 10 s; its pipes closed."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()


def ask(wire: bytes, port: int, timeout: float = 2.0) -> bytes | None:
    """One query's wire form sent over UDP; the reply's, or None when none comes."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(wire, ("127.0.0.1", port))
        try:
            return s.recv(65535)
        except (socket.timeout, ConnectionRefusedError):
            return None


def ask_tcp(wire: bytes, port: int, timeout: float = 5.0) -> bytes | None:
    """One query over TCP (length-prefixed, RFC 7766); the first reply, or None when the
    connection ends first."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(len(wire).to_bytes(2, "big") + wire)
        head = read_exactly(s, 2)
        if head is None:
            return None
        return read_exactly(s, int.from_bytes(head, "big"))


def read_exactly(s: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def summary(reply: bytes | None) -> dict[str, object]:
    """What must match, as comparable data: rcode, opcode, flags, the EDNS record, and each
    section as a sorted list of RRsets (order within a section is free, RFC 2181 5)."""
    if reply is None:
        return {"reply": None}
    m = dns.message.from_wire(reply)

    def section(rrsets: list[dns.rrset.RRset]) -> list[str]:
        out = []
        for rrset in rrsets:
            rdatas = sorted(r.to_text().lower() for r in rrset)
            out.append(f"{rrset.name.to_text().lower()} {rrset.ttl} {rrset.rdclass} "
                       f"{rrset.rdtype} {rdatas}")
        return sorted(out)

    return {
        "id": m.id, "rcode": m.rcode(), "opcode": m.opcode(),
        "flags": dns.flags.to_text(m.flags),
        "question": [q.to_text().lower() for q in m.question],
        "answer": section(m.answer), "authority": section(m.authority),
        "additional": section(m.additional),
        "edns": (m.edns, m.payload if m.edns >= 0 else 0, m.ednsflags,
                 [o.to_text() for o in m.options]),
    }


def differences(wire: bytes, reference_port: int, our_port: int,
                tcp: bool = False) -> list[str]:
    """What differs between the two servers' replies to one query, over UDP or TCP (empty:
    nothing)."""
    send = ask_tcp if tcp else ask
    theirs, ours = summary(send(wire, reference_port)), summary(send(wire, our_port))
    return [f"{key}: NSD {theirs.get(key)!r}, pyrage {ours.get(key)!r}"
            for key in sorted(set(theirs) | set(ours)) if theirs.get(key) != ours.get(key)]
