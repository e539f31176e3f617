"""A tiny Lisp interpreter: tokenizer, reader building nested lists, and an evaluator with
lambdas as closures over environments.

Features: union-isinstance, isinstance, callable, closure, dict, list, user-exception, try-except, match
"""

from collections.abc import Callable
from typing import Union

Expr = Union[int, str, list["Expr"]]
Value = Union[int, Callable[[list[int]], int]]


class LispError(Exception):
    pass


def read(tokens: list[str]) -> Expr:
    tok = tokens.pop(0)
    if tok == "(":
        out: list[Expr] = []
        while tokens[0] != ")":
            out.append(read(tokens))
        tokens.pop(0)
        return out
    return int(tok) if tok.lstrip("-").isdigit() else tok


def evaluate(x: Expr, env: dict[str, Value]) -> Value:
    if isinstance(x, int):
        return x
    if isinstance(x, str):
        if x not in env:
            raise LispError(f"unbound symbol {x}")
        return env[x]
    match x:
        case ["if", test, then, other]:
            return evaluate(then if evaluate(test, env) != 0 else other, env)
        case ["define", str(name), body]:
            env[name] = evaluate(body, env)
            return 0
        case ["lambda", list(params), body]:
            names = [p for p in params if isinstance(p, str)]
            def call(args: list[int]) -> int:
                local = dict(env)
                local.update(zip(names, args))
                return as_int(evaluate(body, local))
            return call
        case [head, *rest]:
            f = evaluate(head, env)
            if isinstance(f, int):
                raise LispError(f"{f} is not a function")
            return f([as_int(evaluate(a, env)) for a in rest])
    raise LispError("empty expression")


def as_int(v: Value) -> int:
    if not isinstance(v, int):
        raise LispError("expected a number, got a function")
    return v


GLOBAL: dict[str, Value] = {
    "+": lambda a: sum(a), "*": lambda a: a[0] * a[1], "-": lambda a: a[0] - a[1],
    "<": lambda a: int(a[0] < a[1]), "=": lambda a: int(a[0] == a[1]),
}
program = [
    "(define sq (lambda (x) (* x x)))", "(sq 12)", "(+ 1 2 3 4 (sq 3))",
    "(define fact (lambda (n) (if (< n 2) 1 (* n (fact (- n 1))))))", "(fact 20)",
    "(define fib (lambda (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))", "(fib 15)",
    "(undefined 1)", "(1 2)", "(if (= 1 1) 10 20)",
]
for src in program:
    try:
        result = evaluate(read(src.replace("(", " ( ").replace(")", " ) ").split()), GLOBAL)
        print(f"{src[:42]:<44} => {result if isinstance(result, int) else '<fn>'}")
    except LispError as e:
        print(f"{src[:42]:<44} !! {e}")
