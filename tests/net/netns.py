"""Network labs for tests and benchmarks against real Linux peers: namespaces, taps, veths and
bridges that a test creates and that are always removed after it.

Everything lives in network namespaces named ``pyrage-<random>-<role>`` that the lab creates:
the Linux peers, their addresses, the unikernel's tap, the capture. A new namespace has only
``lo`` and the links made here, no default route and IPv6 off, so no frame reaches or comes
from the host's own network, and a tap carries only the test's own traffic.

Which process sees which tap: a tap is found by name in the network namespace of the process
that opens ``/dev/net/tun``. So the unikernel runs *inside* the namespace of its tap
(``ns.popen([...])`` runs a command under ``ip netns exec``): the unix image opens
``--net:service=TAP`` there, and QEMU's ``-netdev tap,ifname=TAP,script=no,downscript=no``
opens it there too. In this process, ``ns.open_tap`` and ``ns.socket`` enter the namespace
from a short-lived thread (``setns`` moves only the calling thread), so a relay thread or a
test's UDP socket can live in a namespace without a subprocess.

The usual topology, one call::

    with Lab(tmp_path) as lab:
        link = lab.unikernel_link()                  # peer 10.0.0.1/24 on the tap, direct
        uk = link.start([image, f"--net:service={link.tap}", f"--ipv4={link.guest_cidr}"],
                        ready="listening")       # its output matched, and it opened the tap
        assert link.ns.ping(link.guest_ip, count=5).received == 5

and, through the impairment relay (tests/net/relay.py)::

        link = lab.unikernel_link(impair=Impairment(loss=0.3), seed=1)
        #   unikernel <-> tapu ==bridge br-tapu== tapu-r <=relay=> tapu-l (10.0.0.1/24) <-> Linux

Use the ``lab`` fixture of tests/net/conftest.py in tests: on failure it adds to the report the
captures (decoded), the relay's counters and the output of the processes started in the lab.
"""

from __future__ import annotations

import atexit
import ctypes
import fcntl
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from tests.net.relay import Impairment, Relay

ROOT = Path(__file__).resolve().parents[2]
NETNS_DIR = Path("/run/netns")
#: One file per live lab namespace, holding the pid of the process that made it: a later lab
#: removes the namespaces whose process is gone (a test run killed before its cleanup).
OWNERS_DIR = Path("/run/pyrage-netns")
PREFIX = "pyrage-"

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
IFNAMSIZ = 16

T = TypeVar("T")


class LabError(RuntimeError):
    """A command that set up or used a lab failed; the message has its stderr."""


def unavailable() -> str | None:
    """Why labs cannot run here (a reason to skip), or None."""
    if os.geteuid() != 0:
        return "network labs need root"
    if not os.path.exists("/dev/net/tun"):
        return "no /dev/net/tun"
    if shutil.which("ip") is None:
        return "no ip command (iproute2)"
    return None


