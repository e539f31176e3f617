"""Two direct stacks talking over an in-memory hub (hosted, virtual clock): UDP both ways,
ARP on the way, fragmentation, and the faults of a bad link. Protocol behaviour is checked here
without any real network; tests/net checks the same stack against Linux."""

from __future__ import annotations

import random

from pyrage.impls.hosted import net
from pyrage.stdlib import sched
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.net import UdpDatagram
from tests.netstack.hub import DirectStack, direct_stack, virtual_network

MS = 1_000_000
A_IP, B_IP = "10.0.0.1", "10.0.0.2"


def pair(hub: net.Hub, faults: net.Faults | None = None) -> tuple[DirectStack, DirectStack]:
    a = direct_stack("a", hub.port("02:00:00:00:00:0a", faults), f"{A_IP}/24")
    b = direct_stack("b", hub.port("02:00:00:00:00:0b", faults), f"{B_IP}/24")
    return a, b


def echo_server(stack: DirectStack, port: int) -> None:
    async def echo(d: UdpDatagram) -> None:
        await stack.write_udp(d.src, d.src_port, d.payload, port)
    stack.listen_udp(port, echo)


def test_udp_round_trips_resolve_arp_first() -> None:
    with virtual_network():
        a, b = pair(net.Hub())
        replies: list[tuple[str, int, bytes]] = []

        async def collect(d: UdpDatagram) -> None:
            replies.append((str(d.src), d.src_port, d.data()))

        async def main() -> None:
            await a.connect()
            await b.connect()
            echo_server(b, 7)
            a.listen_udp(5000, collect)
            for i in range(20):
                await a.write_udp(Ipv4Address.parse(B_IP), 7, f"message {i}".encode(), 5000)
            await sched.sleep_ns(50 * MS)
            await a.disconnect()
            await b.disconnect()

        sched.run(main())
        assert replies == [(B_IP, 7, f"message {i}".encode()) for i in range(20)]


def run_exchange(faults: net.Faults, payloads: list[bytes]) -> dict[int, bytes]:
    with virtual_network():
        hub = net.Hub()
        a, b = pair(hub, faults)
        got: dict[int, bytes] = {}
        wrong: list[bytes] = []

        async def collect(d: UdpDatagram) -> None:
            data = d.data()
            index = int.from_bytes(data[:4], "big")
            if index >= len(payloads) or data[4:] != payloads[index]:
                wrong.append(data)
            else:
                got[index] = data[4:]

        async def main() -> None:
            await a.connect()
            await b.connect()
            echo_server(b, 7)
            a.listen_udp(5000, collect)
            for i, payload in enumerate(payloads):
                for _ in range(60):
                    await a.write_udp(Ipv4Address.parse(B_IP), 7,
                                      i.to_bytes(4, "big") + payload, 5000)
                    for _ in range(10):
                        await sched.sleep_ns(5 * MS)
                        if i in got:
                            break
                    if i in got:
                        break
            await sched.sleep_ns(200 * MS)
            await a.disconnect()
            await b.disconnect()

        sched.run(main())
        assert not wrong, f"{len(wrong)} datagrams came back different from what was sent"
        return got


def test_every_datagram_gets_through_5_percent_loss_with_duplicates_and_reordering() -> None:
    payloads = [bytes([i]) * (1 + i * 7) for i in range(100)]
    faults = net.Faults(loss=0.05, duplicate=0.05, reorder=0.05, seed=1)
    got = run_exchange(faults, payloads)
    assert got == dict(enumerate(payloads))


def test_fragmented_datagrams_arrive_whole_or_not_at_all() -> None:
    rng = random.Random(2)
    payloads = [rng.randbytes(rng.randrange(1500, 8000)) for _ in range(30)]
    faults = net.Faults(loss=0.05, duplicate=0.05, reorder=0.1, seed=3)
    got = run_exchange(faults, payloads)
    assert got == dict(enumerate(payloads))


def test_corruption_and_truncation_never_deliver_wrong_data() -> None:
    rng = random.Random(4)
    payloads = [rng.randbytes(rng.randrange(10, 4000)) for _ in range(40)]
    faults = net.Faults(corrupt=0.1, truncate=0.05, seed=5)
    got = run_exchange(faults, payloads)
    assert got == dict(enumerate(payloads))
