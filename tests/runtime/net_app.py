"""The unix network ABI seen from a compiled program: stdlib.platform's device calls, used
directly (no stack). tests/runtime/test_unix_net.py compiles it and drives it from Linux.

argv(1) picks the mode; results are printed as `key value` lines:
  args                   print the arguments the program sees
  acquire NAME...        net_acquire each NAME in turn, print the results
  echo COUNT             echo COUNT frames of EtherType 0x88b5 on NIC "service", MACs swapped
  arp                    answer ARP requests for 10.0.0.2 on NIC "service" until a frame of
                         EtherType 0x88b5 arrives (while it runs, Linux's ARP entry stays)
  ranges                 bad handles, offsets and sizes on NIC "service": the results
  udp PORT COUNT SIZE    bind 127.0.0.1:PORT, echo COUNT datagrams read SIZE bytes at a time
  udpranges PORT         bad ranges on a UDP socket
  udpmany                bind sockets until the handle table is full, close one, bind again
"""

from __future__ import annotations

from pyrage.stdlib import platform
from pyrage.stdlib.buffer import Buffer

TEST_TYPE = 0x88B5  # IEEE 802 local experimental EtherType
MY_IP = 0x0A000002  # 10.0.0.2
SECOND = 1_000_000_000
MAX_WAIT = 20 * SECOND
LOCALHOST = 0x7F000001


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


def echo(count: int) -> None:
    h = acquire_service()
    mtu = platform.net_mtu(h)
    frame = Buffer.create(32 + mtu + 14).shift(32)  # an offset inside the storage, on purpose
    raw = frame.storage()
    deadline = platform.clock_monotonic() + MAX_WAIT
    echoed = 0
    woken = 0
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
        written = platform.net_write(h, raw, frame.start(), n)
        if written != 0:
            print("write error", written)
            platform.exit(6)
        echoed += 1
        print("echoed", n)
    print("woken", woken)


def arp() -> None:
    h = acquire_service()
    mac = platform.net_mac(h)
    mtu = platform.net_mtu(h)
    frame = Buffer.create(mtu + 14)
    reply = Buffer.create(42)
    deadline = platform.clock_monotonic() + MAX_WAIT
    answered = 0
    while True:
        n = platform.net_read(h, frame.storage(), 0, len(frame))
        if n == -1:
            wait(h, deadline)
            continue
        if n >= 14 and frame.get_u16_be(12) == TEST_TYPE:
            break
        if n < 42 or frame.get_u16_be(12) != 0x0806:
            continue
        arp_in = frame.shift(14)
        if arp_in.get_u16_be(6) != 1 or arp_in.get_u32_be(24) != MY_IP:
            continue  # not a request for us
        reply.blit(frame, 6, 0, 6)  # to the asker
        reply.blit_from_bytes(mac, 0, 6, 6)
        reply.set_u16_be(12, 0x0806)
        out = reply.shift(14)
        out.set_u16_be(0, 1)  # Ethernet
        out.set_u16_be(2, 0x0800)  # IPv4
        out.set_u8(4, 6)
        out.set_u8(5, 4)
        out.set_u16_be(6, 2)  # reply
        out.blit_from_bytes(mac, 0, 8, 6)
        out.set_u32_be(14, MY_IP)
        out.blit(arp_in, 8, 18, 10)  # the asker's MAC and IPv4 address
        if platform.net_write(h, reply.storage(), 0, 42) != 0:
            print("write failed")
            platform.exit(6)
        answered += 1
        print("answered", answered)
    print("stopped")


