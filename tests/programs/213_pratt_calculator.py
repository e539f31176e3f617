"""An integer expression evaluator: a tokenizer producing frozen dataclass tokens, a Pratt
parser with binding powers from a table, operators as lambdas in a dict, variables in an
environment; the final expression divides by zero and the ZeroDivisionError is uncaught.

Features: dataclass, class, dict, list, lambda, callable, match, user-exception, try-except, builtin-exception, fstring, uncaught, optional, divmod-pow-round-abs
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


class ParseError(Exception):
    pass


def tokenize(src: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(src):
        c = src[i]
        if c.isspace():
            i += 1
        elif c.isalnum() or c == "_":
            j = i
            while j < len(src) and (src[j].isalnum() or src[j] == "_"):
                j += 1
            tokens.append(Token("num" if c.isdigit() else "name", src[i:j], i))
            i = j
        elif c in "+-*/%()^&|":
            n = 2 if src[i:i + 2] in ("**", "//") else 1
            tokens.append(Token("op", src[i:i + n], i))
            i += n
        else:
            raise ParseError(f"unexpected {c!r} at {i}")
    tokens.append(Token("eof", "", len(src)))
    return tokens


def ipow(base: int, exp: int) -> int:
    if exp < 0:
        raise ParseError(f"negative exponent {exp}")
    result = 1
    for _ in range(exp):
        result *= base
    return result


BINARY: dict[str, tuple[int, Callable[[int, int], int]]] = {
    "|": (1, lambda a, b: a | b), "^": (2, lambda a, b: a ^ b), "&": (3, lambda a, b: a & b),
    "+": (4, lambda a, b: a + b), "-": (4, lambda a, b: a - b), "*": (5, lambda a, b: a * b),
    "//": (5, lambda a, b: a // b), "%": (5, lambda a, b: a % b), "**": (7, ipow),
}


class Parser:
    def __init__(self, src: str, env: dict[str, int]) -> None:
        self.tokens = tokenize(src)
        self.i = 0
        self.env = env

    def next(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def peek(self) -> Token:
        return self.tokens[self.i]

    def expr(self, min_bp: int = 0) -> int:
        tok = self.next()
        match tok:
            case Token("num", text):
                left = int(text)
            case Token("name", name):
                value: Optional[int] = self.env.get(name)
                if value is None:
                    raise ParseError(f"unknown variable {name!r} at {tok.pos}")
                left = value
            case Token("op", "-"):
                left = -self.expr(6)
            case Token("op", "("):
                left = self.expr()
                if self.next().text != ")":
                    raise ParseError(f"expected ) after position {tok.pos}")
            case _:
                raise ParseError(f"unexpected {tok.kind} {tok.text!r} at {tok.pos}")
        while True:
            op = self.peek()
            if op.kind != "op" or op.text not in BINARY:
                return left
            bp, fn = BINARY[op.text]
            if bp < min_bp or (bp == min_bp and op.text != "**"):
                return left
            self.next()
            left = fn(left, self.expr(bp))


def evaluate(src: str, env: dict[str, int]) -> int:
    p = Parser(src, env)
    value = p.expr()
    if p.peek().kind != "eof":
        raise ParseError(f"trailing {p.peek().text!r} at {p.peek().pos}")
    return value


env = {"mtu": 1500, "hdr": 40, "mask": 0xFF00, "n": 7}
for src in ["1 + 2 * 3", "(1 + 2) * 3", "2 ** 3 ** 2", "-2 ** 2", "mtu - hdr", "mtu // 8 % 7",
            "mask & 255", "mask | n ^ 3", "-7 // 2", "-7 % 3", "((n))", "2 ** 62 - 1 + 2 ** 62", "2 ** (0 - 1)",
            "1 +", "3 $ 4", "(1 + 2", "x + 1", "4 5"]:
    try:
        print(f"{src:<24} = {evaluate(src, env)}")
    except ParseError as e:
        print(f"{src:<24} ! {e}")
print(tokenize("a_1**2//(b)")[:4], len(BINARY), sorted(BINARY, key=lambda k: BINARY[k][0])[-2:])
print(evaluate("mtu // (n - 7)", env))
