"""examples/dns end to end as its README says: on pyrage's own stack over a tap (unix: the image
opens it; virtio: QEMU's virtio-net), `dig` in the lab namespace resolving through it, over UDP
and over pyrage's TCP (several queries on one connection, a zone transfer to an allowed client
and a refusal to another); and on the socket stack without root (`dig @127.0.0.1 -p PORT`),
hosted and unix."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, requires_qemu
from tests.dns.servers import unikernel
from tests.net.echo import UdpEchoImages
from tests.net.netns import Lab

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("dig") is None, reason="dig is not installed")]

TARGETS = ["unix", pytest.param("virtio", marks=[pytest.mark.qemu, requires_qemu])]


@pytest.fixture(scope="module")
def dns_images(tmp_path_factory: pytest.TempPathFactory) -> UdpEchoImages:
    root = tmp_path_factory.mktemp("apps") / "dns"
    shutil.copytree(EXAMPLES / "dns", root, ignore=shutil.ignore_patterns("_build", "dist"))
    return UdpEchoImages(root)


def dig(args: list[str]) -> str:
    out = subprocess.run(["dig", "+norec", "+time=2", "+tries=3", *args], capture_output=True,
                         text=True, timeout=60)
    return out.stdout


@pytest.mark.parametrize("target", TARGETS)
def test_dig_through_the_direct_stack(lab: Lab, dns_images: UdpEchoImages,
                                      target: str) -> None:
    link = lab.unikernel_link()
    argv = dns_images.argv(target, link.tap, f"--ipv4={link.guest_cidr}")
    link.start(argv, ready="dns: answering", timeout=300)
    server = f"@{link.guest_ip}"
    short = link.ns.run(["dig", "+norec", "+short", "+time=2", "+tries=3", server,
                         "www.example.org", "A"], timeout=60).stdout
    assert short.split() == ["web.example.org.", "192.0.2.80"]
    full = link.ns.run(["dig", "+norec", "+time=2", server, "nope.example.org", "AAAA"],
                       timeout=60).stdout
    assert "status: NXDOMAIN" in full and "flags: qr aa" in full
    txt = link.ns.run(["dig", "+norec", "+short", "+time=2", server, "example.org", "TXT"],
                      timeout=60).stdout
    assert txt.strip() == '"v=spf1 mx -all"'


ZONE_RECORDS = 25  # examples/dns/zones/example.org.zone (its SOA counted once)


@pytest.mark.parametrize("target", TARGETS)
def test_tcp_queries_and_zone_transfers(lab: Lab, dns_images: UdpEchoImages,
                                        target: str) -> None:
    link = lab.unikernel_link()
    argv = dns_images.argv(target, link.tap, f"--ipv4={link.guest_cidr}",
                           "--axfr=10.0.0.1/32")
    link.start(argv, ready="dns: answering", timeout=300)
    server = f"@{link.guest_ip}"
    # three queries on one connection (RFC 7766 6.2.1), answered in order
    many = link.ns.run(["dig", "+norec", "+tcp", "+keepopen", "+short", "+time=5", server,
                        "www.example.org", "A", "example.org", "MX", "mail.example.org", "A"],
                       timeout=60).stdout
    assert many.split() == ["web.example.org.", "192.0.2.80", "10", "mail.example.org.",
                            "20", "mail2.example.net.", "192.0.2.25"]
    axfr = link.ns.run(["dig", "+norec", "+time=5", server, "example.org", "AXFR"],
                       timeout=60).stdout
    records = [line.split() for line in axfr.splitlines() if line and line[0] != ";"]
    assert [r[3] for r in records].count("SOA") == 2
    assert records[0][3] == "SOA" and records[-1][3] == "SOA"
    assert len(records) == ZONE_RECORDS + 1
    assert ["www.example.org.", "3600", "IN", "CNAME", "web.example.org."] in records
    # the SOA alone for an IXFR from the current serial; a refusal for another client
    serial = records[0][6]
    ixfr = link.ns.run(["dig", "+norec", "+time=5", server, "example.org", f"IXFR={serial}"],
                       timeout=60).stdout
    assert [line.split()[3] for line in ixfr.splitlines() if line and line[0] != ";"] == \
        ["SOA"]
    # from an address outside --axfr: REFUSED, which dig reports as a failed transfer
    link.ns.run(["ip", "addr", "add", "10.0.0.5/24", "dev", link.peer_iface])
    refused = link.ns.run(["dig", "+norec", "+time=5", "-b", "10.0.0.5", server,
                           "example.org", "AXFR"], timeout=60).stdout
    assert "Transfer failed" in refused


@pytest.mark.parametrize("target", ["hosted", "unix"])
def test_dig_on_the_socket_stack_without_root(dns_images: UdpEchoImages, target: str) -> None:
    with unikernel(dns_images.root, target) as port:
        out = subprocess.run(["dig", "+norec", "+short", "+time=2", "+tries=3",
                              "@127.0.0.1", "-p", str(port), "mail.example.org", "A"],
                             capture_output=True, text=True, timeout=60).stdout
        assert out.split() == ["192.0.2.25"]


def test_a_broken_zone_stops_the_build_at_its_line(tmp_path: Path) -> None:
    root = tmp_path / "dns"
    shutil.copytree(EXAMPLES / "dns", root, ignore=shutil.ignore_patterns("_build", "dist"))
    zone = root / "zones" / "example.org.zone"
    lines = zone.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("mail"))
    lines[at] = "mail    IN A    192.0.2.256"
    zone.write_text("\n".join(lines) + "\n")
    out = subprocess.run(["python", "-m", "pyrage.cli", "compile", str(root), "-t", "unix"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 1
    assert f"example.org.zone:{at + 1}:" in out.stderr and "Traceback" not in out.stderr
