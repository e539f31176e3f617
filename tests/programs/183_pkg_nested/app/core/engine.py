"""Runs plugins in order and logs what each did."""

from .base import Plugin


class Engine:
    created = 0

    def __init__(self) -> None:
        self.plugins: list[Plugin] = []
        Engine.created += 1

    def add(self, p: Plugin) -> None:
        self.plugins.append(p)

    def names(self) -> list[str]:
        return [p.name for p in self.plugins]

    def run(self, text: str) -> tuple[str, list[str]]:
        log: list[str] = []
        for p in self.plugins:
            after = p.apply(text)
            log.append(p.describe(text, after))
            text = after
        return text, log
