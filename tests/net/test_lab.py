"""The network test infrastructure on its own, with Linux on both ends: labs are made and always
removed, the impairment relay loses, duplicates, corrupts, reorders and delays frames as told,
and the C and asyncio references of bench/net answer. No timing is asserted (a delay only as
a lower bound: a reply cannot come back before the relay let it go)."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import qemu_available
from tests.net import refs
from tests.net.conftest import requires_lab
from tests.net.netns import (
    OWNERS_DIR,
    Lab,
    Namespace,
    lab_namespaces,
    parse_ping,
    remove_stale,
)
from tests.net.relay import Impairment, Relay


A_IP, B_IP = "10.0.0.1", "10.0.0.2"


def netns_list() -> str:
    return subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout


@pytest.mark.slow
@requires_lab
def test_a_lab_removes_its_namespaces_links_and_processes(tmp_path: Path) -> None:
    with Lab(tmp_path) as lab:
        a, b = lab.namespace("a"), lab.namespace("b")
        assert a.name.startswith("pyrage-") and a.name in netns_list()
        lab.veth(a, "va", b, "vb", address_a=f"{A_IP}/24", address_b=f"{B_IP}/24")
        a.tap("t0", address="10.9.0.1/24")
        b.tap("t1")
        b.tap("t2")
        b.bridge("br0", ["t1", "t2"])
        assert "master br0" in b.ip("-o", "link", "show", "t1")
        assert a.ping(B_IP, count=3).received == 3
        sleeper = b.popen(["sleep", "60"])
        escaped = b.popen(["sh", "-c", "setsid sleep 60 & echo $!; wait"])  # another session
        escaped_pid = int(escaped.wait_for_output(r"(\d+)\n")[1])
        # the host's namespace saw none of it
        host_links = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout
        assert " va@" not in host_links and " t0:" not in host_links
    assert a.name not in netns_list() and b.name not in netns_list()
    assert sleeper.proc.returncode is not None
    assert not Path(f"/proc/{escaped_pid}").exists() or "Z" in Path(
        f"/proc/{escaped_pid}/stat").read_text().split()[2]
    assert not (OWNERS_DIR / a.name).exists()


@pytest.mark.slow
@requires_lab
def test_the_namespaces_of_a_dead_run_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    name = f"pyrage-stale{secrets.token_hex(3)}-test"
    subprocess.run(["ip", "netns", "add", name], check=True)
    OWNERS_DIR.mkdir(parents=True, exist_ok=True)
    (OWNERS_DIR / name).write_text(f"{dead.pid}\n")
    assert name in lab_namespaces()
    with Lab(tmp_path) as lab:  # a new lab sweeps them
        ns = lab.namespace()
        assert name not in lab_namespaces()
        remove_stale()
        assert ns.name in lab_namespaces()  # a live lab's namespaces stay


@pytest.mark.slow
def test_sockets_and_commands_live_in_their_namespace(lab: Lab) -> None:
    a, b = lab.namespace("a"), lab.namespace("b")
    lab.veth(a, "va", b, "vb", address_a=f"{A_IP}/24", address_b=f"{B_IP}/24")
    server = b.socket()
    server.bind((B_IP, 9000))  # the address exists only in b
    assert a.udp_exchange(B_IP, 9000, [b"one", b"two"], expect=0, timeout=0.1) == []
    server.settimeout(5)
    assert sorted([server.recv(100), server.recv(100)]) == [b"one", b"two"]
    assert "inet 10.0.0.2/24" in b.run(["ip", "-o", "addr", "show", "vb"]).stdout
    with pytest.raises(OSError):
        lab.namespace("c").socket().bind((B_IP, 9000))  # another namespace has no such address


def test_parse_ping() -> None:
    out = ("64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=0.101 ms\n"
           "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.201 ms\n"
           "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.301 ms (DUP!)\n"
           "4 packets transmitted, 2 received, +1 duplicates, 50% packet loss, time 31ms\n"
           "rtt min/avg/max/mdev = 0.101/0.201/0.301/0.081 ms\n")
    r = parse_ping(out)
    assert (r.transmitted, r.received, r.duplicates, r.loss_percent) == (4, 2, 1, 50.0)
    assert r.reply_seqs == [2, 1, 1] and r.replies[2][2] and r.rtt_avg_ms == 0.201
    none = parse_ping("3 packets transmitted, 0 received, 100% packet loss, time 20ms\n")
    assert none.received == 0 and none.rtt_avg_ms is None


def test_impairments_parse_and_check() -> None:
    assert Impairment.parse("loss=0.3, reorder_gap=2,delay=0.01") == Impairment(
        loss=0.3, reorder_gap=2, delay=0.01)
    with pytest.raises(ValueError):
        Impairment(loss=1.5)
    with pytest.raises(ValueError):
        Impairment.parse("lose=0.3")


# ---- the relay, between two Linux namespaces -----------------------------------------------

def linked_pair(lab: Lab, *, seed: int = 1) -> tuple[Namespace, Namespace, Relay]:
    """a (10.0.0.1 on tap ta) <=relay=> (tap tb, 10.0.0.2) b, ARP already resolved."""
    a, b = lab.namespace("a"), lab.namespace("b")
    a.tap("ta", address=f"{A_IP}/24")
    b.tap("tb", address=f"{B_IP}/24")
    relay = lab.relay((a, "ta"), (b, "tb"), seed=seed)
    assert a.ping(B_IP, count=1).received == 1
    return a, b, relay


@pytest.mark.slow
def test_a_clean_relay_forwards_everything(lab: Lab) -> None:
    a, b, relay = linked_pair(lab)
    capture = b.capture("tb")
    r = a.ping(B_IP, count=50, interval=0.005)
    assert (r.transmitted, r.received, r.duplicates) == (50, 50, 0), r.output
    counters = relay.counters
    for c in counters.values():
        assert c.frames_in == c.frames_out and c.dropped == c.write_errors == 0
    assert counters["a_to_b"].frames_in >= 51
    capture.stop()
    assert capture.count("icmp") >= 100


@pytest.mark.slow
def test_loss(lab: Lab) -> None:
    a, b, relay = linked_pair(lab)
    relay.set("a_to_b", Impairment(loss=0.3))
    r = a.ping(B_IP, count=50, interval=0.005, wait=0.5)
    assert r.transmitted == 50 and 0 < r.received < 50, r.output
    assert relay.counters["a_to_b"].dropped == 50 - r.received


@pytest.mark.slow
def test_duplication(lab: Lab) -> None:
    a, b, relay = linked_pair(lab)
    relay.set("b_to_a", Impairment(duplicate=1.0))
    r = a.ping(B_IP, count=10, interval=0.02)
    assert r.received == 10 and r.duplicates >= 9 and "(DUP!)" in r.output, r.output
    assert relay.counters["b_to_a"].duplicated >= 10


@pytest.mark.slow
def test_corrupted_frames_fail_their_checksums(lab: Lab) -> None:
    a, b, relay = linked_pair(lab)
    before = b.snmp()["Icmp"]["InCsumErrors"]
    relay.set("a_to_b", Impairment(corrupt=1.0, corrupt_from=34))  # ICMP header and data
    r = a.ping(B_IP, count=10, interval=0.005, wait=0.5)
    assert r.received == 0, r.output
    assert b.snmp()["Icmp"]["InCsumErrors"] - before == 10
    assert relay.counters["a_to_b"].corrupted == 10


@pytest.mark.slow
def test_reordering(lab: Lab) -> None:
    a, b, relay = linked_pair(lab)
    relay.set("a_to_b", Impairment(reorder=0.3, reorder_gap=2))
    sink = b.socket()
    sink.bind((B_IP, 9000))
    sink.settimeout(2)
    sender = a.socket()
    for i in range(100):
        sender.sendto(b"%d" % i, (B_IP, 9000))
    got = [int(sink.recv(100)) for _ in range(100)]
    assert sorted(got) == list(range(100))  # every one, once
    assert got != sorted(got)
    assert relay.counters["a_to_b"].reordered > 0


@pytest.mark.slow
def test_delay(lab: Lab) -> None:
    a, b, relay = linked_pair(lab)
    relay.set("a_to_b", Impairment(delay=0.02))
    r = a.ping(B_IP, count=5, interval=0.01)
    assert r.received == 5 and r.rtt_min_ms is not None and r.rtt_min_ms >= 20.0, r.output
    assert relay.counters["a_to_b"].delayed >= 5


@pytest.mark.slow
@requires_lab
def test_same_seed_same_decisions(tmp_path: Path) -> None:
    """The relay's decisions depend on its seed and its frames only: two runs of the same
    traffic (UDP one way: no ARP timing in the stream) lose the same datagrams."""
    def lost(seed: int, workdir: Path) -> list[int]:
        with Lab(workdir) as lab:
            a, b, relay = linked_pair(lab, seed=seed)
            relay.set("a_to_b", Impairment(loss=0.5))
            sink = b.socket()
            sink.bind((B_IP, 9000))
            sink.settimeout(0.5)
            sender = a.socket()
            for i in range(40):
                sender.sendto(b"%d" % i, (B_IP, 9000))
                time.sleep(0.001)
            got: set[int] = set()
            while True:
                try:
                    got.add(int(sink.recv(100)))
                except TimeoutError:
                    break
            return sorted(set(range(40)) - got)

    first = lost(7, tmp_path / "1")
    assert first and first == lost(7, tmp_path / "2")
    assert first != lost(8, tmp_path / "3")


@pytest.mark.slow
def test_the_relay_as_a_process(lab: Lab) -> None:
    a, b = lab.namespace("a"), lab.namespace("b")
    a.tap("ta", address=f"{A_IP}/24")
    b.tap("tb", address=f"{B_IP}/24")
    stats = lab.workdir / "relay.json"
    relay = a.python("-m", "tests.net.relay", "ta", f"{b.name}:tb", "--b-to-a",
                     "duplicate=1.0", "--seed", "3", "--stats", stats)
    relay.wait_for_output("forwarding")
    r = a.ping(B_IP, count=5, interval=0.02)
    assert r.received == 5 and r.duplicates >= 4, r.output
    relay.stop()
    counters = json.loads(stats.read_text())
    assert counters["b_to_a"]["duplicated"] >= 5 and counters["a_to_b"]["dropped"] == 0


# ---- the unikernel's side: the tap in a namespace, the relay behind a bridge ----------------

@pytest.mark.slow
def test_unikernel_link_through_the_relay(lab: Lab) -> None:
    """What stands for the unikernel here is tapfwd and a Linux namespace on the tap."""
    link = lab.unikernel_link(impair=(Impairment(), Impairment(duplicate=1.0)), seed=2)
    assert link.relay is not None and not link.ns.has_carrier(link.tap)
    refs.c_echo()(lab, link.ns, link.tap, link.guest_cidr)
    assert link.ns.has_carrier(link.tap)
    r = link.ns.ping(link.guest_ip, count=5, interval=0.02)
    assert r.received == 5 and r.duplicates >= 4, r.output  # duplicated from the "unikernel"
    assert link.relay.counters["a_to_b"].duplicated >= 5
    assert link.capture is not None and link.capture.count("icmp") >= 10
    echoes = link.ns.udp_exchange(link.guest_ip, refs.ECHO_PORT, [b"hello"])
    assert echoes[:1] == [b"hello"]


@pytest.mark.slow
def test_link_start_waits_for_the_output_and_the_tap(lab: Lab) -> None:
    link = lab.unikernel_link()
    root = Path(__file__).resolve().parents[2]
    fake = (f"import sys, time; sys.path.insert(0, {str(root)!r}); "
            "from tests.net.netns import open_tap_here; time.sleep(0.2); "
            f"fd = open_tap_here({link.tap!r}); print('listening', flush=True); time.sleep(30)")
    uk = link.start([sys.executable, "-c", fake], ready="listening")
    assert "listening" in uk.output() and link.ns.has_carrier(link.tap)


@pytest.mark.qemu
@pytest.mark.skipif(not qemu_available(), reason="qemu-system-x86_64 is not installed")
@pytest.mark.slow
def test_qemu_attaches_to_the_lab_tap(lab: Lab) -> None:
    link = lab.unikernel_link()
    qemu = link.ns.popen(["qemu-system-x86_64", "-M", "microvm", "-nodefaults", "-nographic",
                          "-serial", "none", "-monitor", "none",
                          "-netdev", f"tap,id=n0,ifname={link.tap},script=no,downscript=no",
                          "-device", "virtio-net-device,netdev=n0"])
    link.ns.wait_carrier(link.tap)
    assert qemu.proc.poll() is None


@pytest.mark.slow
@requires_lab
def test_failures_report_the_capture_and_the_processes(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "from tests.net.conftest import lab, pytest_runtest_makereport  # noqa: F401\n")
    (tmp_path / "test_inner.py").write_text(
        "def test_nobody_answers(lab):\n"
        "    link = lab.unikernel_link()\n"
        "    link.ns.open_tap(link.tap)  # attached, never answers\n"
        "    link.ns.popen(['sh', '-c', 'echo the unikernel said this; sleep 30'], name='uk')\n"
        "    assert link.ns.ping(link.guest_ip, count=2, wait=0.2).received == 2\n"
        "\n"
        "def test_passes(lab):\n"
        "    lab.unikernel_link()\n")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-o", "addopts=", "--rootdir", str(tmp_path), str(tmp_path)],
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(Path(__file__).resolve().parents[2]),
                               "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    out = proc.stdout
    assert "1 failed, 1 passed" in out, out + proc.stderr
    assert "capture pyrage-" in out and "who-has 10.0.0.2" in out, out
    assert "the unikernel said this" in out and "work directory" in out, out
    assert out.count("capture pyrage-") == 1  # the passing test reports nothing


# ---- the references of bench/net ---------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("server", ["c", "asyncio"])
def test_reference_echo_servers_behind_tapfwd(lab: Lab, server: str) -> None:
    link = lab.unikernel_link(capture=False)
    (refs.c_echo() if server == "c" else refs.asyncio_echo())(
        lab, link.ns, link.tap, link.guest_cidr)
    assert link.ns.udp_exchange(link.guest_ip, refs.ECHO_PORT, [b"a", b"bb"]) in (
        [b"a", b"bb"], [b"bb", b"a"])
    for flows in (1, 4):
        rr = refs.udp_rr(link.ns, link.guest_ip, flows=flows, seconds=0.3, warmup=0.05)
        assert rr.flows == flows and rr.round_trips > 0 and rr.p50_us > 0
    assert link.ns.ping(link.guest_ip, count=20, quiet=True).received == 20


@pytest.mark.slow
@requires_lab
def test_the_network_benchmark_runs() -> None:
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, str(root / "bench" / "net" / "run.py"), "--runs", "1",
                           "--seconds", "0.2", "--ping-count", "10"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for line in ("UDP echo, 1 flow (round trips/s)", "UDP echo, 32 flows", "ping -i 0.01"):
        assert line in proc.stdout, proc.stdout
    assert "C echo + tapfwd" in proc.stdout and "asyncio echo + tapfwd" in proc.stdout
