"""Account records as attrs classes."""

from attrs import define, field


@define
class Account:
    owner: str
    cents: int = 0
    history: list[int] = field(factory=list)

    def apply(self, delta: int) -> None:
        self.cents += delta
        self.history.append(delta)
