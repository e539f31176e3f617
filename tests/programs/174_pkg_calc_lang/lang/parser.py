"""Builds an AST of Num, Var, Neg, Bin and Assign nodes by precedence climbing."""

from typing import Union

from .errors import SyntaxErr


class Num:
    def __init__(self, v: int) -> None:
        self.v = v


class Var:
    def __init__(self, name: str) -> None:
        self.name = name


class Neg:
    def __init__(self, e: "Node") -> None:
        self.e = e


class Bin:
    def __init__(self, op: str, a: "Node", b: "Node") -> None:
        self.op, self.a, self.b = op, a, b


class Assign:
    def __init__(self, name: str, e: "Node") -> None:
        self.name, self.e = name, e


Node = Union[Num, Var, Neg, Bin, Assign]
PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "%": 2}


def parse(tokens: list[str]) -> Node:
    if len(tokens) > 2 and tokens[1] == "=":
        return Assign(tokens[0], parse(tokens[2:]))
    pos = [0]

    def atom() -> Node:
        if pos[0] >= len(tokens):
            raise SyntaxErr("unexpected end")
        t = tokens[pos[0]]
        pos[0] += 1
        if t == "-":
            return Neg(atom())
        if t == "(":
            e = expr(1)
            pos[0] += 1
            return e
        return Num(int(t)) if t.isdigit() else Var(t)

    def expr(min_prec: int) -> Node:
        left = atom()
        while pos[0] < len(tokens) and PREC.get(tokens[pos[0]], 0) >= min_prec:
            op = tokens[pos[0]]
            pos[0] += 1
            left = Bin(op, left, expr(PREC[op] + 1))
        return left

    return expr(1)
