"""Whitespace plugins."""

from ..core.base import Plugin


class Strip(Plugin):
    name = "strip"

    def apply(self, text: str) -> str:
        return text.strip()


class Squeeze(Plugin):
    name = "squeeze"

    def apply(self, text: str) -> str:
        return " ".join(text.split())
