"""A calculator language split across a package: lexer, parser (AST classes) and evaluator,
running a script with variables, assignments and error reporting.

Features: packages, modules, union-isinstance, match, dict, list, user-exception, try-except
"""

from lang import CalcError, run_line
from lang.evaluator import Env

SCRIPT = """
x = 6
y = x * 7
y - 2 * (x + 1)
z = y / 0
w
total = x + y + 100
total % 7
-total
"""

env = Env()
for number, line in enumerate(SCRIPT.strip().splitlines(), 1):
    try:
        result = run_line(line, env)
        print(f"{number}: {line:<22} => {result}")
    except CalcError as e:
        print(f"{number}: {line:<22} !! {type(e).__name__}: {e}")
print("variables:", env.variables)
