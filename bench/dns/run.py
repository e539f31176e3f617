"""DNS: queries per second and latency with dnsperf, examples/dns against NSD in the same run.

    python bench/dns/run.py [--runs N] [--seconds S] [--clients C] [--no-virtio]

Each server gets a lab of its own (tests/net/netns.py): dnsperf runs in a client namespace
whose tap `tapu` has 10.0.0.1/24; the server answers at 10.0.0.2 on the far side of that tap:

- NSD (the reference): in a namespace of its own, joined to tapu by tapfwd (bench/net/ref/
  tapfwd.c, a C frame forwarder between two taps), so that it crosses the same kind of path as
  a unikernel on a tap (a read and a write syscall per frame), plus Linux's stack;
- pyrage unix: the examples/dns image on tapu itself (its own Ethernet/ARP/IPv4/UDP); and
  again with --cache=0, which answers every query the long way (parse, look up, encode);
- pyrage virtio: the same under QEMU (TCG here), virtio-net on tapu.

All serve the same zones (examples/dns/zones), and dnsperf sends the same query mix (every
name of the zone and type A/AAAA/MX/TXT/NS, a quarter of them names that do not exist) with
`-c C` clients for S seconds. Medians of --runs runs, interleaved; every ratio is against NSD.
Also: the memory of each server after the runs (VmHWM of the process; QEMU's for virtio) and
the stripped image sizes. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import table  # type: ignore[import-not-found]  # noqa: E402

from tests.dns.servers import NSD  # noqa: E402
from tests.net import refs  # noqa: E402
from tests.net.netns import Lab, Namespace, Process, missing_tools, unavailable  # noqa: E402

BASELINE = "NSD + tapfwd"
Start = Callable[[Lab, Namespace, str, str], Process]


def nsd_server(zones: Path, work: Path) -> Start:
    def start(lab: Lab, ns: Namespace, tap: str, cidr: str) -> Process:
        srv = lab.namespace("srv")
        srv.tap("taps", address=cidr)
        address = cidr.split("/")[0]
        conf = work / "nsd.conf"
        entries = "".join(f"zone:\n  name: {p.name[:-5]}\n  zonefile: {p.resolve()}\n"
                          for p in sorted(zones.glob("*.zone")))
        conf.write_text(
            f"server:\n  ip-address: {address}@53\n  username: \"\"\n  chroot: \"\"\n"
            f"  database: \"\"\n  zonelistfile: \"{work}/zone.list\"\n"
            f"  pidfile: \"{work}/nsd.pid\"\n  xfrdfile: \"{work}/xfrd.state\"\n"
            f"  xfrdir: \"{work}\"\n  server-count: 1\n  verbosity: 0\n"
            "  rrl-ratelimit: 0\n"  # dnsperf from one address is not an attack
            "remote-control:\n  control-enable: no\n" + entries)
        process = srv.popen([NSD or "nsd", "-d", "-c", conf], name="nsd")
        ns.popen([refs.build("tapfwd"), tap, f"{srv.name}:taps"], name="tapfwd")
        ns.wait_carrier(tap)
        srv.wait_carrier("taps")
        wait_dns(ns, address)
        return process

    return start


def unikernel_server(argv_for: Callable[[str, str], list[str]]) -> Start:
    def start(lab: Lab, ns: Namespace, tap: str, cidr: str) -> Process:
        process = ns.popen(argv_for(tap, cidr), name="unikernel")
        process.wait_for_output("dns: answering", 300)
        ns.wait_carrier(tap, 60)
        wait_dns(ns, cidr.split("/")[0])
        return process

    return start


def wait_dns(ns: Namespace, address: str) -> None:
    for _ in range(100):
        out = ns.run(["dig", "+norec", "+short", "+time=1", "+tries=1", f"@{address}",
                      "example.org", "SOA"], check=False, timeout=10)
        if out.stdout.strip():
            return
    raise RuntimeError(f"nothing answers DNS at {address}")


def query_file(zones: Path, out: Path) -> None:
    names: list[str] = []
    for path in sorted(zones.glob("*.zone")):
        origin = path.name[:-5]
        for line in path.read_text().splitlines():
            field = line.split(";")[0].split()
            if field and not line[0].isspace() and not field[0].startswith("$") and \
                    field[0] != "@" and not field[0].startswith("*"):
                names.append(f"{field[0]}.{origin}")
        names.append(origin)
    lines = []
    for name in sorted(set(names)):
        for rtype in ("A", "AAAA", "MX", "TXT", "NS"):
            lines.append(f"{name} {rtype}")
            lines.append(f"nx{len(lines)}.{name} {rtype}")  # NXDOMAIN
    out.write_text("\n".join(lines) + "\n")


_QPS = re.compile(r"Queries per second:\s+([\d.]+)")
_LAT = re.compile(r"Average Latency \(s\):\s+([\d.]+)")
_LOST = re.compile(r"Queries lost:\s+(\d+)")


def dnsperf(ns: Namespace, address: str, queries: Path, seconds: float,
            clients: int) -> tuple[float, float, int]:
    out = ns.run(["dnsperf", "-s", address, "-p", "53", "-d", str(queries), "-l",
                  str(seconds), "-c", str(clients), "-q", "1000", "-t", "1"],
                 timeout=seconds + 60, check=False).stdout
    qps, lat, lost = _QPS.search(out), _LAT.search(out), _LOST.search(out)
    if qps is None or lat is None or lost is None:
        raise RuntimeError(f"dnsperf: {out[-800:]}")
    return float(qps.group(1)), float(lat.group(1)) * 1e6, int(lost.group(1))


def peak_kib(pid: int) -> int:
    """VmHWM of pid or of its largest descendant (QEMU under `pyrage run`)."""
    best = 0
    for p in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    best = max(best, int(line.split()[1]))
        except OSError:
            pass
    return best


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    found = [int(p) for p in out.split()]
    return found + [c for p in found for c in children(p)]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--no-virtio", action="store_true")
    args = p.parse_args()
    reason = unavailable() or missing_tools("dnsperf", "dig", "gcc") or \
        (None if NSD else "nsd is not installed")
    if reason is not None:
        print(f"bench/dns: skipped: {reason}")
        return
    with tempfile.TemporaryDirectory(prefix="pyrage-bench-dns-") as tmp:
        work = Path(tmp)
        app = work / "dns"
        shutil.copytree(ROOT / "examples" / "dns", app,
                        ignore=shutil.ignore_patterns("_build", "dist"))
        targets = ["unix"] if args.no_virtio else ["unix", "virtio"]
        for target in targets:
            subprocess.run([sys.executable, "-m", "pyrage.cli", "compile", str(app), "-t",
                            target], check=True, capture_output=True)
        queries = work / "queries.txt"
        query_file(app / "zones", queries)
        refs.build_all()
        servers: list[tuple[str, Start]] = [(BASELINE, nsd_server(app / "zones", work))]
        servers.append(("pyrage unix", unikernel_server(
            lambda tap, cidr: [str(app / "dist" / "dns"), f"--net:service={tap}",
                               f"--ipv4={cidr}", "--rrl-rate=0"])))
        servers.append(("pyrage unix, no cache", unikernel_server(
            lambda tap, cidr: [str(app / "dist" / "dns"), f"--net:service={tap}",
                               f"--ipv4={cidr}", "--rrl-rate=0", "--cache=0"])))
        if "virtio" in targets:
            servers.append(("pyrage virtio", unikernel_server(
                lambda tap, cidr: [sys.executable, "-m", "pyrage.cli", "run", str(app), "-t",
                                   "virtio", "--net", tap, "--", f"--ipv4={cidr}",
                                   "--rrl-rate=0"])))
        qps: dict[str, list[float]] = {n: [] for n, _ in servers}
        lat: dict[str, list[float]] = {n: [] for n, _ in servers}
        lost: dict[str, int] = {n: 0 for n, _ in servers}
        memory: dict[str, int] = {}
        with contextlib.ExitStack() as stack:
            links = {}
            for name, start in servers:
                folder = "".join(c if c.isalnum() else "_" for c in name)
                lab = stack.enter_context(Lab(work / folder))
                link = lab.unikernel_link(capture=False)
                process = start(lab, link.ns, link.tap, link.guest_cidr)
                links[name] = (link, process)
            for _ in range(args.runs):
                for name, (link, _) in links.items():
                    q, latency, dropped = dnsperf(link.ns, link.guest_ip, queries,
                                                  args.seconds, args.clients)
                    qps[name].append(q)
                    lat[name].append(latency)
                    lost[name] += dropped
            for name, (_, process) in links.items():
                memory[name] = peak_kib(process.pid)
        base = statistics.median(qps[BASELINE])
        base_lat = statistics.median(lat[BASELINE])
        rows: list[tuple[str, ...]] = [("server", "queries/s", "vs NSD", "avg latency (us)",
                                        "vs NSD", "lost", "peak memory (KiB)")]
        for name, _ in servers:
            q, latency = statistics.median(qps[name]), statistics.median(lat[name])
            rows.append((name, f"{q:.0f}", f"{q / base:.2f}x", f"{latency:.0f}",
                         f"{latency / base_lat:.2f}x", str(lost[name]), str(memory[name])))
        print(table(rows))
        for target in targets:
            image = app / "dist" / ("dns.virtio" if target == "virtio" else "dns")
            print(f"image ({target}, stripped, with the example zone): "
                  f"{image.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
