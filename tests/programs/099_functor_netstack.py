"""A layered network stack built from functors: each layer is generic over the layer below.

Features: functor, generic-class, class, fstring, hex-bin-oct
"""

from typing import Generic, Protocol, TypeVar


class LINK(Protocol):
    def send(self, dst: int, payload: str) -> int: ...


class Wire:
    def __init__(self) -> None:
        self.frames = 0
        self.bytes_sent = 0

    def send(self, dst: int, payload: str) -> int:
        self.frames += 1
        self.bytes_sent += len(payload)
        print(f"  wire: frame {self.frames} to {dst:#06x}: {payload}")
        return len(payload)


L = TypeVar("L", bound=LINK)


class Framing(Generic[L]):
    def __init__(self, below: L, mtu: int) -> None:
        self.below = below
        self.mtu = mtu

    def send(self, dst: int, payload: str) -> int:
        sent = 0
        start = 0
        seq = 0
        while start < len(payload):
            chunk = payload[start:start + self.mtu]
            sent += self.below.send(dst, f"[{seq}]{chunk}")
            start += self.mtu
            seq += 1
        return sent


N = TypeVar("N", bound=LINK)


class Addressing(Generic[N]):
    def __init__(self, below: N, local: int) -> None:
        self.below = below
        self.local = local

    def send(self, dst: int, payload: str) -> int:
        header = f"{self.local:04x}>{dst:04x}|"
        return self.below.send(dst, header + payload)


wire = Wire()
stack = Addressing(Framing(wire, mtu=12), local=0x0A01)
print("sent", stack.send(0x0A02, "hello, unikernel world"))
print("sent", stack.send(0xFFFF, "ping"))
direct = Framing(Wire(), mtu=4)
print("sent", direct.send(1, "abcdefghij"))
print(f"wire totals: {wire.frames} frames, {wire.bytes_sent} bytes, {bin(wire.frames)}")
