"""Capitalization plugin, configurable through its constructor."""

from ..core.base import Plugin


class Capitalize(Plugin):
    name = "caps"

    def __init__(self, every_word: bool) -> None:
        self.every_word = every_word

    @staticmethod
    def cap(word: str) -> str:
        return word[:1].upper() + word[1:]

    def apply(self, text: str) -> str:
        if self.every_word:
            return " ".join(Capitalize.cap(w) for w in text.split(" "))
        return Capitalize.cap(text)

    def describe(self, before: str, after: str) -> str:
        changed = sum(1 for a, b in zip(before, after) if a != b)
        return super().describe(before, after) + f" ({changed} changed)"
