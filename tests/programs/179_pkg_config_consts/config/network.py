"""Network settings."""

from typing import Final

HOST: Final = "0.0.0.0"
PORT: Final = 8443
PORT_RANGES: Final[dict[str, tuple[int, int]]] = {
    "system": (0, 1023), "user": (1024, 49151), "ephemeral": (49152, 65535)}


def is_ephemeral(port: int) -> bool:
    lo, hi = PORT_RANGES["ephemeral"]
    return lo <= port <= hi
