"""The virtio-net driver seen from a compiled program: stdlib.platform's device calls, used
directly (no stack). tests/runtime/test_virtio_net.py boots it under QEMU and drives it from
Linux.

argv(1) picks the mode; results are printed as `key value` lines:
  args                 print the arguments the program sees
  acquire NAME...      net_acquire each NAME in turn, print the handle (and the MAC)
  echo COUNT           echo COUNT frames of EtherType 0x88b5 on NIC "service", MACs swapped
  ping                 answer ARP requests for 10.0.0.2 and ICMP echo requests to it, until a
                       frame of EtherType 0x88b5 arrives
  burst COUNT SIZE     send COUNT frames of SIZE bytes (EtherType 0x88b5, broadcast, the
                       frame's number in bytes 14..17) as fast as the NIC takes them
  ranges               bad sizes and handles on NIC "service": the results
  exit STATUS          exit with STATUS
"""

from __future__ import annotations

from pyrage.stdlib import platform
from pyrage.stdlib.buffer import Buffer

TEST_TYPE = 0x88B5  # IEEE 802 local experimental EtherType
MY_IP = 0x0A000002  # 10.0.0.2
SECOND = 1_000_000_000
MAX_WAIT = 60 * SECOND  # TCG is slow, and CI machines are noisy


def acquire_service() -> int:
    h = platform.net_acquire("service")
    print("handle", h)
    if h < 0:
        platform.exit(3)
    print("mac", platform.net_mac(h).hex(":"))
    print("mtu", platform.net_mtu(h))
    return h


def wait(handle: int, deadline: int) -> int:
    """Yield until the deadline; 1 if the ready set named the handle."""
    if platform.clock_monotonic() > deadline:
        print("timeout")
        platform.exit(4)
    ready = platform.yield_until(deadline)
    return (ready >> handle) & 1


def write(h: int, frame: Buffer, size: int, deadline: int) -> int:
    """Writes the frame, waiting while the transmit ring is full: the number of waits."""
    waits = 0
    n = platform.net_write(h, frame.storage(), frame.start(), size)
    while n == -1:
        waits += 1
        wait(h, deadline)
        n = platform.net_write(h, frame.storage(), frame.start(), size)
    if n != 0:
        print("write error", n)
        platform.exit(6)
    return waits


def echo(count: int) -> None:
    h = acquire_service()
    mtu = platform.net_mtu(h)
    frame = Buffer.create(32 + mtu + 14).shift(32)  # an offset inside the storage, on purpose
    raw = frame.storage()
    deadline = platform.clock_monotonic() + MAX_WAIT
    echoed = 0
    woken = 0
    waits = 0
    while echoed < count:
        n = platform.net_read(h, raw, frame.start(), len(frame))
        if n == -1:
            woken += wait(h, deadline)
            continue
        if n < 0:
            print("read error", n)
            platform.exit(5)
        if n < 14 or frame.get_u16_be(12) != TEST_TYPE:
            continue  # Linux's own traffic (IPv6 router solicitations...)
        for i in range(6):
            a = frame.get_u8(i)
            frame.set_u8(i, frame.get_u8(6 + i))
            frame.set_u8(6 + i, a)
        waits += write(h, frame, n, deadline)
        echoed += 1
    print("echoed", echoed)
    print("woken", woken)
    print("waits", waits)


def sum16(buf: Buffer, at: int, size: int) -> int:
    """The Internet checksum of buf[at:at+size] (RFC 1071)."""
    total = 0
    i = 0
    while i + 1 < size:
        total += buf.get_u16_be(at + i)
        i += 2
    if i < size:
        total += buf.get_u8(at + i) << 8
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return 0xFFFF - total


