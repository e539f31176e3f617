"""64-byte frames per second that a server receives and answers: minimum-size UDP echo
requests (14 + 20 + 8 + 18 bytes, 64 on the wire with the FCS) written as fast as an AF_PACKET
socket takes them into the client's tap, and the echoes counted as they come back, for a fixed
time. Requests the server (or the tap's queue) cannot take are lost, not retried: what is
measured is the rate answered, next to the rate offered. Used by bench/net/run.py, and by
tests/net/test_udp_echo.py to flood a unikernel.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass

from tests.net.frame_fuzz import internet_checksum
from tests.net.netns import Namespace

ETH_P_IP = 0x0800
PAYLOAD = 18  # a 60-byte frame: the Ethernet minimum, 64 bytes on the wire


@dataclass
class Blast:
    offered_per_s: float
    answered_per_s: float


def request(dst_mac: bytes, src_mac: bytes, src_ip: bytes, dst_ip: bytes, sport: int,
            port: int) -> bytes:
    udp_len = 8 + PAYLOAD
    data = bytes(PAYLOAD)
    pseudo = src_ip + dst_ip + struct.pack("!BBH", 0, 17, udp_len)
    udp = struct.pack("!HHHH", sport, port, udp_len, 0) + data
    udp = udp[:6] + struct.pack("!H", internet_checksum(pseudo + udp) or 0xFFFF) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 0, 0x4000, 64, 17, 0, src_ip,
                     dst_ip)
    ip = ip[:10] + struct.pack("!H", internet_checksum(ip)) + ip[12:]
    return dst_mac + src_mac + struct.pack("!H", ETH_P_IP) + ip + udp


def server_mac(ns: Namespace, tap: str, server_ip: str) -> bytes:
    """The server's MAC from ns's neighbour table, resolving it with a ping if need be."""
    for _ in range(20):
        neigh = ns.ip("neigh", "show", server_ip, "dev", tap).split()
        if "lladdr" in neigh:
            return bytes.fromhex(neigh[neigh.index("lladdr") + 1].replace(":", ""))
        ns.ping(server_ip, count=1, wait=1)
    raise RuntimeError(f"no neighbour entry for {server_ip} on {tap}: {neigh}")


def blast(ns: Namespace, tap: str, server_ip: str, port: int, seconds: float) -> Blast:
    """Offer minimum-size echo requests to server_ip:port through `tap` of `ns` for `seconds`
    (the server's MAC from ns's neighbour table: the server must have been reached before)."""
    dst_mac = server_mac(ns, tap, server_ip)
    src_mac = bytes.fromhex(ns.mac(tap).replace(":", ""))
    src_ip = socket.inet_aton(ns.ip("-4", "-o", "addr", "show", "dev", tap).split()[3]
                              .split("/")[0])
    dst_ip = socket.inet_aton(server_ip)
    frames = [request(dst_mac, src_mac, src_ip, dst_ip, 40000 + i, port) for i in range(64)]
    tx = ns.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    tx.bind((tap, 0))
    rx = ns.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    rx.bind((tap, ETH_P_IP))
    rx.settimeout(0.05)
    answered = 0
    done = threading.Event()

    def receive() -> None:
        nonlocal answered
        while not done.is_set():
            try:
                frame = rx.recv(2048)
            except TimeoutError:
                continue
            # an echo: from the server, UDP, from the echo port
            if frame[26:30] == dst_ip and frame[23] == 17 and \
                    frame[34:36] == struct.pack("!H", port):
                answered += 1

    listener = threading.Thread(target=receive)
    listener.start()
    offered = 0
    began = time.monotonic()
    end = began + seconds
    while time.monotonic() < end:
        for frame in frames:
            try:
                tx.send(frame)
                offered += 1
            except OSError:
                pass
    elapsed = time.monotonic() - began
    time.sleep(0.2)  # the last answers
    done.set()
    listener.join()
    return Blast(offered / elapsed, answered / elapsed)
