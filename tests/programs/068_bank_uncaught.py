"""A bank simulation replaying transfers; an overdraft at the end is not caught (exit status 1).

Features: uncaught, user-exception, class, dict, list, tuple, fstring
"""


class InsufficientFunds(Exception):
    def __init__(self, account: str, needed: int, available: int) -> None:
        super().__init__(f"{account} needs {needed} but has {available}")
        self.account = account


class Bank:
    def __init__(self) -> None:
        self.balances: dict[str, int] = {}
        self.journal: list[tuple[str, str, int]] = []

    def open(self, name: str, deposit: int) -> None:
        self.balances[name] = deposit

    def transfer(self, src: str, dst: str, amount: int) -> None:
        if self.balances[src] < amount:
            raise InsufficientFunds(src, amount, self.balances[src])
        self.balances[src] -= amount
        self.balances[dst] += amount
        self.journal.append((src, dst, amount))

    def report(self) -> None:
        for name, cents in self.balances.items():
            print(f"  {name:<6}{cents:>8}")
        print(f"  total {sum(self.balances.values()):>8}")


bank = Bank()
for name, amount in [("ann", 5000), ("bo", 1200), ("cy", 0)]:
    bank.open(name, amount)
batch = [("ann", "bo", 700), ("bo", "cy", 1500), ("cy", "ann", 100), ("bo", "cy", 9999)]
for src, dst, amount in batch:
    try:
        bank.transfer(src, dst, amount)
        print(f"ok   {src}->{dst} {amount}")
    except InsufficientFunds as e:
        print(f"fail {e} (account {e.account})")
bank.report()
print("journal:", bank.journal)
print("final settlement: cy pays ann 2000")
bank.transfer("cy", "ann", 2000)
print("unreachable")
