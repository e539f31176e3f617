"""Bundled plugins."""

from ..core.base import Plugin
from .caps import Capitalize
from .space import Squeeze, Strip


def default_plugins() -> list[Plugin]:
    return [Strip(), Squeeze(), Capitalize(every_word=True)]
