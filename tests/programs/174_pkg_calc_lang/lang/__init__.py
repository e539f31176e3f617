"""A tiny calculator language."""

from .errors import CalcError
from .evaluator import Env, evaluate
from .lexer import tokenize
from .parser import parse


def run_line(line: str, env: Env) -> int:
    return evaluate(parse(tokenize(line)), env)


__all__ = ["CalcError", "run_line"]
