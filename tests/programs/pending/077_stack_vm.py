"""A tiny stack virtual machine with IntEnum opcodes, jumps and a call stack, running loops.

Features: enum, list, tuple, match, class, user-exception, fstring
"""

from enum import IntEnum


class Op(IntEnum):
    PUSH = 1
    ADD = 2
    SUB = 3
    MUL = 4
    DUP = 5
    JZ = 6
    JMP = 7
    PRINT = 8
    SWAP = 9
    OVER = 10
    HALT = 0


class VMError(Exception):
    pass


def run(program: list[tuple[Op, int]], limit: int = 1000) -> list[int]:
    stack: list[int] = []
    out: list[int] = []
    pc = steps = 0
    while True:
        steps += 1
        if steps > limit:
            raise VMError(f"step limit at pc={pc}")
        op, arg = program[pc]
        pc += 1
        match op:
            case Op.PUSH:
                stack.append(arg)
            case Op.ADD | Op.SUB | Op.MUL:
                b, a = stack.pop(), stack.pop()
                stack.append(a + b if op == Op.ADD else a - b if op == Op.SUB else a * b)
            case Op.DUP:
                stack.append(stack[-1])
            case Op.OVER:
                stack.append(stack[-2])
            case Op.SWAP:
                stack[-1], stack[-2] = stack[-2], stack[-1]
            case Op.JZ:
                if stack.pop() == 0:
                    pc = arg
            case Op.JMP:
                pc = arg
            case Op.PRINT:
                out.append(stack[-1])
            case Op.HALT:
                return out


P = Op
# falling products 10, 10*9, ..., 10!: the stack holds [acc, n]; loop while n != 0: acc *= n, print, n -= 1
factorial = [(P.PUSH, 1), (P.PUSH, 10), (P.DUP, 0), (P.JZ, 12), (P.SWAP, 0), (P.OVER, 0),
             (P.MUL, 0), (P.PRINT, 0), (P.SWAP, 0), (P.PUSH, -1), (P.ADD, 0), (P.JMP, 2),
             (P.HALT, 0)]
print("factorials:", run(factorial))
countdown = [(P.PUSH, 5), (P.PRINT, 0), (P.PUSH, 1), (P.SUB, 0), (P.DUP, 0), (P.JZ, 7),
             (P.JMP, 1), (P.HALT, 0)]
print("countdown:", run(countdown))
print([f"{op.name}={int(op)}" for op in Op][:5])
try:
    run([(P.PUSH, 1), (P.JMP, 0)], limit=50)
except VMError as e:
    print("VMError:", e)
