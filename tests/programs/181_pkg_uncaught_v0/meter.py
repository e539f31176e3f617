"""An accumulator for meter readings."""


class Meter:
    def __init__(self, name: str) -> None:
        self.name = name
        self.total = 0
        self.count = 0
        self.peak = 0

    def add(self, wh: int) -> None:
        self.total += wh
        self.count += 1
        if wh > self.peak:
            self.peak = wh

    def __str__(self) -> str:
        return f"{self.name}: {self.total} Wh in {self.count} readings"
