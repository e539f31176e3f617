"""The application: generic over a CONSOLE and a NET."""

from typing import Generic, TypeVar

from signatures import CONSOLE, NET

C = TypeVar("C", bound=CONSOLE)
N = TypeVar("N", bound=NET)


class Uploader(Generic[C, N]):
    def __init__(self, console: C, net: N, chunk: int, retries: int = 0) -> None:
        self.console = console
        self.net = net
        self.chunk = chunk
        self.retries = retries
        self.checksum = 0

    def upload(self, data: str) -> int:
        seq = 0
        start = 0
        while start < len(data):
            part = data[start:start + self.chunk]
            tries = 0
            while not self.net.send(seq, part):
                tries += 1
                self.console.log(f"retry {tries} for chunk {seq}")
                if tries > self.retries:
                    self.console.log(f"giving up on chunk {seq}")
                    return seq
            for i in range(len(part)):
                self.checksum = (self.checksum * 31 + "abcdefghijklmnopqrstuvwxyz ".find(part[i]) + 2) % 65521
            self.console.log(f"chunk {seq} ok ({len(part)} chars)")
            seq += 1
            start += self.chunk
        return seq
