"""A bank account class: fields, methods, a transaction log, and interest in integer cents.

Features: class, int, fstring, repr-str, default-kwargs
"""


class Account:
    def __init__(self, owner: str, cents: int = 0) -> None:
        self.owner = owner
        self.cents = cents
        self.log = ""
        self.ops = 0

    def deposit(self, amount: int) -> None:
        self.cents += amount
        self.record("+", amount)

    def withdraw(self, amount: int) -> bool:
        if amount > self.cents:
            self.record("!", amount)
            return False
        self.cents -= amount
        self.record("-", amount)
        return True

    def add_interest(self, basis_points: int) -> int:
        interest = self.cents * basis_points // 10000
        self.deposit(interest)
        return interest

    def record(self, sign: str, amount: int) -> None:
        self.ops += 1
        self.log += f"{sign}{amount} "

    def __str__(self) -> str:
        return f"{self.owner}: {self.cents // 100}.{self.cents % 100:02d}"

    def __repr__(self) -> str:
        return f"Account({self.owner!r}, cents={self.cents})"


alice = Account("alice", 10000)
bob = Account("bob")
alice.deposit(2550)
print(alice, "|", bob)
print("bob withdraws 5.00:", bob.withdraw(500))
print("alice withdraws 99.99:", alice.withdraw(9999))
for year in range(1, 4):
    got = alice.add_interest(basis_points=250)
    print(f"year {year}: interest {got} cents -> {alice}")
bob.deposit(amount=123)
print(repr(alice), repr(bob))
print("log:", alice.log)
print("ops:", alice.ops, bob.ops, str(bob))
