"""A double-entry ledger with frozen attrs transactions: balances, trial balance, reversal.

Features: attrs, dict, list, tuple, user-exception, try-except, sorted-min-max, fstring
"""

import attrs
from attrs import define, field, frozen


class Unbalanced(Exception):
    pass


@frozen
class Entry:
    account: str
    cents: int


@frozen
class Txn:
    ref: str
    memo: str
    entries: tuple[Entry, ...]

    def reversed(self) -> "Txn":
        return attrs.evolve(self, ref=self.ref + "R", memo="reversal of " + self.ref,
                            entries=tuple(Entry(e.account, -e.cents) for e in self.entries))


@define
class Ledger:
    txns: list[Txn] = field(factory=list)

    def post(self, txn: Txn) -> None:
        total = sum(e.cents for e in txn.entries)
        if total != 0:
            raise Unbalanced(f"{txn.ref} is off by {total}")
        self.txns.append(txn)

    def balances(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in self.txns:
            for e in t.entries:
                out[e.account] = out.get(e.account, 0) + e.cents
        return out


book = Ledger()
rent = Txn("T1", "rent", (Entry("expenses:rent", 120000), Entry("assets:bank", -120000)))
sale = Txn("T2", "sale", (Entry("assets:bank", 45000), Entry("income:sales", -40000),
                          Entry("liabilities:vat", -5000)))
typo = Txn("T3", "typo", (Entry("assets:bank", 100), Entry("income:sales", -10)))
for t in (rent, sale, typo, rent.reversed()):
    try:
        book.post(t)
        print(f"posted {t.ref:<4} {t.memo}")
    except Unbalanced as e:
        print("rejected:", e)
for acct, cents in sorted(book.balances().items()):
    print(f"  {acct:<18}{cents / 100:>12.2f}")
print("trial balance zero:", sum(book.balances().values()) == 0, len(book.txns))
print(rent.reversed().entries[0], rent == Txn("T1", "rent", rent.entries), hash(rent) == hash(rent))
