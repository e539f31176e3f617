"""A recursive-descent parser building an AST of classes, then evaluating and printing it.

Features: union-isinstance, match, class, list, builtin-exception, try-except, str-methods
"""

from typing import Union


class Num:
    def __init__(self, value: int) -> None:
        self.value = value


class BinOp:
    def __init__(self, op: str, left: "Node", right: "Node") -> None:
        self.op, self.left, self.right = op, left, right


Node = Union[Num, BinOp]


class Parser:
    def __init__(self, text: str) -> None:
        self.toks = text.replace("(", " ( ").replace(")", " ) ").split() + [""]
        self.pos = 0

    def take(self) -> str:
        tok = self.toks[self.pos]
        if not tok:
            raise ValueError("unexpected end of input")
        self.pos += 1
        return tok

    def binary(self, level: int) -> Node:
        ops = "+-" if level == 0 else "*/"
        node = self.binary(1) if level == 0 else self.atom()
        while self.toks[self.pos] and self.toks[self.pos] in ops:
            op = self.take()
            node = BinOp(op, node, self.binary(1) if level == 0 else self.atom())
        return node

    def atom(self) -> Node:
        tok = self.take()
        if tok == "(":
            node = self.binary(0)
            if self.take() != ")":
                raise ValueError("expected )")
            return node
        if not tok.lstrip("-").isdigit():
            raise ValueError(f"unexpected token {tok!r}")
        return Num(int(tok))


def evaluate(n: Node) -> int:
    match n:
        case Num(value=v):
            return v
        case BinOp(op="+" | "-" as op, left=a, right=b):
            return evaluate(a) + (evaluate(b) if op == "+" else -evaluate(b))
        case BinOp(op="*", left=a, right=b):
            return evaluate(a) * evaluate(b)
        case BinOp(left=a, right=b):
            return evaluate(a) // evaluate(b)


def show(n: Node) -> str:
    return str(n.value) if isinstance(n, Num) else f"({show(n.left)} {n.op} {show(n.right)})"


for src in ["1 + 2 * 3", "(1 + 2) * 3", "-4 - -4 * 2", "100 / 7 / 2", "2 * (3 + (4 - 1)) * -1",
            "1 +", "(2 * 3", "4 $ 4", "8 - 2 - 1", "4 4"]:
    try:
        p = Parser(src)
        tree = p.binary(0)
        if p.toks[p.pos]:
            raise ValueError(f"trailing {p.toks[p.pos]!r}")
        print(f"{src:<24} {show(tree):<32} = {evaluate(tree)}")
    except ValueError as e:
        print(f"{src:<24} error: {e}")
