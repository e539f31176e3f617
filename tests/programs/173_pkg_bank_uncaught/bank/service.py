"""The transfer service, raising the errors of bank.errors."""

from .errors import InsufficientFunds, SameAccount, UnknownAccount
from .models import Account


class Bank:
    def __init__(self) -> None:
        self.accounts: dict[str, Account] = {}

    def open(self, acct: Account) -> None:
        self.accounts[acct.owner] = acct

    def get(self, name: str) -> Account:
        if name not in self.accounts:
            raise UnknownAccount(name)
        return self.accounts[name]

    def balance(self, name: str) -> int:
        return self.get(name).cents

    def transfer(self, src: str, dst: str, amount: int) -> None:
        if src == dst:
            raise SameAccount(f"cannot transfer from {src} to itself")
        a, b = self.get(src), self.get(dst)
        if a.cents < amount:
            raise InsufficientFunds(src, amount, a.cents)
        a.apply(-amount)
        b.apply(amount)

    def statement(self) -> str:
        return "\n".join(f"  {a.owner:<4}{a.cents:>7} {a.history}" for a in self.accounts.values())
