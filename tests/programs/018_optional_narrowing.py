"""Optional values and narrowing: lookups that may fail, `is None` checks, `or` defaults.

Features: optional, none, dict, list, class, fstring
"""

from typing import Optional


class User:
    def __init__(self, name: str, manager: Optional["User"] = None) -> None:
        self.name = name
        self.manager = manager
        self.email: Optional[str] = None


def find(users: list[User], name: str) -> Optional[User]:
    for u in users:
        if u.name == name:
            return u
    return None


def chain_of_command(u: User) -> list[str]:
    out = [u.name]
    current = u.manager
    while current is not None:
        out.append(current.name)
        current = current.manager
    return out


def parse_int(s: str) -> Optional[int]:
    s = s.strip()
    if s.lstrip("-").isdigit() and s.count("-") <= 1 and not s.endswith("-"):
        return int(s)
    return None


ceo = User("ceo")
cto = User("cto", ceo)
dev = User("dev", cto)
dev.email = "dev@example.org"
team = [ceo, cto, dev]

for name in ["dev", "cto", "intern"]:
    u = find(team, name)
    if u is None:
        print(f"{name}: not found")
        continue
    contact = u.email or "(no email)"
    print(f"{name}: {' -> '.join(chain_of_command(u))} {contact}")

for text in ["42", " -7 ", "x1", "", "4-2"]:
    value = parse_int(text)
    doubled = value * 2 if value is not None else None
    print(repr(text), value, doubled)

maybe: Optional[int] = None
print(maybe is None, maybe == None, (maybe or 5) + 1)  # noqa: E711
maybe = 0
print(maybe is None, (maybe or 5) + 1, maybe if maybe is not None else -1)
