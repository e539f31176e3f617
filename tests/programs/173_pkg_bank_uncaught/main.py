"""A bank split into a package (models, errors, service). Transfers are replayed; the final one
overdraws an account and the InsufficientFunds raised inside bank/service.py is not caught, so
the program exits with status 1.

Features: packages, modules, uncaught, user-exception, attrs, try-except, dict, fstring
"""

from bank import errors
from bank.models import Account
from bank.service import Bank

b = Bank()
for name, cents in [("ana", 10000), ("ben", 2500), ("cat", 0)]:
    b.open(Account(name, cents))
for src, dst, amount in [("ana", "ben", 1500), ("ben", "cat", 3000), ("zed", "ana", 1),
                         ("cat", "ana", 4000), ("ben", "ben", 10)]:
    try:
        b.transfer(src, dst, amount)
        print(f"ok   {src} -> {dst} {amount}")
    except errors.InsufficientFunds as e:
        print(f"fail {e} (short by {e.shortfall})")
    except errors.BankError as e:
        print(f"fail {type(e).__name__}: {e}")
print(b.statement())
print("closing: moving everything from cat to ana, twice")
b.transfer("cat", "ana", b.balance("cat"))
b.transfer("cat", "ana", 1)
print("unreachable")
