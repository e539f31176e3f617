"""A registry whose top level announces itself: it must run exactly once."""

print("registry: loading (top level runs once)")


class Stats:
    def __init__(self) -> None:
        self.calls = 0
        self.by_priority: dict[int, int] = {}


ENTRIES: list[tuple[str, int]] = []
STATS = Stats()
LOADED_BY = "registry"


def register(name: str, priority: int) -> None:
    STATS.calls += 1
    STATS.by_priority[priority] = STATS.by_priority.get(priority, 0) + 1
    ENTRIES.append((name, priority))
    print(f"registry: + {name} (priority {priority}, total {len(ENTRIES)})")


def names() -> list[str]:
    return [n for n, _ in sorted(ENTRIES, key=lambda e: (-e[1], e[0]))]
