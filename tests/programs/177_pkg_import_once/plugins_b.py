"""Second plugin module: imports the registry too, and plugins_a (already loaded)."""

import plugins_a
from registry import register, ENTRIES

print("plugins_b: loading, plugins_a saw", plugins_a.count_seen())
register("b-reverse", 5)


def count_seen() -> int:
    return len(ENTRIES)


def entries() -> list[tuple[str, int]]:
    return ENTRIES
