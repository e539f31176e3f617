"""Evaluates ASTs against an environment of integer variables."""

from .errors import EvalError
from .parser import Assign, Bin, Neg, Node, Num, Var


class Env:
    def __init__(self) -> None:
        self.variables: dict[str, int] = {}


def evaluate(n: Node, env: Env) -> int:
    match n:
        case Num(v=v):
            return v
        case Var(name=name):
            if name not in env.variables:
                raise EvalError(f"undefined variable {name}")
            return env.variables[name]
        case Neg(e=e):
            return -evaluate(e, env)
        case Assign(name=name, e=e):
            env.variables[name] = evaluate(e, env)
            return env.variables[name]
        case Bin(op=op, a=a, b=b):
            x, y = evaluate(a, env), evaluate(b, env)
            if op in "/%" and y == 0:
                raise EvalError("division by zero")
            match op:
                case "+":
                    return x + y
                case "-":
                    return x - y
                case "*":
                    return x * y
                case "/":
                    return x // y
                case _:
                    return x % y
