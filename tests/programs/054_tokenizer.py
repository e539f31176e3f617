"""A tokenizer for a small expression language: numbers, identifiers, operators, strings.

Features: str-index, str-methods, list, tuple, enum, user-exception, try-except, fstring
"""

from enum import Enum


class Kind(Enum):
    NUM = "num"
    IDENT = "ident"
    OP = "op"
    STR = "str"


class LexError(Exception):
    pass


OPERATORS = ["==", "!=", "<=", ">=", "->", "+", "-", "*", "/", "(", ")", "<", ">", "=", ","]


def tokenize(src: str) -> list[tuple[Kind, str]]:
    tokens: list[tuple[Kind, str]] = []
    i = 0
    while i < len(src):
        c = src[i]
        if c.isspace():
            i += 1
        elif c.isdigit():
            j = i
            while j < len(src) and (src[j].isdigit() or src[j] == "_"):
                j += 1
            tokens.append((Kind.NUM, src[i:j]))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < len(src) and (src[j].isalnum() or src[j] == "_"):
                j += 1
            tokens.append((Kind.IDENT, src[i:j]))
            i = j
        elif c == '"':
            j = src.find('"', i + 1)
            if j < 0:
                raise LexError(f"unterminated string at column {i}")
            tokens.append((Kind.STR, src[i + 1:j]))
            i = j + 1
        else:
            for op in OPERATORS:
                if src.startswith(op, i):
                    tokens.append((Kind.OP, op))
                    i += len(op)
                    break
            else:
                raise LexError(f"unexpected {c!r} at column {i}")
    return tokens


for line in ['x = 3 + foo_bar*(12-y)', 'f(a, "hi there") -> b >= 1_000',
             'ok == "open', 'n = 4 $ 2', 'été != 0']:
    try:
        toks = tokenize(line)
        print(" ".join(f"{k.value}:{t}" for k, t in toks))
        print("   counts:", {k.name: sum(1 for kk, _ in toks if kk is k) for k in Kind})
    except LexError as e:
        print(f"error in {line!r}: {e}")
