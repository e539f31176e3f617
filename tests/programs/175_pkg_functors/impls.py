"""Device implementations that satisfy the signatures structurally."""


class StdoutConsole:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def log(self, msg: str) -> None:
        print(f"[{self.prefix}] {msg}")


class BufferConsole:
    def __init__(self) -> None:
        self.count = 0
        self.last = ""

    def log(self, msg: str) -> None:
        self.count += 1
        self.last = msg


class PerfectNet:
    def send(self, seq: int, data: str) -> bool:
        return True


class LossyNet:
    def __init__(self, every: int) -> None:
        self.every = every
        self.attempts = 0

    def send(self, seq: int, data: str) -> bool:
        self.attempts += 1
        ok = self.attempts % self.every != 0
        print(f"  net: attempt {self.attempts} seq {seq} {data!r} -> {'ok' if ok else 'lost'}")
        return ok
