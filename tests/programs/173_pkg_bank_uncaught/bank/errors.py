"""The bank's exception hierarchy."""


class BankError(Exception):
    """Base of every bank failure."""


class UnknownAccount(BankError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no account named {name!r}")


class SameAccount(BankError):
    pass


class InsufficientFunds(BankError):
    def __init__(self, name: str, needed: int, available: int) -> None:
        super().__init__(f"{name} has {available}, needs {needed}")
        self.shortfall = needed - available
