"""The C and CPython references of the network benchmarks (sources in bench/net/ref/ and
bench/net/asyncio_echo.py), built with the system gcc, and the servers made of them that stand
where a unikernel would: on the far side of a tap, in a lab namespace.

A "server" here is a function `start(lab, ns, tap, cidr)` that makes something answer ping and
echo UDP on port ECHO_PORT at address `cidr` behind the tap `tap` of namespace `ns`, and
returns once it answers. The references put a Linux namespace there, joined to the tap by
tapfwd (the C frame forwarder): client -> tap -> tapfwd -> tap -> Linux -> echo server, the
same kind of path as client -> tap -> unikernel. `unikernel_server` makes one from the command
line of a unikernel image.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.net.netns import ROOT, Lab, LabError, Namespace, Process

REF_DIR = ROOT / "bench" / "net" / "ref"
ASYNCIO_ECHO = ROOT / "bench" / "net" / "asyncio_echo.py"
REFERENCES = ("tapfwd", "udp_echo", "udp_rr")
ECHO_PORT = 7

#: start(lab, ns, tap, cidr): something echoing UDP on ECHO_PORT at cidr's address, behind tap.
Server = Callable[[Lab, Namespace, str, str], None]


def build(name: str, outdir: Path | None = None) -> Path:
    """bench/net/ref/NAME.c compiled with gcc -O2 (cached by the source's hash in outdir, by
    default a directory of the system's temp dir)."""
    source = REF_DIR / f"{name}.c"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    outdir = outdir or Path(tempfile.gettempdir()) / "pyrage-net-refs"
    outdir.mkdir(parents=True, exist_ok=True)
    out = outdir / f"{name}-{digest}"
    if not out.exists():
        tmp = out.with_suffix(".tmp")
        proc = subprocess.run(["gcc", "-O2", "-Wall", "-o", str(tmp), str(source)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise LabError(f"gcc {source}: {proc.stderr}")
        tmp.rename(out)
    return out


def build_all(outdir: Path | None = None) -> dict[str, Path]:
    return {name: build(name, outdir) for name in REFERENCES}


# ---- servers -------------------------------------------------------------------------------

def behind_tapfwd(server_argv: Callable[[str], Sequence[str | Path]], *, python: bool = False,
                  ready: str = "listening") -> Server:
    """A server: a new namespace "srv" whose tap `taps` has cidr, joined to the given tap by
    tapfwd (run in ns); server_argv(address) is the echo server's command in "srv"."""

    def start(lab: Lab, ns: Namespace, tap: str, cidr: str) -> None:
        srv = lab.namespace("srv")
        srv.tap("taps", address=cidr)
        argv = list(server_argv(cidr.split("/")[0]))
        process = srv.python(*argv) if python else srv.popen(argv)
        process.wait_for_output(ready)
        ns.popen([build("tapfwd"), tap, f"{srv.name}:taps"], name="tapfwd")
        ns.wait_carrier(tap)
        srv.wait_carrier("taps")
        ns.wait_udp(cidr.split("/")[0], ECHO_PORT)

    return start


def c_echo() -> Server:
    """The C echo server (udp_echo.c) behind tapfwd."""
    return behind_tapfwd(lambda _: [build("udp_echo"), str(ECHO_PORT)])


def asyncio_echo() -> Server:
    """CPython's asyncio echo server (bench/net/asyncio_echo.py) behind tapfwd."""
    return behind_tapfwd(lambda _: [ASYNCIO_ECHO, "--port", str(ECHO_PORT)], python=True)


def unikernel_server(argv_for: Callable[[str, str], Sequence[str | Path]], *,
                     ready: str | None = None, timeout: float = 30) -> Server:
    """A server from a unikernel: argv_for(tap, cidr) is the command that starts it on `tap`
    with address `cidr`, echoing UDP on ECHO_PORT (run in the tap's namespace), e.g.
    `lambda tap, cidr: [image, f"--net:service={tap}", f"--ipv4={cidr}"]` for a unix image, or
    a QEMU command line with `-netdev tap,id=n0,ifname={tap},script=no,downscript=no`.
    `ready`: a regex of its output to wait for before probing it with UDP."""

    def start(lab: Lab, ns: Namespace, tap: str, cidr: str) -> None:
        process: Process = ns.popen(list(argv_for(tap, cidr)), name="unikernel")
        if ready is not None:
            process.wait_for_output(ready, timeout)
        ns.wait_carrier(tap, timeout)
        ns.wait_udp(cidr.split("/")[0], ECHO_PORT, timeout)

    return start


# ---- the load client -----------------------------------------------------------------------

@dataclass(frozen=True)
class RoundTrips:
    """What udp_rr printed."""

    flows: int
    seconds: float
    round_trips: int
    rt_per_s: float
    timeouts: int
    p50_us: float
    p99_us: float
    max_us: float


_RR = re.compile(r"flows=(\d+) seconds=([\d.]+) round_trips=(\d+) rt_per_s=([\d.]+) "
                 r"timeouts=(\d+) p50_us=([\d.]+) p99_us=([\d.]+) max_us=([\d.]+)")


def udp_rr(ns: Namespace, host: str, port: int = ECHO_PORT, *, flows: int = 1,
           seconds: float = 1.0, warmup: float = 0.2, size: int = 64,
           timeout_ms: float = 200) -> RoundTrips:
    """Run udp_rr (bench/net/ref/udp_rr.c) from ns against host:port."""
    argv: list[str | Path] = [build("udp_rr"), host, str(port), "-f", str(flows),
                              "-t", str(seconds), "-w", str(warmup), "-s", str(size),
                              "-T", str(timeout_ms)]
    proc = ns.run(argv, timeout=seconds + warmup + 30, check=False)
    match = _RR.search(proc.stdout)
    if match is None:
        raise LabError(f"udp_rr exited {proc.returncode}: {proc.stdout}{proc.stderr}")
    g = match.groups()
    return RoundTrips(int(g[0]), float(g[1]), int(g[2]), float(g[3]), int(g[4]), float(g[5]),
                      float(g[6]), float(g[7]))


if __name__ == "__main__":
    # python -m tests.net.refs: build the references, print their paths
    for name, path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else None).items():
        print(name, path)
