"""Password policy checks composed from any()/all() over characters and a list of rule callables.

Features: sum-any-all, callable, lambda, list, tuple, str-methods, comprehension, fstring
"""

from collections.abc import Callable

Rule = tuple[str, Callable[[str], bool]]

RULES: list[Rule] = [
    ("at least 8 chars", lambda p: len(p) >= 8),
    ("a digit", lambda p: any(c.isdigit() for c in p)),
    ("an upper-case letter", lambda p: any(c.isupper() for c in p)),
    ("a lower-case letter", lambda p: any(c.islower() for c in p)),
    ("a symbol", lambda p: any(not c.isalnum() for c in p)),
    ("no spaces", lambda p: all(not c.isspace() for c in p)),
    ("no triple repeats", lambda p: not any(p[i] == p[i + 1] == p[i + 2] for i in range(len(p) - 2))),
]


def check(pw: str) -> list[str]:
    return [name for name, rule in RULES if not rule(pw)]


def strength(pw: str) -> int:
    classes = [any(c.islower() for c in pw), any(c.isupper() for c in pw),
               any(c.isdigit() for c in pw), any(not c.isalnum() for c in pw)]
    return len(pw) // 4 + sum(1 for c in classes if c)


for pw in ["hunter2", "Tr0ub4dor&3", "correct horse battery staple", "AAAbbb111!!!", "Zq9!xY7#",
           "", "aaaaaaaa"]:
    missing = check(pw)
    verdict = "ok" if not missing else "missing " + ", ".join(missing)
    print(f"{pw!r:32} strength {strength(pw):>2}: {verdict}")
print(all(rule("Str0ng!pass") for _, rule in RULES), any(rule("") for _, rule in RULES))
print([n for n, r in RULES if r("        ")], sum(1 for _, r in RULES if r("Ab1!")))
