"""A module's top level runs once, on first import, even when several modules import it; its
mutable state (a registry list and counter object) is shared by all importers.

Features: modules, module-constants, class, list, dict, fstring
"""

print("main: start")
import registry  # noqa: E402
import plugins_a  # noqa: E402
import plugins_b  # noqa: E402
from registry import STATS, register  # noqa: E402

print("main: imports done")
register("main-handler", 0)
print("registered:", registry.names())
print("stats:", STATS.calls, STATS.by_priority)
print("a sees", plugins_a.count_seen(), "b sees", plugins_b.count_seen(), "main sees", len(registry.ENTRIES))
print(registry.LOADED_BY, registry.ENTRIES is plugins_b.entries())
