"""Network: UDP echo round trips per second and ping latency, against references measured in the
same run.

    python bench/net/run.py [--runs N] [--seconds S] [--quick]

Every server gets a lab of its own (tests/net/netns.py: network namespaces made for the run and
removed after it): a client namespace whose tap `tapu` has 10.0.0.1/24, and the server at
10.0.0.2 on the far side of that tap. The servers:

- asyncio: CPython's asyncio UDP echo server (bench/net/asyncio_echo.py) in a namespace of its
  own, joined to tapu by tapfwd (bench/net/ref/tapfwd.c, a C frame forwarder between two taps);
- C: the C echo server (bench/net/ref/udp_echo.c), in the same place;
- the unikernels under test, on tapu itself: see `unikernels()`, the hook where they are added.

The references cross the same kind of path as a unikernel on a tap (a read and a write syscall
per frame, DESIGN.md section 5), plus a Linux stack. The client is udp_rr
(bench/net/ref/udp_rr.c): 1 and 32 concurrent flows, each with one request in flight; ping is
`ping -c N -i 0.01`. Medians of --runs runs, interleaved across the servers; every ratio is
against the C server of the same run. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import table  # type: ignore[import-not-found]  # noqa: E402

from tests.net import refs  # noqa: E402
from tests.net.blast import blast  # noqa: E402
from tests.net.netns import Lab, Namespace, UnikernelLink, missing_tools, unavailable  # noqa: E402
from tests.net.refs import ECHO_PORT, Server, unikernel_server  # noqa: E402

FLOWS = (1, 32)
#: The column every ratio is against.
BASELINE = "C echo + tapfwd"


def unikernels(args: argparse.Namespace, work: Path) -> list[tuple[str, Server]]:
    """The unikernels under test, as (column name, server): examples/udp-echo compiled for
    unix (the image opens the tap itself) and for virtio (`pyrage run -t virtio --net TAP`:
    QEMU's virtio-net on the tap; TCG unless the machine has hardware KVM). A server starts the
    unikernel in the client's namespace, with the address it is given, echoing UDP on ECHO_PORT
    and answering ping; `unikernel_server` waits until it echoes."""
    import shutil
    import subprocess

    root = Path(__file__).resolve().parents[2]
    app = work / "udp-echo"
    if not app.exists():
        shutil.copytree(root / "examples" / "udp-echo", app,
                        ignore=shutil.ignore_patterns("_build", "dist"))
    for target in ("unix", "virtio"):
        subprocess.run([sys.executable, "-m", "pyrage.cli", "compile", str(app), "-t", target],
                       check=True, capture_output=True)
    image = app / "dist" / "udp-echo"
    servers = [("pyrage unix", unikernel_server(
        lambda tap, cidr: [image, f"--net:service={tap}", f"--ipv4={cidr}", "--port=7"],
        ready="listening"))]
    if not args.no_virtio:  # QEMU: under TCG here unless the machine has hardware KVM
        servers.append(("pyrage virtio", unikernel_server(
            lambda tap, cidr: [sys.executable, "-m", "pyrage.cli", "run", str(app), "-t",
                               "virtio", "--net", tap, "--", f"--ipv4={cidr}", "--port=7"],
            ready="listening")))
    return servers


@dataclass
class Samples:
    rt_per_s: dict[int, list[float]] = field(default_factory=lambda: {f: [] for f in FLOWS})
    p50_us: dict[int, list[float]] = field(default_factory=lambda: {f: [] for f in FLOWS})
    timeouts: int = 0
    ping_avg_ms: list[float] = field(default_factory=list)
    ping_loss: list[float] = field(default_factory=list)
    answered_per_s: list[float] = field(default_factory=list)
    offered_per_s: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def setup(stack: contextlib.ExitStack, work: Path, name: str, start: Server) -> UnikernelLink:
    """A lab for one server: the client's namespace and tap, the server behind it, ready."""
    lab = stack.enter_context(Lab(work / name.replace(" ", "_")))
    link = lab.unikernel_link(capture=False)
    start(lab, link.ns, link.tap, link.guest_cidr)
    refs.udp_rr(link.ns, link.guest_ip, ECHO_PORT, flows=1, seconds=0.2, warmup=0.1)
    return link


def measure(link: UnikernelLink, samples: Samples, seconds: float, ping_count: int) -> None:
    ns: Namespace = link.ns
    for flows in FLOWS:
        rr = refs.udp_rr(ns, link.guest_ip, ECHO_PORT, flows=flows, seconds=seconds)
        samples.rt_per_s[flows].append(rr.rt_per_s)
        samples.p50_us[flows].append(rr.p50_us)
        samples.timeouts += rr.timeouts
    ping = ns.ping(link.guest_ip, count=ping_count, interval=0.01, quiet=True)
    if ping.rtt_avg_ms is not None:
        samples.ping_avg_ms.append(ping.rtt_avg_ms)
    samples.ping_loss.append(ping.loss_percent)
    try:
        flood = blast(ns, link.tap, link.guest_ip, ECHO_PORT, seconds)
    except RuntimeError as e:  # the server no longer answers ARP: reported, not measured
        samples.failures.append(str(e))
        return
    samples.answered_per_s.append(flood.answered_per_s)
    samples.offered_per_s.append(flood.offered_per_s)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(results: dict[str, Samples]) -> str:
    names = list(results)
    others = [n for n in names if n != BASELINE]
    rows: list[tuple[str, ...]] = [("what", *names, *(f"{n} / C" for n in others))]

    def row(what: str, get: Callable[[Samples], float], fmt: str, ratio: bool) -> None:
        values = {n: get(results[n]) for n in names}
        base = values.get(BASELINE, float("nan"))
        ratios = [f"{values[n] / base:.2f}x" if ratio and base else "" for n in others]
        rows.append((what, *(format(values[n], fmt) for n in names), *ratios))

    def rate(flows: int) -> Callable[[Samples], float]:
        return lambda s: median(s.rt_per_s[flows])

    def latency(flows: int) -> Callable[[Samples], float]:
        return lambda s: median(s.p50_us[flows])

    for flows in FLOWS:
        row(f"UDP echo, {flows} flow{'s' if flows > 1 else ''} (round trips/s)", rate(flows),
            ".0f", True)
    for flows in FLOWS:
        row(f"  {flows} flow{'s' if flows > 1 else ''}: median latency (us)", latency(flows),
            ".1f", True)
    row("ping -i 0.01: avg (ms)", lambda s: median(s.ping_avg_ms), ".3f", True)
    row("64-byte frames answered/s (tests/net/blast.py)", lambda s: median(s.answered_per_s),
        ".0f", True)
    row("  64-byte frames offered/s", lambda s: median(s.offered_per_s), ".0f", False)
    text: str = table(rows)
    lost = {n: sample.timeouts for n, sample in results.items() if sample.timeouts}
    lossy = {n: worst for n, sample in results.items()
             if (worst := max(sample.ping_loss, default=0.0)) > 0}
    failed = {n: sample.failures for n, sample in results.items() if sample.failures}
    if failed:
        text += f"\nfailures: {failed}"
    if lost:
        text += f"\nrequests lost (200 ms timeouts, all runs): {lost}"
    if lossy:
        text += f"\nping loss (%, worst run): {lossy}"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0, help="per udp_rr measurement")
    parser.add_argument("--ping-count", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="1 run of 0.5 s each")
    parser.add_argument("--no-virtio", action="store_true", help="leave out the virtio image")
    args = parser.parse_args()
    reason = unavailable() or missing_tools("ping", "gcc")
    if reason is not None:
        print(f"bench/net: skipped: {reason}")
        return
    runs, seconds = (1, 0.5) if args.quick else (args.runs, args.seconds)
    with tempfile.TemporaryDirectory(prefix="pyrage-bench-net-") as tmp:
        work = Path(tmp)
        refs.build_all()
        servers: list[tuple[str, Server]] = [
            ("asyncio echo + tapfwd", refs.asyncio_echo()),
            (BASELINE, refs.c_echo()),
            *unikernels(args, work),
        ]
        results = {name: Samples() for name, _ in servers}
        with contextlib.ExitStack() as stack:
            links = {name: setup(stack, work, name, start) for name, start in servers}
            for _ in range(runs):
                for name, link in links.items():
                    measure(link, results[name], seconds, args.ping_count)
    print(report(results))


if __name__ == "__main__":
    main()
