"""A record validator that ends with sys.exit(n): the number of bad records is the exit status,
as a command-line tool reports it. SystemExit is caught once on the way to check e.code.

Features: sys-exit, try-except, str-methods, fstring
"""

import sys
from typing import Optional

RECORDS = ["ada,36,london", "brian,x,paris", "claude,41,", "dana,29,oslo", "eve,-3,rome"]


def problem(record: str) -> Optional[str]:
    fields = record.split(",")
    if len(fields) != 3:
        return "wrong field count"
    name, age, city = fields
    if not age.lstrip("-").isdigit():
        return f"age {age!r} is not a number"
    if int(age) < 0:
        return f"negative age {age}"
    if not city:
        return f"{name} has no city"
    return None


def validate(records: list[str]) -> int:
    bad = 0
    for record in records:
        why = problem(record)
        if why is not None:
            bad += 1
            print(f"bad: {record:<16} {why}")
    return bad


def check_or_exit(records: list[str]) -> None:
    bad = validate(records)
    if bad:
        sys.exit(bad)
    print("all good")


try:
    check_or_exit(["x,1,y", "z,2,w"])
    check_or_exit(RECORDS[:2])
except SystemExit as e:
    print("would exit with", e.code)
try:
    sys.exit("usage: validate FILE")
except SystemExit as e:
    print("message:", e.code)
check_or_exit(RECORDS)
print("not reached")