def ping() -> None:
    """ARP and ICMP echo for 10.0.0.2, hand-rolled: replies are the request, edited in place."""
    h = acquire_service()
    mac = platform.net_mac(h)
    mtu = platform.net_mtu(h)
    frame = Buffer.create(mtu + 14)
    deadline = platform.clock_monotonic() + MAX_WAIT
    arps = 0
    pings = 0
    while True:
        n = platform.net_read(h, frame.storage(), 0, len(frame))
        if n == -1:
            wait(h, deadline)
            continue
        if n < 14:
            continue
        kind = frame.get_u16_be(12)
        if kind == TEST_TYPE:
            break
        if kind == 0x0806 and n >= 42:  # ARP
            if frame.get_u16_be(20) != 1 or frame.get_u32_be(38) != MY_IP:
                continue  # not a request for us
            frame.blit(frame, 22, 32, 10)  # the asker's MAC and address become the target
            frame.blit(frame, 6, 0, 6)
            frame.blit_from_bytes(mac, 0, 6, 6)
            frame.set_u16_be(20, 2)  # reply
            frame.blit_from_bytes(mac, 0, 22, 6)
            frame.set_u32_be(28, MY_IP)
            write(h, frame, 42, deadline)
            arps += 1
            continue
        if kind != 0x0800 or n < 34 or frame.get_u8(23) != 1 or frame.get_u32_be(30) != MY_IP:
            continue  # not ICMP to us
        ip_size = (frame.get_u8(14) & 15) * 4
        icmp = 14 + ip_size
        total = frame.get_u16_be(16)
        if n < 14 + total or frame.get_u8(icmp) != 8:
            continue  # truncated, or not an echo request
        frame.blit(frame, 6, 0, 6)
        frame.blit_from_bytes(mac, 0, 6, 6)
        source = frame.get_u32_be(26)
        frame.set_u32_be(26, MY_IP)
        frame.set_u32_be(30, source)  # the IPv4 checksum is a sum: swapping keeps it
        frame.set_u8(icmp, 0)  # echo reply
        frame.set_u16_be(icmp + 2, 0)
        frame.set_u16_be(icmp + 2, sum16(frame, icmp, total - ip_size))
        write(h, frame, 14 + total, deadline)
        pings += 1
    print("arps", arps)
    print("pings", pings)


def burst(count: int, size: int) -> None:
    h = acquire_service()
    frame = Buffer.create(size)
    for i in range(6):
        frame.set_u8(i, 0xFF)
    frame.blit_from_bytes(platform.net_mac(h), 0, 6, 6)
    frame.set_u16_be(12, TEST_TYPE)
    deadline = platform.clock_monotonic() + MAX_WAIT
    waits = 0
    for number in range(count):
        frame.set_u32_be(14, number)
        waits += write(h, frame, size, deadline)
    print("sent", count)
    print("waits", waits)


def ranges() -> None:
    h = acquire_service()
    mtu = platform.net_mtu(h)
    raw = Buffer.create(mtu + 15).storage()
    print("read_too_small", platform.net_read(h, raw, 0, mtu + 13))
    print("read_bad_handle", platform.net_read(h + 1, raw, 0, mtu + 14))
    print("read_handle_0", platform.net_read(0, raw, 0, mtu + 14))
    print("write_short", platform.net_write(h, raw, 0, 13))
    print("write_long", platform.net_write(h, raw, 0, mtu + 15))
    print("write_bad_handle", platform.net_write(63, raw, 0, 60))
    print("second_acquire", platform.net_acquire("service"))


mode = platform.argv(1)
if mode == "args":
    for i in range(platform.argc()):
        print("arg", platform.argv(i))
elif mode == "acquire":
    for i in range(2, platform.argc()):
        handle = platform.net_acquire(platform.argv(i))
        mac = platform.net_mac(handle).hex(":") if handle >= 0 else "-"
        print("acquire", platform.argv(i), handle, mac)
elif mode == "echo":
    echo(int(platform.argv(2)))
elif mode == "ping":
    ping()
elif mode == "burst":
    burst(int(platform.argv(2)), int(platform.argv(3)))
elif mode == "ranges":
    ranges()
elif mode == "exit":
    platform.exit(int(platform.argv(2)))
else:
    print("unknown mode", mode)
    platform.exit(2)
