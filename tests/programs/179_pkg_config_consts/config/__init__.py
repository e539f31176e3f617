"""Top-level configuration: the program's name and version."""

from typing import Final

NAME: Final = "edge-proxy"
VERSION_TUPLE: Final = (2, 7, 1)


def version_string() -> str:
    return ".".join(str(p) for p in VERSION_TUPLE)