def missing_tools(*tools: str) -> str | None:
    """A reason to skip when one of the commands is not installed (./dev test installs them)."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        return f"not installed: {' '.join(missing)} (./dev test installs them)"
    return None


def run(argv: Sequence[str], *, timeout: float = 30, check: bool = True,
        input: str | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout,
                          input=input, stdin=None if input is not None else subprocess.DEVNULL)
    if check and proc.returncode != 0:
        raise LabError(f"{' '.join(argv)} exited {proc.returncode}: "
                       f"{(proc.stderr or proc.stdout).strip()[-2000:]}")
    return proc


# ---- entering a namespace from this process ------------------------------------------------

_libc = ctypes.CDLL(None, use_errno=True)


def in_namespace(ns_name: str, fn: Callable[[], T]) -> T:
    """fn() called in a fresh thread that has entered the network namespace ns_name; its
    result (a socket or a tap fd made there stays in that namespace) or its exception."""
    box: list[T] = []
    error: list[BaseException] = []

    def body() -> None:
        try:
            fd = os.open(NETNS_DIR / ns_name, os.O_RDONLY | os.O_CLOEXEC)
            try:
                if _libc.setns(fd, CLONE_NEWNET) != 0:
                    err = ctypes.get_errno()
                    raise OSError(err, f"setns({ns_name}): {os.strerror(err)}")
            finally:
                os.close(fd)
            box.append(fn())
        except BaseException as e:  # handed to the caller's thread
            error.append(e)

    thread = threading.Thread(target=body, name=f"netns-{ns_name}", daemon=True)
    thread.start()
    thread.join()
    if error:
        raise error[0]
    return box[0]


def open_tap_here(name: str) -> int:
    """A non-blocking fd on the tap NAME of the calling thread's namespace (IFF_TAP | IFF_NO_PI:
    whole Ethernet frames, no header), as the unix platform opens it."""
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", name.encode(), IFF_TAP | IFF_NO_PI))
    except OSError:
        os.close(fd)
        raise
    return fd


# ---- ping ----------------------------------------------------------------------------------

_PING_SUMMARY = re.compile(r"(\d+) packets transmitted, (\d+) received(?:, \+(\d+) duplicates)?"
                           r"(?:, \+(\d+) errors)?, ([\d.]+)% packet loss")
_PING_RTT = re.compile(r"rtt min/avg/max/mdev = ([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+) ms")
_PING_REPLY = re.compile(r"icmp_seq=(\d+) ttl=\d+ time=([\d.]+) ms( \(DUP!\))?")


@dataclass(frozen=True)
class PingResult:
    """What ping printed: the summary, and the replies in the order they arrived (empty with
    quiet=True)."""

    transmitted: int
    received: int
    duplicates: int
    errors: int
    loss_percent: float
    rtt_min_ms: float | None
    rtt_avg_ms: float | None
    rtt_max_ms: float | None
    rtt_mdev_ms: float | None
    replies: list[tuple[int, float, bool]]  # (icmp_seq, ms, DUP!)
    output: str

    @property
    def reply_seqs(self) -> list[int]:
        return [seq for seq, _, _ in self.replies]


def parse_ping(output: str) -> PingResult:
    summary = _PING_SUMMARY.search(output)
    if summary is None:
        raise LabError(f"no summary in ping's output:\n{output[-2000:]}")
    rtt = _PING_RTT.search(output)
    times = [float(x) for x in rtt.groups()] if rtt else [None, None, None, None]
    replies = [(int(m[1]), float(m[2]), m[3] is not None) for m in _PING_REPLY.finditer(output)]
    return PingResult(int(summary[1]), int(summary[2]), int(summary[3] or 0),
                      int(summary[4] or 0), float(summary[5]), times[0], times[1], times[2],
                      times[3], replies, output)


# ---- processes and captures ----------------------------------------------------------------

@dataclass
class Process:
    """A command the lab started in a namespace; its stdout and stderr go to `log` (unless
    the caller asked for pipes). Stopped (SIGTERM, then SIGKILL) when the lab closes."""

    name: str
    argv: list[str]
    proc: subprocess.Popen[bytes]
    log: Path | None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def output(self) -> str:
        """What it wrote so far (stdout and stderr interleaved)."""
        if self.log is None or not self.log.exists():
            return ""
        return self.log.read_text(errors="replace")

    def wait_for_output(self, pattern: str, timeout: float = 10) -> re.Match[str]:
        """Wait until its output matches the regex (e.g. the unikernel's 'listening' line);
        LabError with the output if it exits or the time runs out first."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            match = regex.search(self.output())
            if match:
                return match
            if self.proc.poll() is not None:
                raise LabError(f"{self.name} exited {self.proc.returncode} before printing "
                               f"{pattern!r}:\n{self.output()[-3000:]}")
            if time.monotonic() > deadline:
                raise LabError(f"{self.name} did not print {pattern!r} in {timeout} s:\n"
                               f"{self.output()[-3000:]}")
            time.sleep(0.01)

    def stop(self, timeout: float = 3) -> int:
        """SIGTERM (its process group), then SIGKILL; returns its exit status."""
        if self.proc.poll() is None:
            _signal_group(self.proc, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                _signal_group(self.proc, signal.SIGKILL)
                self.proc.wait(timeout)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return self.proc.returncode


def _signal_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)  # its own session (start_new_session): pgid == pid
    except ProcessLookupError:
        pass


@dataclass
class Capture:
    """tcpdump -w on one interface of a namespace, packet-buffered (the file is current while
    it runs); the pcap stays in the lab's work directory."""

    ns: Namespace
    iface: str
    pcap: Path
    process: Process

    def settle(self, quiet: float = 0.05, limit: float = 1.0) -> None:
        """Wait until the pcap stopped growing for `quiet` s (tcpdump wrote what it saw)."""
        deadline = time.monotonic() + limit
        size = -1
        while time.monotonic() < deadline:
            now = self.pcap.stat().st_size if self.pcap.exists() else 0
            if now == size:
                return
            size = now
            time.sleep(quiet)

    def stop(self) -> None:
        """Stop tcpdump, once it wrote what it saw (it drops what it had not read yet)."""
        if self.process.proc.poll() is None:
            self.settle()
            self.process.proc.send_signal(signal.SIGINT)  # tcpdump: flush, close, exit
            try:
                self.process.proc.wait(3)
            except subprocess.TimeoutExpired:
                self.process.stop()

    def decode(self, limit: int = 200, *filter: str) -> str:
        """tcpdump's reading of the capture so far: link headers, numbers not names, the last
        `limit` packets; `filter` is a pcap filter (e.g. "udp", "port", "7")."""
        if self.process.proc.poll() is None:
            self.settle()
        if not self.pcap.exists() or self.pcap.stat().st_size <= 24:  # a pcap header alone
            return "(no packets)"
        proc = run(["tcpdump", "-nn", "-e", "-tt", "-v", "-r", str(self.pcap), *filter],
                   check=False)
        lines = proc.stdout.splitlines()
        cut = f"... ({len(lines) - limit} earlier lines)\n" if len(lines) > limit else ""
        return cut + "\n".join(lines[-limit:]) if lines else "(no packets)"

    def count(self, *filter: str) -> int:
        """Packets in the capture so far (that match `filter`)."""
        if self.process.proc.poll() is None:
            self.settle()
        if not self.pcap.exists() or self.pcap.stat().st_size <= 24:
            return 0
        proc = run(["tcpdump", "-nn", "-r", str(self.pcap), *filter], check=False)
        return len(proc.stdout.splitlines())


# ---- namespaces ----------------------------------------------------------------------------

@dataclass(eq=False)
class Namespace:
    """A network namespace of a lab. Every method runs in it; nothing here touches the host's
    namespace."""

    lab: Lab
    name: str
    role: str
    links: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return NETNS_DIR / self.name

    def __str__(self) -> str:
        return self.name

    # -- commands
    def argv(self, argv: Sequence[str | os.PathLike[str]]) -> list[str]:
        """The command line that runs argv in this namespace."""
        return ["ip", "netns", "exec", self.name, *map(str, argv)]

    def ip(self, *args: str) -> str:
        """`ip -n NS ARGS`: its stdout, or LabError."""
        return run(["ip", "-n", self.name, *args]).stdout

    def run(self, argv: Sequence[str | os.PathLike[str]], *, timeout: float = 30,
            check: bool = True, input: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run a command in the namespace to its end."""
        return run(self.argv(argv), timeout=timeout, check=check, input=input)

    def popen(self, argv: Sequence[str | os.PathLike[str]], *, name: str | None = None,
              pipes: bool = False, env: dict[str, str] | None = None) -> Process:
        """Start a command in the namespace (its own process group); the lab stops it. Its
        output goes to a log file of the lab's work directory, or to pipes with pipes=True."""
        return self.lab._start(self, [str(a) for a in argv], name, pipes, env)

    def python(self, *args: str | os.PathLike[str], name: str | None = None) -> Process:
        """This venv's Python in the namespace, the repository on its path (for
        `-m tests.net.relay`, bench scripts...)."""
        return self.popen([sys.executable, *args], name=name,
                          env={"PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"})

    # -- links
    def tap(self, name: str, *, address: str | None = None, mac: str | None = None,
            mtu: int | None = None) -> str:
        """A persistent tap NAME, up, with an optional address ("10.0.0.1/24"): the Linux side
        of whatever opens it by name (a unikernel, QEMU, a relay, tapfwd)."""
        self.ip("tuntap", "add", "dev", name, "mode", "tap")
        self.links.append(name)
        self._configure(name, address, mac, mtu)
        return name

    def bridge(self, name: str, ports: Sequence[str] = (), *, address: str | None = None) -> str:
        """A bridge with the given ports: no STP, no forwarding delay, no multicast snooping."""
        self.ip("link", "add", name, "type", "bridge", "stp_state", "0", "forward_delay", "0",
                "mcast_snooping", "0")
        self.links.append(name)
        for port in ports:
            self.ip("link", "set", port, "master", name)
        self._configure(name, address, None, None)
        return name

    def address(self, iface: str, cidr: str) -> None:
        self.ip("addr", "add", cidr, "dev", iface)

    def _configure(self, name: str, address: str | None, mac: str | None,
                   mtu: int | None) -> None:
        if mac is not None:
            self.ip("link", "set", name, "address", mac)
        if mtu is not None:
            self.ip("link", "set", name, "mtu", str(mtu))
        if address is not None:
            self.address(name, address)
        self.ip("link", "set", name, "up")

    def mac(self, iface: str) -> str:
        out = self.ip("-o", "link", "show", iface)
        match = re.search(r"link/ether ([0-9a-f:]{17})", out)
        if match is None:
            raise LabError(f"no MAC for {iface} in {self.name}: {out}")
        return match[1]

    def has_carrier(self, iface: str) -> bool:
        """Whether something holds the tap iface open (the unikernel or QEMU attached) and the
        kernel has taken note: operational state UP. Until then (a few ms after the open, on a
        loaded machine more) the kernel drops what it sends there, ARP requests included, and
        an ARP request lost costs a second."""
        line = self.ip("-o", "link", "show", iface)
        flags = re.search(r"<([^>]*)>", line)
        return (flags is not None and "LOWER_UP" in flags[1].split(",")
                and re.search(r" state UP ", line) is not None)

    def wait_carrier(self, iface: str, timeout: float = 10) -> None:
        """Wait until something opened the tap iface and the kernel took note (has_carrier):
        call it after starting what opens a tap, before sending it anything."""
        deadline = time.monotonic() + timeout
        while not self.has_carrier(iface):
            if time.monotonic() > deadline:
                raise LabError(f"nothing opened {iface} in {self.name} in {timeout} s")
            time.sleep(0.02)

    # -- from this process
    def open_tap(self, name: str) -> int:
        """A non-blocking fd on the tap NAME of this namespace, opened from this process. The
        lab closes it (after the relays that use it stop)."""
        fd = in_namespace(self.name, lambda: open_tap_here(name))
        self.lab._fds.append(fd)
        return fd

    def socket(self, family: int = socket.AF_INET, type: int = socket.SOCK_DGRAM,
               proto: int = 0) -> socket.socket:
        """A socket of this namespace, to use from this process (the lab closes it)."""
        sock = in_namespace(self.name, lambda: socket.socket(family, type, proto))
        self.lab._sockets.append(sock)
        return sock

    def udp_exchange(self, host: str, port: int, payloads: Sequence[bytes], *,
                     timeout: float = 2.0, expect: int | None = None,
                     src_port: int = 0) -> list[bytes]:
        """Send each payload to host:port from one UDP socket of this namespace, then collect
        datagrams until `expect` (default: as many as sent) arrived or nothing came for
        `timeout` s. Returns them in arrival order."""
        sock = self.socket()
        try:
            sock.bind(("0.0.0.0", src_port))
            sock.settimeout(timeout)
            for payload in payloads:
                sock.sendto(payload, (host, port))
            want = len(payloads) if expect is None else expect
            got: list[bytes] = []
            while len(got) < want:
                try:
                    got.append(sock.recv(65536))
                except TimeoutError:
                    break
            return got
        finally:
            sock.close()
            self.lab._sockets.remove(sock)

    def wait_udp(self, host: str, port: int, timeout: float = 10.0) -> None:
        """Wait until host:port answers a UDP probe (an echo server has started)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.udp_exchange(host, port, [b"probe"], timeout=0.1):
                return
        raise LabError(f"{host}:{port} did not answer UDP from {self.name} in {timeout} s")

    # -- tools
    def ping(self, host: str, *, count: int = 5, interval: float = 0.01, wait: float = 1.0,
             deadline: float | None = None, size: int | None = None, quiet: bool = False,
             timeout: float = 60) -> PingResult:
        """ping -c COUNT -i INTERVAL -W WAIT from this namespace, parsed (loss is not an error):
        COUNT requests, then up to WAIT s for the last replies. `deadline` (-w) instead runs
        until COUNT replies came or that many seconds passed."""
        argv = ["ping", "-n", "-c", str(count), "-i", str(interval), "-W", str(wait)]
        if deadline is not None:
            argv += ["-w", str(deadline)]
        if size is not None:
            argv += ["-s", str(size)]
        if quiet:
            argv.append("-q")
        proc = self.run([*argv, host], timeout=timeout, check=False)
        return parse_ping(proc.stdout + proc.stderr)

    def capture(self, iface: str, *, name: str | None = None,
                filter: Sequence[str] = ()) -> Capture:
        """Start tcpdump -w on iface (returns once it listens). Its pcap is in the lab's work
        directory, decoded into the report of a failed test by the `lab` fixture."""
        return self.lab._capture(self, iface, name, filter)

    def snmp(self) -> dict[str, dict[str, int]]:
        """The kernel's /proc/net/snmp counters of this namespace, e.g.
        snmp()["Icmp"]["InCsumErrors"], snmp()["Udp"]["InDatagrams"]."""
        lines = self.run(["cat", "/proc/net/snmp"]).stdout.splitlines()
        out: dict[str, dict[str, int]] = {}
        for head, values in zip(lines[::2], lines[1::2]):
            proto, *names = head.split()
            out[proto.rstrip(":")] = dict(zip(names, map(int, values.split()[1:])))
        return out

    def sysctl(self, key: str, value: str) -> None:
        """Write /proc/sys/<key with dots as slashes> in this namespace."""
        path = "/proc/sys/" + key.replace(".", "/")

        def write() -> None:
            with open(path, "w") as f:
                f.write(value)

        in_namespace(self.name, write)


# ---- the lab -------------------------------------------------------------------------------

@dataclass
class UnikernelLink:
    """The namespace of a unikernel's tap and of its Linux peer.

    - `tap`: the tap the unikernel opens: `--net:NAME=TAP` (unix), `-netdev tap,ifname=TAP,
      script=no,downscript=no` (QEMU); run the unikernel with `ns.popen`.
    - `peer_ip`: the Linux peer's address (on `peer_iface`), `prefix_len` its prefix; give
      the unikernel another address of that prefix (`guest_ip`, by default .2).
    - `relay`: the impairment relay between the unikernel's tap and the peer, if any.
    """

    ns: Namespace
    tap: str
    peer_ip: str
    prefix_len: int
    guest_ip: str
    peer_iface: str
    relay: Relay | None
    capture: Capture | None

    @property
    def guest_cidr(self) -> str:
        return f"{self.guest_ip}/{self.prefix_len}"

    def start(self, argv: Sequence[str | os.PathLike[str]], *, ready: str | None = None,
              timeout: float = 30, name: str = "unikernel") -> Process:
        """Start the unikernel (its command line names `tap`) in the namespace; wait for its
        output to match the regex `ready`, if given, and for it to attach to the tap."""
        process = self.ns.popen(argv, name=name)
        if ready is not None:
            process.wait_for_output(ready, timeout)
        self.wait_attached(timeout)
        return process

    def wait_attached(self, timeout: float = 30) -> None:
        """Wait until the unikernel (or QEMU) opened its tap and the kernel took note: after
        this, nothing the peer sends is dropped for want of a carrier."""
        self.ns.wait_carrier(self.tap, timeout)


class Lab:
    """Namespaces and links for one test or benchmark; `close()` (or leaving the `with`)
    stops its relays and processes, closes its fds, deletes its links and namespaces.
    `workdir` holds the logs and captures."""

    _open: set[Lab] = set()

    def __init__(self, workdir: Path, *, tag: str | None = None) -> None:
        reason = unavailable()
        if reason is not None:
            raise LabError(reason)
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.tag = tag or secrets.token_hex(3)
        self.namespaces: list[Namespace] = []
        self.processes: list[Process] = []
        self.captures: list[Capture] = []
        self.relays: list[Relay] = []
        self._fds: list[int] = []
        self._sockets: list[socket.socket] = []
        self._closed = False
        remove_stale()
        Lab._open.add(self)

    def __enter__(self) -> Lab:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- building
    def namespace(self, role: str = "peer") -> Namespace:
        """A new namespace pyrage-<tag>-<role>: lo up, IPv6 off (no router solicitations or
        MLD on the taps), nothing else."""
        name = f"{PREFIX}{self.tag}-{role}"
        if any(ns.name == name for ns in self.namespaces):
            raise LabError(f"this lab already has a namespace {role!r}")
        run(["ip", "netns", "add", name])
        ns = Namespace(self, name, role)
        self.namespaces.append(ns)
        OWNERS_DIR.mkdir(parents=True, exist_ok=True)
        (OWNERS_DIR / name).write_text(f"{os.getpid()}\n")
        ns.ip("link", "set", "lo", "up")
        for key in ("net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.default.disable_ipv6"):
            try:
                ns.sysctl(key, "1")
            except OSError:  # a kernel without IPv6
                pass
        return ns

    def veth(self, a: Namespace, name_a: str, b: Namespace, name_b: str, *,
             address_a: str | None = None, address_b: str | None = None) -> tuple[str, str]:
        """A veth pair, one end in each namespace, both up."""
        a.ip("link", "add", name_a, "type", "veth", "peer", "name", name_b, "netns", b.name)
        a.links.append(name_a)
        a._configure(name_a, address_a, None, None)
        b._configure(name_b, address_b, None, None)
        return name_a, name_b

    def relay(self, a: tuple[Namespace, str], b: tuple[Namespace, str], *,
              a_to_b: Impairment | None = None, b_to_a: Impairment | None = None,
              seed: int = 0) -> Relay:
        """The impairment relay (a thread of this process) between two existing taps, each
        (namespace, tap name); started. `a_to_b` and `b_to_a` are the impairments of each
        direction (none by default); change them later with relay.set()."""
        from tests.net.relay import Impairment, Relay

        relay = Relay(a[0].open_tap(a[1]), b[0].open_tap(b[1]),
                      a_to_b=a_to_b or Impairment(), b_to_a=b_to_a or Impairment(), seed=seed,
                      name=f"{a[0].role}/{a[1]}<->{b[0].role}/{b[1]}")
        self.relays.append(relay)
        relay.start()
        a[0].wait_carrier(a[1])
        b[0].wait_carrier(b[1])
        return relay

    def unikernel_link(self, *, peer: str = "10.0.0.1/24", guest_ip: str | None = None,
                       impair: Impairment | tuple[Impairment, Impairment] | None = None,
                       relay: bool | None = None, seed: int = 0, capture: bool = True,
                       tap: str = "tapu", mtu: int | None = None,
                       ns: Namespace | None = None) -> UnikernelLink:
        """A namespace (role "uk", or `ns`) with the tap the unikernel opens and its Linux
        peer at `peer`.

        Without a relay the peer's address is on the tap itself (Linux <-> tap <-> unikernel).
        With `impair` (one Impairment for both directions, or (to the unikernel, from the
        unikernel)) or relay=True: the tap is a port of the bridge `br-TAP` with the relay's
        tap `TAP-r`, and the peer's address is on the relay's other tap `TAP-l`:
        unikernel <-> tapu ==br-tapu== tapu-r <=relay=> tapu-l <-> Linux.
        With `capture`, tcpdump records the peer's interface from the start.
        Another call with `ns=link.ns` and another `tap` and `peer` adds a second NIC."""
        from tests.net.relay import Impairment

        ns = ns or self.namespace("uk")
        address, _, plen = peer.partition("/")
        prefix_len = int(plen or 24)
        if guest_ip is None:
            guest_ip = address.rsplit(".", 1)[0] + (".2" if not address.endswith(".2") else ".3")
        use_relay = relay if relay is not None else impair is not None
        the_relay: Relay | None = None
        if not use_relay:
            ns.tap(tap, address=f"{address}/{prefix_len}", mtu=mtu)
            peer_iface = tap
        else:
            if len(tap) > 12:
                raise LabError(f"tap name {tap!r}: at most 12 characters with a relay")
            ns.tap(tap, mtu=mtu)
            ns.tap(f"{tap}-r", mtu=mtu)
            ns.bridge(f"br-{tap}", [tap, f"{tap}-r"])
            peer_iface = ns.tap(f"{tap}-l", address=f"{address}/{prefix_len}", mtu=mtu)
            if isinstance(impair, tuple):
                to_guest, from_guest = impair
            else:
                to_guest = from_guest = impair or Impairment()
            the_relay = self.relay((ns, f"{tap}-r"), (ns, peer_iface), a_to_b=from_guest,
                                   b_to_a=to_guest, seed=seed)
        cap = ns.capture(peer_iface, name=f"{ns.role}-{peer_iface}") if capture else None
        return UnikernelLink(ns, tap, address, prefix_len, guest_ip, peer_iface, the_relay, cap)

    # -- processes and captures
    def _start(self, ns: Namespace, argv: list[str], name: str | None, pipes: bool,
               env: dict[str, str] | None) -> Process:
        name = name or Path(argv[0]).name
        index = sum(1 for p in self.processes if p.name == name)
        log: Path | None = None
        out: int | IO[bytes]
        if pipes:
            out, err = subprocess.PIPE, subprocess.PIPE
        else:
            log = self.workdir / f"{ns.role}-{name}{f'-{index}' if index else ''}.log"
            out = open(log, "wb")
            err = subprocess.STDOUT
        full_env = {**os.environ, **env} if env else None
        try:
            proc = subprocess.Popen(ns.argv(argv), stdout=out, stderr=err,
                                    stdin=subprocess.DEVNULL if not pipes else subprocess.PIPE,
                                    start_new_session=True, env=full_env)
        finally:
            if not isinstance(out, int):
                out.close()
        process = Process(name, argv, proc, log)
        self.processes.append(process)
        return process

    def _capture(self, ns: Namespace, iface: str, name: str | None,
                 filter: Sequence[str]) -> Capture:
        if shutil.which("tcpdump") is None:
            raise LabError("tcpdump is not installed (./dev test installs it)")
        name = name or f"{ns.role}-{iface}"
        pcap = self.workdir / f"{name}.pcap"
        # --immediate-mode: each packet to tcpdump at once, not a ring block a second later;
        # -U: written at once; -Z root: Debian's tcpdump otherwise drops to user tcpdump, who
        # cannot write here
        process = ns.popen(["tcpdump", "-i", iface, "--immediate-mode", "-U", "-n", "-s", "0",
                            "-Z", "root", "-w", str(pcap), *filter], name=f"tcpdump-{iface}")
        process.wait_for_output(r"listening on", timeout=10)
        capture = Capture(ns, iface, pcap, process)
        self.captures.append(capture)
        return capture

    # -- reporting
    def report(self) -> list[tuple[str, str]]:
        """(title, text) sections that explain a failure: each capture decoded, each relay's
        counters, each process's output."""
        sections: list[tuple[str, str]] = []
        for capture in self.captures:
            sections.append((f"capture {capture.ns.name}/{capture.iface} ({capture.pcap})",
                             capture.decode()))
        for relay in self.relays:
            sections.append((f"relay {relay.name}", relay.describe()))
        for process in self.processes:
            if process.name.startswith("tcpdump-"):
                continue
            status = process.proc.poll()
            state = "running" if status is None else f"exit status {status}"
            text = process.output()
            sections.append((f"process {process.name} ({state}): {' '.join(process.argv)}",
                             text[-6000:] if text else "(no output)"))
        return sections

    # -- cleanup
    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        errors: list[str] = []
        for relay in self.relays:
            try:
                relay.stop()
            except Exception as e:
                errors.append(f"relay {relay.name}: {e}")
        for capture in self.captures:
            capture.stop()
        for process in reversed(self.processes):
            process.stop()
        for sock in self._sockets:
            sock.close()
        for fd in self._fds:
            try:
                os.close(fd)
            except OSError:
                pass
        for ns in reversed(self.namespaces):
            kill_namespace_processes(ns.name)  # children that left their process group
            for link in reversed(ns.links):
                run(["ip", "-n", ns.name, "link", "del", link], check=False)
            proc = run(["ip", "netns", "del", ns.name], check=False)
            if proc.returncode != 0 and (NETNS_DIR / ns.name).exists():
                errors.append(f"ip netns del {ns.name}: {proc.stderr.strip()}")
            (OWNERS_DIR / ns.name).unlink(missing_ok=True)
        Lab._open.discard(self)
        if errors:
            raise LabError("lab cleanup: " + "; ".join(errors))


def kill_namespace_processes(name: str) -> list[int]:
    """SIGKILL the processes still inside the lab namespace `name` (`ip netns pids`): what a
    lab started and that outlived its process group, or its run. Returns their pids."""
    out = run(["ip", "netns", "pids", name], check=False).stdout
    pids = [int(pid) for pid in out.split() if pid.isdigit() and int(pid) != os.getpid()]
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return pids


def lab_namespaces() -> list[str]:
    """The pyrage-* namespaces that exist now (any lab's)."""
    if not NETNS_DIR.is_dir():
        return []
    return sorted(p.name for p in NETNS_DIR.iterdir() if p.name.startswith(PREFIX))


def remove_stale() -> list[str]:
    """Delete lab namespaces whose owner process is gone (a run killed before its cleanup);
    returns their names. Namespaces of live processes are left alone."""
    removed = []
    for name in lab_namespaces():
        owner = OWNERS_DIR / name
        try:
            pid = int(owner.read_text())
        except (OSError, ValueError):
            continue  # not made by a lab (or being made right now)
        try:
            os.kill(pid, 0)
            continue
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        kill_namespace_processes(name)
        run(["ip", "netns", "del", name], check=False)
        owner.unlink(missing_ok=True)
        removed.append(name)
    return removed


@atexit.register
def _close_open_labs() -> None:
    for lab in list(Lab._open):
        try:
            lab.close()
        except Exception as e:  # at exit: report, go on with the others
            print(f"netns: {e}", file=sys.stderr)


if __name__ == "__main__":
    # python -m tests.net.netns: remove the namespaces left by killed runs, list the others
    for gone in remove_stale():
        print(f"removed {gone}")
    for left in lab_namespaces():
        print(f"still there (owner alive): {left}")
