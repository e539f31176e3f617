"""A command interpreter driven by match: literal patterns, alternatives, sequences, guards.

Features: match, str-methods, list, dict, fstring
"""

stack: list[int] = []
variables: dict[str, int] = {}


def execute(line: str) -> str:
    match line.split():
        case []:
            return "(empty)"
        case ["push", value] if value.lstrip("-").isdigit():
            stack.append(int(value))
            return f"pushed {value}"
        case ["push", value]:
            return f"cannot push {value!r}"
        case ["pop"]:
            return f"popped {stack.pop()}" if stack else "stack empty"
        case ["add" | "mul" as op]:
            b, a = stack.pop(), stack.pop()
            stack.append(a + b if op == "add" else a * b)
            return f"{op} -> {stack[-1]}"
        case ["set", name, "=", value]:
            variables[name] = int(value)
            return f"{name} := {value}"
        case ["get", name]:
            return f"{name} = {variables.get(name, 0)}"
        case ["quit" | "exit"]:
            return "bye"
        case [cmd, *args]:
            return f"unknown {cmd} with {len(args)} args"
        case _:
            return "unparsable"


def status(code: int) -> str:
    match code:
        case 200:
            return "OK"
        case 301 | 302:
            return "redirect"
        case 404:
            return "not found"
        case n if 500 <= n < 600:
            return "server error"
        case _:
            return "other"


script = ["push 4", "push 5", "add", "push x", "push -3", "mul", "pop", "pop",
          "set a = 12", "get a", "get b", "", "frobnicate 1 2 3", "exit"]
for cmd in script:
    print(f"{cmd!r:20} {execute(cmd)}")
print([status(c) for c in (200, 302, 404, 503, 99)])
