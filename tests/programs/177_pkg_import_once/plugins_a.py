"""First plugin module: registers two handlers at import time."""

import registry

print("plugins_a: loading")
registry.register("a-upper", 5)
registry.register("a-lower", 1)


def count_seen() -> int:
    return len(registry.ENTRIES)
