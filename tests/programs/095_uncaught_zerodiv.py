"""Sensor averages per channel; an empty channel divides by zero, uncaught (exit status 1).

Features: uncaught, builtin-exception, int, class, fstring
"""


class Channel:
    def __init__(self, name: str) -> None:
        self.name = name
        self.total = 0
        self.count = 0
        self.peak = 0

    def add(self, reading: int) -> None:
        self.total += reading
        self.count += 1
        if reading > self.peak:
            self.peak = reading

    def mean(self) -> int:
        return self.total // self.count

    def __str__(self) -> str:
        return f"{self.name}: n={self.count} peak={self.peak}"


temp = Channel("temp")
humidity = Channel("humidity")
pressure = Channel("pressure")
for i in range(12):
    temp.add(180 + (i * 7) % 23)
    if i % 3 == 0:
        humidity.add(40 + i)
print(temp, "mean", temp.mean())
print(humidity, "mean", humidity.mean())
print(pressure)
print("pressure mean", pressure.mean())
print("not reached")
