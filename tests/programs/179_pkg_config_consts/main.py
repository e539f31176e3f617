"""Configuration constants spread over a package: modules accessed as attributes
(`config.limits.MAX_CONN`), Final values, a tuple table and a derived constant computed at
import time.

Features: packages, modules, module-constants, final, tuple, dict, fstring, divmod-pow-round-abs
"""

import config
import config.limits
from config import network
from config.limits import BURST, MAX_CONN

print(config.NAME, config.VERSION_TUPLE, config.version_string())
print(f"listen on {network.HOST}:{network.PORT}, backlog {config.limits.BACKLOG}")
print("max connections:", MAX_CONN, "burst:", BURST, "per-worker:", config.limits.PER_WORKER)
for name, (lo, hi) in network.PORT_RANGES.items():
    print(f"  {name:<9}{lo:>6}-{hi:<6} size {hi - lo + 1}")
mins, secs = divmod(config.limits.IDLE_TIMEOUT_S, 60)
print(f"idle timeout {mins}m{secs:02d}s; keepalive every {config.limits.IDLE_TIMEOUT_S // 4}s")
print(network.is_ephemeral(50000), network.is_ephemeral(8080), config.limits.table())
