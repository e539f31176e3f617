"""Resource limits, some derived from others at import time."""

from typing import Final

WORKERS: Final = 6
MAX_CONN: Final = 4096
PER_WORKER: Final = MAX_CONN // WORKERS
BURST: Final = PER_WORKER * 3 // 2
BACKLOG: Final = min(511, MAX_CONN // 8)
IDLE_TIMEOUT_S: Final = 5 * 60 + 30


def table() -> dict[str, int]:
    return {"workers": WORKERS, "per_worker": PER_WORKER, "spare": MAX_CONN - PER_WORKER * WORKERS}
