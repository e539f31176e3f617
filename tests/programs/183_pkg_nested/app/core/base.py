"""The plugin base class."""


class Plugin:
    name = "base"

    def apply(self, text: str) -> str:
        return text

    def describe(self, before: str, after: str) -> str:
        return f"{self.name}:{len(before)}->{len(after)}"
