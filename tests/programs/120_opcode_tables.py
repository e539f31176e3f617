"""A disassembler driven by module-level lookup tables (constants), decoding a byte program.

Features: module-constants, final, dict, bytes, bytes-hex, tuple, fstring, hex-bin-oct
"""

from typing import Final

OPCODES: Final[dict[int, tuple[str, int]]] = {
    0x00: ("nop", 0), 0x01: ("push8", 1), 0x02: ("push16", 2), 0x10: ("add", 0),
    0x11: ("sub", 0), 0x20: ("jmp", 2), 0x21: ("jz", 2), 0x30: ("print", 0), 0xFF: ("halt", 0),
}
REGISTERS = ("r0", "r1", "sp", "pc")
WORD: Final = 2
PROGRAM = bytes.fromhex("01 05 02 01 00 10 30 21 00 0c 20 00 00 ff 7e")


def disassemble(code: bytes) -> list[str]:
    out: list[str] = []
    pc = 0
    while pc < len(code):
        op = code[pc]
        name, nargs = OPCODES.get(op, ("?db", 0))
        raw = code[pc:pc + 1 + nargs]
        arg = int.from_bytes(code[pc + 1:pc + 1 + nargs], "big") if nargs else None
        text = name if arg is None else f"{name} {arg:#0{2 + 2 * nargs}x}"
        out.append(f"{pc:04x}: {raw.hex(' '):<9} {text}")
        pc += 1 + nargs
    return out


print("\n".join(disassemble(PROGRAM)))
print(len(OPCODES), sorted(name for name, _ in OPCODES.values())[:4], REGISTERS[WORD])
sizes = {name: 1 + n for name, n in OPCODES.values()}
print(sizes["push16"], max(sizes.values()), sum(1 for n in sizes.values() if n == 1))
print(bin(PROGRAM[0]), oct(PROGRAM[-2]), hex(len(PROGRAM)))
