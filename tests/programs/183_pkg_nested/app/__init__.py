"""The application package: assembles an engine with the default plugins."""

from .core.engine import Engine
from .plugins import default_plugins


def build_default() -> Engine:
    e = Engine()
    for p in default_plugins():
        e.add(p)
    return e