def ranges() -> None:
    h = acquire_service()
    mtu = platform.net_mtu(h)
    raw = Buffer.create(mtu + 14).storage()
    big = 1 << 62
    print("read_neg_offset", platform.net_read(h, raw, -1, 10))
    print("read_neg_size", platform.net_read(h, raw, 0, -1))
    print("read_past_end", platform.net_read(h, raw, 1, mtu + 14))
    print("read_overflow", platform.net_read(h, raw, big, big))
    print("read_too_small", platform.net_read(h, raw, 0, mtu + 13))
    print("read_bad_handle", platform.net_read(63, raw, 0, mtu + 14))
    print("read_huge_handle", platform.net_read(big, raw, 0, mtu + 14))
    print("write_past_end", platform.net_write(h, raw, 10, mtu + 14))
    print("write_overflow", platform.net_write(h, raw, 4, big - 1 + big))
    print("write_short", platform.net_write(h, raw, 0, 13))
    print("write_long", platform.net_write(h, Buffer.create(mtu + 15).storage(), 0, mtu + 15))
    print("write_bad_handle", platform.net_write(-1, raw, 0, 60))
    print("mac_bad_handle", platform.net_mac(99).hex())
    print("mtu_bad_handle", platform.net_mtu(99))
    print("again", platform.net_read(h, raw, 0, mtu + 14))
    print("write_ok", platform.net_write(h, raw, 0, 60))  # zeros: Linux drops it
    print("second_acquire", platform.net_acquire("service"))


def udp(port: int, count: int, size: int) -> None:
    h = platform.udp_bind(LOCALHOST, port)
    print("handle", h)
    if h < 0:
        platform.exit(3)
    data = Buffer.create(8 + size).shift(8)
    deadline = platform.clock_monotonic() + MAX_WAIT
    woken = 0
    for _ in range(count):
        n = platform.udp_recvfrom(h, data.storage(), data.start(), len(data))
        while n == -1:
            woken += wait(h, deadline)
            n = platform.udp_recvfrom(h, data.storage(), data.start(), len(data))
        if n < 0:
            print("recv error", n)
            platform.exit(5)
        peer = platform.udp_peer(h)
        print("got", n, "from", peer >> 16, peer & 0xFFFF)
        sent = platform.udp_sendto(h, peer >> 16, peer & 0xFFFF, data.storage(), data.start(), n)
        if sent != 0:
            print("send error", sent)
            platform.exit(6)
    print("woken", woken)
    platform.udp_close(h)
    print("closed_recv", platform.udp_recvfrom(h, data.storage(), 0, 1))


def udp_ranges(port: int) -> None:
    h = platform.udp_bind(LOCALHOST, port)
    raw = Buffer.create(16).storage()
    print("send_past_end", platform.udp_sendto(h, LOCALHOST, 9, raw, 8, 9))
    print("send_neg", platform.udp_sendto(h, LOCALHOST, 9, raw, -8, 4))
    print("send_bad_port", platform.udp_sendto(h, LOCALHOST, 65536, raw, 0, 4))
    print("send_bad_addr", platform.udp_sendto(h, -1, 9, raw, 0, 4))
    print("recv_past_end", platform.udp_recvfrom(h, raw, 16, 1))
    print("recv_again", platform.udp_recvfrom(h, raw, 0, 16))
    print("recv_bad_handle", platform.udp_recvfrom(h + 1, raw, 0, 16))
    print("bind_bad_port", platform.udp_bind(0, 70000))
    print("peer_bad_handle", platform.udp_peer(-5))
    platform.udp_close(h)
    platform.udp_close(h)  # a second close is ignored
    print("closed", 1)


def udp_many() -> None:
    handles: list[int] = []
    h = platform.udp_bind(LOCALHOST, 0)
    while h >= 0:
        handles.append(h)
        h = platform.udp_bind(LOCALHOST, 0)
    print("bound", len(handles), "first", handles[0], "last", handles[-1], "then", h)
    platform.udp_close(handles[10])
    print("reused", platform.udp_bind(LOCALHOST, 0))


mode = platform.argv(1)
if mode == "args":
    for i in range(platform.argc()):
        print("arg", platform.argv(i))
elif mode == "acquire":
    for i in range(2, platform.argc()):
        print("acquire", platform.argv(i), platform.net_acquire(platform.argv(i)))
elif mode == "echo":
    echo(int(platform.argv(2)))
elif mode == "arp":
    arp()
elif mode == "ranges":
    ranges()
elif mode == "udp":
    udp(int(platform.argv(2)), int(platform.argv(3)), int(platform.argv(4)))
elif mode == "udpmany":
    udp_many()
elif mode == "udpranges":
    udp_ranges(int(platform.argv(2)))
else:
    print("unknown mode", mode)
    platform.exit(2)
