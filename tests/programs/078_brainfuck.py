"""A Brainfuck interpreter with a bytearray tape, precomputed bracket jumps and a step budget.

Features: bytearray, dict, list, str-index, user-exception, try-except, fstring
"""


class BFError(Exception):
    pass


def brackets(code: str) -> dict[int, int]:
    jumps: dict[int, int] = {}
    stack: list[int] = []
    for i, c in enumerate(code):
        if c == "[":
            stack.append(i)
        elif c == "]":
            if not stack:
                raise BFError(f"unmatched ] at {i}")
            j = stack.pop()
            jumps[i], jumps[j] = j, i
    if stack:
        raise BFError(f"unmatched [ at {stack[-1]}")
    return jumps


def run(code: str, data: bytes = b"", budget: int = 200_000) -> str:
    jumps = brackets(code)
    tape = bytearray(64)
    ptr = pc = inp = steps = 0
    out: list[str] = []
    while pc < len(code):
        steps += 1
        if steps > budget:
            raise BFError("step budget exhausted")
        c = code[pc]
        if c == ">":
            ptr = (ptr + 1) % len(tape)
        elif c == "<":
            ptr = (ptr - 1) % len(tape)
        elif c == "+":
            tape[ptr] = (tape[ptr] + 1) & 0xFF
        elif c == "-":
            tape[ptr] = (tape[ptr] - 1) & 0xFF
        elif c == ".":
            out.append(chr(tape[ptr]))
        elif c == ",":
            tape[ptr] = data[inp] if inp < len(data) else 0
            inp += 1
        elif c == "[" and tape[ptr] == 0 or c == "]" and tape[ptr] != 0:
            pc = jumps[pc]
        pc += 1
    return "".join(out)


HELLO = ("++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++.------"
         ".--------.>>+.")
print(repr(run(HELLO)))
print(repr(run(",[.,]", b"echo!")))
print(repr(run(",[>+<-]>[<++>-]<" + "+" * 48 + ".", b"\x03")))
print(repr(run("-.")), repr(run("")), repr(run("+++[>++<-]>[-<+>]<" + "+" * 60 + ".")))
for bad in ["[[]", "]", "+[]"]:
    try:
        run(bad, budget=500)
    except BFError as e:
        print(f"{bad!r}: {e}")
