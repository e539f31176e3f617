"""A traffic-light state machine with an Enum of states, timed transitions and a pedestrian button.

Features: enum, dict, match, class, fstring, tuple
"""

from enum import Enum


class Light(Enum):
    RED = "red"
    RED_AMBER = "red+amber"
    GREEN = "green"
    AMBER = "amber"


DURATION: dict[Light, int] = {Light.RED: 4, Light.RED_AMBER: 1, Light.GREEN: 5, Light.AMBER: 2}


class Junction:
    def __init__(self) -> None:
        self.state = Light.RED
        self.elapsed = 0
        self.button = False
        self.history: list[tuple[int, Light]] = []

    def next_state(self) -> Light:
        match self.state:
            case Light.RED:
                return Light.RED_AMBER
            case Light.RED_AMBER:
                return Light.GREEN
            case Light.GREEN:
                return Light.AMBER
            case Light.AMBER:
                return Light.RED

    def tick(self, t: int) -> None:
        self.elapsed += 1
        limit = DURATION[self.state]
        if self.state is Light.GREEN and self.button:
            limit = min(limit, 2)
        if self.elapsed >= limit:
            self.state = self.next_state()
            self.elapsed = 0
            if self.state is Light.RED:
                self.button = False
            self.history.append((t, self.state))


j = Junction()
for t in range(1, 31):
    if t in (9, 23):
        j.button = True
        print(f"t={t:2}: button pressed while {j.state.value}")
    j.tick(t)
for t, s in j.history:
    print(f"t={t:2} -> {s.value:<9} ({s.name})")
counts: dict[str, int] = {}
for _, s in j.history:
    counts[s.name] = counts.get(s.name, 0) + 1
print(counts, j.state)
