"""A million random and mutated frames into the compiled udp-echo (unix) on its tap: it must
neither crash nor hang nor grow, and must still answer ping and echo afterwards.

The frames (tests/net/frame_fuzz.py) go out of an AF_PACKET socket on the tap's Linux side, so
each one is a frame the unikernel reads. What counts is what the kernel handed to the tap
(its tx_packets): sending goes on until a million frames were delivered, whatever the tap's
queue dropped while the unikernel was busy. Memory is the unikernel's resident set, taken after
the first 100,000 frames (once its heap has reached its working size) and at the end.

PYRAGE_FUZZ_FRAMES sets the number (default 1,000,000).
"""

from __future__ import annotations

import os
import socket
import time

import pytest

from pyrage.launch.qemu import tap_mac
from tests.net.echo import UdpEchoImages, alive, echo_sizes, rss_kb
from tests.net.frame_fuzz import FrameMaker
from tests.net.netns import Lab, Namespace

pytestmark = pytest.mark.slow

FRAMES = int(os.environ.get("PYRAGE_FUZZ_FRAMES", "1000000"))
WARM = min(100_000, FRAMES // 10)
#: Resident-set growth allowed after warm-up: a leak of even 8 bytes a frame would pass 7 MB.
GROWTH_KB = 2048


def tap_counter(ns: Namespace, tap: str, name: str) -> int:
    return int(ns.run(["cat", f"/sys/class/net/{tap}/statistics/{name}"]).stdout.strip())


def mac_of(text: str) -> bytes:
    return bytes.fromhex(text.replace(":", ""))


def test_a_million_fuzzed_frames(lab: Lab, udp_echo_images: UdpEchoImages) -> None:
    link = lab.unikernel_link(capture=False)
    argv = udp_echo_images.argv("unix", link.tap, f"--ipv4={link.guest_cidr}")
    uk = link.start(argv, ready=r"udp-echo: listening", timeout=120)
    maker = FrameMaker(seed=2026, guest_mac=mac_of(tap_mac(link.tap)),
                       guest_ip=socket.inet_aton(link.guest_ip),
                       peer_mac=mac_of(link.ns.mac(link.tap)),
                       peer_ip=socket.inet_aton(link.peer_ip))
    sock = link.ns.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    sock.bind((link.tap, 0))
    start = tap_counter(link.ns, link.tap, "tx_packets")
    dropped_before = tap_counter(link.ns, link.tap, "tx_dropped")
    frames = maker.frames()
    delivered, sent, warm_rss = 0, 0, 0
    began = time.monotonic()
    while delivered < FRAMES:
        for _ in range(20_000):
            frame = next(frames)
            try:
                sock.send(frame)
            except OSError:  # ENOBUFS and the like: the queue is full, let it drain
                time.sleep(0.001)
            sent += 1
        assert alive(uk.pid), f"the unikernel died after {delivered} frames:\n{uk.output()}"
        delivered = tap_counter(link.ns, link.tap, "tx_packets") - start
        if not warm_rss and delivered >= WARM:
            warm_rss = rss_kb(uk.pid)
    seconds = time.monotonic() - began
    dropped = tap_counter(link.ns, link.tap, "tx_dropped") - dropped_before
    end_rss = rss_kb(uk.pid)
    print(f"{delivered} frames delivered ({sent} sent, {dropped} dropped by the tap's queue) "
          f"in {seconds:.1f} s; RSS {warm_rss} KiB after {WARM}, {end_rss} KiB at the end")
    # Still answering: ping and the echo, then still alive.
    r = link.ns.ping(link.guest_ip, count=3, wait=2)
    assert r.received == 3, f"{r.output}\n{uk.output()}"
    result = echo_sizes(link.ns, link.guest_ip, [1, 100, 1472, 4000])
    assert result.echoed == {1, 100, 1472, 4000} and not result.wrong, result.summary()
    assert alive(uk.pid), uk.output()
    assert end_rss - warm_rss <= GROWTH_KB, \
        f"resident set grew from {warm_rss} to {end_rss} KiB over {delivered - WARM} frames"
