"""Errors raised by each stage."""


class CalcError(Exception):
    pass


class SyntaxErr(CalcError):
    pass


class EvalError(CalcError):
    pass
