"""Network II: TCP bulk throughput both ways, connections per second, memory per idle flow and
throughput under 1% loss, against Linux measured in the same run.

    python bench/net/tcp.py [--runs N] [--quick] [--no-virtio]

Every server sits on the far side of a tap `tapu` from a client namespace whose address is
10.0.0.1/24 (tests/net/netns.py labs, removed after the run):

- Linux + tapfwd: a namespace of its own behind tapfwd (bench/net/ref/tapfwd.c, the C frame
  forwarder between two taps), where tcp_peer (bench/net/ref/tcp_peer.c) serves as a sink, a
  source and an echo server: Linux's TCP crossing the same kind of path as a unikernel on a
  tap (a read and a write syscall per frame, DESIGN.md section 5);
- pyrage unix: examples/tcp-bulk (a sink, and a source, each its own unikernel) and
  examples/tcp-echo, compiled for unix, on tapu itself;
- pyrage virtio: the same on QEMU's virtio-net (TCG here: no hardware KVM).

The client is always tcp_peer in the client namespace: `send` (Linux -> server: the sink
closes once it has read everything), `recv` (server -> Linux), `crr` (sequential connect, a
64-byte echo, close), `idle` (1,000 connections held open, for the unix unikernel's resident
set). The loss rows put the impairment relay (tests/net/relay.py, a process of its own) between
the client's address and tapu, dropping 1% of the frames each way, for Linux and pyrage unix,
and for Linux with NewReno ("Linux, reno": the host's default may be BBR, which does not back
off on random loss; pyrage's TCP is NewReno).
The unikernels run with --hash=false. Medians of --runs runs, interleaved across the servers;
every ratio is against Linux + tapfwd of the same run. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import table  # type: ignore[import-not-found]  # noqa: E402

from tests.net import refs  # noqa: E402
from tests.net.echo import rss_kb  # noqa: E402
from tests.net.netns import (  # noqa: E402
    Lab,
    LabError,
    Namespace,
    Process,
    missing_tools,
    unavailable,
)

PEER = "10.0.0.1/24"
HOST = "10.0.0.2"
CIDR = f"{HOST}/24"
SINK, SOURCE, ECHO, IPERF = 5201, 5202, 7, 5209
BASELINE = "Linux + tapfwd"
#: Linux with NewReno, pyrage's congestion control, for the loss rows: the host's default may be
#: BBR (it is on the machines this was written on), which does not back off on random loss.
RENO = "Linux, reno"
MiB = 1 << 20
IDLE_FLOWS = 1000
LOSS = 0.01

#: argv(tap, boot arguments) -> the command that starts a unikernel on tap (in tap's namespace)
Launcher = Callable[[str, Sequence[str]], list[str]]


@dataclass
class Server:
    """Where a client reaches each of a server's roles (sink, source, echo, iperf): the client
    namespace and the port; and how many bytes its source sends."""

    roles: dict[str, tuple[Namespace, int]]
    bulk_bytes: int

    def ns(self, role: str) -> Namespace:
        return self.roles[role][0]


@dataclass
class Samples:
    upload: list[float] = field(default_factory=list)  # Mbit/s, Linux -> server
    download: list[float] = field(default_factory=list)  # Mbit/s, server -> Linux
    conn_per_s: list[float] = field(default_factory=list)
    crr_p50_us: list[float] = field(default_factory=list)
    crr_failures: int = 0
    loss_upload: list[float] = field(default_factory=list)
    loss_download: list[float] = field(default_factory=list)
    iperf: list[float] = field(default_factory=list)


# ---- the labs ----------------------------------------------------------------------------------

def client(lab: Lab, loss: float) -> Namespace:
    """The client namespace with tapu, its address on tapu, or (loss > 0) on tapu-l behind the
    relay process: tapu ==bridge== tapu-r <=relay=> tapu-l (10.0.0.1)."""
    ns = lab.namespace("client")
    ns.sysctl("net.ipv4.tcp_tw_reuse", "1")  # crr's connections leave TIME-WAIT behind here
    ns.sysctl("net.ipv4.ip_local_port_range", "1024 65535")
    if loss == 0:
        ns.tap("tapu", address=PEER)
        return ns
    ns.tap("tapu")
    ns.tap("tapu-r")
    ns.bridge("br-tapu", ["tapu", "tapu-r"])
    ns.tap("tapu-l", address=PEER)
    spec = f"loss={loss}"
    ns.python("-m", "tests.net.relay", "tapu-r", "tapu-l", "--a-to-b", spec, "--b-to-a", spec,
              "--seed", "1", name="relay")
    ns.wait_carrier("tapu-r")
    ns.wait_carrier("tapu-l")
    return ns


def wait_reachable(ns: Namespace, timeout: float = 120) -> None:
    """Until HOST answers ping from ns (it booted and holds its tap)."""
    deadline = time.monotonic() + timeout
    while ns.ping(HOST, count=1, wait=0.5).received == 0:
        if time.monotonic() > deadline:
            raise LabError(f"{HOST} did not answer ping from {ns.name} in {timeout} s")


def linux_server(stack: contextlib.ExitStack, work: Path, name: str, loss: float,
                 bulk_bytes: int, congestion: str | None = None) -> Server:
    """tcp_peer's sink, source and echo (and iperf3 -s, when installed) in a namespace "srv"
    behind tapfwd; `congestion`: the congestion control of both namespaces (else the host's
    default, which a namespace inherits)."""
    lab = stack.enter_context(Lab(work / name))
    ns = client(lab, loss)
    srv = lab.namespace("srv")
    if congestion is not None:
        for space in (ns, srv):
            space.sysctl("net.ipv4.tcp_congestion_control", congestion)
    srv.tap("taps", address=CIDR)
    peer = refs.build("tcp_peer")
    for args in (["sink", SINK], ["source", SOURCE, bulk_bytes], ["echo", ECHO]):
        srv.popen([peer, *map(str, args)], name=f"tcp_peer-{args[0]}").wait_for_output("listening")
    roles = {"sink": (ns, SINK), "source": (ns, SOURCE), "echo": (ns, ECHO)}
    if shutil.which("iperf3") is not None and loss == 0:
        srv.popen(["iperf3", "-s", "-p", str(IPERF)], name="iperf3")
        roles["iperf"] = (ns, IPERF)
    ns.popen([refs.build("tapfwd"), "tapu", f"{srv.name}:taps"], name="tapfwd")
    ns.wait_carrier("tapu")
    srv.wait_carrier("taps")
    wait_reachable(ns)
    return Server(roles, bulk_bytes)


def unikernel_server(stack: contextlib.ExitStack, work: Path, name: str, loss: float,
                     bulk: Launcher, echo: Launcher | None, bulk_bytes: int) -> Server:
    """tcp-bulk as a sink, tcp-bulk as a source and tcp-echo: each a unikernel on a lab of its
    own (each holds the address HOST)."""
    roles: dict[str, tuple[Namespace, int]] = {}
    plans: list[tuple[str, Launcher, list[str], int]] = [
        ("sink", bulk, ["--hash=false", f"--port={SINK}"], SINK),
        ("source", bulk, ["--hash=false", f"--port={SOURCE}", f"--send-bytes={bulk_bytes}"],
         SOURCE)]
    if echo is not None:
        plans.append(("echo", echo, [f"--port={ECHO}"], ECHO))
    for role, launcher, args, port in plans:
        lab = stack.enter_context(Lab(work / f"{name}-{role}"))
        ns = client(lab, loss)
        ns.popen(launcher("tapu", [f"--ipv4={CIDR}", *args]), name="unikernel")
        ns.wait_carrier("tapu", timeout=120)
        wait_reachable(ns)
        roles[role] = (ns, port)
    return Server(roles, bulk_bytes)


# ---- the clients -------------------------------------------------------------------------------

_KV = re.compile(r"(\w+)=([\d.]+)")


def peer(ns: Namespace, *args: str | float, timeout: float = 300) -> dict[str, float]:
    """Run tcp_peer in ns; its key=value line."""
    proc = ns.run([refs.build("tcp_peer"), *map(str, args)], timeout=timeout, check=False)
    values = {k: float(v) for k, v in _KV.findall(proc.stdout)}
    if proc.returncode != 0 or not values:
        raise LabError(f"tcp_peer {args} exited {proc.returncode}: {proc.stdout}{proc.stderr}")
    return values


def upload(server: Server) -> float:
    return peer(server.ns("sink"), "send", HOST, SINK, server.bulk_bytes)["mbit_s"]


def download(server: Server) -> float:
    return peer(server.ns("source"), "recv", HOST, SOURCE)["mbit_s"]


def iperf(server: Server, size: int) -> float:
    """iperf3 -c from the client namespace: Linux -> Linux, a cross-check of tcp_peer."""
    proc = server.ns("iperf").run(["iperf3", "-c", HOST, "-p", str(IPERF), "-n", str(size),
                                   "-J"], timeout=300)
    return float(json.loads(proc.stdout)["end"]["sum_received"]["bits_per_second"]) / 1e6


def measure(server: Server, samples: Samples, seconds: float) -> None:
    samples.upload.append(upload(server))
    samples.download.append(download(server))
    if "echo" in server.roles:
        crr = peer(server.ns("echo"), "crr", HOST, ECHO, seconds)
        samples.conn_per_s.append(crr["conn_per_s"])
        samples.crr_p50_us.append(crr["p50_us"])
        samples.crr_failures += int(crr["failures"])
    if "iperf" in server.roles:
        samples.iperf.append(iperf(server, server.bulk_bytes))


def measure_loss(server: Server, samples: Samples) -> None:
    samples.loss_upload.append(upload(server))
    samples.loss_download.append(download(server))


@dataclass
class IdleMemory:
    baseline_kb: int
    open_kb: int
    closed_kb: int

    @property
    def per_flow_bytes(self) -> float:
        return (self.open_kb - self.baseline_kb) * 1024 / IDLE_FLOWS


def idle_memory(work: Path, echo: Launcher) -> IdleMemory:
    """The unix tcp-echo's resident set: after one connection (warm), with IDLE_FLOWS idle
    connections open, and a second after they closed."""
    with Lab(work / "idle") as lab:
        ns = client(lab, 0)
        argv = echo("tapu", [f"--ipv4={CIDR}", f"--port={ECHO}"])
        process: Process = ns.popen(argv, name="unikernel")
        wait_reachable(ns)
        peer(ns, "crr", HOST, ECHO, 0.2)  # every code path of a connection once
        time.sleep(0.5)
        baseline = rss_kb(process.pid)
        holder = ns.popen([refs.build("tcp_peer"), "idle", HOST, str(ECHO), str(IDLE_FLOWS)],
                          name="idle")
        holder.wait_for_output(f"open={IDLE_FLOWS}", timeout=120)
        time.sleep(1.0)  # the last handshakes' handler tasks started
        opened = rss_kb(process.pid)
        holder.stop()
        time.sleep(1.0)
        return IdleMemory(baseline, opened, rss_kb(process.pid))


# ---- the unikernels ----------------------------------------------------------------------------

def compile_app(work: Path, name: str, target: str) -> Path:
    app = work / name
    if not app.exists():
        shutil.copytree(ROOT / "examples" / name, app,
                        ignore=shutil.ignore_patterns("_build", "dist"))
    proc = subprocess.run([sys.executable, "-m", "pyrage.cli", "compile", str(app), "-t", target],
                          check=True, capture_output=True, text=True)
    return Path(proc.stdout.strip().splitlines()[-1])


def launchers(work: Path, target: str) -> tuple[Launcher, Launcher]:
    """(tcp-bulk, tcp-echo) on target: the unix image itself, or `pyrage run -t virtio`."""
    bulk, echo = (compile_app(work, name, target) for name in ("tcp-bulk", "tcp-echo"))

    def launcher(image: Path, app: Path) -> Launcher:
        def argv(tap: str, args: Sequence[str]) -> list[str]:
            if target == "unix":
                return [str(image), f"--net:service={tap}", *args]
            return [sys.executable, "-m", "pyrage.cli", "run", str(app), "-t", "virtio",
                    "--net", tap, "--", *args]
        return argv

    return launcher(bulk, work / "tcp-bulk"), launcher(echo, work / "tcp-echo")


# ---- the report --------------------------------------------------------------------------------

def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(results: dict[str, Samples], idle: IdleMemory | None) -> str:
    names = list(results)
    others = [n for n in names if n != BASELINE]
    rows: list[tuple[str, ...]] = [("what", *names, *(f"{n} / Linux" for n in others))]

    def row(what: str, get: Callable[[Samples], list[float]], fmt: str) -> None:
        values = {n: median(get(results[n])) for n in names}
        base = values.get(BASELINE, float("nan"))
        ratios = [f"{values[n] / base:.2f}x" if base == base and values[n] == values[n]
                  else "" for n in others]
        rows.append((what, *(format(values[n], fmt) if values[n] == values[n] else "-"
                             for n in names), *ratios))

    row("bulk, Linux -> server (Mbit/s)", lambda s: s.upload, ".0f")
    row("bulk, server -> Linux (Mbit/s)", lambda s: s.download, ".0f")
    row("  Linux -> Linux with iperf3 (Mbit/s)", lambda s: s.iperf, ".0f")
    row("connections/s (connect, 64-byte echo, close)", lambda s: s.conn_per_s, ".0f")
    row("  median connection (us)", lambda s: s.crr_p50_us, ".0f")
    row(f"{LOSS:.0%} loss each way: Linux -> server (Mbit/s)", lambda s: s.loss_upload, ".1f")
    row(f"{LOSS:.0%} loss each way: server -> Linux (Mbit/s)", lambda s: s.loss_download, ".1f")
    text: str = table(rows)
    default = Path("/proc/sys/net/ipv4/tcp_congestion_control").read_text().strip()
    text += f"\nLinux + tapfwd uses the host's congestion control ({default})"
    ours, reno = results["pyrage unix"], results[RENO]
    if ours.loss_download and reno.loss_download:
        down = median(ours.loss_download) / median(reno.loss_download)
        up = median(ours.loss_upload) / median(reno.loss_upload)
        text += (f"; under loss, pyrage unix / Linux with reno: server -> Linux {down:.2f}x, "
                 f"Linux -> server {up:.2f}x")
    failed = {n: s.crr_failures for n, s in results.items() if s.crr_failures}
    if failed:
        text += f"\nconnections that failed (crr, all runs): {failed}"
    if idle is not None:
        text += (f"\nmemory per idle flow, pyrage unix (tcp-echo): {idle.per_flow_bytes:.0f} bytes"
                 f" (resident set {idle.baseline_kb} KiB warm, {idle.open_kb} KiB with "
                 f"{IDLE_FLOWS} idle connections, {idle.closed_kb} KiB once they closed)")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=2.0, help="per connections/s run")
    parser.add_argument("--mib", type=int, default=100, help="bulk transfer size, unix")
    parser.add_argument("--virtio-mib", type=int, default=20, help="bulk transfer size, virtio")
    parser.add_argument("--loss-mib", type=int, default=20, help="transfer size under loss")
    parser.add_argument("--quick", action="store_true", help="1 run, small transfers")
    parser.add_argument("--no-virtio", action="store_true", help="leave out the virtio images")
    args = parser.parse_args()
    reason = unavailable() or missing_tools("ping", "gcc")
    if reason is not None:
        print(f"bench/net/tcp: skipped: {reason}")
        return
    if args.quick:
        args.runs, args.seconds, args.mib, args.virtio_mib, args.loss_mib = 1, 0.5, 20, 4, 4
    with tempfile.TemporaryDirectory(prefix="pyrage-bench-tcp-") as tmp:
        work = Path(tmp)
        refs.build("tcp_peer")
        refs.build("tapfwd")
        unix_bulk, unix_echo = launchers(work, "unix")
        results: dict[str, Samples] = {BASELINE: Samples(), "pyrage unix": Samples(),
                                       RENO: Samples()}
        with contextlib.ExitStack() as stack:
            servers = {
                BASELINE: linux_server(stack, work, "linux", 0, args.mib * MiB),
                "pyrage unix": unikernel_server(stack, work, "unix", 0, unix_bulk, unix_echo,
                                                args.mib * MiB),
            }
            if not args.no_virtio:
                virtio_bulk, virtio_echo = launchers(work, "virtio")
                servers["pyrage virtio"] = unikernel_server(
                    stack, work, "virtio", 0, virtio_bulk, virtio_echo, args.virtio_mib * MiB)
                results["pyrage virtio"] = Samples()
            lossy = {
                BASELINE: linux_server(stack, work, "linux-loss", LOSS, args.loss_mib * MiB),
                RENO: linux_server(stack, work, "linux-reno", LOSS, args.loss_mib * MiB,
                                   congestion="reno"),
                "pyrage unix": unikernel_server(stack, work, "unix-loss", LOSS, unix_bulk, None,
                                                args.loss_mib * MiB),
            }
            for _ in range(args.runs):
                for name, server in servers.items():
                    measure(server, results[name], args.seconds)
                for name, server in lossy.items():
                    measure_loss(server, results[name])
        idle = idle_memory(work, unix_echo)
    print(report(results, idle))


if __name__ == "__main__":
    main()
