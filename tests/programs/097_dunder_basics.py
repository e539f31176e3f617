"""Classes with __str__, __repr__, __len__ and __bool__: a playlist and a stopwatch.

Features: class, dunder, repr-str, fstring, default-kwargs
"""


class Playlist:
    def __init__(self, name: str) -> None:
        self.name = name
        self.tracks = 0
        self.seconds = 0

    def add(self, seconds: int) -> "Playlist":
        self.tracks += 1
        self.seconds += seconds
        return self

    def __len__(self) -> int:
        return self.tracks

    def __str__(self) -> str:
        return f"{self.name} ({self.tracks} tracks, {self.seconds // 60}:{self.seconds % 60:02d})"

    def __repr__(self) -> str:
        return f"Playlist({self.name!r}, tracks={self.tracks})"


class Stopwatch:
    def __init__(self, running: bool = False) -> None:
        self.running = running
        self.elapsed = 0

    def tick(self, n: int = 1) -> None:
        if self.running:
            self.elapsed += n

    def __bool__(self) -> bool:
        return self.running

    def __repr__(self) -> str:
        return f"Stopwatch(running={self.running}, elapsed={self.elapsed})"


mix = Playlist("mix")
mix.add(215).add(187).add(242)
empty = Playlist("empty")
print(mix, "|", empty)
print(repr(mix), repr(empty), len(mix), len(empty))
print(f"{mix!r} {mix!s} {str(empty)}")
if mix:
    print("mix is non-empty")
if not empty:
    print("empty is falsy through __len__")
w = Stopwatch()
w.tick(5)
print(w, bool(w), "on" if w else "off")
w.running = True
w.tick(3)
w.tick()
print(w, bool(w), "on" if w else "off", not w)
print(len(mix) and 7, empty.name or "fallback", len(empty) or w.elapsed)
