"""The CPython asyncio reference UDP echo server of the network benchmarks.

    python bench/net/asyncio_echo.py [--port 7] [--host 0.0.0.0]

Prints "asyncio_echo: listening on HOST:PORT" once bound; ends on SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from typing import cast


class Echo(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.transport: asyncio.DatagramTransport | None = None
        self.echoed = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        assert self.transport is not None
        self.transport.sendto(data, addr)
        self.echoed += 1


async def serve(host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(Echo, local_addr=(host, port))
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"asyncio_echo: listening on {host}:{port}", flush=True)
    try:
        await stop.wait()
    finally:
        transport.close()
    print(f"asyncio_echo: echoed {protocol.echoed} datagrams", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=7)
    parser.add_argument("--host", default="0.0.0.0")
    args = parser.parse_args()
    asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
