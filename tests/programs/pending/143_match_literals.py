"""match with literal patterns of every kind: ints, strs, None, True/False, alternatives, guards,
capture patterns and the wildcard.

Features: match, optional, none, bool, list, tuple, fstring
"""

from typing import Optional, Union

Token = Union[int, str, bool, None]


def classify(t: Token) -> str:
    match t:
        case None:
            return "nothing"
        case True:
            return "yes"
        case False:
            return "no"
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case int(n) if n < 0:
            return f"negative {n}"
        case int(n):
            return f"big {n}"
        case "":
            return "empty string"
        case "help" | "?":
            return "help requested"
        case str(s) if s.isdigit():
            return f"numeric string {s}"
        case str(s):
            return f"word {s!r}"


def http(code: Optional[int]) -> str:
    match code:
        case 200 | 201 | 204:
            return "success"
        case 301 | 302 | 307 | 308:
            return "redirect"
        case None:
            return "no response"
        case c if 400 <= c < 500:
            return f"client error {c}"
        case _:
            return "other"


tokens: list[Token] = [None, True, False, 0, 2, -7, 99, "", "help", "?", "42", "word"]
for t in tokens:
    print(f"{t!r:>8} -> {classify(t)}")
print([http(c) for c in (200, 204, 308, None, 404, 418, 503)])
print([classify(len(w)) for w in ("", "a", "abcd")], classify(1 == 1), classify(not 1))
