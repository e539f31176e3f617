"""A reverse-Polish calculator; the last expression divides by zero and is not caught (exit 1).

Features: uncaught, builtin-exception, list, str-methods, dict, callable, lambda, try-except
"""

from collections.abc import Callable


def ipow(base: int, exp: int) -> int:
    result = 1
    for _ in range(exp):
        result *= base
    return result

BINARY: dict[str, Callable[[int, int], int]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a // b,
    "%": lambda a, b: a % b,
    "^": lambda a, b: ipow(a, b),
}


def evaluate(expr: str) -> int:
    stack: list[int] = []
    for tok in expr.split():
        if tok in BINARY:
            if len(stack) < 2:
                raise ValueError(f"stack underflow at {tok!r}")
            b = stack.pop()
            a = stack.pop()
            stack.append(BINARY[tok](a, b))
        elif tok == "dup":
            stack.append(stack[-1])
        elif tok == "swap":
            stack[-1], stack[-2] = stack[-2], stack[-1]
        else:
            stack.append(int(tok))
    if len(stack) != 1:
        raise ValueError(f"{len(stack)} values left on the stack")
    return stack[0]


for expr in ["3 4 + 2 *", "5 1 2 + 4 * + 3 -", "2 10 ^ dup +", "7 2 swap -", "-7 2 /",
             "1 +", "1 2 3", "9 x *"]:
    try:
        print(f"{expr:<20} = {evaluate(expr)}")
    except ValueError as e:
        print(f"{expr:<20} ! {e}")

print(f"{'10 3 %':<20} = {evaluate('10 3 %')}")
print(evaluate("4 2 2 - /"))
print("never printed")
