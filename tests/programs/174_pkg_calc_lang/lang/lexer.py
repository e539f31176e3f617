"""Splits a line into number, name and operator tokens."""

from .errors import SyntaxErr


def tokenize(line: str) -> list[str]:
    tokens: list[str] = []
    i = 0
    while i < len(line):
        c = line[i]
        if c.isspace():
            i += 1
        elif c.isalnum():
            j = i
            while j < len(line) and line[j].isalnum():
                j += 1
            tokens.append(line[i:j])
            i = j
        elif c in "+-*/%()=":
            tokens.append(c)
            i += 1
        else:
            raise SyntaxErr(f"bad character {c!r}")
    return tokens
